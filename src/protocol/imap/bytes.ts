// Byte helpers shared by the IMAP readers and writer.

/** A Buffer view of the same memory (no copy), so Buffer's fast indexOf/latin1Slice apply. */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The bytes as text, for atoms and tags (ASCII by grammar). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.prototype.latin1Slice.call(b, start, end) as string;
}

/** The bytes as UTF-8 text, where RFC 9051 allows UTF-8 (quoted, text). */
export function utf8(b: Uint8Array, start: number, end: number): string {
  return Buffer.prototype.utf8Slice.call(b, start, end) as string;
}

/** Index after the line's content: before CRLF, or before a bare LF (lenient). */
export function contentEnd(line: Uint8Array): number {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return end;
}
