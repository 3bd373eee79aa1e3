// The demo server's mail store: in memory, shared by every IMAP and POP3 connection of the
// process, so what one session changes the others see. Mailbox names are kept as sent on
// the wire (modified UTF-7, RFC 3501 5.1.3); INBOX is case-insensitive (section 5.1).
// Deterministic: UIDVALIDITY comes from a fixed base and a counter, dates from `now`.

import { Mailbox } from './mailbox.js';
import { formatDateTime, parseDateTime, type InternalDate } from './date-time.js';
import { checkFlag } from './flags.js';
import { ObjectIds, ThreadIndex } from './object-ids.js';
import { Annotations, SEEDED_SERVER_ENTRIES } from './metadata.js';
import { NotifyHub } from './notify-events.js';
import { WatchedAnnotations } from './notify-annotations.js';

/** Courier-IMAP's layout, which the tutorial shows: personal namespace "INBOX." with "." */
export const HIERARCHY_SEPARATOR = '.';
export const PERSONAL_PREFIX = 'INBOX.';

/** The tutorial's INBOX UIDVALIDITY; later mailboxes count up from it. */
const UIDVALIDITY_BASE = 1294991877;

export interface SeedMessage {
  mailbox: string;
  flags: string[];
  internalDate: string;
  raw: string | Uint8Array;
}

export interface StoreSeed {
  users: Array<{ user: string; password: string }>;
  mailboxes: Array<{ name: string; specialUse?: string }>;
  messages: SeedMessage[];
  /** Messages for one account only, by user name (the class account's conversation). */
  accountMessages?: Readonly<Record<string, readonly SeedMessage[]>>;
}

/** STORAGE quota room above the seeded mail, in KiB (64 MiB). */
export const STORAGE_ROOM_KIB = 64 * 1024;

export class Account {
  readonly user: string;
  readonly password: string;
  readonly mailboxes = new Map<string, Mailbox>();
  /** Subscribed names (RFC 3501 6.3.6: a name may be subscribed without existing). */
  readonly subscriptions = new Set<string>();
  /** Open POP3 maildrop lock (RFC 1939 section 8 / RFC 2449 [IN-USE]). */
  pop3Locked = false;
  /** The STORAGE limit of the account's one quota root, in KiB (RFC 9208 5.1); set once seeded. */
  storageLimitKiB = STORAGE_ROOM_KIB;
  /** The user's private server entries (RFC 5464 3.2.1.1, mailbox ""), seen by no other user. */
  readonly serverAnnotations: Annotations;

  /** `notifications`: where changes of the private server entries are told (RFC 5465 5.7). */
  constructor(user: string, password: string, notifications?: NotifyHub) {
    this.user = user;
    this.password = password;
    this.serverAnnotations = new WatchedAnnotations((entry) => notifications?.emit(this, { kind: 'ServerMetadataChange', entry }));
  }

  find(name: string): Mailbox | undefined {
    return this.mailboxes.get(mailboxKey(name));
  }

  /** Mailboxes in a stable order: INBOX first, then by name. */
  list(): Mailbox[] {
    return [...this.mailboxes.values()].sort((a, b) =>
      a.name === 'INBOX' ? -1 : b.name === 'INBOX' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  /** Octets of every message in every mailbox: what the STORAGE quota counts (RFC 9208 5.1). */
  storageUsed(): number {
    let octets = 0;
    for (const mailbox of this.mailboxes.values()) for (const m of mailbox.messages) octets += m.raw.length;
    return octets;
  }

  hasChildren(name: string): boolean {
    const prefix = mailboxKey(name) + HIERARCHY_SEPARATOR;
    for (const key of this.mailboxes.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}

/** The key a mailbox name is stored under: INBOX and INBOX.x match in any case. */
export function mailboxKey(name: string): string {
  if (name.toUpperCase() === 'INBOX') return 'INBOX';
  if (name.toUpperCase().startsWith(PERSONAL_PREFIX)) return PERSONAL_PREFIX + name.slice(PERSONAL_PREFIX.length);
  return name;
}

export class MailStore {
  readonly accounts = new Map<string, Account>();
  readonly now: () => Date;
  private validityCounter = 0;
  /** MAILBOXIDs and EMAILIDs, unique in the whole store (RFC 8474 4, 5.1). */
  private readonly objectIds = new ObjectIds();
  /** Each account's conversations, for THREADID (RFC 8474 5.2). */
  private readonly threads = new Map<Account, ThreadIndex>();
  /** Changes told to the sessions that asked with NOTIFY (RFC 5465). */
  readonly notifications = new NotifyHub();
  /** Shared server entries (RFC 5464 3.2.1.1, mailbox ""), one value for every user: a change concerns every account (RFC 5465 5.7). */
  readonly serverAnnotations: Annotations = new WatchedAnnotations((entry) => {
    for (const account of this.accounts.values()) this.notifications.emit(account, { kind: 'ServerMetadataChange', entry });
  }, SEEDED_SERVER_ENTRIES);

  constructor(seed: StoreSeed, now: () => Date = () => new Date()) {
    this.now = now;
    for (const { user, password } of seed.users) {
      const account = new Account(user, password, this.notifications);
      this.accounts.set(user.toLowerCase(), account);
      this.createMailbox(account, 'INBOX');
      for (const box of seed.mailboxes) {
        if (!account.find(box.name)) this.createMailbox(account, box.name, box.specialUse);
      }
      for (const m of account.mailboxes.values()) account.subscriptions.add(m.name);
    }
    // Each user gets its own copy of the seed messages.
    for (const account of this.accounts.values()) {
      this.seedMessages(account, [...seed.messages, ...(seed.accountMessages?.[account.user.toLowerCase()] ?? [])]);
      // Room to add mail above whatever was seeded (--load may bring a big mbox); the limit
      // also bounds what one account can make this in-memory server hold.
      account.storageLimitKiB = Math.ceil(account.storageUsed() / 1024) + STORAGE_ROOM_KIB;
    }
  }

  account(user: string): Account | undefined {
    return this.accounts.get(user.toLowerCase());
  }

  /** Checks a login; a miss and a wrong password look the same to the client. */
  authenticate(user: string, password: string): Account | undefined {
    const account = this.account(user);
    return account && account.password === password ? account : undefined;
  }

  createMailbox(account: Account, name: string, specialUse?: string): Mailbox {
    const key = mailboxKey(name);
    const threads = this.threadsOf(account);
    const mailbox = new Mailbox(key, UIDVALIDITY_BASE + this.validityCounter++, specialUse, {
      mailboxId: this.objectIds.mailboxId(),
      arrive: (raw) => threads.arrive(raw),
      now: () => this.now(),
      changed: (event) => this.notifications.emit(account, event),
    });
    account.mailboxes.set(key, mailbox);
    // RFC 5465 5.4: a new mailbox name is a MailboxName event (CREATE, its parents, RENAME of INBOX).
    this.notifications.emit(account, { kind: 'MailboxName', name: key });
    return mailbox;
  }

  private threadsOf(account: Account): ThreadIndex {
    let threads = this.threads.get(account);
    if (!threads) this.threads.set(account, (threads = new ThreadIndex(this.objectIds)));
    return threads;
  }

  /** Today's date-time for APPEND without a date, from the injected clock. */
  internalNow(): InternalDate {
    return formatDateTime(this.now());
  }

  private seedMessages(account: Account, messages: readonly SeedMessage[]): void {
    for (const m of messages) {
      const mailbox = account.find(m.mailbox) ?? this.createMailbox(account, m.mailbox);
      // Seed text holds one character per octet (latin1), as seed-messages.ts says.
      const raw = typeof m.raw === 'string' ? Buffer.from(toCrlf(m.raw), 'latin1') : m.raw;
      const flags = m.flags.map((f) => checkFlag(f)).flatMap((c) => (c.ok ? [c.flag] : []));
      const internalDate = parseDateTime(m.internalDate) ?? this.internalNow();
      // The seed is the mailbox's past: each message was saved there at its internal date (RFC 8514 3).
      mailbox.add([{ raw, flags, internalDate, savedAt: internalDate }]);
    }
    // The seed is the mailbox's past, not new mail: nothing in it is \Recent.
    for (const mailbox of account.mailboxes.values()) mailbox.unclaimedRecent.clear();
  }
}

/** RFC 5322 messages travel with CRLF line ends; seed text may be written with bare LF. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
