// Raw mode: the exact bytes of each wire line, `C: ` for what we sent, `S: ` for what the
// server sent. The escaping is the transcript's (src/transcript/escape.ts), so what raw mode
// shows can be pasted into a transcript file as is: `\xHH` for bytes that are not printable,
// a trailing `\` for a line that did not end in CRLF (a bare LF shows as `\x0a\`).

import { escapeWireLine } from '../transcript/escape.js';
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
  const body = direction === 'C' ? theme.client : (text: string) => text;
  return splitWireLines(bytes)
    .map((line) => prefix + highlightEscapes(escapeWireLine(line), body, theme))
    .join('\n');
}

/** `\xHH` escapes and the no-CRLF marker in the error colour, so they stand out from text. */
function highlightEscapes(text: string, body: (t: string) => string, theme: Theme): string {
  return text
    .split(/(\\x[0-9a-f]{2}|\\$)/)
    .map((part, i) => (i % 2 === 1 ? theme.error(part) : body(part)))
    .join('');
}

/**
 * One byte for display where each byte needs its own column (the malformed-line marker):
 * printable ASCII as itself, anything else as `\xHH`.
 */
export function displayByte(byte: number): string {
  return byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '\\x' + byte.toString(16).padStart(2, '0');
}
