// TLS on real loopback servers with the fixture certificates: verification failures give one
// line naming what and why and exit 2; --insecure goes through; implicit TLS, STARTTLS and
// STLS against the demo server (which shows its self-signed demo certificate).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
const CA = new URL('../fixtures/tls/ca-cert.pem', import.meta.url).pathname;
const DEMO_CERT = new URL('../../src/demo/certs/demo-cert.pem', import.meta.url).pathname;

/** A TLS server that greets like IMAP, with the given fixture certificate. */
async function greeter(cert: string, key: string): Promise<{ port: number; close(): void }> {
  const server = tls.createServer({ cert: fixture(cert), key: fixture(key) }, (s) => {
    s.write('* OK fixture ready\r\n');
    s.on('data', (d) => {
      const tag = d.toString().split(' ')[0];
      s.write(`* BYE bye\r\n${tag} OK LOGOUT done\r\n`);
      s.end();
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

describe('certificate verification', () => {
  const cases = [
    ['expired', 'expired-cert.pem', 'expired-key.pem', /expired/i],
    ['name mismatch', 'wrong-name-cert.pem', 'wrong-name-key.pem', /mail\.example\.org/],
    ['self-signed', 'selfsigned-cert.pem', 'selfsigned-key.pem', /self-signed/i],
  ] as const;

  it.each(cases)('%s: one line, exit 2', async (_name, cert, key, why) => {
    const server = await greeter(cert, key);
    try {
      const run = runCli([`localhost:${server.port}`, '--imap', '--tls', '--ca', CA, '-c', 'noop']);
      expect(await run.code).toBe(2);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(why);
    } finally {
      server.close();
    }
  });

  it('a valid chain from --ca verifies, and --insecure skips verification', async () => {
    const good = await greeter('server-cert.pem', 'server-key.pem');
    const bad = await greeter('selfsigned-cert.pem', 'selfsigned-key.pem');
    try {
      const ok = runCli([`localhost:${good.port}`, '--imap', '--tls', '--ca', CA, '-c', 'noop']);
      expect(await ok.code).toBe(0);
      expect(ok.stdout()).toContain('fixture ready');
      const insecure = runCli([`localhost:${bad.port}`, '--imap', '--tls', '--insecure', '-c', 'noop']);
      expect(await insecure.code).toBe(0);
    } finally {
      good.close();
      bad.close();
    }
  });

  it('without --ca, an unknown issuer is refused', async () => {
    const server = await greeter('server-cert.pem', 'server-key.pem');
    try {
      const run = runCli([`localhost:${server.port}`, '--imap', '--tls', '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr()).toMatch(/TLS/);
    } finally {
      server.close();
    }
  });
});

describe('against the demo server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ imapsPort: 0, pop3sPort: 0 });
  });
  afterAll(() => server.close());

  it('implicit TLS on the IMAP port', async () => {
    const run = runCli([`localhost:${server.imapsPort}`, '--imap', '--tls', '--ca', DEMO_CERT, '-c', '. login test77@example.com qwe123#$']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/\. OK/);
  });

  it('STARTTLS upgrades, asks CAPABILITY again and says what changed', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--starttls', '--ca', DEMO_CERT, '-c', '. login test77@example.com qwe123#$']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/OK.*(TLS|negotiation)/i);
    expect(run.stdout()).toMatch(/capabilities after STARTTLS: .*- STARTTLS/);
  });

  it('STLS upgrades a POP3 session', async () => {
    const run = runCli([`localhost:${server.pop3Port}`, '--pop3', '--starttls', '--ca', DEMO_CERT, '-c', 'USER test77@example.com', '-c', 'PASS qwe123#$', '-c', 'STAT']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/capabilities after STLS: .*- STLS/);
    expect(run.stdout()).toMatch(/\+OK \d+ \d+/);
  });

  it('implicit TLS on the POP3 port', async () => {
    const run = runCli([`localhost:${server.pop3sPort}`, '--pop3', '--tls', '--ca', DEMO_CERT, '-c', 'CAPA']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/USER/);
  });

  it('refuses STARTTLS when the server does not offer it, instead of going on in clear', async () => {
    const plain = await new Promise<{ port: number; close(): void }>((resolve) => {
      const srv = net.createServer((s: import('node:net').Socket) => {
        s.write('* OK [CAPABILITY IMAP4rev1] no tls here\r\n');
        s.on('data', (d: Buffer) => {
          const tag = d.toString().split(' ')[0];
          s.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        });
      });
      srv.listen(0, '127.0.0.1', () => resolve({ port: (srv.address() as net.AddressInfo).port, close: () => srv.close() }));
    });
    try {
      const run = runCli([`127.0.0.1:${plain.port}`, '--imap', '--starttls', '-c', 'noop']);
      expect(await run.code).toBe(2);
      expect(run.stderr()).toMatch(/does not offer STARTTLS/);
    } finally {
      plain.close();
    }
  });
});

describe(':tls in a session', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ imapsPort: 0 });
  });
  afterAll(() => server.close());

  it('shows protocol, cipher, the chain with fingerprint, and verification against the CA file', async () => {
    const run = runCli([`localhost:${server.imapsPort}`, '--imap', '--tls', '--ca', DEMO_CERT, '-c', ':tls']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/TLSv1\.[23]/);
    expect(out).toMatch(/SHA-256/i);
    expect(out).toMatch(/localhost/);
    expect(out).toContain(DEMO_CERT);
    expect(out).toMatch(/client certificate: none offered/);
  });

  it('on a plain connection says it is not encrypted', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', ':tls']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/not encrypted/);
  });
});

describe('STARTTLS typed by hand', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(() => server.close());

  it('the upgrade happens when the server says OK, and the session goes on encrypted', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--ca', DEMO_CERT, '-c', 'starttls', '-c', 'capability', '-c', ':tls']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/TLS established/);
    const caps = /\* CAPABILITY ([^]*?)a002 OK/.exec(out)?.[1] ?? '';
    expect(caps).toMatch(/AUTH=PLAIN/);
    expect(caps).not.toMatch(/STARTTLS/);
    expect(out).toMatch(/TLSv1\.[23]/);
  });

  it('a certificate that does not verify ends the session with the reason', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '-c', 'starttls', '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect(run.stdout() + run.stderr()).toMatch(/self-signed|TLS/i);
  });
});

describe(':starttls at the prompt', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(() => server.close());

  it('a certificate that does not verify ends the connection, says why once, and the REPL stays', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--ca', CA], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(':starttls\r');
    await run.waitFor('disconnected >');
    expect(run.stdout().match(/self-signed/g)).toHaveLength(1);
    expect(run.stdout()).toMatch(/connection lost: TLS: .*self-signed/);
    run.type('noop\r');
    await run.waitFor('not connected: :reconnect');
    run.type(':quit\r');
    expect(await run.code).toBe(2);
  });
});

describe('mailscope demo', () => {
  it('trusts its own certificate, so STARTTLS works on the first run with verification on', async () => {
    const run = runCli(['demo', '-c', 'starttls', '-c', ':tls']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/TLS established/);
    expect(out).toMatch(/verified\s+yes, against .*demo-cert\.pem/);
  });
});

describe('implicit TLS to a port where nothing listens', () => {
  it('says the connection was refused, as plain TCP does (it was "TLS handshake ... failed: connect ECONNREFUSED")', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--tls', '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(`mailscope: cannot connect to 127.0.0.1:${port}: connection refused (nothing listens on that port)\n`);
  });
});
