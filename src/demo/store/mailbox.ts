// One mailbox of the in-memory store: its messages in UID order, UIDVALIDITY/UIDNEXT
// (RFC 3501 section 2.3.1.1), its keywords, and the sessions that have it selected. Every
// change is told to those sessions' views, which queue it until the session may report it.
// Every change also takes the next mod-sequence (RFC 7162 3.1, CONDSTORE): an arriving
// message and a flag change give the message a new MODSEQ; an expunge moves only the
// mailbox's HIGHESTMODSEQ, so it never goes back when the message with the highest leaves.
// QRESYNC (RFC 7162 3.2.5.2, 3.2.6) asks which UIDs went since a mod-sequence: the mailbox
// remembers the last EXPUNGED_MEMORY expunges, each with the mod-sequence it took.

import { formatDateTime, type InternalDate } from './date-time.js';
import type { MessageIds } from './object-ids.js';
import { Annotations } from './metadata.js';
import type { MailboxChange } from './notify-events.js';
import { WatchedAnnotations } from './notify-annotations.js';

export interface StoredMessage {
  readonly uid: number;
  /** System flags and keywords, canonically spelled (see flags.ts). */
  readonly flags: Set<string>;
  readonly internalDate: InternalDate;
  /** The RFC 822 message as stored, CRLF line ends. */
  readonly raw: Uint8Array;
  /** Set once the message is expunged: views that still number it keep the object. */
  expunged: boolean;
  /** The mod-sequence of its last change (RFC 7162 3.1): arrival or a flag change. */
  modseq: number;
  /** EMAILID and THREADID (RFC 8474 5.1, 5.2): a copy has its source's (object-ids.ts). */
  readonly ids: MessageIds;
  /** The save date (RFC 8514 3): when it came into this mailbox; it never changes while it stays. */
  readonly savedAt: InternalDate;
}

/** A message to add: new, or a copy that keeps its source's ids (`copyItem`). */
export interface NewMessage {
  raw: Uint8Array;
  flags: Iterable<string>;
  internalDate: InternalDate;
  /** Absent for new mail: the mailbox asks its store for new ids. */
  ids?: MessageIds;
  /** Absent: now, by the store's clock (RFC 8514 3); the seed gives its own time. */
  savedAt?: InternalDate;
}

/**
 * What COPY, MOVE and RENAME of INBOX add to the target for a message: the same bytes, flags and
 * INTERNALDATE (RFC 3501 6.4.7), the same EMAILID and THREADID (RFC 8474 5.1: the copy in the
 * COPYUID pairing has the source's EMAILID), and a save date of its own (RFC 8514 3).
 */
export function copyItem(m: StoredMessage): NewMessage {
  return { raw: m.raw, flags: m.flags, internalDate: m.internalDate, ids: m.ids };
}

/** What a mailbox needs from its store: its MAILBOXID, ids for new mail, the clock. */
export interface MailboxServices {
  /** RFC 8474 4: given once; RENAME keeps it, since it keeps the Mailbox object. */
  readonly mailboxId: string;
  /** EMAILID and THREADID of a message arriving new (not a copy). */
  arrive(raw: Uint8Array): MessageIds;
  /** The server's clock: save dates (RFC 8514 3), OLDER and YOUNGER (RFC 5032 2). */
  now(): Date;
  /** Tells the store a change happened here, for sessions watching with NOTIFY (RFC 5465). */
  changed?(event: MailboxChange): void;
}

/** How many expunged UIDs a mailbox remembers with their mod-sequence (older ones are forgotten). */
export const EXPUNGED_MEMORY = 10_000;

/** One remembered expunge: the UID and the mod-sequence its EXPUNGE took (RFC 7162 3.2.6). */
export interface ExpungedUid { uid: number; modseq: number }

/** What a selected session's view is told; see view.ts. */
export interface MailboxListener {
  messagesAdded(messages: StoredMessage[]): void;
  messageExpunged(message: StoredMessage): void;
  flagsChanged(message: StoredMessage, origin: MailboxListener | undefined): void;
  keywordsChanged(): void;
}

export class Mailbox {
  name: string;
  readonly uidValidity: number;
  uidNext = 1;
  /** Has inferiors but holds no messages of its own (RFC 3501 6.3.4 DELETE of a parent). */
  noSelect = false;
  readonly specialUse?: string;
  readonly messages: StoredMessage[] = [];
  /** Keywords ever stored here, lower-cased -> first spelling; announced in FLAGS. */
  readonly keywords = new Map<string, string>();
  /** UIDs no session has yet seen as \Recent (RFC 3501 2.3.2: recent belongs to one session). */
  readonly unclaimedRecent = new Set<number>();
  readonly listeners = new Set<MailboxListener>();
  /** Rights granted to identifiers other than the owner (RFC 4314), in the order set. */
  readonly acl = new Map<string, string>();
  /** Its METADATA entries, shared and private (RFC 5464 3.2.1.2); they follow RENAME and go with DELETE (4.1). */
  readonly annotations: Annotations = new WatchedAnnotations((entry) => this.services.changed?.({ kind: 'MailboxMetadataChange', mailbox: this, entry }));
  /**
   * HIGHESTMODSEQ (RFC 7162 3.1.2.1): the last mod-sequence given out here. It starts at 1,
   * since the value is positive even for an empty mailbox (RFC 7162 section 7, mod-sequence-value).
   */
  highestModseq = 1;
  /** Expunged UIDs in the order they went (so by mod-sequence), at most `expungedMemory`. */
  readonly expunged: ExpungedUid[] = [];
  /** The bound on `expunged`; a field so a test can make it small. */
  expungedMemory = EXPUNGED_MEMORY;
  /** The highest mod-sequence among forgotten expunges: below it, the log is incomplete. */
  forgottenModseq = 0;

  constructor(name: string, uidValidity: number, specialUse: string | undefined, private readonly services: MailboxServices) {
    this.name = name;
    this.uidValidity = uidValidity;
    this.specialUse = specialUse;
  }

  /** MAILBOXID (RFC 8474 4). */
  get mailboxId(): string {
    return this.services.mailboxId;
  }

  /** The server's clock, as the store was given it. */
  now(): Date {
    return this.services.now();
  }

  /** Canonical spelling of a flag in this mailbox; new keywords are recorded and announced. */
  spell(flag: string): string {
    if (flag.startsWith('\\')) return flag;
    const lower = flag.toLowerCase();
    const known = this.keywords.get(lower);
    if (known) return known;
    this.keywords.set(lower, flag);
    for (const l of this.listeners) l.keywordsChanged();
    return flag;
  }

  /** Adds messages atomically; returns them with their new UIDs. */
  add(items: NewMessage[]): StoredMessage[] {
    const savedNow = formatDateTime(this.now());
    const added = items.map((item) => {
      const message: StoredMessage = {
        uid: this.uidNext++,
        flags: new Set([...item.flags].map((f) => this.spell(f))),
        internalDate: item.internalDate,
        raw: item.raw,
        expunged: false,
        modseq: this.nextModseq(),
        ids: item.ids ?? this.services.arrive(item.raw),
        savedAt: item.savedAt ?? savedNow,
      };
      this.messages.push(message);
      this.unclaimedRecent.add(message.uid);
      return message;
    });
    for (const l of this.listeners) l.messagesAdded(added);
    if (added.length > 0) this.services.changed?.({ kind: 'MessageNew', mailbox: this, messages: added });
    return added;
  }

  /** Replaces a message's flags; tells every view but the one that asked (it answers itself). */
  setFlags(message: StoredMessage, flags: Set<string>, origin?: MailboxListener): boolean {
    const spelled = new Set([...flags].map((f) => this.spell(f)));
    const same = spelled.size === message.flags.size && [...spelled].every((f) => message.flags.has(f));
    // RFC 7162 3.1.11: setting a flag already set (or clearing one not set) keeps the MODSEQ.
    if (same) return false;
    message.flags.clear();
    for (const f of spelled) message.flags.add(f);
    message.modseq = this.nextModseq();
    for (const l of this.listeners) l.flagsChanged(message, origin);
    this.services.changed?.({ kind: 'FlagChange', mailbox: this, message });
    return true;
  }

  /** Removes the given messages (all of them, or none: the caller has validated them). */
  expunge(doomed: StoredMessage[]): void {
    if (doomed.length > 0) this.remember(doomed, this.nextModseq());
    const set = new Set(doomed);
    const kept = this.messages.filter((m) => !set.has(m));
    this.messages.length = 0;
    // A loop, not push(...kept): a spread of some 120,000 messages overflows V8's stack.
    for (const m of kept) this.messages.push(m);
    for (const m of doomed) {
      m.expunged = true;
      this.unclaimedRecent.delete(m.uid);
      for (const l of this.listeners) l.messageExpunged(m);
    }
    if (doomed.length > 0) this.services.changed?.({ kind: 'MessageExpunge', mailbox: this, messages: doomed });
  }

  private remember(doomed: StoredMessage[], modseq: number): void {
    for (const m of doomed) this.expunged.push({ uid: m.uid, modseq });
    const excess = this.expunged.length - this.expungedMemory;
    if (excess <= 0) return;
    for (const gone of this.expunged.splice(0, excess)) this.forgottenModseq = Math.max(this.forgottenModseq, gone.modseq);
  }

  /**
   * UIDs among `candidates` expunged after mod-sequence `since`, ascending (RFC 7162 3.2.6).
   * When expunges that recent have been forgotten, the server cannot tell; then every
   * candidate UID below UIDNEXT that is no longer here counts as vanished: more than needed,
   * never fewer, as RFC 7162 3.2.5.2 and 3.2.6 allow; `above` (from seq-match-data) narrows
   * that guess to UIDs above one the client provably still has in the same place.
   */
  vanishedSince(since: number, candidates: (uid: number) => boolean, above = 0): number[] {
    const out = new Set<number>();
    if (since >= this.forgottenModseq) {
      for (const e of this.expunged) if (e.modseq > since && candidates(e.uid)) out.add(e.uid);
    } else {
      const present = new Set(this.messages.map((m) => m.uid));
      for (let uid = above + 1; uid < this.uidNext; uid++) if (!present.has(uid) && candidates(uid)) out.add(uid);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Takes the next mod-sequence of this mailbox (RFC 7162 3.1: strictly increasing). */
  nextModseq(): number {
    return ++this.highestModseq;
  }

  /** Finds a message by UID (messages are in ascending UID order). */
  byUid(uid: number): StoredMessage | undefined {
    let lo = 0;
    let hi = this.messages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.messages[mid];
      if (m.uid === uid) return m;
      if (m.uid < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  countUnseen(): number {
    let n = 0;
    for (const m of this.messages) if (!m.flags.has('\\Seen')) n++;
    return n;
  }
}
