// Thread trees for THREAD (RFC 5256 section 3): what the algorithms need of a message, the
// tree they build, the sent-date order of siblings, ORDEREDSUBJECT, and the response syntax
// of section 4: `(1)(2 3)(4 (5)(6))`. Pure: no store, no session.

/** A searched message, as the threading algorithms see it. */
export interface ThreadMessage {
  /** Message sequence number: the tie-breaker of RFC 5256 2.2. */
  seq: number;
  /** What the response shows: the sequence number, or the UID for UID THREAD. */
  number: number;
  /** Sent date, ms (RFC 5256 2.2: the internal date when the Date header fails). */
  sent: number;
  /** The base subject as compared (i;ascii-casemap applied). */
  subjectKey: string;
  /** RFC 5256 2.1: the subject carried Re:/Fwd:/(fwd)/[fwd: ...]. */
  replyOrForward: boolean;
  /** Normalised msg-id of the Message-ID header, when valid. */
  messageId?: string;
  /** The msg-ids of References, else the first of In-Reply-To (REFERENCES step 1). */
  references: string[];
}

/** A node of the tree; without a message it is a dummy (REFERENCES only). */
export interface ThreadNode {
  message?: ThreadMessage;
  parent?: ThreadNode;
  children: ThreadNode[];
}

export function node(message?: ThreadMessage): ThreadNode {
  return { message, children: [] };
}

/** A message, or a dummy's first child, stands for the node in date order (RFC 5256 3, steps 4 and 6). */
function representative(n: ThreadNode): ThreadMessage | undefined {
  let cur: ThreadNode | undefined = n;
  while (cur && !cur.message) cur = cur.children[0];
  return cur?.message;
}

/** By sent date, ties by sequence number (RFC 5256 2.2). */
export function compareNodes(a: ThreadNode, b: ThreadNode): number {
  const ma = representative(a);
  const mb = representative(b);
  if (!ma || !mb) return (ma ? 1 : 0) - (mb ? 1 : 0);
  return ma.sent - mb.sent || ma.seq - mb.seq;
}

/**
 * Sorts every set of siblings under `n`, grandchildren before children, so a dummy's first
 * child is already its earliest when the dummy is placed (RFC 5256 3, REFERENCES step 6).
 */
export function sortTree(n: ThreadNode): void {
  for (const child of n.children) sortTree(child);
  n.children.sort(compareNodes);
}

export function link(parent: ThreadNode, child: ThreadNode): void {
  child.parent = parent;
  parent.children.push(child);
}

export function unlink(child: ThreadNode): void {
  const parent = child.parent;
  if (!parent) return;
  parent.children.splice(parent.children.indexOf(child), 1);
  child.parent = undefined;
}

/**
 * ORDEREDSUBJECT (RFC 5256 3): messages grouped by base subject; in each group, by sent date,
 * the first message is the parent of all the others (siblings, no grandchildren); threads
 * ordered by their first message's sent date.
 */
export function orderedSubjectThreads(messages: ThreadMessage[]): ThreadNode[] {
  const groups = new Map<string, ThreadMessage[]>();
  for (const m of messages) {
    const group = groups.get(m.subjectKey);
    if (group) group.push(m);
    else groups.set(m.subjectKey, [m]);
  }
  const threads = [...groups.values()].map((group) => {
    const [first, ...rest] = group.map(node).sort(compareNodes);
    for (const reply of rest) link(first, reply);
    return first;
  });
  return threads.sort(compareNodes);
}

/**
 * RFC 5256 4: thread-list = "(" (thread-members / thread-nested) ")"; a chain of single
 * children is one list of numbers, two or more children are nested lists side by side.
 * A dummy shows only its children.
 */
export function formatThreads(threads: ThreadNode[]): string {
  return threads.map((t) => `(${threadMembers(t)})`).join('');
}

function threadMembers(n: ThreadNode): string {
  const numbers: number[] = [];
  let cur = n;
  while (true) {
    if (cur.message) numbers.push(cur.message.number);
    if (cur.children.length !== 1) break;
    cur = cur.children[0];
  }
  // thread-nested = 2*thread-list; one child was followed above, none ends the chain.
  const nested = cur.children.length > 1 ? cur.children.map((c) => `(${threadMembers(c)})`).join('') : '';
  return [numbers.join(' '), nested].filter((s) => s !== '').join(' ');
}
