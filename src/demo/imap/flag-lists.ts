// The FLAGS and PERMANENTFLAGS lists of a mailbox (RFC 3501 7.2.6, 7.1): the system flags,
// then every keyword stored in it; `\*` says clients may create new keywords.

import { SYSTEM_FLAGS } from '../store/flags.js';
import type { Mailbox } from '../store/mailbox.js';
import { flagRight } from './shared-mailboxes.js';

export function flagsList(mailbox: Mailbox): string {
  return `(${[...SYSTEM_FLAGS, ...mailbox.keywords.values()].join(' ')})`;
}

/**
 * The flags this session may change for good. RFC 4314 5.1.1: an ACL server MUST reflect the
 * user's rights here, so a grantee's list keeps only the flags its rights allow (`\\*`, new
 * keywords, needs `w`).
 */
export function permanentFlagsList(mailbox: Mailbox, rights: string): string {
  const all = [...SYSTEM_FLAGS, ...mailbox.keywords.values(), '\\*'];
  return `(${all.filter((f) => rights.includes(flagRight(f))).join(' ')})`;
}

/** A message's flags for FETCH FLAGS, with the session's \Recent. */
export function messageFlags(flags: Iterable<string>, recent: boolean): string {
  const all = [...flags];
  if (recent) all.push('\\Recent');
  return `(${all.join(' ')})`;
}
