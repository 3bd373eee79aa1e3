// Byte helpers shared by the IMAP readers and writer.

/** A Buffer view of the same memory (no copy), so Buffer's fast indexOf/latin1Slice apply. */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

// Buffer's latin1Slice/utf8Slice are what toString() ends in after its argument checks and
// encoding lookup; the readers call these per token, so they go straight there. They work on
// any Uint8Array (the reader's chunks are Buffers; tests pass plain arrays too).
const latin1Slice = Buffer.prototype.latin1Slice as (this: Uint8Array, start: number, end: number) => string;
const utf8Slice = Buffer.prototype.utf8Slice as (this: Uint8Array, start: number, end: number) => string;

/** The bytes as text, for atoms and tags (ASCII by grammar). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  // toString() clamps a range past the end; the raw slice throws instead.
  const e = end < b.length ? end : b.length;
  return start < e ? latin1Slice.call(b, start, e) : '';
}

/** The bytes as UTF-8 text, where RFC 9051 allows UTF-8 (quoted, text). */
export function utf8(b: Uint8Array, start: number, end: number): string {
  const e = end < b.length ? end : b.length;
  return start < e ? utf8Slice.call(b, start, e) : '';
}

/** Index after the line's content: before CRLF, or before a bare LF (lenient). */
export function contentEnd(line: Uint8Array): number {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return end;
}

// Atoms repeat endlessly on the wire (FETCH, FLAGS, \Seen, UID...): a small direct-mapped
// cache returns the same string without asking V8 to build a new one. Collisions just
// overwrite; correctness never depends on a hit.
const INTERN_SLOTS = 2048;
const INTERN_MAX = 32;
const interned: string[] = new Array<string>(INTERN_SLOTS).fill('');
// Each slot's bytes are kept too: comparing typed-array bytes is a plain load per byte, while
// charCodeAt on the cached string dispatches on its representation each call (profiled: the
// compare loop was the tokenizer's hottest line).
const internedBytes = new Uint8Array(INTERN_SLOTS * INTERN_MAX);
/** Length of each slot's string; EMPTY_SLOT (longer than INTERN_MAX) marks a slot never filled. */
const EMPTY_SLOT = 0xff;
const internedLength = new Uint8Array(INTERN_SLOTS).fill(EMPTY_SLOT);

/** The hash internLatin1 files a byte range under (callers scanning the bytes anyway pass it). */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (h * 31 + b[i]) | 0;
  return h;
}

/** latin1 text of a short byte range, interned. */
export function internLatin1(b: Uint8Array, start: number, end: number, hash?: number): string {
  const n = end - start;
  if (n > INTERN_MAX) return latin1(b, start, end);
  const h = hash ?? hashBytes(b, start, end);
  const slot = (h ^ (n << 7)) & (INTERN_SLOTS - 1);
  const base = slot * INTERN_MAX;
  if (internedLength[slot] === n) {
    let i = 0;
    while (i < n && internedBytes[base + i] === b[start + i]) i++;
    if (i === n) return interned[slot];
  }
  const s = latin1(b, start, end);
  interned[slot] = s;
  internedLength[slot] = n;
  for (let i = 0; i < n; i++) internedBytes[base + i] = b[start + i];
  return s;
}

const upperCased = new Map<string, string>();

/** `s.toUpperCase()`, remembered for the few hundred response and command names seen. */
export function upper(s: string): string {
  let u = upperCased.get(s);
  if (u === undefined) {
    u = s.toUpperCase();
    if (upperCased.size < 4096) upperCased.set(s, u);
  }
  return u;
}
