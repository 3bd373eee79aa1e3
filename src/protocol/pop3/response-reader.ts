// The client side's POP3 reader (RFC 1939 section 3): server bytes in, Pop3Events out.
//
// POP3 responses do not say whether a body follows: the client knows from the command it
// sent. So the caller announces, in order, one expectation per command (`expect(multiline)`)
// and the reader matches each status line to the oldest one. A multi-line +OK is followed by
// lines ending with "." alone; a line starting with "." is dot-stuffed (the dot is removed).
// -ERR never has a body (RFC 1939 section 3).
//
// Bodies up to maxBufferedBody are split into lines (views of the pushed chunks, no copy);
// past it the rest is passed on as `body-chunk` views, found by searching for "\n." only,
// so a large RETR costs one indexOf per dot-stuffed line rather than per line.

import { POP3_LIMITS } from './limits.js';
import type { Pop3Event } from './types.js';

type Pop3Response = Extract<Pop3Event, { kind: 'response' }>;

export interface Pop3ResponseReaderOptions {
  /** Body bytes kept in `lines`; default 1 MiB, then the body is streamed. */
  maxBufferedBody?: number;
  /** Longest status line; default 64 KiB. */
  maxLineLength?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const LF_DOT = Buffer.from('\n.');

const EMPTY = new Uint8Array(0);

const enum Mode { Status, Body, Stream, Discard }

/** +OK / -ERR [CODE] text (RFC 1939 section 3, RFC 2449 section 8 extended response codes). */
const STATUS_LINE = /^([+-])(OK|ERR)(?: (?:\[([^\]\s]+)\] ?)?(.*))?$/is;
/** "+" SP [base64] (RFC 5034 section 4), a SASL challenge. */
const CONTINUATION = /^\+(?: (.*))?$/s;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function contentEnd(b: Uint8Array, start: number, lf: number): number {
  return lf > start && b[lf - 1] === CR ? lf - 1 : lf;
}

export class Pop3ResponseReader {
  private readonly maxBufferedBody: number;
  private readonly maxLineLength: number;
  private readonly expectations: boolean[] = [];
  private mode = Mode.Status;
  /** Bytes of an unfinished line (or of an undecided "." at a line start) from the last chunk. */
  private carry: Buffer | undefined;
  // the multi-line response being read
  private status: { ok: boolean; code?: string; text: string } | undefined;
  private lines: Uint8Array[] = [];
  private rawParts: Buffer[] = [];
  private buffered = 0;
  private atLineStart = true;

  constructor(opts: Pop3ResponseReaderOptions = {}) {
    this.maxBufferedBody = opts.maxBufferedBody ?? POP3_LIMITS.maxBufferedBody;
    this.maxLineLength = opts.maxLineLength ?? POP3_LIMITS.maxLineLength;
  }

  /** Bytes after the response that stopped the last push (empty if none); cleared on reading. */
  takeUnread(): Uint8Array {
    const rest = this.unread;
    this.unread = EMPTY;
    return rest;
  }

  private unread: Uint8Array = EMPTY;

  /** The greeting is a single-line response; call before pushing the first bytes. */
  expectGreeting(): void {
    this.expectations.push(false);
  }

  /** One call per command sent, in order: does its +OK carry a multi-line body? */
  expect(multiline: boolean): void {
    this.expectations.push(multiline);
  }

  /**
   * Reads a chunk. With `stopAfter`, called with each complete response, reading stops after
   * the first one it accepts and the rest stays unread (takeUnread): STLS's +OK, after which the bytes are TLS (RFC 2595 4).
   */
  push(chunk: Uint8Array, stopAfter?: (response: Pop3Response) => boolean): Pop3Event[] {
    let c = asBuffer(chunk);
    if (this.carry) {
      c = Buffer.concat([this.carry, c]);
      this.carry = undefined;
    }
    const events: Pop3Event[] = [];
    let pos = 0;
    while (pos < c.length) {
      const seen = events.length;
      if (this.mode === Mode.Status) pos = this.readStatusLine(c, pos, events);
      else if (this.mode === Mode.Body) pos = this.readBodyLines(c, pos, events);
      else if (this.mode === Mode.Stream) pos = this.streamBody(c, pos, events);
      else {
        const lf = c.indexOf(LF, pos);
        pos = lf < 0 ? c.length : lf + 1;
        if (lf >= 0) this.mode = Mode.Status;
      }
      const last = events[events.length - 1];
      if (stopAfter && events.length > seen && last.kind === 'response' && this.mode === Mode.Status && stopAfter(last)) {
        this.unread = c.subarray(pos);
        return events;
      }
    }
    return events;
  }

  private readStatusLine(c: Buffer, pos: number, events: Pop3Event[]): number {
    const lf = c.indexOf(LF, pos);
    if (lf < 0) {
      if (c.length - pos > this.maxLineLength) {
        events.push({ kind: 'malformed', raw: Buffer.from(c.subarray(pos, pos + 1024)), reason: `line longer than ${this.maxLineLength} bytes` });
        this.mode = Mode.Discard;
      } else {
        this.carry = Buffer.from(c.subarray(pos));
      }
      return c.length;
    }
    const raw = c.subarray(pos, lf + 1);
    const text = raw.toString('utf8', 0, contentEnd(c, pos, lf) - pos);
    const status = STATUS_LINE.exec(text);
    if (status) {
      const ok = status[1] === '+' && status[2].toUpperCase() === 'OK';
      const sign = status[1] === '+' ? 'OK' : 'ERR';
      if (status[2].toUpperCase() !== sign) {
        events.push({ kind: 'malformed', raw, reason: 'status must be "+OK" or "-ERR"' });
        return lf + 1;
      }
      const code = status[3];
      const body = { ok, text: status[4] ?? '', ...(code ? { code } : {}) };
      const multiline = this.expectations.shift() ?? false;
      if (multiline && ok) {
        this.status = body;
        this.rawParts = [raw];
        this.lines = [];
        this.buffered = 0;
        this.mode = Mode.Body;
      } else {
        events.push({ kind: 'response', ...body, raw });
      }
      return lf + 1;
    }
    const challenge = CONTINUATION.exec(text);
    if (challenge) events.push({ kind: 'continuation', text: challenge[1] ?? '', raw });
    else events.push({ kind: 'malformed', raw, reason: 'a POP3 response starts with "+OK" or "-ERR"' });
    return lf + 1;
  }

  /**
   * Body lines while they fit in maxBufferedBody: each a view, unstuffed, without CRLF. The
   * first line that does not fit (whole, or as much of it as has arrived) starts streaming,
   * so the choice does not depend on how the bytes were cut into chunks.
   */
  private readBodyLines(c: Buffer, pos: number, events: Pop3Event[]): number {
    while (pos < c.length) {
      const lf = c.indexOf(LF, pos);
      const end = lf < 0 ? -1 : contentEnd(c, pos, lf);
      const maybeLast = c[pos] === DOT && (lf < 0 ? c.length - pos <= 2 : end === pos + 1);
      const available = (lf < 0 ? c.length : lf + 1) - pos;
      if (!maybeLast && this.buffered + available > this.maxBufferedBody) return this.startStreaming(pos);
      if (lf < 0) {
        this.carry = Buffer.from(c.subarray(pos));
        return c.length;
      }
      const line = c.subarray(pos, lf + 1);
      this.rawParts.push(line);
      if (maybeLast) return this.bodyEnded(lf + 1, events);
      this.lines.push(c[pos] === DOT ? c.subarray(pos + 1, end) : c.subarray(pos, end));
      this.buffered += line.length;
      pos = lf + 1;
    }
    return pos;
  }

  private startStreaming(pos: number): number {
    this.mode = Mode.Stream;
    this.atLineStart = true;
    return pos;
  }

  /** Body past maxBufferedBody: pass views on, cutting only at "\n." (stuffing or the end). */
  private streamBody(c: Buffer, pos: number, events: Pop3Event[]): number {
    while (pos < c.length) {
      if (this.atLineStart && c[pos] === DOT) {
        if (pos + 1 >= c.length || (c[pos + 1] === CR && pos + 2 >= c.length)) {
          this.carry = Buffer.from(c.subarray(pos)); // undecided: stuffing or the end line
          return c.length;
        }
        if (c[pos + 1] === LF) return this.bodyEnded(pos + 2, events);
        if (c[pos + 1] === CR && c[pos + 2] === LF) return this.bodyEnded(pos + 3, events);
        pos++; // a stuffed dot
      }
      const next = c.indexOf(LF_DOT, pos);
      const end = next < 0 ? c.length : next + 1;
      if (end > pos) events.push({ kind: 'body-chunk', data: c.subarray(pos, end) });
      this.atLineStart = next >= 0 || c[end - 1] === LF;
      pos = end;
    }
    return pos;
  }

  private bodyEnded(pos: number, events: Pop3Event[]): number {
    const status = this.status ?? { ok: true, text: '' };
    const truncated = this.mode === Mode.Stream;
    const raw = Buffer.concat(this.rawParts);
    events.push({ kind: 'response', ...status, lines: this.lines, ...(truncated ? { truncated: true } : {}), raw });
    this.status = undefined;
    this.lines = [];
    this.rawParts = [];
    this.mode = Mode.Status;
    return pos;
  }
}
