// Building IMAP strings for FETCH data (RFC 3501 section 4.3): a quoted string may hold
// only 7-bit characters other than CR, LF and NUL; anything else, or a long value, goes as
// a literal. The writer escapes `"` and `\` inside quoted strings.

import type { ImapValue } from '../protocol/imap/types.js';

/** Longer values are sent as literals, which keeps response lines short. */
export const MAX_QUOTED_LENGTH = 1000;

export const NIL: ImapValue = { type: 'nil' };

/** A string as `quoted` or `literal`; NIL when undefined. */
export function imapString(value: string | undefined): ImapValue {
  if (value === undefined) return NIL;
  if (value.length <= MAX_QUOTED_LENGTH && /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value)) {
    return { type: 'quoted', value };
  }
  const data = Buffer.from(value, 'utf8');
  return { type: 'literal', size: data.length, data, complete: true, binary: false };
}

export function imapNumber(value: number): ImapValue {
  return { type: 'number', value };
}

export function imapList(items: ImapValue[]): ImapValue {
  return { type: 'list', items };
}
