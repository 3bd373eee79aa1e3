// `mailscope serve FILE [--port N] [--host H] [--strict]`: a fake server that plays a
// transcript's server side to each client that connects, until Ctrl-C. The file is read
// through once at the start (a syntax error is said before listening), then again by each
// connection as it is played, never held whole. After the banner, one line per event on
// stdout (where the banner is: they are serve's output; stderr is for its errors).

import { MailscopeError } from '../errors.js';
import { demoSecureContext } from '../demo/server.js';
import { openTranscriptSource, type TranscriptSource } from '../transcript/read-file.js';
import type { Protocol } from '../transcript/exchange.js';
import { startTranscriptServer, type ServeEvent } from '../transcript/serve.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';

export interface ServeCliOptions {
  port?: string;
  host?: string;
  strict?: boolean;
}

/** The port without --port: unprivileged, like the demo server's, after 143 and 110 (RFC 3501 2.1, RFC 1939 3). */
export const DEFAULT_SERVE_PORT: Record<Protocol, number> = { imap: 1143, pop3: 1110 };

function portNumber(text: string | undefined, protocol: Protocol): number {
  if (text === undefined) return DEFAULT_SERVE_PORT[protocol];
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new MailscopeError('BAD_ARGUMENT', `--port takes a port number from 0 to 65535, not "${text}"`);
  return n;
}

/** One line for each thing that happens: the client, then what (secrets come masked, serve.ts). */
function eventLine(event: ServeEvent): string {
  switch (event.kind) {
    case 'connected':
      return `${event.client} connected`;
    case 'mismatch':
      return event.expected === undefined
        ? `${event.client} mismatch: the recording has no more commands, got "${event.received}"`
        : `${event.client} mismatch: expected "${event.expected}", got "${event.received}"`;
    case 'stood-in':
      return `${event.client} ${event.command} answered by serve itself (the recording does not hold it here)`;
    case 'recording-ended':
      return `${event.client} end of the recording: all of it was played`;
    case 'disconnected':
      return `${event.client} disconnected (${event.by === 'serve' ? 'serve closed the connection' : 'the client closed the connection'})`;
  }
}

export async function runServe(file: string, opts: ServeCliOptions, io: CliIO): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const signal = io.signal ?? controller.signal;
  if (!io.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  let source: TranscriptSource | undefined;
  try {
    source = openTranscriptSource(file);
    for (const _ of source.entries()) { /* the first pass: checks the whole file */ }
    const host = opts.host ?? '127.0.0.1';
    // A recorded `= starttls` is played with the demo certificate (self-signed: clients need --insecure).
    const server = await startTranscriptServer(source, {
      port: portNumber(opts.port, source.protocol),
      host,
      strict: opts.strict === true,
      secureContext: demoSecureContext(),
      log: (event) => io.stdout.write(`${eventLine(event)}\n`),
    });
    const shown = host.includes(':') ? `[${host}]` : host;
    io.stdout.write(`Serving ${file} (${source.protocol.toUpperCase()}) on ${shown}:${server.port}${opts.strict ? ', --strict' : ''}. Ctrl-C stops.\n`);
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    source?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
