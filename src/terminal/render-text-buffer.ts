// Display text written as bytes, decoded into one string at the end. Building a response's
// text with `+=` makes a tree of string pieces (a cons string) that V8 must walk and copy
// again when the text is joined or written out; plain loops storing bytes into one reused
// buffer, decoded once per response, cost less, and the string they give is flat.
//
// Encoding: UTF-8, so ASCII text (nearly all of it: tokens, colour codes) is one byte per
// character and decodes with Latin-1 (the cheapest decoder, exact for ASCII). A lone
// surrogate has no UTF-8 form (the reader never makes one, but renderImapResponse takes any
// ImapResponse): it is written in the generalised form (WTF-8) and such a buffer is decoded
// by hand, so the string comes back exactly as written.

import { displayByte } from './render-raw.js';

const latin1Slice = Buffer.prototype.latin1Slice as (this: Buffer, start: number, end: number) => string;
const utf8Slice = Buffer.prototype.utf8Slice as (this: Buffer, start: number, end: number) => string;

/** Flags of written text: what decode() must know. */
const NON_ASCII = 1; // a character above U+007F (the text is UTF-8, not ASCII)
const LONE_SURROGATE = 2; // a lone surrogate (the text is WTF-8: utf8Slice would replace it)

/** Text encoded once, for text written many times (a styled token, a colour code). */
export class Encoded {
  /** The bytes four at a time (little-endian), then the last `bytes.length % 4` one by one:
   * a copy takes a quarter of the stores (a DataView store is inlined; a builtin call is not). */
  readonly words: Uint32Array;

  constructor(
    readonly bytes: Uint8Array,
    readonly flags: number,
  ) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.words = new Uint32Array(bytes.length >> 2);
    for (let i = 0; i < this.words.length; i++) this.words[i] = view.getUint32(i * 4, true);
  }
}

const INITIAL_SIZE = 16 * 1024;
/** A buffer grown past this for one large response is dropped after it, not kept for good. */
const KEEP_SIZE = 1024 * 1024;
const SPACE = 0x20;

/** Display text being written: bytes [0, pos) of `buf`, which grows as needed. */
export class TextBuffer {
  buf: Buffer;
  /** The same memory, for four-byte stores. */
  private view: DataView;
  pos = 0;
  /** NON_ASCII, LONE_SURROGATE: what has been written. */
  flags = 0;

  constructor(size = INITIAL_SIZE) {
    this.buf = Buffer.allocUnsafeSlow(size);
    this.view = viewOf(this.buf);
  }

  reset(): void {
    if (this.buf.length > KEEP_SIZE) this.setBuffer(Buffer.allocUnsafeSlow(INITIAL_SIZE));
    this.pos = 0;
    this.flags = 0;
  }

  /**
   * Bytes [0, pos) in a buffer of their own, this one starting over empty with `size` bytes:
   * what is written out is handed over, not copied.
   */
  handOver(size: number): Buffer {
    const held = this.buf.subarray(0, this.pos);
    this.setBuffer(Buffer.allocUnsafeSlow(size));
    this.pos = 0;
    this.flags = 0;
    return held;
  }

  /**
   * Makes bytes [start, pos) UTF-8 for writing out: text holding a lone surrogate is encoded
   * again as a string write would encode it (U+FFFD), as bytesOf does.
   */
  wellFormedFrom(start: number): void {
    if ((this.flags & LONE_SURROGATE) === 0) return;
    const text = decodeWtf8(this.buf, start, this.pos);
    this.pos = start;
    this.flags &= ~LONE_SURROGATE;
    this.ensure(Buffer.byteLength(text, 'utf8'));
    this.pos += this.buf.write(text, start, 'utf8');
  }

  /** Appends bytes [start, end) of another buffer's text, with what they hold (its flags). */
  copyFrom(src: TextBuffer, start: number, end: number): void {
    this.bytes(src.buf, start, end);
    this.flags |= src.flags;
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.setBuffer(bigger);
  }

  private setBuffer(buf: Buffer): void {
    this.buf = buf;
    this.view = viewOf(buf);
  }

  /** Text encoded before, copied four bytes a store (see Encoded.words). */
  encoded(e: Encoded): void {
    this.ensure(e.bytes.length);
    this.put(e);
  }

  /**
   * Bytes [start, end) of `src` (ASCII, as bytes() takes them) between two encoded texts: a
   * token copied from the wire in its style's codes, with one check for room, not three.
   */
  wrapped(open: Encoded, src: Uint8Array, start: number, end: number, close: Encoded): void {
    this.ensure(open.bytes.length + (end - start) + close.bytes.length);
    this.put(open);
    const buf = this.buf;
    let p = this.pos;
    if (end - start <= 64) for (let i = start; i < end; i++) buf[p++] = src[i];
    else {
      buf.set(src.subarray(start, end), p);
      p += end - start;
    }
    this.pos = p;
    this.put(close);
  }

  /** Encoded text copied where there is room for it already. */
  private put(e: Encoded): void {
    const words = e.words;
    const view = this.view;
    let p = this.pos;
    for (let i = 0; i < words.length; i++, p += 4) view.setUint32(p, words[i], true);
    const src = e.bytes;
    const buf = this.buf;
    for (let i = words.length * 4; i < src.length; i++) buf[p++] = src[i];
    this.pos = p;
    this.flags |= e.flags;
  }

  /** Bytes [start, end) of `src`, as they are (the caller vouches they are ASCII). */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    if (n <= 64) for (let i = start; i < end; i++) buf[p++] = src[i];
    else {
      buf.set(src.subarray(start, end), p);
      p += n;
    }
    this.pos = p;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  spaces(n: number): void {
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = SPACE;
    this.pos = p;
  }

  text(s: string): void {
    // Three bytes per UTF-16 unit at most (a surrogate pair, two units, takes four).
    this.ensure(s.length * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) buf[p++] = c;
      else {
        this.pos = p;
        i = this.encodeNonAscii(s, i);
        p = this.pos;
      }
    }
    this.pos = p;
  }

  /**
   * `"value"` as the server sent it (RFC 3501 quoted): `"` and `\` escaped again with `\`,
   * and controls (C0 but tab, DEL, C1) shown as displayByte shows them (`\x1b`), as
   * escapeControls (render-imap.ts) does everywhere, so they cannot drive the terminal.
   * Returns the columns written.
   */
  quoted(value: string): number {
    this.ensure(value.length * 3 + 2);
    let buf = this.buf;
    let p = this.pos;
    let width = value.length + 2;
    buf[p++] = 0x22;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (c === 0x22 || c === 0x5c) {
          buf[p++] = 0x5c;
          width++;
        }
        buf[p++] = c;
      } else if (c === 0x09) buf[p++] = c;
      else {
        this.pos = p;
        if (c < 0xa0) {
          const shown = displayByte(c);
          this.text(shown);
          width += shown.length - 1;
          // Room for the rest, as at the start (the escapes took more than they had).
          this.ensure((value.length - i) * 3 + 1);
          buf = this.buf;
        } else i = this.encodeNonAscii(value, i);
        p = this.pos;
      }
    }
    buf[p++] = 0x22;
    this.pos = p;
    return width;
  }

  /** Writes the character (or surrogate pair) at `i` as UTF-8 / WTF-8; returns the index of its last unit. */
  private encodeNonAscii(s: string, i: number): number {
    const buf = this.buf;
    let p = this.pos;
    let c = s.charCodeAt(i);
    this.flags |= NON_ASCII;
    if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      buf[p++] = 0xf0 | (c >> 18);
      buf[p++] = 0x80 | ((c >> 12) & 0x3f);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xe000) this.flags |= LONE_SURROGATE;
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
    this.pos = p;
    return i;
  }

  /** The decimal digits of `n`, as String(n) writes them; returns how many characters. */
  digits(n: number): number {
    // Message numbers, UIDs and sizes fit 31 bits: integer arithmetic, no string made.
    if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) {
      const text = String(n);
      this.text(text);
      return text.length;
    }
    const count = digitCount(n);
    this.ensure(count);
    const buf = this.buf;
    let rest = n;
    for (let p = this.pos + count - 1; p >= this.pos; p--) {
      const tenth = (rest / 10) | 0;
      buf[p] = 0x30 + rest - tenth * 10;
      rest = tenth;
    }
    this.pos += count;
    return count;
  }

  /** Appends a copy of bytes [start, end) written earlier. */
  copy(start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    // Short ranges (most tokens) are cheaper in a loop, four bytes a store, than in a builtin
    // call. The range lies before `pos`: a forward copy never reads what it wrote.
    if (n <= 64) {
      const view = this.view;
      let p = this.pos;
      let i = start;
      for (; i + 4 <= end; i += 4, p += 4) view.setUint32(p, view.getUint32(i, true), true);
      for (; i < end; i++) buf[p++] = buf[i];
    } else buf.copyWithin(this.pos, start, end);
    this.pos += n;
  }

  /** Drops spaces at the end, back to `lineStart` at most. */
  trimSpaces(lineStart: number): void {
    let p = this.pos;
    while (p > lineStart && this.buf[p - 1] === SPACE) p--;
    this.pos = p;
  }

  /**
   * Bytes [start, end) as UTF-8, for writing out: a view of this buffer, valid until it is written
   * again (whoever keeps it copies it). Text holding a lone surrogate is encoded as a string
   * write would encode it (U+FFFD), so both forms show the same.
   */
  bytesOf(start: number, end: number): Uint8Array {
    if ((this.flags & LONE_SURROGATE) !== 0) return Buffer.from(decodeWtf8(this.buf, start, end), 'utf8');
    // A plain Uint8Array: Buffer's subarray() asks for its species each time (a tenth of a
    // FETCH line's output cost, profiled).
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset + start, end - start);
  }

  /** Bytes [start, end) as a string. */
  decode(start: number, end: number): string {
    if ((this.flags & LONE_SURROGATE) !== 0) return decodeWtf8(this.buf, start, end);
    return (this.flags & NON_ASCII) !== 0 ? utf8Slice.call(this.buf, start, end) : latin1Slice.call(this.buf, start, end);
  }
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}

const scratch = new TextBuffer();

/** `"value"` as TextBuffer.quoted writes it, as a string (for a theme function to style). */
export function quotedText(value: string): string {
  scratch.reset();
  scratch.quoted(value);
  return scratch.decode(0, scratch.pos);
}

/** Text encoded once. */
export function encode(text: string): Encoded {
  scratch.reset();
  scratch.text(text);
  return new Encoded(new Uint8Array(scratch.buf.subarray(0, scratch.pos)), scratch.flags);
}

/** How many decimal digits String(n) writes for a 31-bit count `n`. */
export function digitCount(n: number): number {
  let count = 1;
  for (let limit = 10; n >= limit && count < 10; limit *= 10) count++;
  return count;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c < 0xe000;
}

/** UTF-8 with surrogates encoded like any other code point (as TextBuffer writes it), decoded. */
function decodeWtf8(buf: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  for (let i = start; i < end; ) {
    const b = buf[i];
    let c: number;
    if (b < 0x80) {
      c = b;
      i += 1;
    } else if (b < 0xe0) {
      c = ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      c = ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
      i += 3;
    } else {
      c = ((b & 0x07) << 18) | ((buf[i + 1] & 0x3f) << 12) | ((buf[i + 2] & 0x3f) << 6) | (buf[i + 3] & 0x3f);
      i += 4;
    }
    if (c >= 0x10000) units.push(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
    else units.push(c);
  }
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}
