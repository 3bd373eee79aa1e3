// Turning a sequence-set argument into the messages of the selected view. UIDs that do not
// exist are skipped (RFC 3501 6.4.8: "not an error"). A message number past EXISTS is a
// client error (RFC 3501 9, seq-number, "should" be BAD); like Courier-IMAP, the server the
// tutorial shows, the demo runs the command on the numbers that exist, and says what was
// wrong with OK [CLIENTBUG] (RFC 5530), so the tutorial's `fetch 2` on a one-message
// mailbox still completes and the learner sees why nothing came back.
// `$` (SEARCHRES, RFC 5182 2.1) is the saved search result: message numbers here, UIDs in a
// UID command; when nothing was saved it is an empty set, and the command still completes.

import type { ImapValue } from '../../protocol/imap/types.js';
import type { StoredMessage } from '../store/mailbox.js';
import type { MailboxView } from '../store/view.js';
import { ArgumentError, atomOf } from './args.js';
import { ok, type Completion, type ImapContext } from './context.js';
import { isSearchResultMarker, savedMessages, SEARCH_RESULT_MARKER } from './search-result.js';
import { allWithin, inRanges, numbersIn, parseSequenceSet, type Range } from './sequence-set.js';

export interface Selected { seq: number; message: StoredMessage }

export function selectedView(ctx: ImapContext): MailboxView {
  if (!ctx.view) throw new Error('selected state without a view');
  return ctx.view;
}

/** RFC 5182 3: seq-last-command is a sequence-set of its own, never a part of one (`1,$`). */
export function refuseMarkerInSet(text: string): void {
  if (text !== SEARCH_RESULT_MARKER && text.includes(SEARCH_RESULT_MARKER)) {
    throw new ArgumentError(`${SEARCH_RESULT_MARKER} (the saved search result) stands alone, not in ${text}`);
  }
}

/** A sequence-set of numbers; `$` has no numbers without the view, so callers with a view resolve it first. */
export function parseSet(v: ImapValue | undefined, star: number): Range[] {
  const text = atomOf(v);
  const ranges = text === undefined ? undefined : parseSequenceSet(text, star);
  if (text === SEARCH_RESULT_MARKER) throw new ArgumentError(`${SEARCH_RESULT_MARKER} (the saved search result) is not accepted here`);
  if (text !== undefined) refuseMarkerInSet(text);
  if (!ranges) throw new ArgumentError(`invalid sequence set ${text ?? ''}`.trim());
  return ranges;
}

export interface Selection {
  messages: Selected[];
  /** Set when message numbers past EXISTS were asked for: the CLIENTBUG text. */
  clientBug?: string;
}

export function selectMessages(view: MailboxView, v: ImapValue | undefined, uidForm: boolean): Selection {
  if (isSearchResultMarker(v)) return { messages: savedMessages(view) };
  if (uidForm) {
    const ranges = parseSet(v, view.maxUid());
    const out: Selected[] = [];
    view.messages.forEach((message, i) => {
      if (inRanges(message.uid, ranges)) out.push({ seq: i + 1, message });
    });
    return { messages: out };
  }
  const count = view.messages.length;
  const ranges = parseSet(v, count);
  const messages = numbersIn(ranges, count).map((seq) => ({ seq, message: view.messages[seq - 1] }));
  if (allWithin(ranges, count)) return { messages };
  return { messages, clientBug: `no message ${atomOf(v)} here: the mailbox has ${count} (RFC 3501 section 9)` };
}

/** The tagged OK, with [CLIENTBUG] when numbers past EXISTS were skipped. */
export function completed(text: string, selection: Selection): Completion {
  return selection.clientBug ? ok(`${text} (${selection.clientBug})`, 'CLIENTBUG') : ok(text);
}
