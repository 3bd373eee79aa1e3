// OBJECTID (RFC 8474) identifiers of the demo store: MAILBOXID for a mailbox (section 4),
// EMAILID for a message's content and THREADID for its conversation (section 5). All are
// given once and never change: a RENAME keeps the mailbox object, so its MAILBOXID (section
// 4); COPY and MOVE hand the source's EMAILID and THREADID to the copy (section 5.1).
// The values are short and readable, for a teaching server: a kind letter and a counter of
// the whole store (F3, M12, T12). The letter keeps the three kinds apart (section 5.2: an
// ObjectID is never used for two kinds of object) and makes every value start with a letter
// (section 8.1). A thread is named after the message that started it: THREADID T12 is the
// thread whose first message has EMAILID M12.
// Threads are linked at arrival, by Message-ID, References and In-Reply-To (the links of
// RFC 5256's REFERENCES, step 1), across the account's mailboxes. Not by subject: a THREADID,
// once reported, may never change (section 5.2), and a shared subject is too weak a link to
// fix for good. So THREAD=REFERENCES, which also merges by subject, may group more.

import { parseHeaderFields, splitHeaderBody } from '../../mime/header.js';
import { messageLinks } from '../../mime/msg-id.js';

/** A message's content and conversation ids (RFC 8474 5.1, 5.2). */
export interface MessageIds {
  readonly emailId: string;
  readonly threadId: string;
}

/** The kind letters (RFC 8474 8.1: an id starts with a letter). */
const MAILBOX = 'F';
const EMAIL = 'M';
const THREAD = 'T';

/** Hands out the store's MAILBOXIDs and EMAILIDs, each used once (RFC 8474 4, 5.1). */
export class ObjectIds {
  private mailboxes = 0;
  private emails = 0;

  mailboxId(): string {
    return `${MAILBOX}${++this.mailboxes}`;
  }

  /** A new EMAILID, and the THREADID a thread started by that message would have. */
  newEmail(): { emailId: string; ownThread: string } {
    const n = ++this.emails;
    return { emailId: `${EMAIL}${n}`, ownThread: `${THREAD}${n}` };
  }
}

/** The msg-ids a message links by: its own Message-ID, and its parents nearest first. */
function threadLinks(raw: Uint8Array): { messageId?: string; parents: string[] } {
  const { messageId, references } = messageLinks(parseHeaderFields(splitHeaderBody(raw).headerBytes));
  return { messageId, parents: references.reverse() };
}

/**
 * One account's conversations: which THREADID each msg-id seen so far belongs to. A message
 * joins the thread of its nearest known parent, or of a reply that arrived before it (which
 * named its Message-ID); otherwise it starts a thread.
 */
export class ThreadIndex {
  private readonly byMsgId = new Map<string, string>();

  constructor(private readonly ids: ObjectIds) {}

  /** The ids of a message arriving new (APPEND, the seed), not as a copy (RFC 8474 5.2). */
  arrive(raw: Uint8Array): MessageIds {
    const { emailId, ownThread } = this.ids.newEmail();
    const { messageId, parents } = threadLinks(raw);
    const linked = [...parents, ...(messageId ? [messageId] : [])];
    const threadId = linked.map((id) => this.byMsgId.get(id)).find((t) => t !== undefined) ?? ownThread;
    // Later replies to this message or to its parents find the thread; the first word stays.
    for (const id of linked) if (!this.byMsgId.has(id)) this.byMsgId.set(id, threadId);
    return { emailId, threadId };
  }
}
