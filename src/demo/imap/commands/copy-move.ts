// COPY (RFC 3501 6.4.7), MOVE (RFC 6851) and their UID forms, with UIDPLUS COPYUID
// (RFC 4315 3). A missing target is NO [TRYCREATE] so the client knows CREATE may help.

import { copyItem } from '../../store/mailbox.js';
import { requireCount } from '../args.js';
import { no, ok, type Handler } from '../context.js';
import { overQuota } from './quota.js';
import { completed, selectMessages, selectedView } from '../selection.js';
import { formatSet } from '../sequence-set.js';
import { requireMailbox } from '../rev2.js';
import { isRefusal, permittedFlags, reach } from '../shared-mailboxes.js';
import { readOnlyText } from '../read-only.js';

function transfer(move: boolean, uidForm: boolean): Handler {
  return (ctx, call) => {
    requireCount(call.args, 2, `${call.name} sequence-set mailbox`);
    const view = selectedView(ctx);
    const selection = selectMessages(view, call.args[0], uidForm);
    const selected = selection.messages.filter((s) => !s.message.expunged);
    const name = requireMailbox(ctx, call.args, 1, 'mailbox');
    // RFC 4314 4: COPY or MOVE into another user's mailbox needs `i` (shared-mailboxes.ts).
    const reached = reach(ctx, name, call.name);
    if (isRefusal(reached)) return reached;
    const target = reached?.mailbox;
    if (!target || target.noSelect) return no(`Mailbox ${name} does not exist`, 'TRYCREATE');
    if (move && view.readOnly) return no(readOnlyText(view), 'READ-ONLY');
    // RFC 6851 3.3: MOVE is COPY, STORE \Deleted and EXPUNGE: the source needs `t` and `e` too.
    if (move && !(view.rights.includes('t') && view.rights.includes('e'))) {
      return no(`MOVE out of this mailbox needs the "t" and "e" rights; you hold "${view.rights}" (RFC 4314 4, RFC 6851 3.3)`, 'NOPERM');
    }
    const label = `${uidForm ? 'UID ' : ''}${move ? 'MOVE' : 'COPY'}`;
    if (selected.length === 0) return ok(`${label} completed (no messages).`);
    const sources = selected.map((s) => s.message);
    // A MOVE is counted as a COPY: the copies exist before the sources are expunged.
    const full = overQuota(ctx, sources.reduce((n, m) => n + m.raw.length, 0));
    if (full) return full;
    // RFC 8474 5.1: each copy keeps its source's EMAILID; RFC 8514 3: it gets a save date of its own.
    // RFC 4314 4: a copy keeps only the flags the user may set in the target.
    const rights = reached.rights;
    const copies = target.add(sources.map((m) => ({ ...copyItem(m), flags: permittedFlags(m.flags, rights) })));
    const code = `COPYUID ${target.uidValidity} ${formatSet(sources.map((m) => m.uid))} ${formatSet(copies.map((m) => m.uid))}`;
    if (!move) return selection.clientBug ? ok(`${label} completed (${selection.clientBug}).`, 'CLIENTBUG') : ok(`${label} completed.`, code);
    // RFC 6851 4.3: COPYUID goes in an untagged OK before the EXPUNGEs.
    ctx.untagged(`OK [${code}] Moved`);
    view.mailbox.expunge(sources);
    return completed(`${label} completed.`, selection);
  };
}

export const COPY = transfer(false, false);
export const UID_COPY = transfer(false, true);
export const MOVE = transfer(true, false);
export const UID_MOVE = transfer(true, true);
