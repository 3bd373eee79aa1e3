// The client side's IMAP reader: server bytes in, ReaderEvents out (types.ts).
//
// Framing only lives here: cut the stream into lines, notice a literal announcement
// `{N}CRLF` at a line end and take N body bytes, and hand each whole response to
// response-parser.ts. Literals up to `maxBufferedLiteral` are kept; bigger ones are streamed
// as literal-start / literal-chunk / literal-end so memory stays bounded, and only their
// first `literalHead` bytes reach the parsed ImapLiteral (complete: false).
//
// Zero-copy where it can: a response that lies inside one pushed chunk is parsed in place,
// and `raw` / literal data are views of the pushed chunks. Do not reuse a chunk's memory
// after pushing it (Node's sockets never do).

import { asBuffer } from './bytes.js';
import { IMAP_LIMITS } from './limits.js';
import { literalAnnouncementAt, MAX_ANNOUNCEMENT_BYTES } from './literal-announcement.js';
import { parseResponse, quickDataResponse } from './response-parser.js';
import { ValueTape } from './value-scanner.js';
import { CR, LF } from './syntax.js';
import type { LiteralFrame } from './tokenizer.js';
import type { ImapResponse, ReaderEvent } from './types.js';

export interface ImapResponseReaderOptions {
  /** Literals up to this many bytes are buffered whole; default 1 MiB. */
  maxBufferedLiteral?: number;
  /** Bytes kept in ImapLiteral.data of a streamed literal; default 4096. */
  literalHead?: number;
  /** Longest response line (literal bodies excluded); default 1 MiB. */
  maxLineLength?: number;
  /** All buffered literal bodies of one response; default 16 MiB. */
  maxBufferedResponse?: number;
  /**
   * Keep the value scanner's entries of each data response whose values are built lazily, for
   * the pretty printer (render-wire.ts), which would otherwise scan the bytes again: a tenth
   * more of the scan's time here, a sixth less of the printer's. Default false.
   */
  keepTapes?: boolean;
}

const enum Mode { Line, Literal, Discard }

/**
 * A push's kept tape starts at this many Int32s per chunk byte (a FETCH of FLAGS makes 0.37,
 * of ENVELOPEs 0.46), at least KEPT_TAPE_MIN, and doubles if short: grown from small, its
 * copies and fresh zeroed memory cost the reader a third of its speed (measured).
 */
const KEPT_TAPE_PER_BYTE = 0.5;
const KEPT_TAPE_MIN = 3 * 256;

/** A streamed literal's kept head: cut out of `raw` again when the response completes. */
interface HeadRange { at: number; length: number }

export class ImapResponseReader {
  private readonly maxBufferedLiteral: number;
  private readonly literalHead: number;
  private readonly maxLineLength: number;
  private readonly maxBufferedResponse: number;

  private mode = Mode.Line;
  /** Bytes of the current response from earlier chunks (or flushed from this one). */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Start, in the current chunk, of response bytes not yet moved to `parts`. */
  private chunkStart = 0;
  /** Response offset where the current line begins. */
  private lineStart = 0;
  private literals: LiteralFrame[] = [];
  private heads: HeadRange[] = [];
  private bufferedLiteralBytes = 0;
  // current literal
  private remaining = 0;
  private head: Buffer | undefined;
  private headFill = 0;

  constructor(opts: ImapResponseReaderOptions = {}) {
    this.maxBufferedLiteral = opts.maxBufferedLiteral ?? IMAP_LIMITS.maxBufferedLiteral;
    this.literalHead = opts.literalHead ?? IMAP_LIMITS.literalHead;
    this.maxLineLength = opts.maxLineLength ?? IMAP_LIMITS.maxLineLength;
    this.maxBufferedResponse = opts.maxBufferedResponse ?? IMAP_LIMITS.maxBufferedResponse;
    this.keepTapes = opts.keepTapes === true;
  }

  private readonly keepTapes: boolean;
  /** This push's kept tapes (keepTapes): a new one each push that ends a response, so responses of earlier pushes keep theirs. */
  private tape: ValueTape | undefined;

  /**
   * Reads a chunk. With `stopAfter`, reading stops after the first response it accepts and the
   * rest of the chunk stays unread (takeUnread): the tagged OK of STARTTLS or COMPRESS, after
   * which the bytes belong to another layer (RFC 9051 6.2.1, RFC 4978 3).
   */
  push(chunk: Uint8Array, stopAfter?: (response: ImapResponse) => boolean): ReaderEvent[] {
    const c = asBuffer(chunk);
    const events: ReaderEvent[] = [];
    this.chunkStart = 0;
    this.tape = undefined;
    let pos = 0;
    while (pos < c.length) {
      if (this.mode === Mode.Literal) {
        pos = this.feedLiteral(c, pos, events);
      } else if (this.mode === Mode.Discard) {
        const lf = c.indexOf(LF, pos);
        pos = lf < 0 ? c.length : lf + 1;
        if (lf >= 0) this.mode = Mode.Line;
        this.chunkStart = pos;
      } else {
        const lf = c.indexOf(LF, pos);
        if (lf < 0) {
          pos = c.length;
          if (this.offset(pos) - this.lineStart > this.maxLineLength) this.lineTooLong(c, pos, events, Mode.Discard);
        } else {
          pos = lf + 1;
          const seen = events.length;
          this.lineEnded(c, pos, events);
          if (stopAfter && events.length > seen && stops(events[events.length - 1], stopAfter)) {
            this.unread = c.subarray(pos);
            this.chunkStart = 0;
            return events;
          }
        }
      }
    }
    if (this.chunkStart < c.length && this.mode !== Mode.Discard) {
      this.parts.push(c.subarray(this.chunkStart));
      this.partsLength += c.length - this.chunkStart;
    }
    this.chunkStart = 0;
    return events;
  }

  /** Bytes after the response that stopped the last push (empty if none); cleared on reading. */
  takeUnread(): Uint8Array {
    const rest = this.unread;
    this.unread = EMPTY;
    return rest;
  }

  private unread: Uint8Array = EMPTY;

  /** The connection closed: anything pending is reported as malformed. */
  end(): ReaderEvent[] {
    const pending = this.partsLength > 0 || this.mode === Mode.Literal;
    const events: ReaderEvent[] = [];
    if (pending) {
      const raw = Buffer.concat(this.parts);
      const reason = this.mode === Mode.Literal ? 'connection ended inside a literal' : 'connection ended inside a line';
      if (this.head) events.push({ kind: 'literal-end' });
      events.push({ kind: 'malformed', raw, offset: raw.length, reason });
    }
    this.reset();
    this.mode = Mode.Line;
    return events;
  }

  /** Response offset of chunk position `pos` (all of chunk[chunkStart, pos) is kept). */
  private offset(pos: number): number {
    return this.partsLength + pos - this.chunkStart;
  }

  private reset(): void {
    // Most responses have no parts kept from an earlier chunk, no literal and no streamed
    // head: their arrays are still empty and are kept, not made again for every response.
    if (this.parts.length > 0) this.parts = [];
    this.partsLength = 0;
    this.lineStart = 0;
    // A response that had literals holds its array (lazy-response.ts): never refilled.
    if (this.literals.length > 0) this.literals = [];
    if (this.heads.length > 0) this.heads = [];
    this.bufferedLiteralBytes = 0;
    this.head = undefined;
  }

  /** chunk[chunkStart, pos) joins `parts`; returns the response so far as one buffer. */
  private collect(c: Buffer, pos: number): Buffer {
    if (this.parts.length === 0) return c.subarray(this.chunkStart, pos);
    if (pos > this.chunkStart) this.parts.push(c.subarray(this.chunkStart, pos));
    const all = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.chunkStart = pos;
    return all;
  }

  private lineEnded(c: Buffer, pos: number, events: ReaderEvent[]): void {
    const lineEnd = this.offset(pos);
    if (lineEnd - this.lineStart > this.maxLineLength) {
      this.lineTooLong(c, pos, events, Mode.Line);
      return;
    }
    const announced = this.announcementAt(c, pos);
    if (announced === undefined) {
      this.responseEnded(c, pos, events);
      return;
    }
    const size = announced.size;
    const stream = size > this.maxBufferedLiteral || this.bufferedLiteralBytes + size > this.maxBufferedResponse;
    if (stream) {
      const prefix = this.collect(c, pos);
      this.parts = [prefix];
      this.partsLength = prefix.length;
      this.chunkStart = pos;
      events.push({ kind: 'literal-start', size, prefix });
      this.head = Buffer.allocUnsafe(Math.min(size, this.literalHead));
      this.headFill = 0;
      this.heads.push({ at: lineEnd, length: this.head.length });
      this.literals.push({ bodyStart: lineEnd, size, stored: this.head.length });
    } else {
      this.bufferedLiteralBytes += size;
      this.literals.push({ bodyStart: lineEnd, size, stored: size });
    }
    this.remaining = size;
    this.mode = Mode.Literal;
    if (size === 0) this.literalEnded(pos, events);
  }

  /** The announcement ending the line that ends at chunk position `pos`, if any. */
  private announcementAt(c: Buffer, pos: number) {
    const lineStartInChunk = this.lineStart - this.partsLength + this.chunkStart;
    if (lineStartInChunk >= this.chunkStart || pos - this.chunkStart >= MAX_ANNOUNCEMENT_BYTES) {
      return literalAnnouncementAt(c, Math.max(this.chunkStart, lineStartInChunk, pos - MAX_ANNOUNCEMENT_BYTES), pos);
    }
    // The line's tail straddles chunks: join just its last bytes.
    const tail = this.lineTail(c, pos, Math.min(MAX_ANNOUNCEMENT_BYTES, this.offset(pos) - this.lineStart));
    return literalAnnouncementAt(tail, 0, tail.length);
  }

  private lineTail(c: Buffer, pos: number, n: number): Buffer {
    const pieces: Buffer[] = [c.subarray(this.chunkStart, pos)];
    let have = pos - this.chunkStart;
    for (let i = this.parts.length - 1; i >= 0 && have < n; i--) {
      pieces.unshift(this.parts[i]);
      have += this.parts[i].length;
    }
    const joined = Buffer.concat(pieces);
    return joined.subarray(joined.length - n);
  }

  private feedLiteral(c: Buffer, pos: number, events: ReaderEvent[]): number {
    const n = Math.min(this.remaining, c.length - pos);
    const end = pos + n;
    if (this.head) {
      if (this.headFill < this.head.length) {
        this.headFill += c.copy(this.head, this.headFill, pos, Math.min(end, pos + this.head.length - this.headFill));
      }
      // The chunk itself when the body takes all of it (a view costs as much as parsing a line).
      events.push({ kind: 'literal-chunk', data: pos === 0 && end === c.length ? c : c.subarray(pos, end) });
      this.chunkStart = end;
    }
    this.remaining -= n;
    if (this.remaining === 0) this.literalEnded(end, events);
    return end;
  }

  private literalEnded(pos: number, events: ReaderEvent[]): void {
    if (this.head) {
      events.push({ kind: 'literal-end' });
      this.parts.push(this.head);
      this.partsLength += this.head.length;
      this.chunkStart = pos;
      this.head = undefined;
    }
    this.mode = Mode.Line;
    this.lineStart = this.offset(pos);
  }

  private responseEnded(c: Buffer, pos: number, events: ReaderEvent[]): void {
    const buf = this.collect(c, pos);
    let end = buf.length - 1; // LF
    if (end > 0 && buf[end - 1] === CR) end--;
    const literals = this.literals.length === 0 ? NO_LITERALS : this.literals;
    const raw = this.heads.length === 0 ? buf : withoutHeads(buf, this.heads);
    const quick = quickDataResponse(buf, 0, end, literals, this.keepTapes ? (this.tape ??= new ValueTape(Math.max(KEPT_TAPE_MIN, Math.ceil(c.length * KEPT_TAPE_PER_BYTE)))) : undefined);
    const result = quick === undefined ? parseResponse(buf, 0, end, literals) : undefined;
    if (result === undefined) events.push({ kind: 'response', response: quick!, raw });
    else if (result.ok) events.push({ kind: 'response', response: result.response, raw });
    else events.push({ kind: 'malformed', raw, offset: rawOffset(result.offset, this.heads), reason: result.reason });
    this.reset();
    this.chunkStart = pos;
  }

  private lineTooLong(c: Buffer, pos: number, events: ReaderEvent[], next: Mode): void {
    const kept = this.collect(c, pos);
    // At least maxLineLength + 1 bytes are here, so the kept head is the same however the bytes arrived.
    const keep = Math.min(IMAP_LIMITS.malformedRawHead, this.maxLineLength);
    const head = Buffer.from(kept.subarray(this.lineStart, this.lineStart + keep));
    events.push({
      kind: 'malformed',
      raw: head,
      offset: this.maxLineLength,
      reason: `line longer than ${this.maxLineLength} bytes`,
    });
    this.reset();
    this.mode = next;
    this.chunkStart = pos;
  }
}

const EMPTY = new Uint8Array(0);
/** The frames of a response without literals: shared, as the reader's own array is refilled (reset). */
const NO_LITERALS: readonly LiteralFrame[] = Object.freeze([]);

function stops(ev: ReaderEvent, stopAfter: (response: ImapResponse) => boolean): boolean {
  return ev.kind === 'response' && stopAfter(ev.response);
}

/** The response bytes without the kept heads of streamed literals (their bodies were streamed). */
function withoutHeads(buf: Buffer, heads: readonly HeadRange[]): Buffer {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const h of heads) {
    pieces.push(buf.subarray(from, h.at));
    from = h.at + h.length;
  }
  pieces.push(buf.subarray(from));
  return Buffer.concat(pieces);
}

function rawOffset(offset: number, heads: readonly HeadRange[]): number {
  let o = offset;
  for (const h of heads) if (h.at + h.length <= offset) o -= h.length;
  return o;
}
