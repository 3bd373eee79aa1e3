// Byte helpers shared by the MIME parser: line ends (RFC 5322 says CRLF; files and mbox
// exports often have bare LF, so both are accepted), and the two text decodings headers need.

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;

export function isWsp(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB;
}

/** Offset just past the line that starts at `start` (past its LF, or the end of `bytes`). */
export function lineEnd(bytes: Uint8Array, start: number): number {
  const lf = bytes.indexOf(LF, start);
  return lf < 0 ? bytes.length : lf + 1;
}

/** Length of the line ending (CRLF 2, LF 1, none 0) that ends just before `offset`. */
export function eolLengthBefore(bytes: Uint8Array, offset: number): number {
  if (offset < 1 || bytes[offset - 1] !== LF) return 0;
  return offset >= 2 && bytes[offset - 2] === CR ? 2 : 1;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
/** One character per byte (Node's 'latin1'; WHATWG's TextDecoder('latin1') is windows-1252). */
export function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Header bytes as text: UTF-8 when valid (RFC 6532), else ISO-8859-1 so no byte is lost. */
export function headerText(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return latin1Text(bytes);
  }
}

/** Decodes bytes in a MIME charset; unknown charsets fall back to ISO-8859-1. */
export function charsetText(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase() || 'us-ascii').decode(bytes);
  } catch {
    return latin1Text(bytes);
  }
}

export function asciiBytes(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
