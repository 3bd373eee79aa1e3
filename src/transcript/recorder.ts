// Recording a live session into a transcript file as it happens. Chunks arrive split
// anywhere; the wire lines a chunk completes are written before the call returns, so a crash
// loses nothing that was received. They go out in one write per chunk, not one per line: a
// 200 MB literal is 2.7 million lines, and a write each made recording it take 17 s (65% of
// it in the write calls). Secrets are masked on the way in unless keepSecrets (--record-secrets).

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { errnoText, fileError } from '../errors.js';
import { EntryWriter, serializeHeader, type Entry } from './format.js';
import { createRedactor, type ImapRedactor, type Pop3Redactor } from './redact.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import type { Protocol } from '../protocol/name.js';

export interface TranscriptSink {
  write(s: string): void;
  flush?(): void;
}

export interface RecorderOptions {
  protocol: Protocol;
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
    this.batched(() => {
      for (const line of this.clientLines.push(bytes)) this.clientLine(line);
    });
  }

  server(bytes: Uint8Array): void {
    this.batched(() => {
      for (const line of this.serverLines.push(bytes)) this.serverLine(line);
    });
  }

  /** Text written while `f` runs goes to the sink in one write when it returns (or throws). */
  private batched(f: () => void): void {
    if (this.batch !== undefined) return f();
    this.batch = [];
    try {
      f();
    } finally {
      const text = this.batch.join('');
      this.batch = undefined;
      // Its lines were counted as they were written to the batch.
      if (text !== '') this.toSink(text);
    }
  }

  /** Text held for one write (see batched), or undefined when writes go straight out. */
  private batch: string[] | undefined;

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
    const redacted = this.redactor.server(line);
    if (this.opts.keepSecrets || !redacted.redacted) {
      this.write({ kind: 'server', bytes: line });
      return;
    }
    // No `= redacted` event: that one marks a client line whose secret replay must supply.
    this.write({ kind: 'server', bytes: redacted.bytes });
    this.redactions.push(`${redacted.redacted} (line ${this.lineNumber - 1})`);
  }

  private write(entry: Entry): void {
    if (this.closed) return;
    const text = this.writer.line(entry);
    if (this.batch === undefined) this.writeText(text);
    else {
      this.batch.push(text);
      this.countLines(text);
    }
  }

  private writeText(text: string): void {
    this.toSink(text);
    this.countLines(text);
  }

  private toSink(text: string): void {
    this.sink.write(text);
    this.sink.flush?.();
  }

  private countLines(text: string): void {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineNumber++;
  }
}

/**
 * A sink that writes each line synchronously to a file, so nothing is lost on a crash. A write
 * that fails (a full disk, a file system gone read-only) is reported once to `failed` with the
 * reason in words, and later writes are dropped: the session it records goes on.
 */
export function openFileSink(path: string, failed: (message: string) => void = () => {}): TranscriptSink & { close(): void } {
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
  } catch (e) {
    throw fileError('FILE_UNWRITABLE', `transcript ${path}`, e);
  }
  let broken = false;
  return {
    write: (s) => {
      if (broken) return;
      try {
        writeSync(fd, s);
      } catch (e) {
        broken = true;
        failed(`cannot write transcript ${path}: ${errnoText(e as NodeJS.ErrnoException)}; recording stopped, the session goes on`);
      }
    },
    flush: () => { /* writeSync already handed the bytes to the OS */ },
    close: () => {
      try { fsyncSync(fd); } catch { /* not every file system supports fsync; a failed one was reported */ }
      closeSync(fd);
    },
  };
}
