// A session's view of its selected mailbox (RFC 3501 section 2.3.1.2, 5.2, 5.5, 7.4.1).
// Message sequence numbers are per session: a message expunged by another session keeps its
// number here until this session is told with `* n EXPUNGE`, which may not happen while a
// FETCH, STORE or SEARCH runs (only their UID forms may). So changes queue here and the
// session drains them at the points the RFC allows. An expunge carries the UID as well, for
// a QRESYNC session, which is told `* VANISHED uid` instead (RFC 7162 3.2.10.2).

import type { Mailbox, MailboxListener, StoredMessage } from './mailbox.js';

export type ViewUpdate =
  | { kind: 'expunge'; seq: number; uid: number }
  /** `added`: the messages this EXISTS tells of, for NOTIFY's MessageNew FETCH (RFC 5465 5.2). */
  | { kind: 'exists'; count: number; added: StoredMessage[] }
  | { kind: 'recent'; count: number }
  | { kind: 'fetch-flags'; seq: number; message: StoredMessage }
  | { kind: 'flags' };

/** The rights this server implements, in RFC 4314 2.1 order (announced as RIGHTS=texk); an owner holds them all. */
export const ALL_RIGHTS = 'lrswipkxtea';

export class MailboxView implements MailboxListener {
  readonly mailbox: Mailbox;
  readonly readOnly: boolean;
  /** The session's numbering: index + 1 is the message sequence number. */
  readonly messages: StoredMessage[];
  /** UIDs that are \Recent for this session. */
  readonly recent = new Set<number>();
  /** Set for an IMAP4rev2 session, which never sees \Recent (RFC 9051 2.3.2, Appendix E item 12). */
  hideRecent = false;
  private pendingAdded: StoredMessage[] = [];
  private pendingExpunged: StoredMessage[] = [];
  private pendingFlags = new Set<StoredMessage>();
  private pendingKeywords = false;
  /** Called on every queued change, so an IDLE session can report it at once. */
  onChange: () => void = () => {};

  /**
   * The session's ACL rights on the mailbox (RFC 4314 2.1 letters): every one for the owner; a
   * grantee's decide which flags STORE may change and whether EXPUNGE may run.
   */
  readonly rights: string;

  constructor(mailbox: Mailbox, readOnly: boolean, rights = ALL_RIGHTS) {
    this.mailbox = mailbox;
    this.readOnly = readOnly;
    this.rights = rights;
    this.messages = [...mailbox.messages];
    // RFC 3501 6.3.1/6.3.2: SELECT takes the \Recent messages; EXAMINE shows them but does
    // not take them, so the next SELECT still sees them as recent.
    for (const uid of mailbox.unclaimedRecent) this.recent.add(uid);
    if (!readOnly) mailbox.unclaimedRecent.clear();
    mailbox.listeners.add(this);
  }

  close(): void {
    this.mailbox.listeners.delete(this);
  }

  messagesAdded(messages: StoredMessage[]): void {
    for (const m of messages) this.pendingAdded.push(m); // no spread: a big APPEND or load may add 100,000+
    this.onChange();
  }

  messageExpunged(message: StoredMessage): void {
    const added = this.pendingAdded.indexOf(message);
    if (added >= 0) this.pendingAdded.splice(added, 1);
    else this.pendingExpunged.push(message);
    this.onChange();
  }

  flagsChanged(message: StoredMessage, origin: MailboxListener | undefined): void {
    if (origin === this) return;
    this.pendingFlags.add(message);
    this.onChange();
  }

  keywordsChanged(): void {
    this.pendingKeywords = true;
    this.onChange();
  }

  /**
   * Takes the queued changes as untagged updates. `allowExpunge` is false during FETCH,
   * STORE and SEARCH (RFC 3501 7.4.1); EXISTS and flag changes may always be sent.
   * `allowFlags` is false when NOTIFY pushes changes between commands without FlagChange
   * (RFC 5465 5.1): flag updates then wait for the next command.
   */
  drain(allowExpunge: boolean, allowFlags = true): ViewUpdate[] {
    const out: ViewUpdate[] = [];
    if (this.pendingKeywords) {
      this.pendingKeywords = false;
      out.push({ kind: 'flags' });
    }
    if (allowExpunge) {
      for (const m of this.pendingExpunged) {
        const index = this.seqOf(m) - 1;
        if (index < 0) continue;
        this.messages.splice(index, 1);
        this.recent.delete(m.uid);
        this.pendingFlags.delete(m);
        out.push({ kind: 'expunge', seq: index + 1, uid: m.uid });
      }
      this.pendingExpunged = [];
    }
    if (this.pendingAdded.length > 0) {
      const added = this.pendingAdded;
      for (const m of added) {
        this.messages.push(m);
        // The first session with the mailbox selected read-write takes a new message's \Recent.
        if (this.mailbox.unclaimedRecent.has(m.uid)) {
          this.recent.add(m.uid);
          if (!this.readOnly) this.mailbox.unclaimedRecent.delete(m.uid);
        }
      }
      this.pendingAdded = [];
      out.push({ kind: 'exists', count: this.messages.length, added }, { kind: 'recent', count: this.recent.size });
    }
    if (!allowFlags) return out;
    for (const m of this.pendingFlags) {
      if (m.expunged) continue;
      const seq = this.seqOf(m);
      if (seq > 0) out.push({ kind: 'fetch-flags', seq, message: m });
    }
    this.pendingFlags.clear();
    return out;
  }

  /**
   * The session has just sent this message's current FLAGS (in a FETCH or STORE response, with
   * MODSEQ once CONDSTORE is on): a queued flag update would only repeat them.
   */
  flagsSent(message: StoredMessage): void {
    this.pendingFlags.delete(message);
  }

  /** Whether FETCH FLAGS shows \Recent on this message in this session. */
  showsRecent(message: StoredMessage): boolean {
    return !this.hideRecent && this.recent.has(message.uid);
  }

  /** 1-based sequence number of a message in this view, or 0. */
  seqOf(message: StoredMessage): number {
    const uid = message.uid;
    let lo = 0;
    let hi = this.messages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.messages[mid];
      if (m.uid === uid) return mid + 1;
      if (m.uid < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** The greatest UID this session knows of (for `*` in UID sets). */
  maxUid(): number {
    return this.messages.length ? this.messages[this.messages.length - 1].uid : 0;
  }

  hasPending(): boolean {
    return this.pendingAdded.length > 0 || this.pendingExpunged.length > 0 || this.pendingFlags.size > 0 || this.pendingKeywords;
  }
}
