// THREAD=REFERENCES (RFC 5256 section 3), step by step: (1) link messages through
// Message-ID / References / In-Reply-To, with dummies for messages not at hand; (2) gather
// the parentless under a root; (3) prune dummies; (4) sort the top level by sent date;
// (5) merge threads whose base subjects match; (6) sort every set of siblings by sent date.
// Pure: it works on ThreadMessage values, the command fills them in.

import { compareNodes, link, node, sortTree, unlink, type ThreadMessage, type ThreadNode } from './thread-tree.js';

export function referencesThreads(messages: ThreadMessage[]): ThreadNode[] {
  const containers = linkByReferences(messages);
  const root = node();
  for (const c of containers) if (!c.parent) link(root, c);
  prune(root, true);
  for (const top of root.children) if (!top.message) sortTree(top);
  root.children.sort(compareNodes);
  mergeBySubject(root);
  sortTree(root);
  return root.children;
}

/** Would `parent` -> `child` close a loop (parent is child or one of its descendants)? */
function wouldLoop(parent: ThreadNode, child: ThreadNode): boolean {
  for (let p: ThreadNode | undefined = parent; p; p = p.parent) if (p === child) return true;
  return false;
}

// Step (1). Message IDs compare case-sensitively. A message without a valid Message-ID, or
// with one an earlier (lower sequence number) message already has, gets a container of its
// own that no reference can reach: the RFC's "unique Message ID".
function linkByReferences(messages: ThreadMessage[]): ThreadNode[] {
  const byId = new Map<string, ThreadNode>();
  const all: ThreadNode[] = [];
  const containerFor = (id: string): ThreadNode => {
    let c = byId.get(id);
    if (!c) {
      c = node();
      byId.set(id, c);
      all.push(c);
    }
    return c;
  };
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    const own = ownContainer(m, byId, all);
    // (A) first reference the parent of the second, and so on; an existing parent stays,
    // since a References line truncated by a mail client is not to be trusted over it.
    let last: ThreadNode | undefined;
    for (const ref of m.references) {
      const c = containerFor(ref);
      if (last && !c.parent && !wouldLoop(last, c)) link(last, c);
      last = c;
    }
    // (B) the last reference becomes the parent, replacing any parent set by an earlier
    // message's (possibly truncated) References; no references: no parent.
    unlink(own);
    if (last && !wouldLoop(last, own)) link(last, own);
  }
  return all;
}

function ownContainer(m: ThreadMessage, byId: Map<string, ThreadNode>, all: ThreadNode[]): ThreadNode {
  const existing = m.messageId === undefined ? undefined : byId.get(m.messageId);
  if (existing && !existing.message) {
    existing.message = m;
    return existing;
  }
  const own = node(m);
  if (m.messageId !== undefined && !existing) byId.set(m.messageId, own);
  all.push(own);
  return own;
}

// Step (3), children first: a dummy without children goes; a dummy with children goes and
// its children take its place, except that a dummy directly under the root stays when it
// has more than one child (promoting them would make separate threads).
function prune(parent: ThreadNode, isRoot: boolean): void {
  const kept: ThreadNode[] = [];
  for (const child of parent.children) {
    prune(child, false);
    if (child.message || (isRoot && child.children.length > 1)) kept.push(child);
    else kept.push(...child.children);
  }
  for (const c of kept) c.parent = parent;
  parent.children = kept;
}

/** Step (5)'s subject of a top-level node: its own, or its first child's for a dummy. */
function subjectNode(n: ThreadNode): ThreadMessage | undefined {
  return n.message ?? n.children[0]?.message;
}

// Step (5): threads under the root with the same base subject are joined.
function mergeBySubject(root: ThreadNode): void {
  const table = new Map<string, ThreadNode>();
  // (B) one node per subject; a dummy wins over a message, an original over a reply.
  for (const top of root.children) {
    const m = subjectNode(top);
    if (!m || m.subjectKey === '') continue;
    const held = table.get(m.subjectKey);
    if (!held) table.set(m.subjectKey, top);
    else if (held.message && (!top.message || (held.message.replyOrForward && !m.replyOrForward))) table.set(m.subjectKey, top);
  }
  // (C) every other top-level node with that subject merges with the table's.
  for (const top of [...root.children]) {
    if (top.parent !== root) continue; // already merged under another node
    const m = subjectNode(top);
    if (!m || m.subjectKey === '') continue;
    const held = table.get(m.subjectKey);
    if (!held || held === top) continue;
    table.set(m.subjectKey, mergeTopLevel(root, held, top, m));
  }
}

/** Joins `current` into `held` (both under the root); returns the node that now holds the subject. */
function mergeTopLevel(root: ThreadNode, held: ThreadNode, current: ThreadNode, subject: ThreadMessage): ThreadNode {
  if (!held.message && !current.message) {
    // Both dummies: the children of both become siblings, the emptied dummy goes.
    for (const c of [...current.children]) {
      unlink(c);
      link(held, c);
    }
    unlink(current);
    return held;
  }
  if (!held.message || (subject.replyOrForward && !held.message.replyOrForward)) {
    // Into the dummy as one more sibling, or a reply under its original.
    unlink(current);
    link(held, current);
    return held;
  }
  // Otherwise a new dummy takes the held node's place and both become its children.
  const dummy = node();
  dummy.parent = root;
  root.children[root.children.indexOf(held)] = dummy;
  held.parent = undefined;
  link(dummy, held);
  unlink(current);
  link(dummy, current);
  return dummy;
}
