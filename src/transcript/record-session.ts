// --record FILE and :record: the transport's bytes into a transcript file as they pass.
// The protocol is told from the first server bytes (the greeting), so recording can start
// before the protocol is known.
import type { Transport } from '../client/transport.js';
import { openFileSink, TranscriptRecorder } from './recorder.js';
import { packageVersion } from '../version.js';
import type { Protocol } from '../protocol/name.js';
import { EXISTS_KEY, MAILBOX_KEY, START_BEFORE_LOGIN, START_KEY, START_MID_SESSION, STATE_KEY, UIDVALIDITY_KEY } from './mid-session.js';

export interface Recording {
  stop(): void;
}

export function startRecording(
  path: string,
  transport: Transport,
  opts: {
    keepSecrets: boolean; target: string; encrypted(): boolean;
    /**
     * The connection is upgraded with STARTTLS/STLS as it opens (--starttls): the header,
     * written at the greeting, before the upgrade, says `tls: starttls`, not `no`.
     */
    startTls?: boolean;
    /** Given by `:record` on a session under way: the recording starts mid-session, without the greeting. */
    protocol?: Protocol;
    /** The session's state then, and its selected mailbox: written in the header, read by replay. */
    state?: 'not authenticated' | 'authenticated' | 'selected';
    mailbox?: string;
    /** The selected mailbox's message count and UIDVALIDITY then, when the server told them. */
    exists?: number;
    uidValidity?: number;
    failed?(message: string): void;
  },
): Recording {
  // A failed write ends the recording, not the session: told once, after the write returns.
  const sink = openFileSink(path, (message) => queueMicrotask(() => {
    recording.stop();
    opts.failed?.(message);
  }));
  let recorder: TranscriptRecorder | undefined;
  const early: Array<['client' | 'server', Uint8Array]> = [];
  const ensure = (firstServerBytes?: Uint8Array): TranscriptRecorder | undefined => {
    if (recorder || (!firstServerBytes && !opts.protocol)) return recorder;
    const protocol = opts.protocol ?? (/^[+-]/.test(Buffer.from(firstServerBytes!.subarray(0, 1)).toString('latin1')) ? 'pop3' : 'imap');
    recorder = new TranscriptRecorder(
      sink,
      { server: opts.target, tls: tlsHeader(opts), date: new Date().toISOString(), mailscope: packageVersion(), ...midSession(opts) },
      { protocol, keepSecrets: opts.keepSecrets },
    );
    for (const [side, bytes] of early.splice(0)) recorder[side](bytes);
    return recorder;
  };
  const untap = transport.addTap({
    client(bytes) {
      const r = ensure();
      if (r) r.client(bytes);
      else early.push(['client', bytes]);
    },
    server(bytes) {
      ensure(bytes)!.server(bytes);
    },
    event(name, value) {
      if (name === 'close') closeWritten = true;
      ensure()?.event(name, value);
    },
  });
  let stopped = false;
  let closeWritten = false;
  const recording: Recording = {
    stop() {
      if (stopped) return;
      stopped = true;
      untap();
      // A mid-session recording stopped before anything passed still gets its header: a file
      // that says what it is, not an empty one.
      ensure();
      // `= close server|client` when the connection ended or is ending (a session's end);
      // `:record stop` on a connection still open ends the file without one (serve would
      // take it for the server hanging up).
      const by = transport.closedBy;
      if (!closeWritten && by !== undefined) recorder?.event('close', by);
      recorder?.close();
      sink.close();
    },
  };
  return recording;
}

/** Header keys of a recording begun on a session under way (transcripts/README.md). */
function midSession(opts: { protocol?: Protocol; state?: string; mailbox?: string; exists?: number; uidValidity?: number }): Record<string, string> {
  if (opts.protocol === undefined) return {};
  const keys: Record<string, string> = { [START_KEY]: opts.state === 'not authenticated' ? START_BEFORE_LOGIN : START_MID_SESSION };
  if (opts.state !== undefined) keys[STATE_KEY] = opts.state;
  if (opts.mailbox !== undefined) keys[MAILBOX_KEY] = opts.mailbox;
  if (opts.exists !== undefined) keys[EXISTS_KEY] = String(opts.exists);
  if (opts.uidValidity !== undefined) keys[UIDVALIDITY_KEY] = String(opts.uidValidity);
  return keys;
}

/**
 * The header's `tls` (transcripts/README.md): `yes` for TLS from the start, `starttls` for a
 * connection upgraded as it opened (the `= starttls` event marks where), else `no`.
 */
function tlsHeader(opts: { encrypted(): boolean; startTls?: boolean }): string {
  if (opts.encrypted()) return 'yes';
  return opts.startTls === true ? 'starttls' : 'no';
}
