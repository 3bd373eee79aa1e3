// MULTIAPPEND (RFC 3502): APPEND takes one or more messages, each with its own flags and date.
//   append         = "APPEND" SP mailbox 1*append-message
//   append-message = [SP flag-list] [SP date-time] SP literal
// The command reader hands over the command once every literal has arrived (each with its own
// "+", or none for `{N+}`), so every message is read and checked here before any is stored:
// "no partial appending is permitted" (RFC 3502 6.3.11) needs no undo.
// BINARY (RFC 3516 4.4): a message may come as literal8 `~{N}`, NULs and all; a NUL in a
// plain `{N}` literal breaks the grammar (RFC 3501 9, CHAR8) and is refused.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { hasNul } from '../../../mime/binary-section.js';
import { parseDateTime, type InternalDate } from '../../store/date-time.js';
import { checkFlag } from '../../store/flags.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import { no, type Completion } from '../context.js';
import { tooBig } from './appendlimit.js';

export const APPEND_SYNTAX = 'APPEND mailbox [(flags)] [date-time] message-literal [[(flags)] [date-time] message-literal ...]';

/** One message as Mailbox.add takes it. */
export interface AppendMessage {
  raw: Uint8Array;
  flags: string[];
  internalDate: InternalDate;
}

/**
 * The append-messages from `args[from]` on, in order; a BAD is thrown (ArgumentError), a NO
 * returned, both for the first message that cannot be appended: then none is (RFC 3502 6.3.11).
 */
export function readAppendMessages(args: readonly ImapValue[], from: number, now: () => InternalDate): AppendMessage[] | Completion {
  if (from >= args.length) throw new ArgumentError(`expected: ${APPEND_SYNTAX}`);
  const messages: AppendMessage[] = [];
  let i = from;
  while (i < args.length) {
    const read = readAppendMessage(args, i, messages.length + 1, now);
    if ('status' in read) return read;
    messages.push(read.message);
    i = read.next;
  }
  return messages;
}

/** append-message at args[i], the command's `n`th: the message and the index after its literal, or a NO. */
function readAppendMessage(args: readonly ImapValue[], i: number, n: number, now: () => InternalDate): { message: AppendMessage; next: number } | Completion {
  let flags: string[] = [];
  const flagList = args[i];
  if (isList(flagList)) {
    flags = flagList.items.map((v) => readFlag(v, n));
    i++;
  }
  let internalDate: InternalDate | undefined;
  const date = args[i];
  // A quoted string last is a message sent the wrong way, reported below, not a date.
  if (date?.type === 'quoted' && i + 1 < args.length) {
    internalDate = parseDateTime(date.value);
    if (!internalDate) throw new ArgumentError(`message ${n}: "${date.value}" is not a date-time like "14-Jan-2011 13:33:25 +0530"`);
    i++;
  }
  const literal = args[i];
  if (literal?.type !== 'literal') throw new ArgumentError(`message ${n} must be sent as a literal {size}; expected: ${APPEND_SYNTAX}`);
  const raw = literal.data;
  if (!literal.binary && hasNul(raw)) {
    throw new ArgumentError(`message ${n}: a NUL byte is not allowed in a {N} literal (RFC 3501 9, CHAR8); send the message as literal8 ~{N} (RFC 3516 4.4)`);
  }
  // RFC 3502 6.3.11: "A zero-length message literal argument is an error, and MUST return a NO.
  // This can be used to cancel the append."
  if (raw.length === 0) return no(`message ${n} is empty: APPEND cancelled, nothing appended`, 'CANNOT');
  const refused = tooBig(raw.length);
  if (refused) return refused;
  return { message: { raw: Uint8Array.from(raw), flags, internalDate: internalDate ?? now() }, next: i + 1 };
}

function readFlag(v: ImapValue, n: number): string {
  const check = checkFlag(atomOf(v) ?? '');
  if (!check.ok) throw new ArgumentError(`message ${n}: ${check.reason}`);
  return check.flag;
}

