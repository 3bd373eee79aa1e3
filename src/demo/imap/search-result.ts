// The search result variable of SEARCHRES (RFC 5182 2.1; RFC 9051 6.4.4.1): SEARCH RETURN
// (SAVE) keeps its result, and `$` stands for it where a sequence-set goes.
//
// The variable belongs to one selection: RFC 5182 2.1 empties it when SELECT or EXAMINE
// completes, and without a selected mailbox no command can use it. Each SELECT/EXAMINE makes a
// new MailboxView, so the variable is kept per view; CLOSE, UNSELECT and any new selection drop
// it with the view. Handlers reach it through the view they already hold (selectMessages takes
// the view, not the session).
//
// It holds UIDs: they do not shift when messages are expunged, and `$` means message numbers
// in a command and UIDs in its UID form (RFC 5182 2.1, implementation note). An expunged
// message leaves the result (RFC 5182 2.1: "automatically removed from the list").

import type { ImapValue } from '../../protocol/imap/types.js';
import type { StoredMessage } from '../store/mailbox.js';
import type { MailboxView } from '../store/view.js';
import { atomOf } from './args.js';

/** seq-last-command = "$" (RFC 5182 3): a whole sequence-set, never part of one. */
export const SEARCH_RESULT_MARKER = '$';

const saved = new WeakMap<MailboxView, ReadonlySet<number>>();

export function isSearchResultMarker(v: ImapValue | undefined): boolean {
  return atomOf(v) === SEARCH_RESULT_MARKER;
}

/** RFC 5182 2.1: a successful SEARCH with SAVE replaces the variable; one that failed with NO empties it. */
export function saveSearchResult(view: MailboxView, messages: readonly StoredMessage[]): void {
  saved.set(view, new Set(messages.map((m) => m.uid)));
}

/** The saved messages of the view that are not expunged, with their sequence numbers; empty when nothing was saved. */
export function savedMessages(view: MailboxView): Array<{ seq: number; message: StoredMessage }> {
  const uids = saved.get(view);
  if (!uids) return [];
  const out: Array<{ seq: number; message: StoredMessage }> = [];
  view.messages.forEach((message, i) => {
    if (uids.has(message.uid) && !message.expunged) out.push({ seq: i + 1, message });
  });
  return out;
}

/** Whether a message is in the saved result (the `$` search key, RFC 5182 2.1). */
export function inSavedResult(view: MailboxView, message: StoredMessage): boolean {
  return !message.expunged && (saved.get(view)?.has(message.uid) ?? false);
}
