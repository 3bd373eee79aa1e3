// A literal that is not text (an image or a PDF fetched with BINARY[n], RFC 3516, or a body
// with NUL bytes) shown as the first bytes of a hex dump, `hexdump -C` style, rather than as
// "lines" that are screenfuls of escapes.

/** Bytes looked at to decide; a MIME part's first kilobytes say what it is. */
const SNIFF_BYTES = 4096;
/** Control characters (not TAB, LF, FF, CR, ESC) past this share of the bytes mean binary. */
const CONTROL_SHARE = 0.05;
const BYTES_PER_ROW = 16;

/**
 * Binary: a NUL (RFC 3501 4.3: a literal's CHAR8 excludes it; only literal8 may carry one), or
 * more controls than any text has. ESC is text here: ISO-2022-JP mail is made of it.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) controls++;
  }
  return controls > n * CONTROL_SHARE;
}

/** The first `rows` rows of 16 bytes: offset, hex in two groups of 8, printable ASCII between bars. */
export function hexRows(bytes: Uint8Array, rows: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < bytes.length && out.length < rows; at += BYTES_PER_ROW) {
    const row = bytes.subarray(at, at + BYTES_PER_ROW);
    const hex = Array.from(row, (b, i) => (i === 8 ? ' ' : '') + b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    out.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(BYTES_PER_ROW * 3)}  |${ascii}|`);
  }
  return out;
}
