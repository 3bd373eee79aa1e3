// What a protocol client tells the front end (REPL, non-interactive runner, tests).
import type { Protocol } from '../protocol/name.js';

export interface ClientListener {
  /** A server event, to be rendered (IMAP ReaderEvent or POP3 Pop3Event). */
  serverEvent(ev: unknown): void;
  /** What we sent, as a display line (secrets already redacted). */
  clientLine?(text: string): void;
  note(level: 'info' | 'warn' | 'error', text: string): void;
  /** A command completed; `ok` is false for NO/BAD/-ERR. */
  completed?(info: { name: string; ok: boolean; status: string; elapsedMs: number }): void;
  /** The connection is gone. */
  closed(err?: Error): void;
}

export interface PromptInfo {
  protocol: Protocol;
  /** not authenticated / authenticated / selected INBOX (read-write) / AUTHORIZATION... */
  state: string;
  /** Tags (IMAP) or commands (POP3) still waiting for their completion. */
  waiting: string[];
  /** A short hint when the next line is a continuation (literal bytes, IDLE, SASL). */
  continuation?: string;
}

/** The front ends drive IMAP and POP3 through this one shape. */
export interface ProtocolClient {
  readonly protocol: Protocol;
  /** Resolves with the greeting's status once it arrived (true when OK/PREAUTH/+OK). */
  readonly greeting: Promise<boolean>;
  /** The server's first line, when it was no greeting of this protocol (greeting is then false). */
  readonly unexpectedGreeting: string | undefined;
  submit(line: string): void;
  interrupt(): void;
  /** True when a line typed now is sent at once as part of a command in progress (after `+`). */
  readonly wantsContinuationLine: boolean;
  /**
   * True when a line typed now belongs to a command in progress (literal bytes, a SASL
   * response, IDLE's DONE), even before the server's `+` lets it go out: never a new
   * command, a meta-command or a history entry.
   */
  readonly continuing: boolean;
  /** True when commands are waiting for their completion or a `+`. */
  readonly busy: boolean;
  /**
   * IDLE is on (its `+` came): the server may rightly send nothing for a long time (RFC 2177),
   * so a read timeout does not apply.
   */
  readonly idling: boolean;
  promptInfo(): PromptInfo;
  /**
   * The names of the commands whose answer is owed, oldest first (`CAPABILITY`, `LOGIN`): the
   * verb only, so an error that names them never shows a password.
   */
  awaited(): string[];
  /** Send a command and wait for its completion (used for STARTTLS, CAPABILITY, LOGOUT). */
  command(line: string): Promise<{ ok: boolean; status: string }>;
  /** Upper-cased, for lookups (capability names are case-insensitive). */
  readonly capabilities: Set<string>;
  /** The capabilities before the last refresh (a new list after STARTTLS or login), if any. */
  readonly previousCapabilities: ReadonlySet<string> | undefined;
  /** An upper-cased capability as the server spelt it (`IMAP4rev1`); the name itself if never seen. */
  spelt(capability: string): string;
  /** The state and capabilities a command typed now will meet, if the waiting ones succeed. */
  ahead(): { state: string; capabilities: ReadonlySet<string> };
  /** Mailbox names are UTF-8 on this connection (IMAP4rev2 or UTF8=ACCEPT enabled), not modified UTF-7. */
  readonly utf8MailboxNames: boolean;
  /** When set, `+` continuation texts go here (a SASL exchange the client drives itself). */
  continuationHook: ((text: string) => void) | undefined;
}
