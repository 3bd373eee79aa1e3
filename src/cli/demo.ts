// `mailscope demo`: the embedded demo server on free loopback ports, and the REPL on it, so
// the first run needs no server. `mailscope serve-demo`: only the server, for other clients.
import { DEMO_CERT_FILE, startDemoServer } from '../demo/server.js';
import { MailscopeError } from '../errors.js';
import { runConnect, type ConnectOptions } from './connect.js';
import type { CliIO } from './io.js';

export async function runDemo(opts: ConnectOptions & { pop3?: boolean; load?: string }, io: CliIO): Promise<number> {
  const server = await startDemoServer({ imapsPort: null, pop3sPort: null, loadFrom: opts.load });
  try {
    const port = opts.pop3 ? server.pop3Port : server.imapPort;
    const [first] = server.users;
    const login = opts.pop3 ? `USER ${first.user}  then  PASS ${first.password}` : `login ${first.user} ${first.password}`;
    io.stderr.write(
      [
        // Short lines: the first thing a new user sees must not wrap on an 80-column terminal.
        'mailscope demo server, in this process (mail kept in memory)',
        `  IMAP ${server.host}:${server.imapPort}   POP3 ${server.host}:${server.pop3Port}`,
        `log in with:  ${login}`,
        `try: ${opts.pop3 ? 'STAT, LIST, RETR 1, QUIT' : 'list "" "*", select INBOX, fetch 1 all, :explain, :help'}`,
        '',
      ].join('\n'),
    );
    // `:starttls` works on the first run: verification stays on, against the demo's own
    // certificate as the CA (`demo` takes no TLS options).
    return await runConnect(`${server.host}:${port}`, { ...opts, ca: DEMO_CERT_FILE, imap: !opts.pop3, pop3: opts.pop3, plain: true }, io);
  } finally {
    await server.close();
  }
}

function port(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new MailscopeError('BAD_ARGUMENT', `${flag} takes a port number from 0 to 65535, not "${text}"`);
  return n;
}

export async function runServeDemoCli(
  opts: { imapPort?: string; pop3Port?: string; tlsPort?: string; pop3sPort?: string; host?: string; load?: string; loginDisabled?: boolean },
  io: CliIO,
): Promise<number> {
  const { runServeDemo } = await import('./serve-demo.js');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runServeDemo(
      {
        imapPort: port(opts.imapPort, '--imap-port'),
        pop3Port: port(opts.pop3Port, '--pop3-port'),
        tlsPort: port(opts.tlsPort, '--tls-port'),
        pop3sPort: port(opts.pop3sPort, '--pop3s-port'),
        host: opts.host,
        load: opts.load,
        loginDisabledBeforeTls: opts.loginDisabled === true,
      },
      { out: io.stdout, signal: io.signal ?? controller.signal },
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
