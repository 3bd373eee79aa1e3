// WITHIN (RFC 5032): SEARCH OLDER n and YOUNGER n, an interval in seconds instead of a date.
// Section 2: the server subtracts the interval from its own current time (the store's clock,
// injectable for tests) and compares that target with each message's INTERNALDATE, to the
// second: OLDER matches an INTERNALDATE "less recent than or equal to" the target, YOUNGER one
// "more recent than or equal to" it. So a message exactly n seconds old matches both, as in
// Dovecot. The target is taken once per SEARCH, so one command sees one instant.

import { ArgumentError } from '../args.js';
import type { Matcher } from './search.js';

/** The target instant, ms: the server's now minus the interval. */
function target(key: string, seconds: number, now: Date): number {
  // RFC 5032 3: search-key =/ ( "OLDER" / "YOUNGER" ) SP nz-number.
  if (seconds === 0) throw new ArgumentError(`${key} needs a number of seconds above 0 (RFC 5032 3: nz-number)`);
  return now.getTime() - seconds * 1000;
}

export const WITHIN_SEARCH_KEYS: Readonly<Record<string, Matcher>> = {
  OLDER: ([seconds], view) => {
    const at = target('OLDER', seconds as number, view.mailbox.now());
    return (m) => m.internalDate.ms <= at;
  },
  YOUNGER: ([seconds], view) => {
    const at = target('YOUNGER', seconds as number, view.mailbox.now());
    return (m) => m.internalDate.ms >= at;
  },
};
