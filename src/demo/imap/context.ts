// What a command handler sees of its session: the store, the state (RFC 3501 section 3), the
// selected mailbox view, and one door to write responses. Handlers return a Completion; the
// session writes the tagged line, after reporting queued mailbox changes where allowed.

import type { ImapState } from '../../registry/types.js';
import type { ImapValue } from '../../protocol/imap/types.js';
import type { Part } from './wire.js';
import type { Account, MailStore } from '../store/store.js';
import type { MailboxView } from '../store/view.js';
import type { NotifySession } from './notify-session.js';

export interface Completion {
  status: 'OK' | 'NO' | 'BAD';
  /** resp-text-code without brackets: `READ-WRITE`, `COPYUID 12 1:2 5:6`. */
  code?: string;
  text: string;
  /** Runs after the tagged line is written (STARTTLS handshake, LOGOUT close). */
  after?: () => Promise<void> | void;
}

export interface ServerConfig {
  /** The capabilities announced, in order, before and after login. */
  capabilities(ctx: ImapContext): string[];
  /** SASL mechanisms offered (AUTH=...). */
  saslMechanisms: string[];
  /** LOGINDISABLED until STARTTLS (RFC 3501 6.2.3). */
  loginDisabledBeforeTls: boolean;
  /** STARTTLS is offered (a certificate is loaded and the connection is not yet TLS). */
  startTlsAvailable: boolean;
  /** ID response fields (RFC 2971). */
  id: Array<[string, string]>;
  hostname: string;
}

export interface ImapContext {
  readonly store: MailStore;
  readonly config: ServerConfig;
  state: ImapState;
  account?: Account;
  view?: MailboxView;
  tls: boolean;
  /** Writes `* ` + text + CRLF; parts may carry literal bytes. */
  untagged(...parts: Array<string | Uint8Array>): void;
  /** Writes `+ text` CRLF (a continuation request). */
  continuation(text: string): void;
  /** Writes response parts as they are (the caller ends the line). */
  write(parts: Part[]): void;
  /** Reads the next client line (AUTHENTICATE responses, IDLE's DONE); undefined on close. */
  readLine(): Promise<string | undefined>;
  /** Selects a mailbox view (closing any other) or deselects with undefined. */
  setView(view: MailboxView | undefined): void;
  /**
   * Reports queued changes of the selected mailbox now (NOOP, IDLE, command end); with
   * `allowFlags` false (NOTIFY without FlagChange, RFC 5465 5.1) flag changes keep waiting.
   */
  reportUpdates(allowExpunge: boolean, allowFlags?: boolean): void;
  /** What the client asked NOTIFY to report (RFC 5465), and the reports waiting to go out. */
  readonly notify: NotifySession;
  /** Set while IDLE runs, so changes are reported at once (RFC 2177). */
  idling: boolean;
  /**
   * The client issued a CONDSTORE enabling command (RFC 7162 3.1): ENABLE CONDSTORE, SELECT or
   * EXAMINE (CONDSTORE), STATUS (HIGHESTMODSEQ), FETCH or SEARCH with MODSEQ, FETCH CHANGEDSINCE,
   * STORE UNCHANGEDSINCE. From then on, until the connection closes, flag FETCHes carry MODSEQ.
   */
  condstore: boolean;
  /**
   * ENABLE QRESYNC was answered with ENABLED QRESYNC (RFC 7162 3.2.3): the QRESYNC SELECT
   * parameter and UID FETCH's VANISHED are allowed, and expunges go as VANISHED (3.2.10.2).
   */
  qresync: boolean;
  /**
   * ENABLE IMAP4rev2 was answered with ENABLED IMAP4rev2 (RFC 9051 Appendix A): the session
   * speaks IMAP4rev2 until the connection closes (see rev2.ts); otherwise IMAP4rev1.
   */
  rev2: boolean;
  /** Upgrades the socket to TLS (after the tagged OK of STARTTLS). */
  startTls(): Promise<void>;
  /** Deflates both directions from now on (after the tagged OK of COMPRESS, RFC 4978). */
  startCompression(): void;
  readonly compressed: boolean;
  /** Ends the connection after the current response. */
  close(): void;
  log(line: string): void;
}

export interface CommandCall {
  tag: string;
  /** Upper case; `UID FETCH` for UID forms. */
  name: string;
  args: ImapValue[];
  uid: boolean;
}

export type Handler = (ctx: ImapContext, call: CommandCall) => Completion | Promise<Completion>;

export const ok = (text: string, code?: string): Completion => ({ status: 'OK', text, code });
export const no = (text: string, code?: string): Completion => ({ status: 'NO', text, code });
export const bad = (text: string, code?: string): Completion => ({ status: 'BAD', text, code });

/** The logged-in account: handlers of the authenticated and selected states may rely on it. */
export function accountOf(ctx: ImapContext): Account {
  if (!ctx.account) throw new Error('authenticated state without an account');
  return ctx.account;
}
