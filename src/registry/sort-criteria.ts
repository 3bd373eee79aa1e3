// SORT criteria (RFC 5256 3, RFC 5957 for DISPLAYFROM/DISPLAYTO): what `SORT (REVERSE DATE)`
// may name. The demo server's sort.ts says how it compares each; this table says what they are.
import type { SortCriterionEntry } from './types.js';

const BASE = 'RFC 5256 3';

export const SORT_CRITERIA: readonly SortCriterionEntry[] = [
  { name: 'ARRIVAL', rfc: BASE, explanation: 'The internal date and time: when the message arrived in the mailbox.' },
  { name: 'CC', rfc: BASE, explanation: 'The local part of the first Cc address, compared without regard to ASCII case.' },
  { name: 'DATE', rfc: BASE, explanation: 'The Date header, in UTC; the internal date when the header is missing or unreadable.' },
  { name: 'FROM', rfc: BASE, explanation: 'The local part of the first From address, compared without regard to ASCII case.' },
  { name: 'REVERSE', rfc: BASE, explanation: 'Turns the next criterion around (newest first with REVERSE DATE). Messages equal under every criterion stay in message-number order.' },
  { name: 'SIZE', rfc: BASE, explanation: 'The size in octets (RFC822.SIZE).' },
  { name: 'SUBJECT', rfc: `${BASE}; RFC 5256 2.1`, explanation: 'The base subject: Re:, Fwd:, [list] tags and (fwd) trailers taken off, so a reply sorts with what it answers.' },
  { name: 'TO', rfc: BASE, explanation: 'The local part of the first To address, compared without regard to ASCII case.' },
  { name: 'DISPLAYFROM', rfc: 'RFC 5957 3', requires: ['SORT=DISPLAY'], explanation: 'The display name of the first From address (the mailbox when there is none), as a mail client shows it.' },
  { name: 'DISPLAYTO', rfc: 'RFC 5957 3', requires: ['SORT=DISPLAY'], explanation: 'The display name of the first To address (the mailbox when there is none), as a mail client shows it.' },
];

/** The charsets every server must take in SEARCH, SORT and THREAD (RFC 5256 3, RFC 9051 6.4.4). */
export const REQUIRED_CHARSETS: readonly string[] = ['UTF-8', 'US-ASCII'];
