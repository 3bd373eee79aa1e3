// Raw mode: the exact bytes of each wire line, `C: ` for what we sent, `S: ` for what the
// server sent. The escaping is the transcript's (src/protocol/wire-escape.ts), so what raw mode
// shows can be pasted into a transcript file as is: `\xHH` for bytes that are not printable,
// a trailing `\` for a line that did not end in CRLF (a bare LF shows as `\x0a\`).

import { escapeWireLine } from '../protocol/wire-escape.js';
import type { Theme } from './theme.js';

const LF = 0x0a;

/** Cuts bytes after each LF; the last piece may have no line end (a chunk ended mid-line). */
export function splitWireLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF) {
      lines.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

export function renderRaw(direction: 'C' | 'S', bytes: Uint8Array, theme: Theme): string {
  const prefix = theme.dim(`${direction}: `);
  const body = direction === 'C' ? theme.client : unstyled;
  let out = '';
  let start = 0;
  // splitWireLines without the array: a LineSplitter line is one piece, taken as it is.
  do {
    const lf = bytes.indexOf(LF, start);
    const end = lf < 0 ? bytes.length : lf + 1;
    const line = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
    if (start > 0) out += '\n';
    out += prefix + highlightEscapes(escapeWireLine(line), body, theme);
    start = end;
  } while (start < bytes.length);
  return bytes.length === 0 ? '' : out;
}

const unstyled = (text: string): string => text;

/**
 * `\xHH` escapes and the no-CRLF marker in the error colour, so they stand out from text:
 * `text.split(/(\\x[0-9a-f]{2}|\\$)/)` with the escapes through `theme.error` and the text
 * between (empty pieces too) through `body`, scanned by hand (most lines hold no escape).
 */
function highlightEscapes(text: string, body: (t: string) => string, theme: Theme): string {
  let out = '';
  let last = 0;
  let k = text.indexOf('\\');
  while (k >= 0) {
    const length = escapeLengthAt(text, k);
    if (length > 0) {
      out += body(text.slice(last, k)) + theme.error(text.slice(k, k + length));
      last = k + length;
    }
    k = text.indexOf('\\', k + (length > 0 ? length : 1));
  }
  return last === 0 ? body(text) : out + body(text.slice(last));
}

/** Length of the escape starting at the backslash at `k`: 4 for `\xHH` (lower-case hex), 1 for
 * the marker ending the text, 0 for a backslash that is text (`\Seen`). */
function escapeLengthAt(text: string, k: number): number {
  if (k === text.length - 1) return 1;
  if (text.charCodeAt(k + 1) === 0x78 && isLowerHex(text.charCodeAt(k + 2)) && isLowerHex(text.charCodeAt(k + 3))) return 4;
  return 0;
}

function isLowerHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
}

/**
 * One byte for display where each byte needs its own column (the malformed-line marker):
 * printable ASCII as itself, anything else as `\xHH`.
 */
export function displayByte(byte: number): string {
  return byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '\\x' + byte.toString(16).padStart(2, '0');
}
