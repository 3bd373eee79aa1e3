// A recording begun mid-session (`:record FILE` after the greeting) holds no greeting. Replay
// reads the live server's greeting without comparing it; serve makes one up, since a client
// waits for a greeting before it sends anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
let server: DemoServer;
let recording: string;
beforeAll(async () => {
  server = await startDemoServer();
  recording = join(tempDir('mailscope-mid-'), 'mid.txt');
  const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', `:record ${recording}`, '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', 'fetch 1 (flags)', '-c', ':record stop']);
  expect(await run.code).toBe(0);
});
afterAll(() => server.close());

describe(':record on a connection that stays open', () => {
  it(':record stop writes no close event (the connection is still open); the session\'s end writes who closed', () => {
    const text = readFileSync(recording, 'utf8');
    expect(text).not.toMatch(/^= close/m);
  });

  it('a second :record saves the first and says so; a file with nothing recorded still has its header', async () => {
    const dir = tempDir('mailscope-mid2-');
    const [first, second, third] = ['one.txt', 'two.txt', 'three.txt'].map((name) => join(dir, name));
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-color', '-c', `:record ${first}`, '-c', `:record ${second}`, '-c', 'noop', '-c', ':record stop', '-c', `:record ${third}`, '-c', 'noop'], { env: { NO_COLOR: '1' } });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain(`recording saved to ${first}`);
    expect(run.stdout()).toContain(`recording saved to ${second}`);
    expect(readFileSync(first, 'utf8')).toMatch(/^# protocol: imap\n[^]*# start: mid-session[^]*\n$/);
    expect(readFileSync(first, 'utf8')).not.toMatch(/^[CS=]/m);
    expect(readFileSync(second, 'utf8')).toMatch(/^# protocol: imap\n[^]*# start: mid-session[^]*\nC: a001 noop\n[^]*a001 OK[^\n]*\n$/);
    // The last recording ran to the session's end: who closed is written.
    expect(readFileSync(third, 'utf8')).toMatch(/\n= close (server|client)\n$/);
  });
});

describe('a recording begun after the greeting', () => {
  it('holds no greeting: its first line is the client\'s', () => {
    expect(readFileSync(recording, 'utf8')).toMatch(/^# [^]*?\n\n= redacted LOGIN password\nC: \. login /);
    // Begun before login: its header says the greeting is missing, not the login.
    expect(readFileSync(recording, 'utf8')).toContain('# start: mid-session (:record): what came before, the greeting, is not in this file\n');
  });

  it('replays green: the live greeting is read, not compared', async () => {
    const run = runCli(['replay', recording, `127.0.0.1:${server.imapPort}`, '--no-color'], { env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: 'qwe123#$' } });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/3 exchanges: 3 matched, 0 differed/);
  });

  it('serves: a made-up greeting first, then the recording', async () => {
    const stop = new AbortController();
    const serving = runCli(['serve', recording, '--port', '0'], { signal: stop.signal });
    await serving.waitFor(/127\.0\.0\.1:\d+/);
    const port = /127\.0\.0\.1:(\d+)/.exec(serving.stdout())![1];
    const client = runCli([`127.0.0.1:${port}`, '--imap', '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', 'fetch 1 (flags)']);
    const code = await client.code;
    stop.abort();
    await serving.code;
    expect(client.stdout()).toMatch(/^\* OK mailscope serve: the recording starts after the greeting$/m);
    expect(client.stdout()).toMatch(/\* 1 FETCH \(FLAGS \(\\Seen\)\)/);
    // The recording ends before a LOGOUT: the farewell LOGOUT goes past it, and a farewell's
    // answer does not count (runner.ts).
    expect(code).toBe(0);
  });
});
