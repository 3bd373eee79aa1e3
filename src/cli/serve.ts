// `mailscope serve FILE [--port N] [--host H] [--strict]`: a fake server that plays a
// transcript's server side to each client that connects, until Ctrl-C.

import { MailscopeError } from '../errors.js';
import { demoSecureContext } from '../demo/server.js';
import { transcriptProtocol } from '../transcript/exchange.js';
import { startTranscriptServer } from '../transcript/serve.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';
import { readTranscriptFile } from './replay.js';

export interface ServeCliOptions {
  port?: string;
  host?: string;
  strict?: boolean;
}

function portNumber(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new MailscopeError('BAD_ARGUMENT', `--port takes a port number from 0 to 65535, not "${text}"`);
  return n;
}

export async function runServe(file: string, opts: ServeCliOptions, io: CliIO): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const signal = io.signal ?? controller.signal;
  if (!io.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    const t = readTranscriptFile(file);
    const host = opts.host ?? '127.0.0.1';
    // A recorded `= starttls` is played with the demo certificate (self-signed: clients need --insecure).
    const server = await startTranscriptServer(t, { port: portNumber(opts.port), host, strict: opts.strict === true, secureContext: demoSecureContext() });
    const shown = host.includes(':') ? `[${host}]` : host;
    io.stdout.write(`Serving ${file} (${transcriptProtocol(t).toUpperCase()}) on ${shown}:${server.port}${opts.strict ? ', --strict' : ''}. Ctrl-C stops.\n`);
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
