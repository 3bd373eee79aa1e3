// A part's Content-Transfer-Encoding as a client learns it from the server (RFC 3501 7.4.2,
// RFC 9051 7.5.2): body-fld-enc in BODYSTRUCTURE (or BODY), the 6th field of a
// body-type-1part, or the Content-Transfer-Encoding field of BODY[n.MIME]. What `:save
// --decode` needs to undo the encoding of a BODY[n] it saved.
//
// Part numbers (RFC 3501 6.4.5) walk the tree as section.ts walks a parsed message: the parts
// of a multipart are 1, 2...; a message that is not multipart has only part 1, itself; the
// numbers under a message/rfc822 (or message/global, RFC 6532) part go into the message it
// carries.

import type { ImapValue } from '../protocol/imap/types.js';
import { parseHeaderFields } from './header.js';
import { transferEncodingOf } from './transfer-encoding.js';

type ImapList = Extract<ImapValue, { type: 'list' }>;

/** Encapsulated messages: envelope, body and lines follow the size (body-type-msg). */
const ENCAPSULATING = ['message/rfc822', 'message/global'];
/** body-type-1part = type subtype params id description encoding size ... */
const ENCODING_FIELD = 5;
const BODY_OF_MESSAGE_FIELD = 8;

/**
 * The lower-cased body-fld-enc of part `part` (numbers from 1) in a BODYSTRUCTURE or BODY
 * value, or undefined when there is no such leaf part or the value breaks the grammar.
 */
export function partEncoding(structure: ImapValue, part: readonly number[]): string | undefined {
  if (part.length === 0 || structure.type !== 'list') return undefined;
  let current: ImapList | undefined = partOfMessage(structure, part[0]);
  for (const n of part.slice(1)) {
    if (!current) return undefined;
    if (isMultipart(current)) current = child(current, n);
    else {
      const inner = current.items[BODY_OF_MESSAGE_FIELD];
      current = ENCAPSULATING.includes(mediaType(current)) && inner?.type === 'list' ? partOfMessage(inner, n) : undefined;
    }
  }
  if (!current || isMultipart(current)) return undefined;
  const encoding = current.items[ENCODING_FIELD];
  return encoding?.type === 'quoted' || encoding?.type === 'atom' ? encoding.value.toLowerCase() : undefined;
}

/** The Content-Transfer-Encoding a BODY[n.MIME] header names ("7bit" when it names none). */
export function mimeHeaderEncoding(header: Uint8Array): string {
  return transferEncodingOf(parseHeaderFields(header));
}

function partOfMessage(body: ImapList, n: number): ImapList | undefined {
  if (isMultipart(body)) return child(body, n);
  return n === 1 ? body : undefined;
}

/** body-type-mpart = 1*body SP media-subtype: it starts with a list. */
function isMultipart(body: ImapList): boolean {
  return body.items[0]?.type === 'list';
}

function child(multipart: ImapList, n: number): ImapList | undefined {
  const item = multipart.items[n - 1];
  return item?.type === 'list' ? item : undefined;
}

function mediaType(body: ImapList): string {
  const [type, subtype] = body.items;
  const word = (v: ImapValue | undefined): string => (v?.type === 'quoted' || v?.type === 'atom' ? v.value.toLowerCase() : '?');
  return `${word(type)}/${word(subtype)}`;
}
