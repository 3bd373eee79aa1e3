// Selected state (RFC 3501 section 6.4): CHECK, CLOSE, UNSELECT (RFC 3691), EXPUNGE,
// UID EXPUNGE (RFC 4315), STORE and UID STORE, with CONDSTORE's UNCHANGEDSINCE (RFC 7162 3.1.3)
// and QRESYNC's HIGHESTMODSEQ after an expunge (RFC 7162 3.2.7-3.2.9).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { checkFlag } from '../../store/flags.js';
import { ArgumentError, atomOf, isList, requireCount } from '../args.js';
import { bad, no, ok, type Handler } from '../context.js';
import { completed, selectMessages, selectedView } from '../selection.js';
import { formatSet } from '../sequence-set.js';
import { STORE_MODIFIERS, enableCondstore, flagUpdate, modseqUpdate, readModifiers } from './condstore.js';
import { expungedCode } from './qresync.js';
import { flagRight, limitFlagChange, permittedFlags } from '../shared-mailboxes.js';
import { readOnlyText } from '../read-only.js';

export const CHECK: Handler = (_ctx, call) => {
  requireCount(call.args, 0, 'CHECK');
  return ok('CHECK completed'); // in memory: nothing to flush (RFC 3501 6.4.1)
};

/** RFC 3501 6.4.2: expunge \Deleted silently (no EXPUNGE responses), then leave. */
export const CLOSE: Handler = (ctx, call) => {
  requireCount(call.args, 0, 'CLOSE');
  const view = selectedView(ctx);
  ctx.setView(undefined);
  ctx.state = 'authenticated';
  // RFC 4314 4: without `e`, CLOSE closes and expunges nothing, and still answers OK.
  const doomed = view.readOnly || !view.rights.includes('e') ? [] : view.mailbox.messages.filter((m) => m.flags.has('\\Deleted'));
  view.mailbox.expunge(doomed);
  return ok('mailbox closed.', expungedCode(ctx, view.mailbox, doomed.length));
};

/** RFC 3691: leave without expunging. */
export const UNSELECT: Handler = (ctx, call) => {
  requireCount(call.args, 0, 'UNSELECT');
  ctx.setView(undefined);
  ctx.state = 'authenticated';
  return ok('UNSELECT completed');
};

function expungeHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    requireCount(call.args, uidForm ? 1 : 0, uidForm ? 'UID EXPUNGE uid-set' : 'EXPUNGE');
    const view = selectedView(ctx);
    // RFC 4315 2.1: only the given UIDs; `$` (RFC 5182) stands for the saved search result.
    const chosen = uidForm ? new Set(selectMessages(view, call.args[0], true).messages.map((s) => s.message.uid)) : undefined;
    if (view.readOnly) return no(readOnlyText(view), 'READ-ONLY');
    if (!view.rights.includes('e')) return no(`EXPUNGE needs the "e" right; you hold "${view.rights}" (RFC 4314 4, see MYRIGHTS)`, 'NOPERM');
    const doomed = view.mailbox.messages.filter((m) => m.flags.has('\\Deleted') && (!chosen || chosen.has(m.uid)));
    view.mailbox.expunge(doomed);
    // The EXPUNGE (or VANISHED) responses come from the view's queue when the command completes.
    return ok(`${uidForm ? 'UID EXPUNGE' : 'EXPUNGE'} completed`, expungedCode(ctx, view.mailbox, doomed.length));
  };
}

export const EXPUNGE = expungeHandler(false);
export const UID_EXPUNGE = expungeHandler(true);

/** STORE data items (RFC 3501 6.4.6): how the new flag set is made from the old one. */
const STORE_ACTIONS: Record<string, (old: Set<string>, given: string[]) => Set<string>> = {
  FLAGS: (_old, given) => new Set(given),
  '+FLAGS': (old, given) => new Set([...old, ...given]),
  '-FLAGS': (old, given) => {
    const lower = new Set(given.map((f) => f.toLowerCase()));
    return new Set([...old].filter((f) => !lower.has(f.toLowerCase())));
  },
};

function flagArguments(values: ImapValue[]): string[] {
  const items = values.length === 1 && isList(values[0]) ? values[0].items : values;
  return items.map((v) => {
    const text = atomOf(v);
    if (text === undefined) throw new ArgumentError('flags are atoms like \\Seen or $Label');
    const check = checkFlag(text);
    if (!check.ok) throw new ArgumentError(check.reason);
    return check.flag;
  });
}

function storeHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    const syntax = `expected: ${call.name} sequence-set [(UNCHANGEDSINCE modseq)] [+|-]FLAGS[.SILENT] (flags)`;
    const hasModifiers = isList(call.args[1]);
    const args = hasModifiers ? [call.args[0], ...call.args.slice(2)] : call.args;
    if (args.length < 3) return bad(syntax);
    const view = selectedView(ctx);
    const item = atomOf(args[1])?.toUpperCase() ?? '';
    // RFC 4466 2.5: store-modifiers come before the flags; a list after them is a common slip.
    if (args.length > 3 && isList(args.at(-1)) && isList(args.at(-2))) {
      return bad(`modifiers go before the flags: ${call.name} ${atomOf(args[0]) ?? 'set'} (UNCHANGEDSINCE n) ${item || '+FLAGS'} (flags)`);
    }
    const silent = item.endsWith('.SILENT');
    const action = STORE_ACTIONS[silent ? item.slice(0, -'.SILENT'.length) : item];
    if (!action) return bad(`unknown STORE item ${item}: use FLAGS, +FLAGS or -FLAGS, with .SILENT or not`);
    const given = flagArguments(args.slice(2));
    const unchangedSince = hasModifiers ? readModifiers(call.args[1], STORE_MODIFIERS, call.name).get('UNCHANGEDSINCE') : undefined;
    const selection = selectMessages(view, args[0], uidForm);
    if (view.readOnly) return no(readOnlyText(view), 'READ-ONLY');
    // RFC 4314 4: each flag needs its right; STORE fails only when none of the given ones may change.
    if (given.length > 0 && permittedFlags(given, view.rights).length === 0) {
      return no(`STORE of ${given.join(' ')} needs the "${[...new Set(given.map(flagRight))].join('", "')}" right; you hold "${view.rights}" (RFC 4314 4)`, 'NOPERM');
    }
    // RFC 7162 3.1: STORE UNCHANGEDSINCE is a CONDSTORE enabling command.
    if (unchangedSince !== undefined) enableCondstore(ctx);
    const live = selection.messages.filter(({ message }) => !message.expunged);
    // RFC 7162 3.1.3: a message changed after UNCHANGEDSINCE is left alone and named in
    // [MODIFIED]; since every message has a MODSEQ of at least 1, UNCHANGEDSINCE 0 always fails.
    const failed = unchangedSince === undefined ? [] : live.filter(({ message }) => message.modseq > unchangedSince);
    const failedSet = new Set(failed);
    const stored = live.filter((s) => !failedSet.has(s));
    const changed = new Set(stored.filter(({ message }) => view.mailbox.setFlags(message, limitFlagChange(message.flags, action(message.flags, given), view.rights), view)));
    // The FETCH responses below show these messages' current flags: a queued update from
    // another session would repeat them.
    if (!silent) for (const { message } of stored) view.flagsSent(message);
    // A new keyword changes the mailbox's FLAGS: announce it before a FETCH shows it
    // (as Courier does in the tutorial). EXPUNGE must wait (RFC 3501 7.4.1).
    ctx.reportUpdates(false);
    for (const s of stored) {
      const { seq, message } = s;
      if (!silent) ctx.untagged(flagUpdate(seq, message, view, ctx.condstore, uidForm));
      // RFC 7162 3.1.3: even .SILENT, a conditional STORE reports each stored message's
      // MODSEQ; a CONDSTORE-aware session learns every new MODSEQ the same way.
      else if (unchangedSince !== undefined || (ctx.condstore && changed.has(s))) ctx.untagged(modseqUpdate(seq, message));
    }
    if (failed.length > 0) {
      const set = formatSet(failed.map(({ seq, message }) => (uidForm ? message.uid : seq)));
      return ok(`Conditional ${call.name} failed for some messages`, `MODIFIED ${set}`);
    }
    return completed('STORE completed.', selection);
  };
}

export const STORE = storeHandler(false);
export const UID_STORE = storeHandler(true);
