// A script that ends in IDLE watches the mailbox, and renews IDLE as RFC 2177 3 asks (DONE, the
// completion, IDLE again), so a server's 30-minute autologout (RFC 3501 5.4) never comes. The
// runner is driven directly, against the demo server, with the renewal shortened to 0.4 s.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';
import { settingsFrom } from '../../src/cli/connect.js';
import { openClient } from '../../src/client/open.js';
import { Progress, runLines } from '../../src/client/runner.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';
import { startDemoServer } from '../../src/demo/server.js';

const server = demoForFile();

describe('read timeouts in a script', () => {
  it('count from when a command was sent, however long the script paused before it', async () => {
    // A server 200 ms away: each answer comes a while after the command, as over a real network.
    const slow = net.createServer((socket) => {
      socket.write('* OK slow server ready\r\n');
      socket.on('data', (data) => {
        for (const line of data.toString().split('\r\n').filter(Boolean)) {
          const [tag, name] = line.split(' ');
          const logout = name.toUpperCase() === 'LOGOUT';
          const answer = logout ? `* BYE bye\r\n${tag} OK LOGOUT completed\r\n` : `${tag} OK ${name} completed\r\n`;
          setTimeout(() => (logout ? socket.end(answer) : socket.write(answer)), 200);
        }
      });
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    try {
      const run = runCli([`127.0.0.1:${(slow.address() as net.AddressInfo).port}`, '--imap', '--timeout', '1']);
      run.type('noop\n');
      await run.waitFor('a001 OK');
      await new Promise((r) => setTimeout(r, 1500)); // longer than --timeout, with nothing pending
      run.type('noop\nlogout\n');
      expect(await run.code).toBe(0);
      expect(run.stderr()).toBe('');
      expect(run.stdout()).toMatch(/a002 OK noop completed[^]*a003 OK LOGOUT/);
    } finally {
      slow.close();
    }
  });
});

describe('a script waiting for its next line', () => {
  it('ends when the server closes the connection (here an autologout BYE), exit 2, one line', async () => {
    const sleepy = await startDemoServer({ idleTimeoutMs: 300 });
    try {
      const run = runCli([`127.0.0.1:${sleepy.imapPort}`, '--imap']);
      run.type('. login test77@example.com qwe123#$\n');
      expect(await run.code).toBe(2);
      expect(run.stdout()).toMatch(/\* BYE/);
      expect(run.stderr()).toBe('mailscope: the server closed the connection while the script waited for its next line\n');
    } finally {
      await sleepy.close();
    }
  });
});

describe('a script that ends in IDLE', () => {
  it('renews IDLE every idleRenewMs, each IDLE completed OK, until stopped', async () => {
    const progress = new Progress();
    const completed: string[] = [];
    const { client } = await openClient(settingsFrom(`127.0.0.1:${server.imapPort}`, { timeout: '1', tagPrefix: 'a', imap: true }), {
      listener: {
        serverEvent(ev) {
          const e = ev as ReaderEvent;
          if (e.kind === 'response' && e.response.kind === 'status' && e.response.tag) completed.push(`${e.response.tag} ${e.response.status} ${e.response.text}`);
          progress.poke();
        },
        note() {},
        completed: (info) => progress.completed(info.ok),
        closed: (err) => progress.close(err),
      },
    });
    const sent: string[] = [];
    const stop = new AbortController();
    const code = runLines(client, ['. login test77@example.com qwe123#$', 'select INBOX', 'idle'], progress, {
      readTimeoutMs: 1000,
      farewell: 'LOGOUT',
      idleRenewMs: 400,
      echo: (line) => sent.push(line),
      stop: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    expect(await code).toBe(0);
    // The script's idle, then at least two renewals, each DONE then IDLE.
    expect(sent.slice(0, 5)).toEqual(['. login test77@example.com qwe123#$', 'select INBOX', 'idle', 'DONE', 'IDLE']);
    expect(sent.filter((l) => l === 'IDLE').length).toBeGreaterThanOrEqual(2);
    const idles = completed.filter((c) => / IDLE terminated$/.test(c));
    expect(idles.length).toBeGreaterThanOrEqual(3); // the script's and two renewals, then LOGOUT's DONE
    expect(idles.every((c) => / OK /.test(c))).toBe(true);
    expect(completed.at(-1)).toMatch(/ OK LOGOUT/);
  });
});
