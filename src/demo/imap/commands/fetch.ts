// FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8, 7.4.2). Items are read into small attribute
// writers once per command, then run for each message. A BODY[...] (not .PEEK), RFC822 or
// RFC822.TEXT on a read-write mailbox sets \Seen, and the FLAGS then go back with it.
// CONDSTORE (RFC 7162 3.1.4): the MODSEQ item, the CHANGEDSINCE modifier, and MODSEQ with
// FLAGS once the session is CONDSTORE-aware. QRESYNC (RFC 7162 3.2.6): UID FETCH's VANISHED
// modifier reports the set's UIDs expunged since CHANGEDSINCE.
// BINARY (RFC 3516, RFC 9051 6.4.5): BINARY[...], BINARY.PEEK[...], BINARY.SIZE[...] in binary.ts.
// PREVIEW (RFC 8970): PREVIEW and PREVIEW (LAZY) in preview.ts.
// OBJECTID (RFC 8474): EMAILID and THREADID in objectid.ts; SAVEDATE (RFC 8514) in savedate.ts.

import type { ImapValue, ImapSectionItem } from '../../../protocol/imap/types.js';
import { fetchItem } from '../../../registry/index.js';
import { envelope } from '../../../mime/envelope.js';
import { bodyStructure } from '../../../mime/bodystructure.js';
import { fetchSection, parseSection, partial } from '../../../mime/section.js';
import { quoted } from '../../../protocol/imap/writer.js';
import type { StoredMessage } from '../../store/mailbox.js';
import { parsed } from '../../store/parsed.js';
import type { MailboxView } from '../../store/view.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import type { Completion, Handler } from '../context.js';
import { messageFlags } from '../flag-lists.js';
import { literalPart as anyLiteralPart, valuePart, type Part } from '../wire.js';
import { completed, selectMessages, selectedView, type Selected } from '../selection.js';
import { FETCH_MODIFIERS, UID_FETCH_MODIFIERS, enableCondstore, modseqItem, readModifiers, type Modifiers } from './condstore.js';
import { partialWindow } from './partial.js';
import { reportVanishedEarlier } from './qresync.js';
import { binaryAttribute, isBinaryItem, withoutNul } from './binary.js';
import type { Attribute } from './fetch-attribute.js';
import { isPreviewItem, previewAttribute, withPreviewGrouped } from './preview.js';
import { OBJECTID_FETCH_ITEMS } from './objectid.js';
import { SAVEDATE_FETCH_ITEMS } from './savedate.js';

/** Message bytes outside BINARY: a literal without NULs (binary.ts, withoutNul). */
const literalPart = (data: Uint8Array): Part => anyLiteralPart(withoutNul(data));

const nstring = (data: Uint8Array | undefined): Part => (data === undefined ? 'NIL' : literalPart(data));

/** Simple (non-section) items, keyed by name. */
const SIMPLE: Record<string, (m: StoredMessage, view: MailboxView) => Part[]> = {
  FLAGS: (m, view) => [messageFlags(m.flags, view.showsRecent(m))],
  INTERNALDATE: (m) => [quoted(m.internalDate.text)],
  'RFC822.SIZE': (m) => [String(m.raw.length)],
  ENVELOPE: (m) => [valuePart(envelope(parsed(m)))],
  BODY: (m) => [valuePart(bodyStructure(parsed(m), false))],
  BODYSTRUCTURE: (m) => [valuePart(bodyStructure(parsed(m), true))],
  UID: (m) => [String(m.uid)],
  RFC822: (m) => [literalPart(m.raw)],
  MODSEQ: (m) => [`(${m.modseq})`],
  'RFC822.HEADER': (m) => [literalPart(parsed(m).headerBytes)],
  'RFC822.TEXT': (m) => [literalPart(parsed(m).bodyBytes)],
  // RFC 8474 5.3 (OBJECTID) and RFC 8514 4.2 (SAVEDATE).
  ...OBJECTID_FETCH_ITEMS,
  ...SAVEDATE_FETCH_ITEMS,
};
const SETS_SEEN = new Set(['RFC822', 'RFC822.TEXT']);

function simpleAttribute(name: string): Attribute {
  const write = SIMPLE[name];
  if (!write) throw new ArgumentError(`unknown FETCH item ${name}`);
  return { name, setsSeen: SETS_SEEN.has(name), write: (m, v) => [name, ' ', ...write(m, v)] };
}

function sectionAttribute(item: ImapSectionItem): Attribute {
  const kind = item.name.toUpperCase();
  if (kind !== 'BODY' && kind !== 'BODY.PEEK') throw new ArgumentError(`unknown FETCH item ${item.name}[...]`);
  const section = item.sectionText;
  if (section !== '' && !parseSection(section)) throw new ArgumentError(`invalid section ${section}`);
  const p = item.partial;
  if (p && p.count === 0) throw new ArgumentError('a partial of 0 bytes is not allowed');
  // RFC 3501 7.4.2: the response names the section as asked, and the origin only.
  const name = `BODY[${section.toUpperCase()}]${p ? `<${p.origin}>` : ''}`;
  return {
    name,
    setsSeen: kind === 'BODY',
    write: (m) => {
      let data = section === '' ? m.raw : fetchSection(parsed(m), section);
      if (data && p) data = partial(data, p.origin, p.count);
      return [name, ' ', nstring(data)];
    },
  };
}

/** Macro names (ALL, FAST, FULL) expand as the registry says. */
function attributesOf(v: ImapValue, into: Attribute[], top: boolean): void {
  if (v.type === 'section') {
    into.push(isBinaryItem(v.name) ? binaryAttribute(v) : sectionAttribute(v));
    return;
  }
  if (isList(v) && top) {
    if (v.items.length === 0) throw new ArgumentError('empty FETCH item list');
    for (let i = 0; i < v.items.length; i++) {
      // RFC 8970 6: PREVIEW may be followed by its own (LAZY) list.
      if (isPreviewItem(v.items[i]) && isList(v.items[i + 1])) into.push(previewAttribute(v.items[++i]));
      else attributesOf(v.items[i], into, false);
    }
    return;
  }
  if (isPreviewItem(v)) {
    into.push(previewAttribute());
    return;
  }
  const name = atomOf(v)?.toUpperCase();
  if (!name) throw new ArgumentError('FETCH items are atoms, BODY[...] or a parenthesized list');
  const macro = fetchItem(name);
  if (macro?.expands && top) {
    for (const n of macro.expands!) into.push(simpleAttribute(n));
    return;
  }
  into.push(simpleAttribute(name));
}

function fetchHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    const args = withPreviewGrouped(call.args);
    if (args.length !== 2 && args.length !== 3) throw new ArgumentError(`expected: ${call.name} sequence-set (items) [(CHANGEDSINCE modseq${uidForm ? ' [VANISHED]' : ''} | PARTIAL range)]`);
    const view = selectedView(ctx);
    const attributes: Attribute[] = [];
    attributesOf(args[1], attributes, true);
    const modifiers: Modifiers = args.length === 3 ? readModifiers(args[2], uidForm ? UID_FETCH_MODIFIERS : FETCH_MODIFIERS, call.name) : new Map();
    const changedSince = modifiers.get('CHANGEDSINCE');
    const vanished = modifiers.has('VANISHED');
    // RFC 7162 3.2.6 and 3.2.3: VANISHED only with CHANGEDSINCE, and only once QRESYNC is on.
    if (vanished && !ctx.qresync) throw new ArgumentError('VANISHED needs ENABLE QRESYNC first (RFC 7162 3.2.6)');
    if (vanished && changedSince === undefined) throw new ArgumentError('VANISHED goes with CHANGEDSINCE: UID FETCH set (items) (CHANGEDSINCE modseq VANISHED)');
    const has = (name: string) => attributes.some((a) => a.name === name);
    // RFC 3501 6.4.8: a UID FETCH response always carries UID.
    if (uidForm && !has('UID')) attributes.unshift(simpleAttribute('UID'));
    // RFC 7162 3.1: MODSEQ and CHANGEDSINCE are CONDSTORE enabling commands; CHANGEDSINCE
    // implies the MODSEQ item (3.1.4.1). Once enabled, FLAGS come with MODSEQ, as Dovecot
    // sends them, so every flag state the client caches has its mod-sequence.
    if (has('MODSEQ') || changedSince !== undefined) enableCondstore(ctx);
    if ((changedSince !== undefined || (ctx.condstore && has('FLAGS'))) && !has('MODSEQ')) attributes.push(simpleAttribute('MODSEQ'));
    const selection = selectMessages(view, call.args[0], uidForm);
    // RFC 9394 3.3: PARTIAL keeps the messages at those positions among the ones the set names
    // (1 the first, -1 the last), and only then (3.4) does CHANGEDSINCE filter that page:
    // paging through a mailbox by position stays stable whatever changed.
    const page = modifiers.partial ? partialWindow(selection.messages, modifiers.partial) : selection.messages;
    // RFC 7162 3.1.4.1: only messages changed after the given mod-sequence.
    const answered = page.filter(({ message }) => changedSince === undefined || message.modseq > changedSince);
    const refused = firstRefusal(attributes, answered);
    if (refused) return refused;
    // RFC 4314 4: a FETCH that implies \Seen MUST NOT set it without the `s` right.
    const marksSeen = !view.readOnly && view.rights.includes('s') && attributes.some((a) => a.setsSeen);
    const hasFlags = has('FLAGS');
    // RFC 7162 3.2.6: VANISHED (EARLIER) comes before any FETCH response.
    if (vanished && changedSince !== undefined) reportVanishedEarlier(ctx, view, call.args[0], changedSince);
    for (const { seq, message } of answered) {
      let flagsChanged = false;
      if (marksSeen && !message.flags.has('\\Seen') && !message.expunged) {
        flagsChanged = view.mailbox.setFlags(message, new Set([...message.flags, '\\Seen']), view);
      }
      const parts: Part[] = [`* ${seq} FETCH (`];
      attributes.forEach((a, i) => {
        if (i > 0) parts.push(' ');
        parts.push(...a.write(message, view));
      });
      if (flagsChanged) parts.push(...implicitSeen(message, view, ctx.condstore, has));
      parts.push(')\r\n');
      ctx.write(parts);
      if (flagsChanged || hasFlags) view.flagsSent(message);
    }
    return completed(`${uidForm ? 'UID FETCH' : 'FETCH'} completed.`, selection);
  };
}

/** RFC 3516 4.3: a part BINARY cannot decode fails the whole FETCH, before any data goes. */
function firstRefusal(attributes: Attribute[], selected: Selected[]): Completion | undefined {
  for (const { message } of selected) {
    for (const a of attributes) {
      const refused = a.refuse?.(message);
      if (refused) return refused;
    }
  }
  return undefined;
}

/**
 * What a FETCH that set \Seen adds to its response: the new FLAGS (RFC 3501 6.4.5) and, once
 * CONDSTORE is on, UID and MODSEQ (RFC 7162 3.1, 3.2.4), each unless already asked for.
 */
function implicitSeen(message: StoredMessage, view: MailboxView, condstore: boolean, has: (name: string) => boolean): Part[] {
  const parts: Part[] = [];
  if (!has('FLAGS')) parts.push(' FLAGS ', messageFlags(message.flags, view.showsRecent(message)));
  if (condstore && !has('UID')) parts.push(` UID ${message.uid}`);
  if (condstore && !has('MODSEQ')) parts.push(` ${modseqItem(message)}`);
  return parts;
}

export const FETCH = fetchHandler(false);
export const UID_FETCH = fetchHandler(true);
