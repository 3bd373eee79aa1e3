// Audit item: a POP3 transcript replayed against an IMAP server waited for the timeout, and an
// IMAP transcript replayed against a POP3 server sent it the real LOGIN, password included.
// Replay now reads the live greeting first and, when it is not the transcript's protocol, says
// so in one line and exits 2 before sending anything.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { greetingProtocol } from '../../src/transcript/replay-exchange.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-replay-protocol-');
const PASSWORD = 'qwe123#$';
let demo: DemoServer;

const IMAP_TEXT = ['# protocol: imap', 'S: * OK {...}', '= redacted LOGIN password', 'C: a1 LOGIN test77@example.com ***redacted***',
  'S: a1 OK {...}', 'C: a2 LOGOUT', 'S: * BYE {...}', 'S: a2 OK {...}', ''].join('\n');
const POP3_TEXT = ['# protocol: pop3', 'S: +OK {...}', 'C: USER test77@example.com', 'S: +OK {...}', '= redacted PASS password',
  'C: PASS ***redacted***', 'S: +OK {...}', 'C: QUIT', 'S: +OK {...}', ''].join('\n');
const files = { imap: join(dir, 'imap1.txt'), pop3: join(dir, 'pop1.txt') };

beforeAll(async () => {
  demo = await startDemoServer();
  writeFileSync(files.imap, IMAP_TEXT);
  writeFileSync(files.pop3, POP3_TEXT);
});
afterAll(() => demo.close());

/** A server that greets with `greeting` and keeps every byte it is sent. */
const listening: Server[] = [];
afterEach(async () => {
  for (const server of listening.splice(0)) await new Promise<void>((r) => server.close(() => r()));
});
async function greetingServer(greeting: string): Promise<{ port: number; received: () => string }> {
  let received = '';
  const server = createServer((socket) => {
    socket.on('data', (d) => { received += d.toString('latin1'); });
    socket.on('error', () => {});
    socket.write(greeting);
  });
  listening.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, received: () => received };
}

function replayCli(file: string, port: number, args: string[] = []) {
  return runCli(['replay', file, `127.0.0.1:${port}`, '--no-color', '--timeout', '5', ...args], { env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: PASSWORD } });
}

describe('the live greeting is not the transcript\'s protocol', () => {
  it('a POP3 transcript against an IMAP server: one line, exit 2, at once', async () => {
    const started = Date.now();
    const run = replayCli(files.pop3, demo.imapPort);
    expect(await run.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(4000); // it used to wait out --timeout 5
    expect(run.stderr()).toBe(`mailscope: ${files.pop3} is a POP3 transcript, but 127.0.0.1:${demo.imapPort} greeted as IMAP: nothing was sent\n`);
    expect(run.stdout()).toBe('');
  });

  it('an IMAP transcript against a POP3 server: nothing is sent, the password least of all', async () => {
    const pop3 = await greetingServer('+OK POP3 ready <1.2@fake>\r\n');
    const run = replayCli(files.imap, pop3.port);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(`mailscope: ${files.imap} is an IMAP transcript, but 127.0.0.1:${pop3.port} greeted as POP3: nothing was sent\n`);
    await new Promise((r) => setTimeout(r, 50));
    expect(pop3.received()).toBe('');
  });

  it('the demo\'s POP3 port, for the IMAP transcript', async () => {
    const run = replayCli(files.imap, demo.pop3Port);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('is an IMAP transcript, but');
    expect(run.stderr()).toContain('greeted as POP3');
  });

  it('a greeting of neither protocol (SMTP) is named, and nothing is sent', async () => {
    const smtp = await greetingServer('220 mail.example ESMTP ready\r\n');
    const run = replayCli(files.pop3, smtp.port);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(`mailscope: ${files.pop3} is a POP3 transcript, but 127.0.0.1:${smtp.port} greeted with "220 mail.example ESMTP ready", neither IMAP nor POP3: nothing was sent\n`);
    await new Promise((r) => setTimeout(r, 50));
    expect(smtp.received()).toBe('');
  });

  it('a mid-session recording: the login replay makes first is not sent to the other protocol', async () => {
    const file = join(dir, 'after-login.txt');
    writeFileSync(file, ['# protocol: imap', '# start: mid-session (:record): what came before, the login included, is not in this file',
      'C: a1 SELECT INBOX', 'S: a1 OK done', ''].join('\n'));
    const pop3 = await greetingServer('+OK POP3 ready\r\n');
    const run = replayCli(file, pop3.port, ['--user', 'test77@example.com']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain(`is an IMAP transcript, but 127.0.0.1:${pop3.port} greeted as POP3: nothing was sent`);
    await new Promise((r) => setTimeout(r, 50));
    expect(pop3.received()).toBe('');
  });

  it('the right server still replays', async () => {
    const imap = replayCli(files.imap, demo.imapPort);
    expect(await imap.code).toBe(0);
    const pop3 = replayCli(files.pop3, demo.pop3Port);
    expect(await pop3.code).toBe(0);
  });
});

describe('greetingProtocol', () => {
  const cases: Array<[string, 'imap' | 'pop3' | undefined]> = [
    ['* OK [CAPABILITY IMAP4rev1] ready\r\n', 'imap'],
    ['* PREAUTH logged in already\r\n', 'imap'], // RFC 3501 section 7.1.4
    ['* BYE too many connections\r\n', 'imap'], // RFC 3501 section 7.1.5
    ['* ok lower case\r\n', 'imap'],
    ['+OK POP3 ready <1.2@host>\r\n', 'pop3'],
    ['+OK\r\n', 'pop3'],
    ['-ERR too busy\r\n', 'pop3'],
    ['220 smtp ready\r\n', undefined],
    ['HTTP/1.1 400 Bad Request\r\n', undefined],
    ['* OKAY\r\n', undefined],
    ['+OKAY\r\n', undefined],
  ];
  for (const [line, protocol] of cases) {
    it(`${JSON.stringify(line)} -> ${protocol}`, () => {
      expect(greetingProtocol(Buffer.from(line, 'latin1'))).toBe(protocol);
    });
  }
});
