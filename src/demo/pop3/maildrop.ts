// The POP3 maildrop: a snapshot of INBOX taken at login (RFC 1939 section 5: message numbers
// stay fixed for the session), with deletion marks applied only in the UPDATE state.

import type { Account } from '../store/store.js';
import type { Mailbox, StoredMessage } from '../store/mailbox.js';

export class Maildrop {
  readonly mailbox: Mailbox;
  readonly messages: StoredMessage[];
  readonly deleted = new Set<number>();

  constructor(account: Account) {
    const inbox = account.find('INBOX');
    if (!inbox) throw new Error('account without INBOX');
    this.mailbox = inbox;
    this.messages = [...inbox.messages];
  }

  /** The message with this number, if it exists and is not marked deleted. */
  get(n: number): StoredMessage | undefined {
    return this.deleted.has(n) ? undefined : this.messages[n - 1];
  }

  live(): Array<{ n: number; message: StoredMessage }> {
    return this.messages.flatMap((message, i) => (this.deleted.has(i + 1) ? [] : [{ n: i + 1, message }]));
  }

  /** RFC 1939 6: QUIT in TRANSACTION removes the marked messages. */
  commit(): void {
    const doomed = [...this.deleted].map((n) => this.messages[n - 1]).filter((m) => !m.expunged);
    this.mailbox.expunge(doomed);
  }

  /** A unique-id (RFC 1939 7: 1 to 70 characters 0x21-0x7E), stable while UIDVALIDITY is. */
  uniqueId(message: StoredMessage): string {
    return `${this.mailbox.uidValidity}.${message.uid}`;
  }
}

/** Multi-line body with dot-stuffing (RFC 1939 3): lines starting with "." get one more. */
export function dotStuffed(bytes: Uint8Array): Buffer {
  let text = Buffer.from(bytes).toString('latin1');
  if (text.length > 0 && !text.endsWith('\r\n')) text += '\r\n';
  text = text.replace(/^\./gm, '..');
  return Buffer.from(`${text}.\r\n`, 'latin1');
}

/** TOP: the header, the empty line, and the first `lines` lines of the body (RFC 1939 7). */
export function topOf(raw: Uint8Array, lines: number): Uint8Array {
  const text = Buffer.from(raw).toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return raw;
  const header = text.slice(0, split + 4);
  const body = text.slice(split + 4).split('\r\n');
  const kept = body.slice(0, lines).join('\r\n');
  return Buffer.from(lines > 0 && kept !== '' ? `${header}${kept}\r\n` : header, 'latin1');
}
