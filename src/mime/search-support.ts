// What the demo server's SEARCH needs from a message (RFC 3501 section 6.4.4): header
// lookups for HEADER/FROM/SUBJECT..., the Date header for SENTBEFORE/SENTON/SENTSINCE,
// and substring tests for BODY and TEXT. Matching is case-insensitive. Bodies are matched
// both as sent and after undoing the transfer encoding and charset, header values both as
// sent and with RFC 2047 encoded words decoded, so "Köln" finds =?UTF-8?Q?K=C3=B6ln?=.

import { charsetText, latin1Text, headerText } from './bytes.js';
import { findFields } from './header.js';
import type { MimePart } from './message.js';
import { paramValue } from './params.js';
import { decodeTransferEncoding } from './transfer-encoding.js';
import { decodeEncodedWords } from './encoded-words.js';
import { parseMessageDate } from './date.js';

/** Every occurrence of header `name`, values joined by "\n"; undefined when absent. */
export function headerValue(msg: MimePart, name: string): string | undefined {
  const fields = findFields(msg.headers, name);
  return fields.length ? fields.map((f) => f.value).join('\n') : undefined;
}

/** The instant of the Date header; undefined when absent or unparseable. */
export function messageDate(msg: MimePart): Date | undefined {
  const value = headerValue(msg, 'Date')?.split('\n')[0];
  return value === undefined ? undefined : parseMessageDate(value)?.date;
}

/** SEARCH HEADER / FROM / TO / SUBJECT...: does header `name` contain `needle`? */
export function headerContains(msg: MimePart, name: string, needle: string): boolean {
  const value = headerValue(msg, name);
  if (value === undefined) return false;
  return includes(value, needle) || includes(decodeEncodedWords(value), needle);
}

/** SEARCH BODY: the needle in the body text of the message (any part). */
export function bodyContains(msg: MimePart, needle: string): boolean {
  return includes(latin1Text(msg.bodyBytes), needle) ||
    includes(headerText(msg.bodyBytes), needle) ||
    leafParts(msg).some((part) => includes(decodedBody(part), needle));
}

/** SEARCH TEXT: the needle in the header or the body. */
export function textContains(msg: MimePart, needle: string): boolean {
  const header = msg.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
  return includes(latin1Text(msg.headerBytes), needle) ||
    includes(header, needle) ||
    includes(decodeEncodedWords(header), needle) ||
    bodyContains(msg, needle);
}

function includes(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function leafParts(part: MimePart): MimePart[] {
  return part.children.length ? part.children.flatMap(leafParts) : [part];
}

/** A leaf's body as text: transfer encoding undone, then its charset (ISO-8859-1 for non-text). */
function decodedBody(part: MimePart): string {
  const bytes = decodeTransferEncoding(part.bodyBytes, part.transferEncoding);
  const charset = part.contentType.type === 'text' ? paramValue(part.contentType.params, 'charset') : undefined;
  return charset ? charsetText(bytes, charset) : latin1Text(bytes);
}
