// SIGTERM (kill, timeout(1)) and SIGHUP (a closed terminal) end a session politely: DONE during
// IDLE, then LOGOUT / QUIT, the recording's end written, and the exit the shell expects of the
// signal (143, 129). The harness's AbortSignal stands for the signal; its reason names it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const LOGIN = '. login test77@example.com qwe123#$';

const server = demoForFile();

const imap = () => `127.0.0.1:${server.imapPort}`;
const tempDir = tempDirs();
const recordingIn = () => join(tempDir('mailscope-signal-'), 'session.txt');

describe('a script ended by a signal', () => {
  it('SIGTERM during IDLE from -c: DONE, LOGOUT, the recording closed, exit 143', async () => {
    const stop = new AbortController();
    const recording = recordingIn();
    const run = runCli([imap(), '--imap', '--record', recording, '-c', LOGIN, '-c', 'select INBOX', '-c', 'idle'], { signal: stop.signal });
    await run.waitFor('+ idling');
    stop.abort();
    expect(await run.code).toBe(143);
    expect(run.stderr()).toBe('mailscope: SIGTERM: logging out\n');
    expect(run.stdout()).toMatch(/a002 OK IDLE terminated[^]*a003 OK LOGOUT/);
    expect(readFileSync(recording, 'utf8')).toMatch(/C: DONE\nC: a003 LOGOUT\n[^]*S: a003 OK LOGOUT completed\n= close (server|client)\n/);
  });

  it('a script that ends in IDLE watches past --timeout: silence is normal in IDLE (RFC 2177)', async () => {
    const stop = new AbortController();
    const run = runCli([imap(), '--imap', '--timeout', '1', '-c', LOGIN, '-c', 'select INBOX', '-c', 'idle'], { signal: stop.signal });
    await run.waitFor('+ idling');
    const early = await Promise.race([run.code, new Promise((r) => setTimeout(() => r('still watching'), 2500))]);
    expect(early).toBe('still watching');
    expect(run.stderr()).toBe('');
    stop.abort();
    expect(await run.code).toBe(143);
    expect(run.stdout()).toMatch(/a002 OK IDLE terminated[^]*a003 OK LOGOUT/);
  });

  it('SIGHUP while piped stdin waits for its next line: the wait ends, LOGOUT, exit 129', async () => {
    const stop = new AbortController();
    const recording = recordingIn();
    const run = runCli([imap(), '--imap', '--record', recording], { signal: stop.signal });
    run.type(`${LOGIN}\nselect INBOX\n`);
    await run.waitFor(/a001 OK/);
    stop.abort('SIGHUP');
    expect(await run.code).toBe(129);
    expect(run.stderr()).toBe('mailscope: SIGHUP: logging out\n');
    const saved = readFileSync(recording, 'utf8');
    expect(saved).toMatch(/C: a002 LOGOUT\n[^]*S: a002 OK LOGOUT completed\n= close (server|client)\n/);
    expect(saved).not.toMatch(/DONE/);
  });

  it('a signal inside a SASL exchange closes without LOGOUT, which would be read as the response', async () => {
    const stop = new AbortController();
    const recording = recordingIn();
    const run = runCli([imap(), '--imap', '--record', recording], { signal: stop.signal });
    run.type('authenticate plain\n');
    await run.waitFor(/^\+\s*$/m);
    stop.abort();
    expect(await run.code).toBe(143);
    const saved = readFileSync(recording, 'utf8');
    expect(saved).not.toMatch(/LOGOUT/);
    expect(saved).toMatch(/C: a001 authenticate plain\nS: \+.*\n= close client\n/);
  });

  it('POP3: QUIT on SIGTERM', async () => {
    const stop = new AbortController();
    const recording = recordingIn();
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--record', recording], { signal: stop.signal });
    run.type('user test77@example.com\n');
    await run.waitFor('Password required');
    stop.abort();
    expect(await run.code).toBe(143);
    expect(readFileSync(recording, 'utf8')).toMatch(/C: QUIT\nS: \+OK Bye-bye.\n= close (server|client)\n/);
  });
});

describe('the REPL ended by SIGHUP', () => {
  it('logs out and exits 129', async () => {
    const stop = new AbortController();
    const run = runCli([imap(), '--imap', '--no-history'], { terminal: true, signal: stop.signal });
    await run.waitFor('not authenticated >');
    run.type(`${LOGIN}\r`);
    await run.waitFor('authenticated >');
    stop.abort('SIGHUP');
    expect(await run.code).toBe(129);
    expect(run.stdout()).toMatch(/SIGHUP: logging out[^]*a001 OK LOGOUT/);
  });
});
