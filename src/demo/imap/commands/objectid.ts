// OBJECTID (RFC 8474): how the demo shows the store's ids (store/object-ids.ts) on the wire.
// MAILBOXID in CREATE's tagged OK (4.1), in an untagged OK of SELECT and EXAMINE (4.2) and as a
// STATUS item (4.3); EMAILID and THREADID as FETCH items (5.3) and SEARCH keys (6). Every
// value is written in parentheses, `EMAILID (M3)`, as the section 7 grammar has it; a THREADID
// could be NIL (5.2), but every demo message belongs to a thread.

import type { Mailbox, StoredMessage } from '../../store/mailbox.js';
import { ArgumentError } from '../args.js';
import type { Part } from '../wire.js';
import type { Matcher } from './search.js';

/** RFC 8474 7: objectid = 1*255(ALPHA / DIGIT / "_" / "-"). */
const OBJECTID = /^[A-Za-z0-9_-]{1,255}$/;

const parenthesized = (id: string): string => `(${id})`;

/** `MAILBOXID (F1)`: the resp-text-code of CREATE and SELECT/EXAMINE (RFC 8474 4.1, 4.2). */
export function mailboxIdCode(mailbox: Mailbox): string {
  return `MAILBOXID ${parenthesized(mailbox.mailboxId)}`;
}

/** RFC 8474 4.3: status-att-val =/ "MAILBOXID" SP "(" objectid ")". */
export const OBJECTID_STATUS_ITEMS: Readonly<Record<string, (m: Mailbox) => string>> = {
  MAILBOXID: (m) => parenthesized(m.mailboxId),
};

/** RFC 8474 5.3: fetch-emailid-resp and fetch-threadid-resp. */
export const OBJECTID_FETCH_ITEMS: Readonly<Record<string, (m: StoredMessage) => Part[]>> = {
  EMAILID: (m) => [parenthesized(m.ids.emailId)],
  THREADID: (m) => [parenthesized(m.ids.threadId)],
};

/**
 * RFC 8474 6: search-key =/ "EMAILID" SP objectid / "THREADID" SP objectid; the match is exact
 * and case-sensitive (section 7: "ObjectID values are case sensitive"). A value outside the
 * objectid grammar can match nothing, and is BAD like any other syntax error.
 */
function sameId(key: string, idOf: (m: StoredMessage) => string): Matcher {
  return ([value]) => {
    const wanted = String(value);
    if (!OBJECTID.test(wanted)) throw new ArgumentError(`${key} needs an object id: 1 to 255 letters, digits, "_" or "-" (RFC 8474 7)`);
    return (m) => idOf(m) === wanted;
  };
}

export const OBJECTID_SEARCH_KEYS: Readonly<Record<string, Matcher>> = {
  EMAILID: sameId('EMAILID', (m) => m.ids.emailId),
  THREADID: sameId('THREADID', (m) => m.ids.threadId),
};
