// RFC 3501 section 6.4.5 BODY[<section>]: section-spec = section-msgtext /
// (section-part ["." section-text]). Part numbers walk the MIME tree: a multipart's
// parts are numbered from 1; a non-multipart message (or encapsulated message) has only
// part 1, itself; a message/rfc822 part's numbers continue into the message it carries,
// and its HEADER / TEXT / HEADER.FIELDS refer to that message.

import { CR, LF, concatBytes, eolLengthBefore } from './bytes.js';
import type { HeaderField } from './header.js';
import type { MimePart } from './message.js';

const CRLF = Uint8Array.of(CR, LF);
const BARE_LF = Uint8Array.of(LF);

type SectionText =
  | { kind: 'none' | 'HEADER' | 'TEXT' | 'MIME' }
  | { kind: 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT'; names: string[] };

interface SectionSpec { part: number[]; text: SectionText }

/**
 * The bytes BODY[section] returns, or undefined when the section does not exist in this
 * message or breaks the grammar (the server chooses NIL, "" or BAD for that case).
 */
export function fetchSection(msg: MimePart, section: string): Uint8Array | undefined {
  const spec = parseSection(section);
  if (!spec) return undefined;
  if (spec.part.length === 0) return msgText(msg, spec.text);
  const part = resolvePart(msg, spec.part);
  if (!part) return undefined;
  switch (spec.text.kind) {
    case 'none':
      return part.bodyBytes;
    case 'MIME':
      return part.headerBytes;
    default:
      // HEADER/TEXT after a part number only for message/rfc822 parts (section 6.4.5).
      return part.kind === 'message' ? msgText(part.children[0], spec.text) : undefined;
  }
}

/** `<origin.count>` partial fetch: the bytes from `origin`, at most `count` of them. */
export function partial(bytes: Uint8Array, origin: number, count?: number): Uint8Array {
  const start = Math.min(Math.max(0, origin), bytes.length);
  const end = count === undefined ? bytes.length : Math.min(bytes.length, start + Math.max(0, count));
  return bytes.subarray(start, end);
}

function msgText(msg: MimePart, text: SectionText): Uint8Array | undefined {
  switch (text.kind) {
    case 'none':
      return msg.bytes;
    case 'HEADER':
      return msg.headerBytes;
    case 'TEXT':
      return msg.bodyBytes;
    case 'MIME':
      return undefined; // MIME needs a part number (section 6.4.5)
    case 'HEADER.FIELDS':
      return headerSubset(msg.headers, text.names, true);
    case 'HEADER.FIELDS.NOT':
      return headerSubset(msg.headers, text.names, false);
  }
}

/**
 * The matching (or, for .NOT, the other) field lines in message order, then the empty
 * line. Line ends stay as the message has them (CRLF, or LF in a bare-LF message).
 */
function headerSubset(headers: HeaderField[], names: string[], keep: boolean): Uint8Array {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const eol = headers.length > 0 && eolLengthBefore(headers[0].raw, headers[0].raw.length) === 1 ? BARE_LF : CRLF;
  const lines = headers
    .filter((h) => wanted.has(h.name.toLowerCase()) === keep)
    .map((h) => (eolLengthBefore(h.raw, h.raw.length) > 0 ? h.raw : concatBytes([h.raw, eol])));
  return concatBytes([...lines, eol]);
}

/** Walks part numbers from the top-level message (itself treated as an encapsulated message). */
export function resolvePart(msg: MimePart, numbers: number[]): MimePart | undefined {
  let current: MimePart | undefined = partOfMessage(msg, numbers[0]);
  for (const n of numbers.slice(1)) {
    if (!current) return undefined;
    if (current.kind === 'multipart') current = current.children[n - 1];
    else if (current.kind === 'message') current = partOfMessage(current.children[0], n);
    else return undefined;
  }
  return current;
}

function partOfMessage(msg: MimePart, n: number): MimePart | undefined {
  if (msg.kind === 'multipart') return msg.children[n - 1];
  return n === 1 ? msg : undefined;
}

const PART_PREFIX = /^([1-9]\d*(?:\.[1-9]\d*)*)(?:\.(.+))?$/s;

export function parseSection(section: string): SectionSpec | undefined {
  const trimmed = section.trim();
  const m = PART_PREFIX.exec(trimmed);
  const part = m ? m[1].split('.').map(Number) : [];
  const text = parseSectionText(m ? m[2] ?? '' : trimmed, part.length > 0);
  return text ? { part, text } : undefined;
}

function parseSectionText(text: string, afterPart: boolean): SectionText | undefined {
  const m = /^([A-Za-z.]*)\s*(.*)$/s.exec(text);
  if (!m) return undefined;
  const keyword = m[1].toUpperCase();
  const rest = m[2].trim();
  if (keyword === '' && rest === '') return { kind: 'none' };
  if ((keyword === 'HEADER' || keyword === 'TEXT') && rest === '') return { kind: keyword };
  if (keyword === 'MIME' && rest === '' && afterPart) return { kind: 'MIME' };
  if (keyword === 'HEADER.FIELDS' || keyword === 'HEADER.FIELDS.NOT') {
    const names = headerList(rest);
    return names ? { kind: keyword, names } : undefined;
  }
  return undefined;
}

// header-list = "(" header-fld-name *(SP header-fld-name) ")", names are astrings.
function headerList(text: string): string[] | undefined {
  const m = /^\((.*)\)$/s.exec(text);
  if (!m) return undefined;
  const names = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"|([^\s"]+)/g)].map((t) =>
    t[1] !== undefined ? t[1].replace(/\\(.)/g, '$1') : t[2],
  );
  return names.length ? names : undefined;
}
