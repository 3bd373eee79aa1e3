// Audit item: a fresh POP3 recording never replayed clean without --loose, since the APOP
// timestamp in the greeting (`<n.time@host>`) is new on every connection (RFC 1939 section 7
// requires it to be unique). Replay now compares that msg-id by its form alone, loose or not;
// the rest of the greeting, and any `<...>` outside the greeting, stays exact.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { greetingForm } from '../../src/transcript/match.js';
import { replay } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-replay-apop-');
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const env = { NO_COLOR: '1', MAILSCOPE_PASSWORD: PASSWORD };
let demo: DemoServer;
const recordings = { user: join(dir, 'pop-user.txt'), apop: join(dir, 'pop-apop.txt') };

beforeAll(async () => {
  demo = await startDemoServer();
  const user = runCli([`127.0.0.1:${demo.pop3Port}`, '--pop3', '--record', recordings.user,
    '-c', `user ${USER}`, '-c', `pass ${PASSWORD}`, '-c', 'stat', '-c', 'quit']);
  expect(await user.code).toBe(0);
  const apop = runCli([`127.0.0.1:${demo.pop3Port}`, '--pop3', '--login', '--user', USER, '--auth', 'APOP', '--password-env', 'MAILSCOPE_PASSWORD', '--record', recordings.apop,
    '-c', 'stat', '-c', 'quit'], { env });
  expect(await apop.code).toBe(0);
});
afterAll(() => demo.close());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

function replayCli(file: string, args: string[] = []) {
  return runCli(['replay', file, `127.0.0.1:${demo.pop3Port}`, '--no-color', '--timeout', '3', ...args], { env });
}

describe('the APOP timestamp of a POP3 greeting', () => {
  it('the recordings hold the timestamp as it was (the recording is not rewritten)', () => {
    for (const file of Object.values(recordings)) {
      expect(readFileSync(file, 'utf8')).toMatch(/^S: \+OK mailscope demo POP3 server ready <\d+\.\d+@mailscope\.demo>$/m);
    }
  });

  it('a fresh USER/PASS recording replays clean without --loose', async () => {
    const run = replayCli(recordings.user);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('✓ 1 greeting');
    expect(run.stdout()).toMatch(/^5 exchanges: 5 matched, 0 differed$/m);
  });

  it('a fresh APOP recording replays clean: the digest is made from the live timestamp', async () => {
    expect(readFileSync(recordings.apop, 'utf8')).toMatch(/^C: APOP test77@example\.com \*\*\*redacted\*\*\*$/m);
    const run = replayCli(recordings.apop);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/✓ 2 APOP/);
  });

  it('the rest of the greeting is still compared', async () => {
    const changed = join(dir, 'changed.txt');
    writeFileSync(changed, readFileSync(recordings.user, 'utf8').replace('POP3 server ready', 'POP3 server steady'));
    const run = replayCli(changed);
    expect(await run.code).toBe(1);
    expect(run.stdout()).toContain('✗ 1 greeting');
    expect(run.stdout()).toContain('  - S: +OK mailscope demo POP3 server steady <{*}>');
    expect(run.stdout()).toMatch(/^ {2}\+ S: \+OK mailscope demo POP3 server ready <\d+\.\d+@mailscope\.demo>$/m);
  });

  it('a live greeting without a timestamp differs from a recording with one (APOP cannot work there)', async () => {
    const live = await startTranscriptServer(parseTranscript('# protocol: pop3\nS: +OK ready\nC: QUIT\nS: +OK bye\n'), { port: 0, strict: false });
    closers.push(live.close);
    const t = parseTranscript('# protocol: pop3\nS: +OK ready <1.2@host>\nC: QUIT\nS: +OK bye\n');
    const summary = await replayOver(t, live.port);
    expect(summary.results[0]).toMatchObject({ ok: false });
    expect(summary.results[1]).toMatchObject({ ok: true });
  });

  it('a msg-id after the greeting (a Message-ID header in RETR) stays exact', async () => {
    const body = ['C: RETR 1', 'S: +OK message follows', 'S: Message-ID: <LIVE@host>', 'S: .'];
    const live = await startTranscriptServer(parseTranscript(['# protocol: pop3', 'S: +OK ready <9.9@host>', ...body, ''].join('\n')), { port: 0, strict: false });
    closers.push(live.close);
    const t = parseTranscript(['# protocol: pop3', 'S: +OK ready <1.2@host>', ...body.map((l) => l.replace('LIVE', 'RECORDED')), ''].join('\n'));
    const summary = await replayOver(t, live.port);
    expect(summary.results.map((r) => r.ok)).toEqual([true, false]);
    expect(summary.results[1].diff).toContainEqual({ op: 'expected', text: 'Message-ID: <RECORDED@host>' });
  });
});

async function replayOver(t: ReturnType<typeof parseTranscript>, port: number) {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  try {
    return await replay(t, replayConnection(socket), { loose: false, renumberTags: false, credentials: {}, timeoutMs: 3000 });
  } finally {
    socket.destroy();
  }
}

describe('greetingForm', () => {
  it('POP3: the msg-id becomes a wildcard inside its brackets, the rest stays', () => {
    expect(greetingForm('+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>', 'pop3')).toBe('+OK POP3 ready <{*}>');
    expect(greetingForm('+OK ready', 'pop3')).toBe('+OK ready');
    // A hand-written wildcard (the tutorial's transcripts) is left as it is.
    expect(greetingForm('+OK ready {*}', 'pop3')).toBe('+OK ready {*}');
  });

  it('IMAP greetings have no per-connection value', () => {
    expect(greetingForm('* OK [CAPABILITY IMAP4rev1] ready <1.2@host>', 'imap')).toBe('* OK [CAPABILITY IMAP4rev1] ready <1.2@host>');
  });
});
