// `:explain` alone: the last command's answer, piece by piece, each piece explained once.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

describe(':explain after a FETCH of several messages', () => {
  it('explains FETCH, FLAGS and \\Seen once, and counts the responses that add nothing', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', 'fetch 1:3 (flags uid)', '-c', ':explain']);
    expect(await run.code).toBe(0);
    const out = run.stdout().slice(run.stdout().indexOf('a002 OK'));
    expect(out.match(/^FETCH: IMAP response/gm)).toHaveLength(1);
    expect(out.match(/FLAGS: FETCH item/g)).toHaveLength(1);
    expect(out).toMatch(/\\Seen: system flag/);
    expect(out).toMatch(/tagged \(a002\): the end of that command/);
    expect(out).toMatch(/… and 2 more responses with nothing new to explain/);
  });
});
