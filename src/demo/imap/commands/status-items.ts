// STATUS data items the demo answers, shared by the STATUS command (RFC 9051 6.3.11) and the
// STATUS return option of LIST (LIST-STATUS, RFC 5819 2), so the two never drift apart.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { quoted } from '../../../protocol/imap/writer.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import type { ImapContext } from '../context.js';
import type { Mailbox } from '../../store/mailbox.js';
import { enableCondstore } from './condstore.js';
import { appendLimitOf } from './appendlimit.js';
import { OBJECTID_STATUS_ITEMS } from './objectid.js';
import { REMOVED_STATUS_ITEMS, removedInRev2, wireName } from '../rev2.js';

/** Each item read from the mailbox; undefined is written NIL. */
const STATUS_ITEMS: Record<string, (m: Mailbox) => number | string | undefined> = {
  // RFC 3501 6.3.10 / RFC 9051 6.3.11.
  MESSAGES: (m) => m.messages.length,
  RECENT: (m) => m.unclaimedRecent.size,
  UIDNEXT: (m) => m.uidNext,
  UIDVALIDITY: (m) => m.uidValidity,
  UNSEEN: (m) => m.countUnseen(),
  // RFC 9051 6.3.11: the number of messages with the \Deleted flag.
  DELETED: (m) => m.messages.filter((msg) => msg.flags.has('\\Deleted')).length,
  // RFC 8438 (STATUS=SIZE; RFC 9051 6.3.11): the mailbox's octets, at least the sum of every
  // message's RFC822.SIZE; the demo stores each message as sent, so the sum is exact.
  SIZE: (m) => m.messages.reduce((octets, msg) => octets + msg.raw.length, 0),
  // RFC 7162 3.1.2.1 (CONDSTORE).
  HIGHESTMODSEQ: (m) => m.highestModseq,
  // RFC 7889 3.1 (APPENDLIMIT): number, or NIL for no limit.
  APPENDLIMIT: appendLimitOf,
  // RFC 8474 4.3 (OBJECTID): MAILBOXID (F1).
  ...OBJECTID_STATUS_ITEMS,
};

/**
 * The item names of a `(status-att ...)` list, upper-cased, in the order asked. Not a list,
 * an empty list or an unknown name is BAD (RFC 9051 9: status-att-list has at least one item).
 */
export function readStatusItems(ctx: Pick<ImapContext, 'rev2'>, value: ImapValue | undefined, where: string): string[] {
  if (!isList(value) || value.items.length === 0) throw new ArgumentError(`${where} needs a parenthesized list of items`);
  const names = value.items.map((v) => atomOf(v)?.toUpperCase() ?? '');
  // RFC 9051 9, status-att: no RECENT in IMAP4rev2 (Appendix E item 12).
  const removed = ctx.rev2 ? names.find((n) => REMOVED_STATUS_ITEMS.has(n)) : undefined;
  if (removed !== undefined) throw new ArgumentError(removedInRev2(`The STATUS item ${removed}`));
  const unknown = names.find((n) => !Object.hasOwn(STATUS_ITEMS, n));
  if (unknown !== undefined) throw new ArgumentError(`Unknown STATUS item ${unknown || '(not an atom)'}`);
  return names;
}

/** Writes `* STATUS "name" (item value ...)` for a selectable mailbox. */
/** `stored`: the name this session knows the mailbox by (another user's is under #Users., RFC 2342 5). */
export function writeStatus(ctx: ImapContext, mailbox: Mailbox, names: readonly string[], stored = mailbox.name): void {
  // RFC 7162 3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command.
  if (names.includes('HIGHESTMODSEQ')) enableCondstore(ctx);
  const values = names.map((n) => `${n} ${STATUS_ITEMS[n]!(mailbox) ?? 'NIL'}`).join(' ');
  ctx.untagged(`STATUS ${quoted(wireName(ctx, stored))} (${values})`);
}
