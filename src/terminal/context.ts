// Everything a front end (REPL or non-interactive run) and its meta-commands work on, in one
// object passed around: no module-level state.
import type tls from 'node:tls';
import type { OpenClient, OpenSettings } from '../client/open.js';
import type { Display } from './display.js';
import type { ResponseLog } from './response-log.js';
import type { Theme } from './theme.js';

export interface SessionContext extends OpenClient {
  settings: OpenSettings;
  display: Display;
  theme: Theme;
  interactive: boolean;
  print(text: string): void;
  /**
   * A warning or an error, styled as one. In a script it goes to stderr, so that stdout holds
   * the session alone (`mailscope HOST -c ... > out.txt`); in the REPL it prints as `print` does.
   */
  problem(level: 'warn' | 'error', text: string): void;
  /** The TLS socket, once there is one (implicit TLS or after STARTTLS). */
  tlsSocket?: tls.TLSSocket;
  explainOn: boolean;
  /** A STARTTLS driven by open/:starttls is in progress: afterCommand leaves it alone. */
  upgrading: boolean;
  /** --record-secrets, for :record too. */
  keepSecrets: boolean;
  /** The last command's responses, for `:explain` alone. */
  responses: ResponseLog;
  guardOn: boolean;
  /** Where passwords and tokens come from (--user, --auth, --password-env...). */
  credentialOptions: import('../client/credentials.js').CredentialOptions;
  allowPlaintextAuth: boolean;
  /** The peer is on this machine (judged from the address connected to, not the name typed). */
  loopback: boolean;
  env: NodeJS.ProcessEnv;
  home: string;
  /** A masked prompt (interactive only); undefined when no one can answer. */
  askSecret(prompt: string): Promise<string | undefined>;
  askText(prompt: string): Promise<string | undefined>;
  /** Ask the user a yes/no question; non-interactive front ends answer `fallback`. */
  confirm(question: string, fallback: boolean): Promise<boolean>;
  /** Recording in progress, if any. */
  recording?: { path: string; stop(): void };
  /**
   * Starts recording the connection into `path` (`:record`); `failed` hears of a write that
   * failed. Given by the front end: recording is the transcript layer's, above this one.
   */
  startRecording(path: string, failed: (message: string) => void): { stop(): void };
  /**
   * Runs `send`, which sends lines mailscope composes by itself (DONE on Ctrl-C, LOGOUT/QUIT on
   * leaving, COMPRESS, STARTTLS/STLS and the capabilities around it): each line it writes is
   * shown as a dim `C:` line in pretty mode, as the wire has it (tag and all), secrets masked.
   * A promise returned keeps the showing on until it settles (STARTTLS's CAPABILITY after the
   * handshake). Lines already shown another way (a typed line, the login's own echo) stay out.
   */
  ownLines<T>(send: () => T): T;
  /** Round-trip times per completed command, for :stats. */
  roundTrips: number[];
  /** Meta-command extensions registered by features (login, explain, record...). */
  quit(): Promise<void>;
  /** Interactive only: open the connection again with the same settings (after a drop). */
  reconnect?(): Promise<void>;
}
