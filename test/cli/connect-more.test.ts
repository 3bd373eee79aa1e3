// More of connecting: the protocol told from the greeting, IPv6 literals, SASL EXTERNAL with
// a client certificate, the built command itself (bin/mailscope.js) for serve-demo and
// --version, and Ctrl-C twice at an empty prompt.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { startDemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';

const BIN = new URL('../../bin/mailscope.js', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
const fixturePath = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url).pathname;

const server = demoForFile();

describe('the protocol from the greeting', () => {
  it('an IMAP greeting on an unknown port', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '-c', 'capability']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a001 OK/);
  });

  it('a POP3 greeting on an unknown port', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '-c', 'CAPA']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^\+OK/m);
    expect(run.stdout()).toMatch(/^USER$/m);
  });

  it('anything else is refused with one line that says --imap or --pop3', async () => {
    const http = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    try {
      const run = runCli([`127.0.0.1:${(http.address() as net.AddressInfo).port}`, '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr()).toMatch(/cannot tell the protocol .* use --imap or --pop3/);
    } finally {
      http.close();
    }
  });
});

/** A server that greets with `greeting` and keeps the connection open; `closed` says when the client let go. */
async function greeter(greeting: string): Promise<{ port: number; closed: Promise<void>; close(): void }> {
  let clientGone: () => void = () => {};
  const closed = new Promise<void>((resolve) => (clientGone = resolve));
  const srv = net.createServer((s) => {
    s.on('error', () => {});
    s.on('close', () => clientGone());
    s.write(greeting);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { port: (srv.address() as net.AddressInfo).port, closed, close: () => srv.close() };
}

describe('another service on the port', () => {
  // Each ends with one line that says what answered (it used to wait for --timeout and say
  // "no greeting"), and the socket is closed: an open one kept the process alive after the error.
  it.each([
    ['an SMTP server, --imap', '220 mail.example.com ESMTP Postfix\r\n', '--imap', /did not greet like an IMAP server: "220 mail.example.com ESMTP Postfix" \(that is an SMTP greeting\); check the host and port/],
    ['an SSH server, --pop3', 'SSH-2.0-OpenSSH_9.2p1\r\n', '--pop3', /did not greet like a POP3 server: .*SSH server.*check the host and port/],
    ['a POP3 server, --imap', '+OK POP3 ready\r\n', '--imap', /did not greet like an IMAP server: "\+OK POP3 ready" \(that is a POP3 greeting\); use --pop3/],
    ['an IMAP server, --pop3', '* OK IMAP4rev1 ready\r\n', '--pop3', /did not greet like a POP3 server: .*IMAP greeting\); use --imap/],
    ['an SMTP server, no flag', '220 smtp ready\r\n', '', /cannot tell the protocol .*SMTP greeting\): use --imap or --pop3/],
  ])('%s', async (_name, greeting, flag, message) => {
    const server = await greeter(greeting);
    try {
      const run = runCli([`127.0.0.1:${server.port}`, ...(flag ? [flag] : []), '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr().trim().split('\n')).toHaveLength(1);
      expect(run.stderr()).toMatch(message);
      // The greeting is not shown as a line of the other protocol (POP3's +OK as an IMAP
      // continuation, IMAP's * OK as a malformed POP3 line): the error quotes it (audit item).
      expect(run.stdout()).toBe('');
      await server.closed;
    } finally {
      server.close();
    }
  });
});

describe('a server that says nothing (an implicit-TLS port reached without --tls)', () => {
  it.each([['no protocol flag', []], ['--imap', ['--imap']]])('%s: the timeout says --tls may be what is missing', async (_name, flag) => {
    const server = await greeter('');
    try {
      const run = runCli([`127.0.0.1:${server.port}`, ...flag, '--timeout', '0.5', '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr()).toBe(`mailscope: no greeting from 127.0.0.1:${server.port} after 0.5s (--timeout); a port that speaks TLS from the first byte needs --tls\n`);
    } finally {
      server.close();
    }
  });
});

describe('IPv6', () => {
  it('connects to [::1]:PORT', async () => {
    const v6 = await startDemoServer({ host: '::1' });
    try {
      const run = runCli([`[::1]:${v6.imapPort}`, '--imap', '-c', 'noop']);
      expect(await run.code).toBe(0);
      expect(run.stdout()).toMatch(/a001 OK/);
    } finally {
      await v6.close();
    }
  });
});

describe('SASL EXTERNAL with a client certificate', () => {
  it('--cert/--key present the certificate and AUTHENTICATE EXTERNAL succeeds', async () => {
    // A TLS server that asks for a client certificate signed by the test CA and accepts
    // EXTERNAL only when one was presented and verified (RFC 4422 appendix A).
    const seen: string[] = [];
    const srv = tls.createServer(
      { cert: fixture('server-cert.pem'), key: fixture('server-key.pem'), ca: fixture('ca-cert.pem'), requestCert: true, rejectUnauthorized: false },
      (s) => {
        s.write('* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=EXTERNAL] external test\r\n');
        s.on('data', (d) => {
          const line = d.toString();
          seen.push(line);
          const tag = line.split(' ')[0];
          if (/AUTHENTICATE EXTERNAL/i.test(line)) {
            const cn = s.authorized ? s.getPeerCertificate().subject?.CN : undefined;
            s.write(cn ? `${tag} OK authenticated as ${cn}\r\n` : `${tag} NO [AUTHENTICATIONFAILED] no client certificate\r\n`);
          } else s.write(`* BYE\r\n${tag} OK bye\r\n`);
        });
        s.on('error', () => {});
      },
    );
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (srv.address() as net.AddressInfo).port;
      const run = runCli([
        `localhost:${port}`, '--imap', '--tls', '--ca', fixturePath('ca-cert.pem'),
        '--cert', fixturePath('client-cert.pem'), '--key', fixturePath('client-key.pem'),
        '--user', 'test77@example.com', '--login', '--auth', 'EXTERNAL', '-c', 'noop',
      ]);
      expect(await run.code).toBe(0);
      expect(run.stdout()).toMatch(/authenticated as/);
      expect(seen.join('')).toMatch(/AUTHENTICATE EXTERNAL/);
      const without = runCli([`localhost:${port}`, '--imap', '--tls', '--ca', fixturePath('ca-cert.pem'), '--user', 'x', '--login', '--auth', 'EXTERNAL', '-c', 'noop']);
      expect(await without.code).toBe(1);
    } finally {
      srv.close();
    }
  });
});

describe('the built command', () => {
  it('--version answers quickly without loading the CLI', () => {
    const out = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('serve-demo prints where it listens and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve-demo', '--imap-port', '0', '--pop3-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    while (!/POP3 +127\.0\.0\.1:\d+/.test(out)) await new Promise((r) => setTimeout(r, 20));
    expect(out).toMatch(/test77@example\.com +qwe123#\$/);
    const port = Number(/IMAP +127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'noop']);
    expect(await run.code).toBe(0);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('twice at an empty prompt logs out and exits', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('\x03');
    await run.waitFor('press Ctrl-C again');
    run.type('\x03');
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a001 OK LOGOUT/);
  });

  it('clears a half-typed line first', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('select INB');
    run.type('\x03');
    run.type('noop\r');
    await run.waitFor('a001 OK NOOP');
    expect(run.stdout()).not.toMatch(/select INBnoop/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('--timeout while connecting', () => {
  it('a connect that gets no answer ends after --timeout with one line naming where', async () => {
    // Python holds a listening socket whose accept queue is full (Node would accept at once).
    const holder = spawn('python3', [new URL('../fixtures/net/full_backlog.py', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        holder.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
        holder.once('error', reject);
      });
      const run = runCli([`127.0.0.1:${port}`, '--imap', '--timeout', '0.5', '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr().trim().split('\n')).toEqual([`mailscope: no connection to 127.0.0.1:${port} after 0.5s (--timeout)`]);
    } finally {
      holder.stdin.end();
      holder.kill();
    }
  });
});
