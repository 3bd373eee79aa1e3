// A script that ends in IDLE watches the mailbox, and renews IDLE as RFC 2177 3 asks (DONE, the
// completion, IDLE again), so a server's 30-minute autologout (RFC 3501 5.4) never comes. The
// runner is driven directly, against the demo server, with the renewal shortened to 0.4 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFrom } from '../../src/cli/connect.js';
import { openClient } from '../../src/client/open.js';
import { Progress, runLines } from '../../src/client/runner.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

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
