// Audit item: a `:record` started after login could not be replayed: replay sent SELECT to a
// fresh connection and got NO. The recording now says it starts mid-session; replay says in
// one line before connecting that it needs a login, or logs in first with --user and the
// password; and the summary's counts add up to the exchanges, those not sent counted apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { summaryLine } from '../../src/cli/replay.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { surveyReplay } from '../../src/transcript/replay-exchange.js';
import { START_MID_SESSION, stateNeeded } from '../../src/transcript/mid-session.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-mid-login-');
let server: DemoServer;
let recording: string;
const PASSWORD = 'qwe123#$';

beforeAll(async () => {
  server = await startDemoServer();
  recording = join(dir, 'after-login.txt');
  const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', `. login test77@example.com ${PASSWORD}`, '-c', `:record ${recording}`,
    '-c', 'select INBOX', '-c', 'fetch 1 flags', '-c', ':compress', '-c', ':record stop']);
  expect(await run.code).toBe(0);
});
afterAll(() => server.close());

const replay = (file: string, args: string[], env: Record<string, string> = {}) =>
  runCli(['replay', file, `127.0.0.1:${server.imapPort}`, '--no-color', '--timeout', '3', ...args], { env: { NO_COLOR: '1', ...env } });

describe('a recording started after login', () => {
  it('says in its header that it starts mid-session, and holds no login', () => {
    const t = parseTranscript(readFileSync(recording, 'utf8'));
    expect(t.header.start).toBe(START_MID_SESSION);
    expect(t.entries[0]).toMatchObject({ kind: 'client' });
    expect(readFileSync(recording, 'utf8')).not.toMatch(/^C: .*LOGIN/im);
    expect(surveyReplay('imap', t.entries).startState).toBe('authenticated');
  });

  it('without --user: one line before connecting, exit 2, no exchange sent', async () => {
    const run = replay(recording, [], { MAILSCOPE_PASSWORD: PASSWORD });
    expect(await run.code).toBe(2);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('starts after login (recorded with :record)');
    expect(lines[0]).toContain('--user');
    expect(run.stdout()).not.toContain('SELECT');
  });

  it('with --user and the password: logs in first, then every exchange matches (COMPRESS included)', async () => {
    const run = replay(recording, ['--user', 'test77@example.com'], { MAILSCOPE_PASSWORD: PASSWORD });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('starts after login: logging in as test77@example.com first (not compared)');
    expect(run.stdout()).toMatch(/✓ 3 COMPRESS/);
    expect(run.stdout()).toMatch(/3 exchanges: 3 matched, 0 differed$/m);
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
  });

  it('a refused login ends the replay with exit 2, naming the refusal', async () => {
    const run = replay(recording, ['--user', 'test77@example.com'], { MAILSCOPE_PASSWORD: 'wrong' });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('could not log in before the recording\'s first command');
    expect(run.stderr()).toContain('AUTHENTICATIONFAILED');
  });

  it('a recording whose first commands come before login needs none', () => {
    expect(stateNeeded('imap', 'CAPABILITY')).toBeUndefined();
    expect(stateNeeded('imap', 'LOGIN')).toBe('fresh');
    expect(stateNeeded('imap', 'SELECT')).toBe('authenticated');
    expect(stateNeeded('imap', 'FETCH')).toBe('selected');
    expect(stateNeeded('pop3', 'USER')).toBe('fresh');
    expect(stateNeeded('pop3', 'STAT')).toBe('authenticated');
    const t = parseTranscript('C: a1 CAPABILITY\nS: * CAPABILITY IMAP4rev1\nS: a1 OK done\nC: a2 LOGIN u p\nS: a2 OK hi\nC: a3 SELECT INBOX\nS: a3 OK done\n');
    expect(surveyReplay('imap', t.entries).startState).toBe('fresh');
    const fetch = parseTranscript('C: a1 FETCH 1 FLAGS\nS: a1 OK done\n');
    expect(surveyReplay('imap', fetch.entries).startState).toBe('selected');
  });

  it('a recording that starts with a mailbox selected and does not say which: said before connecting', async () => {
    const file = join(dir, 'selected.txt');
    writeFileSync(file, '# protocol: imap\n\nC: a1 FETCH 1 FLAGS\nS: * 1 FETCH (FLAGS (\\Seen))\nS: a1 OK done\n');
    const run = replay(file, ['--user', 'test77@example.com'], { MAILSCOPE_PASSWORD: PASSWORD });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('starts after login with a mailbox selected');
  });

  it('logs in and selects the mailbox the header names', async () => {
    const file = join(dir, 'selected-inbox.txt');
    writeFileSync(file, '# protocol: imap\n# mailbox: INBOX\n\nC: a1 FETCH 1 FLAGS\nS: * 1 FETCH (FLAGS (\\Seen))\nS: a1 OK FETCH completed.\n');
    const run = replay(file, ['--user', 'test77@example.com'], { MAILSCOPE_PASSWORD: PASSWORD });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('logging in as test77@example.com and selecting "INBOX" first');
  });

  it('a :record begun with INBOX.Sent selected names the state and the mailbox, and replays with a login', async () => {
    const file = join(dir, 'after-select.txt');
    const rec = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', `. login test77@example.com ${PASSWORD}`, '-c', 'select INBOX.Sent',
      '-c', `:record ${file}`, '-c', 'fetch 1 flags', '-c', ':record stop']);
    expect(await rec.code).toBe(0);
    const t = parseTranscript(readFileSync(file, 'utf8'));
    expect(t.header).toMatchObject({ state: 'selected', mailbox: 'INBOX.Sent' });
    const run = replay(file, ['--user', 'test77@example.com'], { MAILSCOPE_PASSWORD: PASSWORD });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('selecting "INBOX.Sent" first');
    expect(run.stdout()).toMatch(/1 exchanges: 1 matched, 0 differed$/m);
  });
});

describe('the replay summary', () => {
  it('counts the exchanges not sent after the replay had to stop, so the counts add up', async () => {
    const file = join(dir, 'compress-refused.txt');
    writeFileSync(file, [
      '# protocol: imap', '',
      'S: * OK {...}',
      'C: a1 COMPRESS DEFLATE', 'S: a1 OK DEFLATE active', '= compress DEFLATE',
      'C: a2 NOOP', 'S: a2 OK NOOP completed',
      'C: a3 NOOP', 'S: a3 OK NOOP completed', '',
    ].join('\n'));
    const run = replay(file, []);
    expect(await run.code).toBe(1);
    const out = run.stdout();
    const listed = out.match(/^[✓✗] \d+ /gm) ?? [];
    expect(listed).toHaveLength(3);
    expect(out).toMatch(/^4 exchanges: 1 matched, 2 differed, 1 not replayed$/m);
  });

  it('says nothing of exchanges not replayed when all were', () => {
    expect(summaryLine({ exchanges: 3, matched: 3, differed: 0, notReplayed: 0 })).toBe('3 exchanges: 3 matched, 0 differed');
  });
});
