// The REPL end to end, in process: a fake terminal typing into mailscope, connected to the
// embedded demo server (a real server on loopback), and a second raw client beside it.
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server.close();
});

const target = () => `127.0.0.1:${server.imapPort}`;
const LOGIN = '. login test77@example.com qwe123#$';

/** A second client on the same server, to make changes the REPL's session must hear of. */
async function rawClient(lines: string[]): Promise<string> {
  const socket = net.connect(server.imapPort, '127.0.0.1');
  let got = '';
  socket.on('data', (d) => (got += d.toString()));
  for (const line of lines) {
    const before = got.length;
    socket.write(`${line}\r\n`);
    const tag = line.split(' ')[0];
    while (!new RegExp(`^${tag} (OK|NO|BAD)`, 'm').test(got.slice(before))) await new Promise((r) => setTimeout(r, 5));
  }
  socket.end();
  return got;
}

describe('REPL in a terminal', () => {
  it('tags commands automatically and keeps the user\'s own tags', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('demo server ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type('capability\r');
    await run.waitFor(/a001 OK/);
    run.type('a list "" "*"\r');
    await run.waitFor(/^a OK LIST/m);
    expect(run.stdout()).toMatch(/\* LIST .*"INBOX\.Drafts"/);
    run.type('\x04');
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a002 OK LOGOUT/);
    // Ctrl-D ends the prompt's line, so the LOGOUT it sends (shown, audit item 1) and the BYE
    // do not start after the prompt.
    expect(run.stdout()).toMatch(/authenticated > \nC: a002 LOGOUT\n\* BYE/);
  });

  it('shows state and waiting tags in the prompt', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(`${LOGIN}\r`);
    await run.waitFor('authenticated >');
    run.type('examine INBOX.Drafts\r');
    await run.waitFor('INBOX.Drafts read-only >');
    run.type('idle\r');
    await run.waitFor(/waiting a002 · IDLE: type done >/);
    run.type('done\r');
    await run.waitFor('a002 OK');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('during IDLE, meta-commands still run and quit ends IDLE with DONE before LOGOUT', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(`${LOGIN}\r`);
    await run.waitFor('authenticated >');
    run.type('select INBOX\r');
    await run.waitFor('INBOX read-write >');
    run.type('idle\r');
    await run.waitFor(/IDLE: type done >/);
    run.type(':stats\r');
    await run.waitFor(/commands sent 3, completed 2/);
    run.type('quit\r');
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/a002 OK IDLE terminated[^]*a003 OK LOGOUT/);
    expect(out).not.toMatch(/RFC 2177 expects DONE/);
  });

  it('SIGTERM logs out (DONE first during IDLE), ends the recording, and exits 143', async () => {
    const terminate = new AbortController();
    const home = tempDir('mailscope-term-');
    const recording = join(home, 'session.txt');
    const run = runCli([target(), '--imap', '--no-history', '--record', recording], { terminal: true, signal: terminate.signal, home });
    await run.waitFor('not authenticated >');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type('select INBOX\r');
    await run.waitFor('INBOX read-write >');
    run.type('idle\r');
    await run.waitFor(/IDLE: type done >/);
    terminate.abort();
    expect(await run.code).toBe(143);
    expect(run.stdout()).toMatch(/SIGTERM: logging out[^]*a002 OK IDLE terminated[^]*a003 OK LOGOUT/);
    const saved = readFileSync(recording, 'utf8');
    expect(saved).toMatch(/C: DONE\nC: a003 LOGOUT\nS: a002 OK IDLE terminated\n[^]*S: a003 OK LOGOUT completed\n= close (server|client)\n/);
  });

  it('prints untagged data during IDLE above the prompt and redraws the half-typed line', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type('select INBOX.Trash\r');
    await run.waitFor('a001 OK');
    run.type('idle\r');
    await run.waitFor('+ idling');
    run.type('don'); // half-typed, not sent
    // Another session appends to the mailbox this one idles on (LITERAL+ so no round trip).
    await rawClient(['d1 login test77@example.com qwe123#$', 'd2 append INBOX.Trash {7+}\r\nhello\r\n', 'd3 logout']);
    await run.waitFor(/\* \d+ EXISTS/);
    const out = run.stdout();
    const exists = out.lastIndexOf('EXISTS');
    // After the untagged line, the prompt comes back with the half-typed "don" on it.
    expect(out.slice(exists)).toMatch(/IDLE: type done > don/);
    run.type('e\r');
    await run.waitFor('a002 OK');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('sends a literal typed by hand after the server\'s +', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com {8}\r');
    await run.waitFor('+ Ready');
    run.type('qwe123#$\r');
    await run.waitFor(/(^|> )\. OK/m);
    expect(run.stdout()).toMatch(/authenticated >/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('holds lines typed before the literal\'s + and sends them when it comes', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com {8}\rqwe123#$\r');
    await run.waitFor(/(^|> )\. OK/m);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('keeps history without the LOGIN password', async () => {
    const run = runCli([target(), '--imap'], { terminal: true });
    await run.waitFor('ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type('noop\r');
    await run.waitFor('a001 OK');
    run.type(':quit\r');
    await run.code;
    const file = join(run.home, '.mailscope_history');
    expect(existsSync(file)).toBe(true);
    const history = readFileSync(file, 'utf8');
    expect(history).toContain('. login test77@example.com\n');
    expect(history).toContain('noop\n');
    expect(history).not.toContain('qwe123');
  });

  it('keeps no secret from lines pasted together: a literal password, a SASL response', async () => {
    const run = runCli([target(), '--imap'], { terminal: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com {8}\rqwe123#$\r');
    await run.waitFor(/(^|> )\. OK/m);
    run.type('logout\r');
    await run.waitFor('a001 OK');
    await run.code;
    const plain = Buffer.from('\0student@example.com\0student').toString('base64');
    const again = runCli([target(), '--imap'], { terminal: true, home: run.home });
    await again.waitFor('ready');
    again.type(`a authenticate plain\r${plain}\r`);
    await again.waitFor(/(^|> )a OK/m);
    again.type(':quit\r');
    await again.code;
    const history = readFileSync(join(run.home, '.mailscope_history'), 'utf8');
    expect(history).toContain('. login test77@example.com\n');
    expect(history).toContain('a authenticate plain\n');
    expect(history).not.toContain('qwe123');
    expect(history).not.toContain(plain);
  });

  it('breaks responses at the width the terminal has now, after a resize', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.resize(60);
    run.type('capability\r');
    await run.waitFor('a001 OK');
    const answer = run.stdout().slice(run.stdout().indexOf('* CAPABILITY'), run.stdout().indexOf('a001 OK'));
    const lines = answer.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a terminal that reports 0 columns (script, docker exec -t) is laid out at $COLUMNS, not a word a line', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, env: { COLUMNS: '72', NO_COLOR: '1' } });
    run.resize(0);
    await run.waitFor('ready');
    run.type('capability\r');
    await run.waitFor('a001 OK');
    const answer = run.stdout().slice(run.stdout().indexOf('* CAPABILITY'), run.stdout().indexOf('a001 OK'));
    const lines = answer.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.length).toBeLessThan(12); // one word a line would be over 40
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(72);
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(60);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('meta-commands start with ":" and unknown ones say so', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.resize(70);
    run.type(':help\r');
    await run.waitFor(':record FILE');
    // Wrapped at the terminal's width, continuation lines under the descriptions' column.
    const help = run.stdout().slice(run.stdout().indexOf(':help [NAME]'), run.stdout().indexOf('--record-secrets') + 20).split('\n');
    for (const l of help) expect(l.length).toBeLessThanOrEqual(70);
    expect(help.filter((l) => /^ {29}\S/.test(l)).length).toBeGreaterThan(3);
    run.type(':caps\r');
    await run.waitFor(/AUTH=XOAUTH2 +\S/);
    const caps = run.stdout().slice(run.stdout().indexOf('IMAP4rev1  ')).split('\n').filter((l) => !l.includes('>'));
    for (const l of caps) expect(l.length).toBeLessThanOrEqual(70);
    run.type(':nonsense\r');
    await run.waitFor('unknown meta-command ":nonsense"');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('non-interactive', () => {
  it('exit 0 when every command completed OK, and the lines are paced', async () => {
    const run = runCli([target(), '--imap'], { stdin: `${LOGIN}\n. select INBOX\n. fetch 1 flags\n. logout\n` });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/\. OK \[READ-WRITE\]/);
    expect(run.stdout()).toMatch(/\* 1 FETCH \(FLAGS/);
    expect(run.stdout()).not.toContain('qwe123');
  });

  it('exit 1 when a command got NO or BAD', async () => {
    const run = runCli([target(), '--imap', '-c', LOGIN, '-c', '. fetch 1 all']);
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/^\. (NO|BAD)/m);
  });

  it('exit 2 and one line when the connection fails', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  });

  it('idle then done works from a script', async () => {
    const run = runCli([target(), '--imap', '-c', LOGIN, '-c', 'select INBOX', '-c', 'idle', '-c', 'done']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a002 OK/);
  });

  it('a literal from a script goes out after the +', async () => {
    const run = runCli([target(), '--imap'], { stdin: '. login test77@example.com {8}\nqwe123#$\n' });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^\. OK/m);
  });
});
