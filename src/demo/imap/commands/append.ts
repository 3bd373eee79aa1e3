// APPEND (RFC 3501 6.3.11) with MULTIAPPEND (RFC 3502: several messages, all or none; read and
// checked in multiappend.ts), UIDPLUS APPENDUID (RFC 4315 3), APPENDLIMIT (RFC 7889,
// appendlimit.ts) and within the quota (quota.ts). The command reader hands over the command
// only when its literals have fully arrived, so a client that vanishes mid-literal leaves
// nothing behind: the messages are added in one step, here.

import { no, ok, type Handler } from '../context.js';
import { formatSet } from '../sequence-set.js';
import { overQuota } from './quota.js';
import { readAppendMessages } from './multiappend.js';
import { requireMailbox } from '../rev2.js';
import { isRefusal, permittedFlags, reach } from '../shared-mailboxes.js';

export const APPEND: Handler = (ctx, call) => {
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const messages = readAppendMessages(call.args, 1, () => ctx.store.internalNow());
  if (!Array.isArray(messages)) return messages;
  // RFC 4314 4: APPEND into another user's mailbox needs `i` (shared-mailboxes.ts).
  const reached = reach(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  const target = reached?.mailbox;
  if (!target || target.noSelect) return no(`Mailbox ${name} does not exist`, 'TRYCREATE');
  const full = overQuota(ctx, messages.reduce((octets, m) => octets + m.raw.length, 0));
  if (full) return full;
  // RFC 4314 4: an appended message keeps only the flags the user may set there; APPEND does not fail for the others.
  const added = target.add(messages.map((m) => ({ ...m, flags: permittedFlags(m.flags, reached.rights) })));
  // RFC 3502 (MULTIAPPEND and UIDPLUS): resp-code-apnd = "APPENDUID" SP nz-number SP set,
  // the new UIDs in the order the messages were appended.
  return ok('APPEND completed.', `APPENDUID ${target.uidValidity} ${formatSet(added.map((m) => m.uid))}`);
};
