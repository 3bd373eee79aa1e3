// Recording a live session into a transcript file as it happens. Chunks arrive split
// anywhere; each wire line is written the moment its LF arrives, so a crash loses nothing
// that was received. Secrets are masked on the way in unless keepSecrets (--record-secrets).

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { errnoText, MailscopeError } from '../errors.js';
import { EntryWriter, serializeHeader, type Entry } from './format.js';
import { createRedactor, type ImapRedactor, type Pop3Redactor } from './redact.js';
import { LineSplitter } from '../protocol/line-splitter.js';

export interface TranscriptSink {
  write(s: string): void;
  flush?(): void;
}

export interface RecorderOptions {
  protocol: 'imap' | 'pop3';
  keepSecrets: boolean;
  /** Write `= +120ms` before a wire line that came at least `minMs` (default 100) after the one before. */
  timing?: { now(): number; minMs?: number };
}

export class TranscriptRecorder {
  private readonly clientLines = new LineSplitter();
  private readonly serverLines = new LineSplitter();
  private readonly redactor: ImapRedactor | Pop3Redactor;
  private readonly redactions: string[] = [];
  /** 1-based number of the next file line, for the redaction summary. */
  private lineNumber = 1;
  private closed = false;
  private readonly writer = new EntryWriter();
  private lastLineAt: number | undefined;

  constructor(
    private readonly sink: TranscriptSink,
    header: Record<string, string>,
    private readonly opts: RecorderOptions,
  ) {
    this.redactor = createRedactor(opts.protocol);
    const full = { protocol: opts.protocol, ...header, secrets: opts.keepSecrets ? 'recorded (--record-secrets)' : 'redacted' };
    this.writeText(serializeHeader(full));
  }

  client(bytes: Uint8Array): void {
    for (const line of this.clientLines.push(bytes)) this.clientLine(line);
  }

  server(bytes: Uint8Array): void {
    for (const line of this.serverLines.push(bytes)) this.serverLine(line);
  }

  event(name: string, value?: string): void {
    this.write(value === undefined ? { kind: 'event', name } : { kind: 'event', name, value });
  }

  narration(text: string): void {
    this.write({ kind: 'narration', text });
  }

  /** Writes lines cut off by the close (without CRLF) and the redaction summary. */
  close(): void {
    if (this.closed) return;
    const clientRest = this.clientLines.rest();
    if (clientRest) this.clientLine(clientRest);
    const serverRest = this.serverLines.rest();
    if (serverRest) this.serverLine(serverRest);
    for (const r of this.redactions) this.narration(`redacted: ${r}`);
    this.closed = true;
    this.sink.flush?.();
  }

  /** The time since the previous wire line, as a `= +Nms` event, when timing is on. */
  private stamp(): void {
    const timing = this.opts.timing;
    if (!timing) return;
    const now = timing.now();
    const elapsed = this.lastLineAt === undefined ? 0 : Math.round(now - this.lastLineAt);
    this.lastLineAt = now;
    if (elapsed >= (timing.minMs ?? 100)) this.write({ kind: 'event', name: 'time', value: `+${elapsed}ms` });
  }

  private clientLine(line: Uint8Array): void {
    this.stamp();
    const redacted = this.redactor.client(line);
    if (this.opts.keepSecrets || !redacted.redacted) {
      // Without a note the bytes may still be masked: later body lines of a secret literal.
      this.write({ kind: 'client', bytes: this.opts.keepSecrets ? line : redacted.bytes });
      return;
    }
    this.event('redacted', redacted.redacted);
    this.write({ kind: 'client', bytes: redacted.bytes });
    this.redactions.push(`${redacted.redacted} (line ${this.lineNumber - 1})`);
  }

  private serverLine(line: Uint8Array): void {
    this.stamp();
    this.redactor.server(line);
    this.write({ kind: 'server', bytes: line });
  }

  private write(entry: Entry): void {
    if (this.closed) return;
    this.writeText(this.writer.line(entry));
  }

  private writeText(text: string): void {
    this.sink.write(text);
    this.sink.flush?.();
    for (const ch of text) if (ch === '\n') this.lineNumber++;
  }
}

/** A sink that writes each line synchronously to a file, so nothing is lost on a crash. */
export function openFileSink(path: string): TranscriptSink & { close(): void } {
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
  } catch (e) {
    throw new MailscopeError('FILE_UNWRITABLE', `cannot write transcript ${path}: ${errnoText(e as NodeJS.ErrnoException)}`, { cause: e });
  }
  return {
    write: (s) => { writeSync(fd, s); },
    flush: () => { /* writeSync already handed the bytes to the OS */ },
    close: () => {
      try { fsyncSync(fd); } catch { /* not every file system supports fsync */ }
      closeSync(fd);
    },
  };
}
