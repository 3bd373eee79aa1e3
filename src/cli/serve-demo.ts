// `mailscope serve-demo`: only the demo server, for other clients (Thunderbird, Python,
// openssl s_client). Prints where it listens and the logins, and runs until the signal.

import { startDemoServer } from '../demo/server.js';

export interface ServeDemoOptions {
  imapPort?: number;
  pop3Port?: number;
  /** Implicit-TLS IMAP (imaps); off unless given. */
  tlsPort?: number;
  pop3sPort?: number;
  load?: string;
  host?: string;
  /** LOGINDISABLED until STARTTLS (RFC 3501 6.2.3), to try that path offline. */
  loginDisabledBeforeTls?: boolean;
}

export async function runServeDemo(
  opts: ServeDemoOptions,
  io: { out: { write(s: string): void }; signal?: AbortSignal },
): Promise<number> {
  const server = await startDemoServer({
    host: opts.host,
    imapPort: opts.imapPort ?? 0,
    pop3Port: opts.pop3Port ?? 0,
    imapsPort: opts.tlsPort ?? null,
    pop3sPort: opts.pop3sPort ?? null,
    loadFrom: opts.load,
    loginDisabledBeforeTls: opts.loginDisabledBeforeTls,
  });
  const lines = [
    `mailscope demo server (mail kept in memory; Ctrl-C stops it)`,
    `  IMAP   ${server.host}:${server.imapPort}  (STARTTLS available)`,
    `  POP3   ${server.host}:${server.pop3Port}  (STLS available)`,
    ...(server.imapsPort !== undefined ? [`  IMAPS  ${server.host}:${server.imapsPort}  (implicit TLS)`] : []),
    ...(server.pop3sPort !== undefined ? [`  POP3S  ${server.host}:${server.pop3sPort}  (implicit TLS)`] : []),
    `  TLS certificate: src/demo/certs/demo-cert.pem (test only; use --ca with it)`,
    ...(opts.loginDisabledBeforeTls ? ['  LOGINDISABLED until STARTTLS'] : []),
    `logins (demo accounts, not secrets):`,
    ...server.users.map((u) => `  ${u.user}  ${u.password}`),
    '',
  ];
  io.out.write(lines.join('\n'));
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
