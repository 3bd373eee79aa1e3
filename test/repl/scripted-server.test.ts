// Edge cases from scripted servers (transcripts played by `serve`): a malformed line shown and
// survived, a BYE and a dropped connection, raw and JSON output.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { runCli } from '../support/cli-harness.js';

const servers: Array<{ close(): Promise<void> }> = [];

/** A raw server whose sockets are destroyed on close, so a test never waits on a client. */
async function rawServer(onConnect: (s: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    onConnect(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push({
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  });
  return (server.address() as net.AddressInfo).port;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(script: string): Promise<number> {
  const server = await startTranscriptServer(parseTranscript(script), { port: 0, host: '127.0.0.1', strict: false });
  servers.push(server);
  return server.port;
}

describe('a malformed server line', () => {
  it('is shown raw with a marker and the session goes on', async () => {
    const port = await serve(
      ['# protocol: imap', 'S: * OK ready', 'C: a1 NOOP', 'S: * 12 FETCH (FLAGS (\\Seen)', 'S: * 3 EXISTS', 'S: a1 OK done', 'C: a2 NOOP', 'S: a2 OK still here'].join('\n'),
    );
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'NOOP', '-c', 'NOOP']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/\* 12 FETCH \(FLAGS \(\\Seen\)/);
    expect(out).toMatch(/\^/); // the marker under the offending byte
    expect(out).toMatch(/\* 3 EXISTS/);
    expect(out).toMatch(/a002 OK still here/); // serve rewrites tags to the client's own
  });

  it('with --strict fails the script (exit 1) though every command completed OK', async () => {
    const script = ['# protocol: imap', 'S: * OK ready', 'C: a1 NOOP', 'S: * 12 FETCH (FLAGS (\\Seen)', 'S: a1 OK done'].join('\n');
    const strict = runCli([`127.0.0.1:${await serve(script)}`, '--imap', '--strict', '-c', 'NOOP']);
    expect(await strict.code).toBe(1);
    expect(strict.stdout()).toMatch(/a001 OK done/);
    // Without a malformed line --strict changes nothing.
    const clean = runCli([`127.0.0.1:${await serve(script.replace('(\\Seen)', '(\\Seen))'))}`, '--imap', '--strict', '-c', 'NOOP']);
    expect(await clean.code).toBe(0);
  });
});

describe('the connection ends', () => {
  it('an untagged BYE and close before the script ends: exit 2 with one line', async () => {
    const port = await serve(['# protocol: imap', 'S: * OK ready', 'C: a1 NOOP', 'S: * BYE shutting down', '= close'].join('\n'));
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'NOOP', '-c', 'NOOP']);
    expect(await run.code).toBe(2);
    expect(run.stdout()).toMatch(/\* BYE shutting down/);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/closed the connection/);
  });

  it('a server that drops the connection mid-command: exit 2', async () => {
    const port = await rawServer((s) => {
      s.write('* OK hello\r\n');
      s.once('data', () => s.destroy());
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'NOOP']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toMatch(/^mailscope: /);
  });

  it('in the REPL, a reset names the reason and what got no answer; the REPL stays for :reconnect', async () => {
    let connections = 0;
    const port = await rawServer((s) => {
      const first = ++connections === 1;
      s.write(`* OK hello ${connections}\r\n`);
      s.on('data', (d) => {
        const [tag, name] = d.toString().trim().split(' ');
        if (first) return void s.resetAndDestroy();
        if (/^LOGOUT$/i.test(name)) return void s.end(`* BYE bye\r\n${tag} OK LOGOUT done\r\n`);
        s.write(`${tag} OK still here\r\n`);
      });
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('hello 1');
    run.type('noop\r');
    await run.waitFor(/connection lost: connection reset by peer \(no answer to a001\) \(:reconnect to open it again/);
    await run.waitFor('disconnected >');
    run.type('noop\r');
    await run.waitFor('not connected: :reconnect');
    run.type(':reconnect\r');
    await run.waitFor('hello 2');
    run.type('noop\r');
    await run.waitFor('OK still here');
    run.type(':reconnect\r');
    await run.waitFor(/still connected to 127\.0\.0\.1:\d+ \(:quit leaves\)/);
    run.type(':quit\r');
    // The drop was mended by the reconnect: the run ends as a good one.
    expect(await run.code).toBe(0);
    expect(connections).toBe(2);
  });

  it('in the REPL, :quit after a drop leaves at once, with exit 2', async () => {
    const port = await rawServer((s) => {
      s.write('* OK hello\r\n');
      s.once('data', () => s.resetAndDestroy());
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('hello');
    run.type('noop\r');
    await run.waitFor('disconnected >');
    run.type(':quit\r');
    expect(await run.code).toBe(2);
  });

  it('in the REPL, a close after LOGOUT is a plain "connection closed"', async () => {
    const port = await rawServer((s) => {
      s.write('* OK hello\r\n');
      s.once('data', (d) => s.end(`* BYE bye\r\n${d.toString().split(' ')[0]} OK LOGOUT done\r\n`));
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('hello');
    run.type('logout\r');
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a001 OK LOGOUT done[\s\S]*connection closed/);
    expect(run.stdout()).not.toMatch(/no answer/);
  });

  it('a server that never answers: the read timeout names what it waited for', async () => {
    const port = await rawServer((s) => s.write('* OK hello\r\n'));
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--timeout', '0.5', '-c', 'NOOP']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toMatch(/no answer to NOOP after 0\.5s/);
  });

  it('names a LOGIN, an AUTHENTICATE with its initial response and a POP3 PASS with the secret masked', async () => {
    const imap = await rawServer((s) => s.write('* OK hello\r\n'));
    for (const [line, shown] of [['login test77@example.com qwe123#$', 'login test77@example.com \\*\\*\\*'], ['authenticate PLAIN AHRlc3Q3NwBxd2UxMjMjJA==', 'authenticate PLAIN \\*\\*\\*']]) {
      const run = runCli([`127.0.0.1:${imap}`, '--imap', '--timeout', '0.5', '--allow-plaintext-auth', '-c', line]);
      expect(await run.code).toBe(2);
      expect(run.stderr()).toMatch(new RegExp(`no answer to ${shown} after 0\\.5s`));
      expect(run.stderr() + run.stdout()).not.toMatch(/qwe123|AHRlc3Q3NwBxd2UxMjMjJA/);
    }
    const pop3 = await rawServer((s) => {
      s.write('+OK hello\r\n');
      s.once('data', () => s.write('+OK send PASS\r\n'));
    });
    const run = runCli([`127.0.0.1:${pop3}`, '--pop3', '--timeout', '0.5', '--allow-plaintext-auth', '-c', 'user test77', '-c', 'pass qwe123#$']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toMatch(/no answer to pass \*\*\* after 0\.5s/);
    expect(run.stderr() + run.stdout()).not.toMatch(/qwe123/);
  });
});

describe('output modes', () => {
  const script = ['# protocol: imap', 'S: * OK [CAPABILITY IMAP4rev1] ready', 'C: a1 LOGIN u secretpw', 'S: a1 OK logged in', 'C: a2 SELECT INBOX', 'S: * 2 EXISTS', 'S: a2 OK [READ-WRITE] done'].join('\n');

  it('--raw prints exact lines with C:/S: prefixes and masks the password', async () => {
    const port = await serve(script);
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--raw', '-c', 'LOGIN u secretpw', '-c', 'SELECT INBOX']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/^S: \* OK \[CAPABILITY IMAP4rev1\] ready$/m);
    expect(out).toMatch(/^C: a002 SELECT INBOX$/m);
    expect(out).toMatch(/^S: \* 2 EXISTS$/m);
    expect(out).not.toContain('secretpw');
  });

  it('--json writes one object per response with the parsed tree and raw bytes', async () => {
    const port = await serve(script);
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--json', '-c', 'LOGIN u secretpw', '-c', 'SELECT INBOX']);
    expect(await run.code).toBe(0);
    const objects = run
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const exists = objects.find((o) => o.name === 'EXISTS');
    expect(exists).toMatchObject({ number: 2 });
    expect(objects.find((o) => o.tag === 'a002')).toMatchObject({ status: 'OK' });
    expect(objects.every((o) => typeof o.raw === 'string' || o.type === 'note')).toBe(true);
    expect(run.stdout()).not.toContain('secretpw');
  });
});

describe('Ctrl-C during a long display', () => {
  it('stops showing the responses, keeps the connection, and shows the completion', async () => {
    // A server that streams 400 untagged lines, 2 ms apart, before completing the command.
    const port = await rawServer((s) => {
      s.write('* OK ready\r\n');
      s.on('data', (d) => {
        const [tag, name] = d.toString().split(' ');
        if (/^NOOP/i.test(name)) return void s.write(`${tag} OK still connected\r\n`);
        if (/^LOGOUT/i.test(name)) return void s.end(`* BYE\r\n${tag} OK bye\r\n`);
        let n = 0;
        const timer = setInterval(() => {
          s.write(`* ${++n} FETCH (FLAGS (\\Seen))\r\n`);
          if (n === 400) {
            clearInterval(timer);
            s.write(`${tag} OK FETCH done\r\n`);
          }
        }, 2);
      });
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('fetch 1:400 flags\r');
    await run.waitFor('* 5 FETCH');
    run.type('\x03');
    await run.waitFor('display stopped');
    await run.waitFor('a001 OK FETCH done', 10_000);
    const shown = (run.stdout().match(/\* \d+ FETCH/g) ?? []).length;
    expect(shown).toBeGreaterThanOrEqual(5);
    expect(shown).toBeLessThan(400);
    run.type('noop\r');
    await run.waitFor('a002 OK still connected');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
