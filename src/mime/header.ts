// RFC 5322 section 2.1-2.2: a message is a header block, an empty line, then the body.
// Header fields are "name: value" lines; a line that starts with WSP continues the field
// above it (folding, section 2.2.3). Lines that are neither are skipped, never fatal.

import { CR, LF, eolLengthBefore, headerText, isWsp, lineEnd } from './bytes.js';

export interface HeaderField {
  /** The field name as written (compare case-insensitively). */
  name: string;
  /** The unfolded value, leading/trailing WSP trimmed, decoded UTF-8 when valid else ISO-8859-1. */
  value: string;
  /** The field's wire bytes: name, colon, value and every continuation line, with line ends. */
  raw: Uint8Array;
}

/**
 * Splits at the first empty line. The header block keeps that empty line (RFC 3501
 * section 6.4.5: BODY[HEADER] includes it). Without an empty line the whole input is
 * header and the body is empty, as Dovecot and Courier treat it.
 */
export function splitHeaderBody(bytes: Uint8Array): { headerBytes: Uint8Array; bodyBytes: Uint8Array } {
  const end = headerEnd(bytes);
  return { headerBytes: bytes.subarray(0, end), bodyBytes: bytes.subarray(end) };
}

function headerEnd(bytes: Uint8Array): number {
  if (bytes[0] === LF) return 1;
  if (bytes[0] === CR && bytes[1] === LF) return 2;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) return i + 2;
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return i + 3;
  }
  return bytes.length;
}

const COLON = 0x3a;

/** The fields of a header block, in order. */
export function parseHeaderFields(headerBytes: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [];
  let start = 0;
  while (start < headerBytes.length) {
    let end = lineEnd(headerBytes, start);
    if (end - eolLengthBefore(headerBytes, end) === start) break; // the empty line
    while (end < headerBytes.length && isWsp(headerBytes[end])) end = lineEnd(headerBytes, end);
    const field = parseField(headerBytes.subarray(start, end));
    if (field) fields.push(field);
    start = end;
  }
  return fields;
}

// field-name = 1*ftext, printable US-ASCII except colon; obs-optional allows WSP before it.
function parseField(raw: Uint8Array): HeaderField | undefined {
  const colon = raw.indexOf(COLON);
  if (colon <= 0) return undefined;
  const name = headerText(raw.subarray(0, colon)).replace(/[ \t]+$/, '');
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return undefined;
  return { name, value: unfold(headerText(raw.subarray(colon + 1))), raw };
}

/** RFC 5322 section 2.2.3: unfolding removes each CRLF that precedes WSP. */
export function unfold(text: string): string {
  return text.replace(/\r?\n(?=[ \t])/g, '').replace(/\r?\n$/, '').replace(/^[ \t]+|[ \t]+$/g, '');
}

/** The first field named `name` (case-insensitive). */
export function findField(headers: HeaderField[], name: string): HeaderField | undefined {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === wanted);
}

/** Every field named `name`, in order. */
export function findFields(headers: HeaderField[], name: string): HeaderField[] {
  const wanted = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === wanted);
}
