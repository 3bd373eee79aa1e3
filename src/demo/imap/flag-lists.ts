// The FLAGS and PERMANENTFLAGS lists of a mailbox (RFC 3501 7.2.6, 7.1): the system flags,
// then every keyword stored in it; `\*` says clients may create new keywords.

import { SYSTEM_FLAGS } from '../store/flags.js';
import type { Mailbox } from '../store/mailbox.js';

export function flagsList(mailbox: Mailbox): string {
  return `(${[...SYSTEM_FLAGS, ...mailbox.keywords.values()].join(' ')})`;
}

export function permanentFlagsList(mailbox: Mailbox): string {
  return `(${[...SYSTEM_FLAGS, ...mailbox.keywords.values(), '\\*'].join(' ')})`;
}

/** A message's flags for FETCH FLAGS, with the session's \Recent. */
export function messageFlags(flags: Iterable<string>, recent: boolean): string {
  const all = [...flags];
  if (recent) all.push('\\Recent');
  return `(${all.join(' ')})`;
}
