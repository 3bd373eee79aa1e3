// CONTEXT=SEARCH (RFC 5267 4): `SEARCH RETURN (UPDATE) keys` keeps the search alive. As
// messages start or stop matching, the session is sent `* ESEARCH (TAG "t") [UID] ADDTO (0 set)`
// and `REMOVEFROM (0 set)`, until CANCELUPDATE "t" or the mailbox is no longer selected
// (4.3). SEARCH results are in mailbox order, so every position is 0: "insert (or remove)
// keeping mailbox order" (4.3.3, 4.3.4). CONTEXT=SORT, with real positions, is not done.
//
// A context belongs to one selection, like the `$` of SEARCHRES (search-result.ts): kept per
// MailboxView, so UNSELECT, CLOSE and any new SELECT or EXAMINE end it with the view.
// What is sent when (4.3.2: "MAY be sent at any time", except that numbers must stay valid):
// reportSearchUpdates() compares each context's result with what its search program matches
// now, over the messages the session has been told of. The session calls it before it drains
// the view's queue (a REMOVEFROM for an expunged message goes while its number is still valid,
// before EXPUNGE or VANISHED, 4.3.4) and after (an ADDTO for a new message goes after its
// EXISTS, 4.3.3); NOTIFY's scheduler calls it between commands too, so updates reach a
// client that is not idling (the RFC's own example sends REMOVEFROM with no command running).

import { quoted } from '../../../protocol/imap/writer.js';
import type { StoredMessage } from '../../store/mailbox.js';
import type { MailboxView } from '../../store/view.js';
import { ArgumentError, textOf } from '../args.js';
import { bad, no, ok, type Handler, type ImapContext } from '../context.js';
import { selectedView } from '../selection.js';
import { formatSet } from '../sequence-set.js';
import type { Hit, Test } from './search.js';

/** One search kept up to date (RFC 5267 4.3). */
interface SearchContext {
  /** The searching command's tag: the search correlator of every update (4.3). */
  readonly tag: string;
  /** A UID SEARCH: updates carry UIDs; a SEARCH: message numbers (4.3.2). */
  readonly uidForm: boolean;
  /** Whether a message matches the search program now. */
  readonly matches: (m: StoredMessage) => boolean;
  /** The result as the client knows it: UIDs. */
  readonly result: Set<number>;
}

/**
 * RFC 5267 4.3.1: a server MUST keep at least one updating context per client and MAY refuse
 * more, with an untagged NO [NOUPDATE "tag"]. The demo keeps this many per selection.
 */
export const MAX_SEARCH_CONTEXTS = 8;

/** ADDTO and REMOVEFROM of a SEARCH use context position 0 (RFC 5267 4.3.3, 4.3.4, 5). */
const SEARCH_POSITION = 0;

const contextsByView = new WeakMap<MailboxView, Map<string, SearchContext>>();

function contextsOf(view: MailboxView): Map<string, SearchContext> {
  let contexts = contextsByView.get(view);
  if (!contexts) contextsByView.set(view, (contexts = new Map()));
  return contexts;
}

/**
 * RFC 5267 4.3: "An attempt to use UPDATE where a tag is already in use with a previous
 * searching command that itself used UPDATE SHALL result in ... a BAD response". Throws
 * ArgumentError (BAD) before the search runs, so the command has no effect.
 */
export function refuseTagInUse(view: MailboxView, tag: string): void {
  if (contextsByView.get(view)?.has(tag)) {
    throw new ArgumentError(`tag ${tag} is in use by a search kept up to date (RFC 5267 4.3): use a new tag, or CANCELUPDATE "${tag}" first`);
  }
}

/**
 * Starts keeping a SEARCH's result up to date, with the messages it matched. Message numbers in
 * the keys are read when the command runs (RFC 5267 4.3, from the RFC 3501 errata): a message
 * is tested later with the number it had then, and a message new since has none (0).
 * Returns false when refused (too many contexts): the caller sends NO [NOUPDATE] (4.3.1).
 */
export function openSearchContext(view: MailboxView, tag: string, uidForm: boolean, test: Test, hits: readonly Hit[]): boolean {
  const contexts = contextsOf(view);
  if (contexts.size >= MAX_SEARCH_CONTEXTS) return false;
  const seqThen = new Map(view.messages.map((m, i) => [m.uid, i + 1]));
  const matches = (m: StoredMessage) => !m.expunged && test(m, seqThen.get(m.uid) ?? 0);
  // The result as answered, even a message expunged but not yet reported: it then leaves with
  // a REMOVEFROM before its EXPUNGE, like any other.
  contexts.set(tag, { tag, uidForm, matches, result: new Set(hits.map((h) => h.message.uid)) });
  return true;
}

/** RFC 5267 4.3.1: the untagged NO that says a search will not be kept up to date. */
export function noUpdateLine(tag: string): string {
  return `NO [NOUPDATE ${quoted(tag)}] Too many searches kept up to date; CANCELUPDATE one first`;
}

/** The ADDTO and REMOVEFROM of one context, or undefined when its result has not changed. */
function updateLine(view: MailboxView, context: SearchContext): string | undefined {
  const removed: number[] = [];
  const added: number[] = [];
  view.messages.forEach((m, i) => {
    const number = context.uidForm ? m.uid : i + 1;
    const was = context.result.has(m.uid);
    const is = context.matches(m);
    if (was && !is) removed.push(number);
    if (!was && is) added.push(number);
    if (is) context.result.add(m.uid);
    else context.result.delete(m.uid);
  });
  if (removed.length === 0 && added.length === 0) return undefined;
  const parts = [`ESEARCH (TAG ${quoted(context.tag)})`];
  if (context.uidForm) parts.push('UID');
  // Removals first: the client applies the items in order (RFC 5267 4.3.2).
  if (removed.length > 0) parts.push(`REMOVEFROM (${SEARCH_POSITION} ${formatSet(removed)})`);
  if (added.length > 0) parts.push(`ADDTO (${SEARCH_POSITION} ${formatSet(added)})`);
  return parts.join(' ');
}

/**
 * Sends what changed in the session's kept searches, over the messages it knows of now (RFC
 * 5267 4.3.2). Messages still queued in the view wait for their EXISTS; expunged ones still in
 * the view are removed while their numbers hold.
 */
export function reportSearchUpdates(ctx: Pick<ImapContext, 'view' | 'untagged'>): void {
  const view = ctx.view;
  const contexts = view && contextsByView.get(view);
  if (!view || !contexts) return;
  for (const context of contexts.values()) {
    const line = updateLine(view, context);
    if (line) ctx.untagged(line);
  }
}

/**
 * CANCELUPDATE "tag" ... (RFC 5267 4.3.5; command-select =/ "CANCELUPDATE" 1*(SP quoted), 5).
 * RFC 5267 does not say what a tag with no context gets; the demo answers NO and cancels
 * nothing, as Dovecot answers "NO Unknown tag".
 */
export const CANCELUPDATE: Handler = (ctx, call) => {
  const view = selectedView(ctx);
  if (call.args.length === 0) return bad('CANCELUPDATE needs the tags of the searches to stop, quoted: CANCELUPDATE "a5"');
  const tags = call.args.map((arg) => {
    if (arg.type !== 'quoted') throw new ArgumentError(`CANCELUPDATE takes each tag as a quoted string: CANCELUPDATE "${textOf(arg) ?? 'a5'}" (RFC 5267 5)`);
    return textOf(arg)!;
  });
  const contexts = contextsByView.get(view);
  const unknown = tags.filter((tag) => !contexts?.has(tag));
  if (unknown.length > 0) return no(`No search kept up to date has the tag ${unknown.join(', ')}`);
  for (const tag of tags) contexts!.delete(tag);
  // The wording of RFC 5267 4.3.5's example.
  return ok('No further updates.');
};
