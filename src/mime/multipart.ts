// RFC 2046 section 5.1.1: a multipart body is cut by delimiter lines "--" boundary, the
// last one "--" boundary "--"; trailing whitespace on those lines is transport padding.
// The line end before a delimiter belongs to the delimiter, not to the part above it.
// Text before the first delimiter (preamble) and after the last (epilogue) is no part.

import { asciiBytes, eolLengthBefore, isWsp, lineEnd, CR, LF } from './bytes.js';

const DASH = 0x2d;

type Delimiter = 'part' | 'close' | undefined;

/** The bytes of each body part (headers and body), in order; [] if no delimiter is found. */
export function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const marker = asciiBytes('--' + boundary);
  const parts: Uint8Array[] = [];
  let partStart = -1;
  for (let line = 0; line < body.length; line = lineEnd(body, line)) {
    const kind = delimiterAt(body, line, marker);
    if (!kind) continue;
    if (partStart >= 0) parts.push(body.subarray(partStart, Math.max(partStart, line - eolLengthBefore(body, line))));
    if (kind === 'close') return parts;
    partStart = lineEnd(body, line);
  }
  // No close delimiter (truncated message): the last part runs to the end.
  if (partStart >= 0) parts.push(body.subarray(partStart));
  return parts;
}

function delimiterAt(body: Uint8Array, start: number, marker: Uint8Array): Delimiter {
  if (body[start] !== DASH || body[start + 1] !== DASH) return undefined;
  for (let i = 0; i < marker.length; i++) if (body[start + i] !== marker[i]) return undefined;
  let pos = start + marker.length;
  let kind: Delimiter = 'part';
  if (body[pos] === DASH && body[pos + 1] === DASH) {
    kind = 'close';
    pos += 2;
  }
  while (isWsp(body[pos])) pos++;
  if (body[pos] === CR) pos++;
  return pos >= body.length || body[pos] === LF ? kind : undefined;
}
