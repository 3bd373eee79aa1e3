// Audit items 1 and 2: a failed TLS upgrade after a typed `starttls` / `stls` is told once (as
// the connection's loss, wrapped at the terminal's width without rows starting with a space),
// and a session left while its connection is lost exits 2 whatever ended the connection, while
// one whose connection was opened again by :reconnect exits 0.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const CERT_ERROR = /presented a self-signed certificate/g;

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('a typed STARTTLS whose certificate fails verification', () => {
  it.each([
    ['imap', 'starttls'],
    ['pop3', 'stls'],
  ])('%s `%s`: the error once, wrapped without a stray space; :quit then exits 2', async (protocol, command) => {
    const port = protocol === 'imap' ? server.imapPort : server.pop3Port;
    const run = runCli([`127.0.0.1:${port}`, `--${protocol}`, '--no-history'], { terminal: true, env: { NO_COLOR: '1' } });
    run.resize(80);
    await run.waitFor(/(not authenticated|AUTHORIZATION) >/);
    run.type(`${command}\r`);
    await run.waitFor('disconnected >');
    run.type(':quit\r');
    expect(await run.code).toBe(2);
    const out = run.stdout();
    expect(out.match(CERT_ERROR)).toHaveLength(1);
    const lost = out.slice(out.indexOf('connection lost: TLS:'));
    const rows = lost.slice(0, lost.indexOf('disconnected >')).split('\n').slice(0, -1);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row).not.toMatch(/^\s/);
      expect(row.length).toBeLessThanOrEqual(80);
    }
  });

  it('in colour: the error is not in the malformed-marker style (inverse), which is the `^` marker\'s', async () => {
    // The harness strips colours; this terminal keeps them.
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = main([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], {
      stdin, stdout, stderr: new PassThrough(), env: { FORCE_COLOR: '1' }, home: '/nonexistent-home',
    } as never);
    const until = async (text: string) => {
      for (let i = 0; i < 500 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until('ready');
    stdin.write('starttls\r');
    await until('disconnected');
    stdin.write(':quit\r');
    expect(await code).toBe(2);
    expect(out).toContain('self-signed');
    expect(out).not.toContain('\x1b[7m');
  });

  it('in a script: one error line on stderr, none on stdout, exit 2', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', 'starttls', '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect((run.stdout() + run.stderr()).match(CERT_ERROR)).toHaveLength(1);
  });
});

describe('exit status of a REPL whose connection was lost', () => {
  /** A server that greets, then closes cleanly (FIN, no error) at the first command. */
  async function closingServer(): Promise<{ port: number; stop(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.write('* OK hello\r\n');
      s.once('data', () => s.end());
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    return {
      port,
      stop: () => new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
    };
  }

  it('closed by the server, :reconnect refused, then :quit: exit 2', async () => {
    const srv = await closingServer();
    const run = runCli([`127.0.0.1:${srv.port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('hello');
    run.type('noop\r');
    await run.waitFor('disconnected >');
    await srv.stop();
    run.type(':reconnect\r');
    await run.waitFor(/refused/);
    run.type(':quit\r');
    expect(await run.code).toBe(2);
  });

  it('closed by the server, then :reconnect that works, then :quit: exit 0', async () => {
    const sockets = new Set<net.Socket>();
    let connections = 0;
    const srv = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      const first = ++connections === 1;
      s.write(`* OK hello ${connections}\r\n`);
      s.on('data', (d) => {
        const [tag, name] = d.toString().trim().split(' ');
        if (first) return void s.end();
        if (/^LOGOUT$/i.test(name ?? '')) return void s.end(`* BYE bye\r\n${tag} OK LOGOUT done\r\n`);
        s.write(`${tag} OK still here\r\n`);
      });
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('hello 1');
    run.type('noop\r');
    await run.waitFor('disconnected >');
    run.type(':reconnect\r');
    await run.waitFor('hello 2');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    for (const s of sockets) s.destroy();
  });
});
