// Audit item: a wrong password on replay of a full recording showed LOGIN and every later
// exchange as differences and exited 1. A login the recording had accepted and the server
// refuses now ends the replay in one line, with the server's answer, exit 2: the same line
// (the same code) as the login replay makes before a mid-session recording.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { replay, type ReplayConnection } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-login-refused-');
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const WRONG = 'Wr0ng-but-secret';
let demo: DemoServer;
const recordings = { imap: join(dir, 'imap1.txt'), pop3: join(dir, 'pop1.txt') };

beforeAll(async () => {
  demo = await startDemoServer();
  const imap = runCli([`127.0.0.1:${demo.imapPort}`, '--imap', '--record', recordings.imap,
    '-c', `. login ${USER} ${PASSWORD}`, '-c', '. noop', '-c', 'select INBOX', '-c', '. logout']);
  expect(await imap.code).toBe(0);
  const pop3 = runCli([`127.0.0.1:${demo.pop3Port}`, '--pop3', '--record', recordings.pop3,
    '-c', `user ${USER}`, '-c', `pass ${PASSWORD}`, '-c', 'stat', '-c', 'quit']);
  expect(await pop3.code).toBe(0);
});
afterAll(() => demo.close());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

function replayCli(file: string, port: number, password: string, args: string[] = []) {
  return runCli(['replay', file, `127.0.0.1:${port}`, '--no-color', '--timeout', '3', ...args], { env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: password } });
}

async function opened(port: number): Promise<ReplayConnection & { written: string[] }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const conn = replayConnection(socket);
  const written: string[] = [];
  return { ...conn, write: (b) => { written.push(Buffer.from(b).toString('latin1')); conn.write(b); }, written };
}

describe('a login refused in a full recording', () => {
  it('IMAP: one line with the server\'s answer, exit 2, no cascade of differences, no password', async () => {
    const run = replayCli(recordings.imap, demo.imapPort, WRONG);
    expect(await run.code).toBe(2);
    expect(run.stdout()).toBe('✓ 1 greeting\n');
    const lines = run.stderr().trim().split('\n');
    expect(lines).toEqual(['mailscope: could not log in at exchange 2 (LOGIN), the server refused it: . NO [AUTHENTICATIONFAILED] Authentication failed']);
    expect(run.stdout() + run.stderr()).not.toContain(WRONG);
  });

  it('POP3: PASS refused, the same one line', async () => {
    const run = replayCli(recordings.pop3, demo.pop3Port, WRONG);
    expect(await run.code).toBe(2);
    expect(run.stdout()).not.toContain('✗');
    expect(run.stdout()).not.toContain('STAT');
    expect(run.stderr().trim().split('\n')).toEqual(['mailscope: could not log in at exchange 3 (PASS), the server refused it: -ERR [AUTH] authentication failed']);
  });

  it('with the right password the same recording still replays clean', async () => {
    const run = replayCli(recordings.imap, demo.imapPort, PASSWORD);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^5 exchanges: 5 matched, 0 differed$/m);
  });

  it('the library stops after the refusal: nothing more is sent, the rest counted as not replayed', async () => {
    const t = parseTranscript(readFileSync(recordings.imap, 'utf8'));
    const conn = await opened(demo.imapPort);
    try {
      const summary = await replay(t, conn, { loose: false, renumberTags: false, credentials: { password: WRONG }, timeoutMs: 3000 });
      expect(summary).toMatchObject({ exchanges: 5, matched: 1, differed: 1, notCompared: 0, notReplayed: 3 });
      expect(summary.loginRefused).toMatchObject({ code: 'AUTH_FAILED' });
      expect(summary.results[1]).toMatchObject({ command: 'LOGIN', ok: false, loginRefused: true });
      expect(conn.written).toHaveLength(1);
      expect(conn.written[0]).toMatch(/^\. login test77@example\.com "Wr0ng-but-secret"\r\n$/);
    } finally {
      conn.close();
    }
  });

  it('a server echoing the password in its refusal: the answer is not shown', async () => {
    // Some servers echo the arguments in their answer (the demo's BAD does): the line must not reach the terminal.
    const served = await startTranscriptServer(parseTranscript([
      '# protocol: imap', 'S: * OK ready', 'C: a1 LOGIN alice ***redacted***', `S: a1 NO no such password: ${WRONG}`, '',
    ].join('\n')), { port: 0, strict: false });
    closers.push(served.close);
    const file = join(dir, 'echo.txt');
    const recorded = ['# protocol: imap', 'S: * OK ready', '= redacted LOGIN password', 'C: a1 LOGIN alice ***redacted***', 'S: a1 OK hi',
      'C: a2 NOOP', 'S: a2 OK done', ''].join('\n');
    writeFileSync(file, recorded);
    const run = replayCli(file, served.port, WRONG);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('could not log in at exchange 2 (LOGIN), the server refused it: (its answer is not shown: it holds the password)');
    expect(run.stdout() + run.stderr()).not.toContain(WRONG);
  });

  it('a refusal the recording holds too is compared like any answer, and the replay goes on', async () => {
    // A recording of a wrong password, then the right one: the first refusal is what was recorded.
    const text = ['# protocol: imap', 'S: * OK ready', 'C: a1 LOGIN alice nope', 'S: a1 NO [AUTHENTICATIONFAILED] no',
      'C: a2 LOGIN alice pw', 'S: a2 OK hi', ''].join('\n');
    const t = parseTranscript(text);
    const served = await startTranscriptServer(t, { port: 0, strict: false });
    closers.push(served.close);
    const conn = await opened(served.port);
    try {
      const summary = await replay(t, conn, { loose: false, renumberTags: false, credentials: {}, timeoutMs: 3000 });
      expect(summary.loginRefused).toBeUndefined();
      expect(summary).toMatchObject({ exchanges: 3, matched: 3, differed: 0 });
    } finally {
      conn.close();
    }
  });

  it('the login before a mid-session recording is refused in the same words', async () => {
    const recording = join(dir, 'after-login.txt');
    const record = runCli([`127.0.0.1:${demo.imapPort}`, '--imap', '-c', `. login ${USER} ${PASSWORD}`, '-c', `:record ${recording}`,
      '-c', 'select INBOX', '-c', ':record stop']);
    expect(await record.code).toBe(0);
    const run = replayCli(recording, demo.imapPort, WRONG, ['--user', USER]);
    expect(await run.code).toBe(2);
    expect(run.stderr().trim().split('\n')).toEqual([
      'mailscope: could not log in before the recording\'s first command, the server refused it: ml1 NO [AUTHENTICATIONFAILED] Authentication failed',
    ]);
    expect(run.stdout()).not.toContain('SELECT');
    expect(run.stdout() + run.stderr()).not.toContain(WRONG);
  });
});
