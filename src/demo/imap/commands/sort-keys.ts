// What SORT and THREAD (RFC 5256) read from a message, and how they compare it: the sent
// date of section 2.2, the base subject of section 2.1, the first address's addr-mailbox,
// all collated with i;ascii-casemap (RFC 4790 9.2, the default of RFC 5255 I18NLEVEL=1).
// Also the arguments both commands share: a mandatory charset, then search keys.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { parseAddressList } from '../../../mime/address.js';
import { extractBaseSubject, type BaseSubject } from '../../../mime/base-subject.js';
import { findField } from '../../../mime/header.js';
import { messageDate } from '../../../mime/search-support.js';
import type { StoredMessage } from '../../store/mailbox.js';
import { parsed } from '../../store/parsed.js';
import type { MailboxView } from '../../store/view.js';
import { ArgumentError, textOf } from '../args.js';
import type { Completion } from '../context.js';
import { refuseCharset, search, type Hit, type SearchResult } from './search.js';

/**
 * RFC 5256 2.2: the Date header's instant (zones normalised to UTC); when the header is
 * missing or cannot be parsed, the internal date.
 */
export function sentDate(m: StoredMessage): number {
  return messageDate(parsed(m))?.getTime() ?? m.internalDate.ms;
}

/** The Subject header's base subject (RFC 5256 2.1); an absent Subject is empty. */
export function subjectOf(m: StoredMessage): BaseSubject {
  return extractBaseSubject(findField(parsed(m).headers, 'Subject')?.value ?? '');
}

/**
 * RFC 5256 3 (FROM, TO, CC): the addr-mailbox of the first address, as ENVELOPE would show it
 * (RFC 3501 7.4.2: for a group, the start marker's mailbox is the group name); "" when none.
 */
export function firstAddrMailbox(m: StoredMessage, header: string): string {
  const value = findField(parsed(m).headers, header)?.value;
  const first = value === undefined ? undefined : parseAddressList(value)[0];
  if (!first) return '';
  return first.kind === 'group' ? first.name : first.mailbox.mailbox;
}

/**
 * i;ascii-casemap (RFC 4790 9.2): a-z compare as A-Z, everything else octet by octet. The
 * UTF-8 bytes are the octets (RFC 5256 2.1 (1) converts subjects to UTF-8).
 */
export function asciiCasemap(text: string): Uint8Array {
  return Buffer.from(asciiUpper(text), 'utf8');
}

/** Only a-z upper-cased: `toUpperCase()` would also fold ß, é... which i;ascii-casemap does not. */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
}

export type SortValue = number | Uint8Array;

export function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(a as Uint8Array, b as Uint8Array);
}

/**
 * RFC 5256 3: `charset search-keys`. The charset is mandatory here (unlike SEARCH); an
 * unsupported one is NO [BADCHARSET]. Returns the matching messages and whether a MODSEQ key
 * was among the keys (RFC 7162 3.1.5), or that refusal.
 */
export function searchAfterCharset(view: MailboxView, args: ImapValue[]): SearchResult | Completion {
  const charset = textOf(args[0]);
  if (charset === undefined) throw new ArgumentError('a charset (UTF-8 or US-ASCII) must come before the search keys');
  const refused = refuseCharset(charset);
  if (refused) return refused;
  return search(view, args.slice(1));
}
