// CONDSTORE (RFC 7162 section 3.1) pieces the handlers share: reading mod-sequence values
// and the parenthesized command modifiers that carry them (RFC 4466 2.4, 2.5), and writing
// MODSEQ into FETCH responses. Whether the session is "CONDSTORE-aware" is ctx.condstore.

import type { ImapValue } from '../../../protocol/imap/types.js';
import type { StoredMessage } from '../../store/mailbox.js';
import type { MailboxView } from '../../store/view.js';
import { parsePartialRange, type PartialRange } from './partial.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import type { ImapContext } from '../context.js';
import { messageFlags } from '../flag-lists.js';

/**
 * What a CONDSTORE enabling command does (RFC 7162 3.1): the session is CONDSTORE-aware until
 * the connection closes. For ENABLE CONDSTORE and SELECT/EXAMINE (CONDSTORE) that is all.
 */
export function enableCondstore(ctx: Pick<ImapContext, 'condstore'>): void {
  ctx.condstore = true;
}

/** RFC 7162 section 7: mod-sequences are unsigned 63-bit numbers. */
const MAX_MODSEQ = 2n ** 63n - 1n;
const DIGITS = /^[0-9]{1,19}$/;

/**
 * Reads a mod-sequence-value (positive) or, with `zero`, a mod-sequence-valzer (RFC 7162 7).
 * A value past 2^53 loses precision as a JS number; harmless, since the demo's own
 * mod-sequences are small and such a value only compares as "greater than all of them".
 */
export function modSequence(v: ImapValue | undefined, what: string, zero: boolean): number {
  const text = atomOf(v);
  if (text === undefined || !DIGITS.test(text) || BigInt(text) > MAX_MODSEQ) {
    throw new ArgumentError(`${what} needs a mod-sequence: a number below 2^63 (RFC 7162 section 7)`);
  }
  const n = Number(text);
  if (n === 0 && !zero) throw new ArgumentError(`${what} 0 is not a mod-sequence: they start at 1 (RFC 7162 section 7)`);
  return n;
}

/**
 * Modifier name -> whether its mod-sequence may be 0 (mod-sequence-valzer), or 'flag' for a
 * modifier that takes no value.
 */
export type ModifierTable = Readonly<Record<string, boolean | 'flag' | 'range'>>;

/**
 * RFC 7162 3.1.4.1: FETCH ... (CHANGEDSINCE mod-sequence-value); RFC 9394 3.3: (PARTIAL range),
 * a fetch-modifier, so FETCH and UID FETCH alike.
 */
export const FETCH_MODIFIERS: ModifierTable = { CHANGEDSINCE: false, PARTIAL: 'range' };
/** RFC 7162 3.2.6: UID FETCH also takes VANISHED (no value), with CHANGEDSINCE and QRESYNC only. */
export const UID_FETCH_MODIFIERS: ModifierTable = { ...FETCH_MODIFIERS, VANISHED: 'flag' };
/** RFC 7162 3.1.3: STORE ... (UNCHANGEDSINCE mod-sequence-valzer); 0 makes every message fail. */
export const STORE_MODIFIERS: ModifierTable = { UNCHANGEDSINCE: true };

/**
 * Reads `(NAME value ...)` against a table; an unknown or repeated modifier is BAD (RFC 4466
 * 2.4/2.5: a server rejects modifiers it does not know; RFC 7162 7: only one UNCHANGEDSINCE).
 * A 'flag' modifier is in the map with no value.
 */
export function readModifiers(v: ImapValue, table: ModifierTable, command: string): Modifiers {
  if (!isList(v) || v.items.length === 0) throw new ArgumentError(`${command} modifiers are a parenthesized list like (${Object.keys(table)[0]} 12)`);
  const out: Modifiers = new Map<string, number | undefined>();
  const items = v.items;
  for (let i = 0; i < items.length; i++) {
    const name = atomOf(items[i])?.toUpperCase() ?? '';
    if (!Object.hasOwn(table, name)) throw new ArgumentError(`unknown ${command} modifier ${name || '(not an atom)'}`);
    if (out.has(name)) throw new ArgumentError(`${name} given twice`);
    const kind = table[name];
    if (kind === 'range') out.partial = parsePartialRange(items[++i]);
    out.set(name, kind === 'flag' || kind === 'range' ? undefined : modSequence(items[++i], name, kind));
  }
  return out;
}

/** Modifier name -> its mod-sequence (undefined for a flag); PARTIAL's range beside. */
export type Modifiers = Map<string, number | undefined> & { partial?: PartialRange };

/** `MODSEQ (n)`: fetch-mod-resp (RFC 7162 3.1.4.2, section 7). */
export function modseqItem(message: StoredMessage): string {
  return `MODSEQ (${message.modseq})`;
}

/**
 * The untagged FETCH that tells a session a message's flags changed (RFC 3501 7.4.2): after
 * its STORE, another session's change, or an implicit \Seen. Once CONDSTORE is on, it also
 * carries UID and MODSEQ (RFC 7162 3.1 and 3.2.4), so the client's cache keeps the message's
 * new mod-sequence.
 */
export function flagUpdate(seq: number, message: StoredMessage, view: MailboxView, condstore: boolean, uid: boolean): string {
  const items: string[] = [];
  if (uid || condstore) items.push(`UID ${message.uid}`);
  items.push(`FLAGS ${messageFlags(message.flags, view.showsRecent(message))}`);
  if (condstore) items.push(modseqItem(message));
  return `${seq} FETCH (${items.join(' ')})`;
}

/** RFC 7162 3.1.3: after a .SILENT conditional STORE the client still learns the new MODSEQ. */
export function modseqUpdate(seq: number, message: StoredMessage): string {
  return `${seq} FETCH (UID ${message.uid} ${modseqItem(message)})`;
}

/** The highest MODSEQ among messages, for `* SEARCH ... (MODSEQ n)` (RFC 7162 3.1.6). */
export function highestOf(messages: Iterable<StoredMessage>): number {
  let highest = 0;
  for (const m of messages) if (m.modseq > highest) highest = m.modseq;
  return highest;
}
