// `:explain` of a THREAD answer (RFC 5256 4): each thread in words, message by message, so a
// learner can read `(4 5 (7)(6))` as "4 starts it; 5 comes under 4; 7 and 6 come under 5".
//
// thread-list = "(" (thread-members / thread-nested) ")": the numbers of thread-members form a
// chain, each the child of the one before; the lists of thread-nested are branches that all
// hang from the last number. A thread-list that starts with a list has no first message: its
// parent is not among the messages (not in the mailbox, or not found by the search).
import type { ImapValue } from '../protocol/imap/types.js';
import type { ExplainLine } from './explain-lines.js';

/** One line per thread (depth 1), its messages told in order. */
export function threadLines(values: readonly ImapValue[]): ExplainLine[] {
  return values.flatMap((thread) => {
    if (thread.type !== 'list') return [];
    const said: string[] = [];
    tell(thread.items, undefined, said);
    return [{ term: threadText(thread), kind: 'value' as const, text: said.join('; '), depth: 1 }];
  });
}

/** The parent of a branch: a message number, none (a thread's start), or missing (a dummy). */
type Parent = number | undefined | 'missing';

// "comes under", not "answers": the tree is the same shape for REFERENCES (replies) and
// ORDEREDSUBJECT (later messages on the same subject), and the answer does not say which.
function tell(items: readonly ImapValue[], parent: Parent, said: string[]): void {
  let last = parent;
  let i = 0;
  for (; i < items.length; i++) {
    const item = items[i]!;
    if (item.type !== 'number') break;
    if (last === undefined) said.push(`${item.value} starts it`);
    else if (last !== 'missing') said.push(`${item.value} comes under ${last}`);
    last = item.value;
  }
  const branches = items.slice(i).filter((v): v is Extract<ImapValue, { type: 'list' }> => v.type === 'list');
  if (branches.length > 0 && last === undefined) {
    said.push(`${joined(branches.map(first))} come under a message that is not here (not in the mailbox, or not found by the search)`);
    last = 'missing';
  }
  for (const branch of branches) tell(branch.items, last, said);
}

/** The first message number of a branch (a nested branch may start with another list). */
function first(list: Extract<ImapValue, { type: 'list' }>): string {
  const head = list.items[0];
  if (head?.type === 'number') return String(head.value);
  return head?.type === 'list' ? first(head) : '?';
}

function joined(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The thread as the server wrote it: numbers spaced, lists back to back. */
function threadText(v: ImapValue): string {
  if (v.type === 'number') return String(v.value);
  if (v.type !== 'list') return '?';
  let out = '';
  v.items.forEach((item, i) => {
    if (i > 0 && !(item.type === 'list' && v.items[i - 1]!.type === 'list')) out += ' ';
    out += threadText(item);
  });
  return `(${out})`;
}
