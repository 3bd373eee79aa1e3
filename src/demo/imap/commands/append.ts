// APPEND (RFC 3501 6.3.11) with UIDPLUS APPENDUID (RFC 4315 3), within the quota (quota.ts). The command reader hands
// over the command only when its literal has fully arrived, so a client that vanishes
// mid-literal leaves nothing behind: the message is added in one step, here.
// BINARY (RFC 3516 4.4): the message may come as literal8 `~{N}`, NULs and all, and is
// stored as given; a NUL in a plain `{N}` literal breaks the grammar and is refused.

import { parseDateTime } from '../../store/date-time.js';
import { checkFlag } from '../../store/flags.js';
import { ArgumentError, atomOf, bytesOf, isList } from '../args.js';
import { bad, no, ok, type Handler } from '../context.js';
import { hasNul } from '../../../mime/binary-section.js';
import { overQuota } from './quota.js';
import { requireMailbox } from '../rev2.js';

export const APPEND: Handler = (ctx, call) => {
  const args = call.args;
  if (args.length < 2 || args.length > 4) return bad('expected: APPEND mailbox [(flags)] [date-time] message-literal');
  const name = requireMailbox(ctx, args, 0, 'mailbox');
  let i = 1;
  let flags: string[] = [];
  const flagList = args[i];
  if (isList(flagList)) {
    flags = flagList.items.map((v) => {
      const check = checkFlag(atomOf(v) ?? '');
      if (!check.ok) throw new ArgumentError(check.reason);
      return check.flag;
    });
    i++;
  }
  let internalDate = ctx.store.internalNow();
  if (i < args.length - 1) {
    const v = args[i];
    const parsedDate = v.type === 'quoted' ? parseDateTime(v.value) : undefined;
    if (!parsedDate) return bad('date-time must be quoted, like "14-Jan-2011 13:33:25 +0530"');
    internalDate = parsedDate;
    i++;
  }
  if (i !== args.length - 1) return bad('expected: APPEND mailbox [(flags)] [date-time] message-literal');
  const raw = bytesOf(args[i]);
  if (!raw || args[i].type !== 'literal') return bad('the message must be sent as a literal {size}');
  if (raw.length === 0) return no('an empty message cannot be appended', 'CANNOT');
  const literal = args[i];
  // RFC 3501 9 (and RFC 9051 9): literal = "{" number "}" CRLF *CHAR8, and CHAR8 excludes NUL.
  if (literal.type === 'literal' && !literal.binary && hasNul(raw)) {
    return bad('a NUL byte is not allowed in a {N} literal (RFC 3501 9, CHAR8); send the message as literal8 ~{N} (RFC 3516 4.4)');
  }
  const target = ctx.account?.find(name);
  if (!target || target.noSelect) return no(`Mailbox ${name} does not exist`, 'TRYCREATE');
  const full = overQuota(ctx, raw.length);
  if (full) return full;
  const [added] = target.add([{ raw: Uint8Array.from(raw), flags, internalDate }]);
  return ok('APPEND completed.', `APPENDUID ${target.uidValidity} ${added.uid}`);
};
