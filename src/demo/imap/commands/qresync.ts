// QRESYNC (RFC 7162 section 3.2) pieces the handlers share: ENABLE QRESYNC, the QRESYNC
// SELECT/EXAMINE parameter and the resynchronisation it asks for, UID FETCH's VANISHED
// modifier, and VANISHED in place of EXPUNGE. Whether QRESYNC is on is ctx.qresync.

import type { ImapValue } from '../../../protocol/imap/types.js';
import type { Mailbox } from '../../store/mailbox.js';
import type { MailboxView, ViewUpdate } from '../../store/view.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import type { ImapContext } from '../context.js';
import { isSearchResultMarker } from '../search-result.js';
import { formatSet, inRanges, parseSequenceSet, type Range } from '../sequence-set.js';
import { flagUpdate, modSequence } from './condstore.js';

/**
 * ENABLE QRESYNC (RFC 7162 3.2.3): the only way to turn QRESYNC on, and a CONDSTORE enabling
 * command too, so it implies CONDSTORE for the rest of the connection.
 */
export function enableQresync(ctx: Pick<ImapContext, 'condstore' | 'qresync'>): void {
  ctx.qresync = true;
  ctx.condstore = true;
}

/** The QRESYNC select parameter's value (RFC 7162 3.2.5, section 7 `qresync-param`). */
export interface QresyncParam {
  uidValidity: number;
  /** The client's last known mod-sequence: report what changed after it. */
  modseq: number;
  /** known-uids; when absent, the client may know every UID below UIDNEXT. */
  knownUids?: Range[];
  /** seq-match-data: message numbers the client had, and the UID it had for each (3.2.5.2). */
  seqMatch?: Array<{ seq: number; uid: number }>;
}

export const QRESYNC_SYNTAX = 'QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])';
/** Bound on the numbers one seq-match-data may spell out (each side). */
const MAX_SEQ_MATCH = 100_000;
const NZ_NUMBER = /^[1-9][0-9]{0,9}$/;

/**
 * Reads `(uidvalidity modseq [known-uids] [seq-match-data])`. RFC 7162 3.2.5: without a
 * positive ENABLE QRESYNC earlier on this connection, the parameter is BAD.
 */
export function readQresyncParam(v: ImapValue | undefined, ctx: Pick<ImapContext, 'qresync'>, command: string): QresyncParam {
  if (!ctx.qresync) throw new ArgumentError(`${command} (QRESYNC ...) needs ENABLE QRESYNC first (RFC 7162 3.2.5)`);
  if (!isList(v) || v.items.length < 2 || v.items.length > 4) throw new ArgumentError(`expected: ${command} mailbox (${QRESYNC_SYNTAX})`);
  const [validity, modseq, ...rest] = v.items;
  const validityText = atomOf(validity) ?? '';
  if (!NZ_NUMBER.test(validityText) || Number(validityText) > 0xffffffff) throw new ArgumentError('QRESYNC needs the last known UIDVALIDITY: a number from 1 to 2^32-1');
  const param: QresyncParam = { uidValidity: Number(validityText), modseq: modSequence(modseq, 'QRESYNC', false) };
  // The grammar lets seq-match-data come with or without known-uids before it.
  if (rest.length > 0 && !isList(rest[0])) param.knownUids = uidSetWithoutStar(rest.shift(), 'known-uids');
  if (rest.length > 0) param.seqMatch = readSeqMatch(rest.shift());
  if (rest.length > 0) throw new ArgumentError(`expected: ${command} mailbox (${QRESYNC_SYNTAX})`);
  return param;
}

/** RFC 7162 section 7: known-uids and both halves of seq-match-data are sets without "*". */
function uidSetWithoutStar(v: ImapValue | undefined, what: string): Range[] {
  const text = atomOf(v);
  if (text?.includes('*')) throw new ArgumentError(`${what} may not hold * (RFC 7162 section 7)`);
  const ranges = text === undefined ? undefined : parseSequenceSet(text, 0);
  if (!ranges) throw new ArgumentError(`${what} must be a set of numbers like 1:5,7`);
  return ranges;
}

/** The numbers of a set in the order written, e.g. "1:3,7" -> 1 2 3 7. */
function spelled(ranges: Range[], what: string): number[] {
  const out: number[] = [];
  for (const r of ranges) {
    if (out.length + (r.to - r.from + 1) > MAX_SEQ_MATCH) throw new ArgumentError(`${what} is too long (at most ${MAX_SEQ_MATCH} numbers)`);
    for (let n = r.from; n <= r.to; n++) out.push(n);
  }
  return out;
}

function readSeqMatch(v: ImapValue | undefined): Array<{ seq: number; uid: number }> {
  if (!isList(v) || v.items.length !== 2) throw new ArgumentError('seq-match-data is (known-sequence-set known-uid-set)');
  const seqs = spelled(uidSetWithoutStar(v.items[0], 'known-sequence-set'), 'known-sequence-set');
  const uids = spelled(uidSetWithoutStar(v.items[1], 'known-uid-set'), 'known-uid-set');
  // RFC 7162 3.2.5: the two sets name the same messages, pair by pair.
  if (seqs.length !== uids.length) throw new ArgumentError(`seq-match-data pairs ${seqs.length} message numbers with ${uids.length} UIDs`);
  return seqs.map((seq, i) => ({ seq, uid: uids[i] }));
}

/**
 * RFC 7162 3.2.5.2: the highest UID whose message number is still the one the client gave.
 * Nothing below it can have vanished from what the client knew (new mail only ever gets
 * higher UIDs), so when the server cannot tell exactly, it need not report UIDs below it.
 */
function unchangedUpTo(view: MailboxView, seqMatch: QresyncParam['seqMatch']): number {
  let best = 0;
  for (const { seq, uid } of seqMatch ?? []) if (view.messages[seq - 1]?.uid === uid && uid > best) best = uid;
  return best;
}

/**
 * After the usual SELECT/EXAMINE responses (RFC 7162 3.2.5.1, as its example shows): when the
 * UIDVALIDITY matches, `* VANISHED (EARLIER)` for known UIDs expunged since the mod-sequence,
 * then `* n FETCH (UID FLAGS MODSEQ)` for known messages changed since. A mismatch means the
 * client's cache is void: only the usual responses, which carry the new UIDVALIDITY.
 */
export function resynchronize(ctx: ImapContext, view: MailboxView, param: QresyncParam): void {
  const mailbox = view.mailbox;
  if (param.uidValidity !== mailbox.uidValidity) return;
  const known = param.knownUids;
  const isKnown = known ? (uid: number) => inRanges(uid, known) : () => true;
  writeVanishedEarlier(ctx, mailbox.vanishedSince(param.modseq, isKnown, unchangedUpTo(view, param.seqMatch)));
  view.messages.forEach((message, i) => {
    if (message.modseq <= param.modseq || !isKnown(message.uid)) return;
    ctx.untagged(flagUpdate(i + 1, message, view, true, true));
    view.flagsSent(message);
  });
}

/**
 * UID FETCH ... (CHANGEDSINCE n VANISHED), RFC 7162 3.2.6: the UIDs of the set expunged
 * after n, as VANISHED (EARLIER), before any FETCH response. `*` stands for the highest UID
 * ever given out here: a client asking "1:*" also hears of the highest ones that went.
 */
export function reportVanishedEarlier(ctx: ImapContext, view: MailboxView, set: ImapValue | undefined, since: number): void {
  // RFC 5182 2.1: an expunged message leaves the saved result, so `$` names none that vanished.
  if (isSearchResultMarker(set)) return;
  const text = atomOf(set) ?? '';
  const star = Math.max(view.maxUid(), view.mailbox.uidNext - 1);
  const ranges = parseSequenceSet(text, star);
  if (!ranges) throw new ArgumentError(`invalid sequence set ${text}`.trim());
  writeVanishedEarlier(ctx, view.mailbox.vanishedSince(since, (uid) => inRanges(uid, ranges)));
}

function writeVanishedEarlier(ctx: ImapContext, uids: number[]): void {
  if (uids.length > 0) ctx.untagged(`VANISHED (EARLIER) ${formatSet(uids)}`);
}

/**
 * RFC 7162 3.2.10.2: once QRESYNC is on, the expunges of one report go as a single
 * `* VANISHED uid-set` (no EARLIER: the count drops, numbers shift) instead of `* n EXPUNGE`.
 */
export function reportVanished(ctx: Pick<ImapContext, 'untagged'>, updates: ViewUpdate[]): void {
  const uids = updates.flatMap((u) => (u.kind === 'expunge' ? [u.uid] : [])).sort((a, b) => a - b);
  if (uids.length > 0) ctx.untagged(`VANISHED ${formatSet(uids)}`);
}

/**
 * RFC 7162 3.2.7-3.2.9: with QRESYNC on, the tagged OK of EXPUNGE, UID EXPUNGE and CLOSE
 * carries the new HIGHESTMODSEQ when at least one message went (Dovecot does the same).
 */
export function expungedCode(ctx: Pick<ImapContext, 'qresync'>, mailbox: Mailbox, expunged: number): string | undefined {
  return ctx.qresync && expunged > 0 ? `HIGHESTMODSEQ ${mailbox.highestModseq}` : undefined;
}
