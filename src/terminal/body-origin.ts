// Where a saved body came from, for `:save --decode`: which message (its sequence number and
// UID), which FETCH item (BODY[2], BINARY[2], RFC822...), and the part's encoding when the
// same FETCH response says it (BODYSTRUCTURE or BODY, or BODY[n.MIME]; RFC 3501 7.4.2).
import { parseResponse } from '../protocol/imap/response-parser.js';
import type { ImapLiteral, ImapResponse, ImapValue } from '../protocol/imap/types.js';
import { mimeHeaderEncoding, partEncoding } from '../mime/part-encoding.js';

export type BodyOrigin =
  | { kind: 'pop3' }
  /** A literal outside FETCH (a LIST name, an ID value), or a response too broken to tell. */
  | { kind: 'other' }
  | FetchedItem;

export interface FetchedItem {
  kind: 'fetch';
  /** The message sequence number (`* 3 FETCH`); undefined once EXPUNGE took that message. */
  msn: number | undefined;
  uid: number | undefined;
  /** The msg-att name as the server sent it, upper-cased: BODY, BINARY, RFC822, RFC822.TEXT. */
  item: string;
  /** Between the brackets of BODY[...] / BINARY[...]; undefined for RFC822 and the like. */
  section: string | undefined;
  /** `<origin>` of a partial fetch (RFC 3501 7.4.2: BODY[2]<0>). */
  origin: number | undefined;
  /** The part's Content-Transfer-Encoding as this same response gives it. */
  encodingHere: string | undefined;
}

type Pairs = Array<[name: ImapValue, value: ImapValue]>;

/** The origin of `literal` (a value of `resp`). */
export function originOf(resp: ImapResponse, literal: ImapLiteral): BodyOrigin {
  const pairs = fetchPairs(resp);
  const at = pairs?.findIndex(([, value]) => value === literal) ?? -1;
  if (!pairs || at < 0 || resp.kind !== 'data') return { kind: 'other' };
  return fetchedItem(resp.number, pairs, pairs[at][0]);
}

/**
 * The origin of a streamed literal from the response bytes before it (a `literal-start`
 * prefix, which ends with the literal's announcement): the announcement becomes an empty
 * literal and the list is closed, so the part read so far parses as a response of its own.
 * Undefined when it does not parse (an earlier streamed literal in the same response, whose
 * body the prefix holds only the head of).
 */
export function originOfPrefix(prefix: Uint8Array): BodyOrigin | undefined {
  const brace = prefix.lastIndexOf(0x7b); // "{"
  if (brace < 0) return undefined;
  const closed = Buffer.concat([prefix.subarray(0, brace), Buffer.from('{0}\r\n)', 'latin1')]);
  const parsed = parseResponse(closed, 0, closed.length);
  if (!parsed.ok) return undefined;
  const pairs = fetchPairs(parsed.response);
  const last = pairs?.[pairs.length - 1];
  if (!pairs || !last || last[1].type !== 'literal' || parsed.response.kind !== 'data') return undefined;
  return fetchedItem(parsed.response.number, pairs, last[0]);
}

/** The part numbers of a section that is a whole part, `2` or `1.3`, else undefined (HEADER, TEXT, MIME, the message). */
export function wholePart(section: string | undefined): number[] | undefined {
  if (section === undefined || !/^[1-9]\d*(\.[1-9]\d*)*$/.test(section.trim())) return undefined;
  return section.trim().split('.').map(Number);
}

/** How the user named the item: `BODY[2]`, `BINARY[1.2]<0>`, `RFC822`. */
export function itemLabel(item: FetchedItem): string {
  const section = item.section === undefined ? '' : `[${item.section}]`;
  return `${item.item}${section}${item.origin === undefined ? '' : `<${item.origin}>`}`;
}

function fetchedItem(msn: number | undefined, pairs: Pairs, name: ImapValue): FetchedItem {
  const isSection = name.type === 'section';
  const section = isSection ? name.sectionText : undefined;
  const uid = pairs.find(([n]) => atom(n) === 'UID')?.[1];
  return {
    kind: 'fetch',
    msn,
    uid: uid?.type === 'number' ? uid.value : undefined,
    item: isSection ? name.name.toUpperCase() : atom(name) ?? '?',
    section,
    origin: isSection ? name.partial?.origin : undefined,
    encodingHere: encodingHere(pairs, wholePart(section)),
  };
}

/** BODYSTRUCTURE or BODY (the same body-fld-enc), else the part's own BODY[n.MIME] header. */
function encodingHere(pairs: Pairs, part: number[] | undefined): string | undefined {
  if (!part) return undefined;
  for (const [name, value] of pairs) {
    const n = atom(name);
    if ((n === 'BODYSTRUCTURE' || n === 'BODY') && value.type === 'list') {
      const found = partEncoding(value, part);
      if (found) return found;
    }
  }
  const mimeSection = `${part.join('.')}.MIME`;
  for (const [name, value] of pairs) {
    if (name.type !== 'section' || name.name.toUpperCase() !== 'BODY' || name.sectionText.toUpperCase() !== mimeSection) continue;
    if (value.type === 'literal' && value.complete) return mimeHeaderEncoding(value.data);
    if (value.type === 'quoted') return mimeHeaderEncoding(Buffer.from(value.value, 'utf8'));
  }
  return undefined;
}

/** msg-att of a FETCH response as name/value pairs (RFC 3501 7.4.2). */
function fetchPairs(resp: ImapResponse): Pairs | undefined {
  if (resp.kind !== 'data' || resp.name !== 'FETCH' || resp.values[0]?.type !== 'list') return undefined;
  const items = resp.values[0].items;
  const pairs: Pairs = [];
  for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i], items[i + 1]]);
  return pairs;
}

function atom(v: ImapValue): string | undefined {
  return v.type === 'atom' ? v.value.toUpperCase() : undefined;
}
