// SAVEDATE (RFC 8514): when a message was saved into the mailbox it is in now. Unlike
// INTERNALDATE, which APPEND may set and COPY and MOVE keep, the save date is always the
// moment of arrival in this mailbox (section 3): APPEND, COPY and MOVE give the server's
// clock; the seed's messages were saved at their internal date (store.ts). Every demo
// mailbox keeps save dates, so SAVEDATE is never NIL and SAVEDATESUPPORTED matches all.

import { quoted } from '../../../protocol/imap/writer.js';
import type { StoredMessage } from '../../store/mailbox.js';
import type { Part } from '../wire.js';
import type { Matcher } from './search.js';

/** RFC 8514 4.2: msg-att-static =/ "SAVEDATE" SP (date-time / nil). */
export const SAVEDATE_FETCH_ITEMS: Readonly<Record<string, (m: StoredMessage) => Part[]>> = {
  SAVEDATE: (m) => [quoted(m.savedAt.text)],
};

/** A save-date key: the save date's calendar day against the key's date ("disregarding time and timezone"). */
const savedDay = (holds: (day: number, date: number) => boolean): Matcher => ([date]) => (m) => holds(m.savedAt.day, date as number);

/** RFC 8514 4.3, the keys as BEFORE, ON and SINCE are for the internal date (RFC 3501 6.4.4). */
export const SAVEDATE_SEARCH_KEYS: Readonly<Record<string, Matcher>> = {
  SAVEDBEFORE: savedDay((day, date) => day < date),
  SAVEDON: savedDay((day, date) => day === date),
  SAVEDSINCE: savedDay((day, date) => day >= date),
  // "Matches all messages in the mailbox when the underlying storage of that mailbox supports
  // the save date attribute": every demo mailbox does.
  SAVEDATESUPPORTED: () => () => true,
};
