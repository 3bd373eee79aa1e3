// A script on stdin with --login: lines that arrive while the login is still going on are sent
// after it, not dropped (readline drops what it reads while nothing iterates it).
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

describe('stdin lines typed ahead of --login', () => {
  it('are all sent, in order, after the login', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', 'test77@example.com', '--login', '--auth', 'PLAIN', '--password-env', 'PW'], {
      env: { NO_COLOR: '1', PW: 'qwe123#$' },
      stdin: 'noop\nselect INBOX\n', // all there before the login starts
    });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/logged in as test77@example\.com with PLAIN[^]*C: a002 noop\na002 OK NOOP[^]*C: a003 select INBOX[^]*a003 OK \[READ-WRITE\]/);
  });
});
