// The embedded demo server: IMAP and POP3 listeners (plain with STARTTLS/STLS, and optional
// implicit TLS) over one shared in-memory store. Loopback by default.

import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { ImapConnection } from './imap-server.js';
import { Pop3Connection } from './pop3-server.js';
import { capabilitiesFor, SASL_MECHANISMS_OFFERED } from './imap/capabilities.js';
import type { ServerConfig } from './imap/context.js';
import { loadMessagesFrom } from './load.js';
import { SEED_MAILBOXES, SEED_MESSAGES, SEED_USERS } from './seed-messages.js';
import { CLASS_THREAD, CLASS_THREAD_USER } from './seed-class-thread.js';
import { MailStore, type SeedMessage } from './store/store.js';
import { listenOn } from '../net/listen.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  imapPort?: number;
  pop3Port?: number;
  /** Implicit TLS (RFC 8314); null (default) = off, 0 = a free port. */
  imapsPort?: number | null;
  pop3sPort?: number | null;
  /** Seed from a directory of .eml files or an mbox instead of the tutorial's messages. */
  loadFrom?: string;
  /** Clock for APPEND internal dates and the APOP timestamp. */
  now?: () => Date;
  /** Announce LOGINDISABLED until STARTTLS (RFC 3501 6.2.3). */
  loginDisabledBeforeTls?: boolean;
  log?: (line: string) => void;
  /** Autologout after this much silence (default 30 minutes, RFC 3501 5.4). */
  idleTimeoutMs?: number;
}

export interface DemoServer {
  host: string;
  imapPort: number;
  pop3Port: number;
  imapsPort?: number;
  pop3sPort?: number;
  users: Array<{ user: string; password: string }>;
  /** The shared store, for tests and benchmarks that seed or inspect it directly. */
  store: MailStore;
  close(): Promise<void>;
}

const HOSTNAME = 'mailscope.demo';

// From dist/demo/ or src/demo/ the certs folder is ../../src/demo/certs.
const CERTS = new URL('../../src/demo/certs/', import.meta.url);

/** The demo's self-signed certificate: `mailscope demo` trusts it as its CA (`--ca`). */
export const DEMO_CERT_FILE = fileURLToPath(new URL('demo-cert.pem', CERTS));

/** The demo certificate (src/demo/certs, shipped in the package; see its README). */
export function demoSecureContext(): SecureContext {
  return createSecureContext({
    cert: readFileSync(DEMO_CERT_FILE),
    key: readFileSync(fileURLToPath(new URL('demo-key.pem', CERTS))),
  });
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const messages: SeedMessage[] = opts.loadFrom ? await loadMessagesFrom(opts.loadFrom) : SEED_MESSAGES;
  // --load brings the user's own mail: then no account gets the class conversation either.
  const accountMessages = opts.loadFrom ? undefined : { [CLASS_THREAD_USER]: CLASS_THREAD };
  const store = new MailStore({ users: SEED_USERS, mailboxes: SEED_MAILBOXES, messages, accountMessages }, now);
  const secureContext = demoSecureContext();
  const sockets = new Set<Socket>();
  let connections = 0;

  const config: ServerConfig = {
    capabilities: (ctx) => capabilitiesFor(ctx),
    saslMechanisms: SASL_MECHANISMS_OFFERED,
    loginDisabledBeforeTls: opts.loginDisabledBeforeTls ?? false,
    startTlsAvailable: true,
    id: [['name', 'mailscope demo'], ['vendor', 'mailscope']],
    hostname: HOSTNAME,
  };

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const wrap = (socket: Socket, implicit: boolean): Socket =>
    implicit ? new TLSSocket(socket, { isServer: true, secureContext }) : socket;

  const imap = (implicit: boolean) => (raw: Socket): void => {
    track(raw);
    const socket = wrap(raw, implicit);
    socket.on('error', () => {});
    const connection = new ImapConnection(socket, { store, config, tls: implicit, secureContext, idleTimeoutMs: opts.idleTimeoutMs, log });
    void connection.serve().catch((e: Error) => log(`IMAP connection failed: ${e.message}`));
  };
  const pop3 = (implicit: boolean) => (raw: Socket): void => {
    track(raw);
    const socket = wrap(raw, implicit);
    socket.on('error', () => {});
    connections++;
    // RFC 1939 7: the APOP timestamp is unique per connection: <process-id.clock@hostname>.
    const timestamp = `<${connections}.${Math.floor(now().getTime() / 1000)}@${HOSTNAME}>`;
    const connection = new Pop3Connection(socket, {
      store, tls: implicit, secureContext, saslMechanisms: SASL_MECHANISMS_OFFERED, hostname: HOSTNAME, timestamp,
      idleTimeoutMs: opts.idleTimeoutMs, log,
    });
    void connection.serve().catch((e: Error) => log(`POP3 connection failed: ${e.message}`));
  };

  const servers: Server[] = [];
  const listen = async (port: number, handler: (s: Socket) => void): Promise<number> => {
    const server = createServer(handler);
    servers.push(server);
    return listenOn(server, port, host);
  };

  try {
    const imapPort = await listen(opts.imapPort ?? 0, imap(false));
    const pop3Port = await listen(opts.pop3Port ?? 0, pop3(false));
    const imapsPort = opts.imapsPort == null ? undefined : await listen(opts.imapsPort, imap(true));
    const pop3sPort = opts.pop3sPort == null ? undefined : await listen(opts.pop3sPort, pop3(true));
    log(`IMAP on ${host}:${imapPort}, POP3 on ${host}:${pop3Port}`);
    return {
      host, imapPort, pop3Port, imapsPort, pop3sPort, store,
      users: SEED_USERS.map((u) => ({ ...u })),
      close: async () => {
        for (const s of sockets) s.destroy();
        await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      },
    };
  } catch (e) {
    for (const s of servers) s.close();
    throw e;
  }
}
