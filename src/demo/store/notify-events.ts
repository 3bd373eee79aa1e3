// What happens in the store, told to every session that asked with NOTIFY (RFC 5465). Each
// event is named as RFC 5465 section 5 names it (the names RFC 5423 gave message store
// events), so a session matches it against the client's event list as is. The hub also
// remembers which session's command is running: RFC 5465 5 says the server SHOULD NOT notify
// a client of the changes it made itself, so each event carries that `actor`.

import type { Mailbox, StoredMessage } from './mailbox.js';
import type { Account } from './store.js';

/** A change to messages of one mailbox, as the mailbox reports it (it does not know its account). */
export type MessageEvent =
  | { kind: 'MessageNew'; mailbox: Mailbox; messages: readonly StoredMessage[] }
  | { kind: 'MessageExpunge'; mailbox: Mailbox; messages: readonly StoredMessage[] }
  | { kind: 'FlagChange'; mailbox: Mailbox; message: StoredMessage };

/** What a mailbox reports: message events, and its METADATA entries changing (RFC 5465 5.6). */
export type MailboxChange = MessageEvent | { kind: 'MailboxMetadataChange'; mailbox: Mailbox; entry: string };

/** A change to the mailbox list (RFC 5465 5.4, 5.5) or the server's entries; names as stored (modified UTF-7). */
export type MailboxListEvent =
  /** Created, deleted or renamed (then `oldName` is the name it had). */
  | { kind: 'MailboxName'; name: string; oldName?: string }
  | { kind: 'SubscriptionChange'; name: string }
  /**
   * The mailbox's ACL changed (SETACL, DELETEACL). No NOTIFY event of its own: RFC 5465 5.4
   * counts granting or revoking another user's `l` as a creation or deletion for that user.
   */
  | { kind: 'AclChange'; name: string }
  /** A server entry (RFC 5464 3.2.1.1) changed (RFC 5465 5.7); `entry` lower-cased. */
  | { kind: 'ServerMetadataChange'; entry: string };

export type StoreEvent = (MailboxChange | MailboxListEvent) & {
  account: Account;
  /** The session whose command made the change; undefined for POP3 or the seed. */
  actor?: object;
};

export type StoreEventListener = (event: StoreEvent) => void;

export class NotifyHub {
  private readonly listeners = new Set<StoreEventListener>();
  /** Set by a session while its command runs (commands run one at a time per session). */
  actor: object | undefined;

  /** Adds a listener; returns the function that removes it. */
  listen(listener: StoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(account: Account, event: MailboxChange | MailboxListEvent): void {
    if (this.listeners.size === 0) return;
    const told: StoreEvent = { ...event, account, actor: this.actor };
    for (const l of this.listeners) l(told);
  }
}
