// IMAP4rev2 (RFC 9051) next to IMAP4rev1 on one server. The demo announces both; a client
// that sends ENABLE IMAP4rev2 gets RFC 9051 behaviour for the rest of the connection, any
// other client gets IMAP4rev1 byte for byte (RFC 9051 Appendix A). This file holds the facts
// that differ and the switches the handlers call; ctx.rev2 says which revision a session speaks.
//
// Differences (RFC 9051 Appendix E, items named by number):
//   4  SEARCH answers with ESEARCH, never SEARCH (search.ts).
//   10 SELECT/EXAMINE send an untagged LIST of the mailbox (mailboxes.ts, selectedListLine).
//   11, 12 no [UNSEEN n], no RECENT, no \Recent; the RECENT/NEW/OLD search keys and the RECENT
//      STATUS item left the grammar (section 9 search-key, status-att), so they are BAD here.
//   16 mailbox names travel as UTF-8, not modified UTF-7 (section 5.1); the store keeps mUTF-7,
//      so names are converted at the edge: storedName() in, wireName() out.
//   17 CHECK was removed (use NOOP): BAD.
//   21 every unsolicited FETCH carries UID (also section 6.3.13 for IDLE).
// Deprecated but still in the demo for a rev2 session: LSUB (item 19) and the RFC822,
// RFC822.HEADER, RFC822.TEXT fetch items (item 18).

import { decodeMailboxName, encodeMailboxName } from '../../protocol/imap/mutf7.js';
import type { ImapValue } from '../../protocol/imap/types.js';
import { requireText } from './args.js';
import type { ImapContext } from './context.js';

/** The capability a client names in ENABLE (RFC 9051 Appendix A). */
export const IMAP4REV2 = 'IMAP4REV2';

export function enableImap4rev2(ctx: Pick<ImapContext, 'rev2'>): void {
  ctx.rev2 = true;
}

/** Commands RFC 9051 removed (Appendix E item 17), with what to use instead. */
export const REMOVED_COMMANDS: Readonly<Record<string, string>> = {
  CHECK: 'NOOP',
};

/** Search keys that left the grammar with \Recent (Appendix E item 12; section 9 search-key). */
export const REMOVED_SEARCH_KEYS: ReadonlySet<string> = new Set(['RECENT', 'NEW', 'OLD']);

/** STATUS items that left the grammar (Appendix E item 12; section 9 status-att). */
export const REMOVED_STATUS_ITEMS: ReadonlySet<string> = new Set(['RECENT']);

/** Why a removed name is BAD in this session. */
export function removedInRev2(what: string, instead?: string): string {
  return `${what} was removed in IMAP4rev2 (RFC 9051 Appendix E)${instead ? `; use ${instead}` : ''}; this session enabled IMAP4rev2`;
}

/**
 * A mailbox name as the client sent it, in the store's form (modified UTF-7). An IMAP4rev2
 * session sends UTF-8, normalised to NFC as RFC 9051 5.1 allows (Net-Unicode, RFC 5198).
 */
export function storedName(ctx: Pick<ImapContext, 'rev2'>, text: string): string {
  return ctx.rev2 ? encodeMailboxName(text.normalize('NFC')) : text;
}

/** A stored name as this session spells it on the wire: UTF-8 for IMAP4rev2, mUTF-7 otherwise. */
export function wireName(ctx: Pick<ImapContext, 'rev2'>, stored: string): string {
  return ctx.rev2 ? decodeMailboxName(stored) : stored;
}

/** A mailbox argument (RFC 9051 9, `mailbox`) in the store's form; BAD when missing. */
export function requireMailbox(ctx: Pick<ImapContext, 'rev2'>, args: ImapValue[], index: number, what: string): string {
  return storedName(ctx, requireText(args, index, what));
}
