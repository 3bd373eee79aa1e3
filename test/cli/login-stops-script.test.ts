// Audit item 4: a script whose --login fails (it cannot start, or the server refuses it) stops
// there: its -c lines are not sent unauthenticated; the run logs out and exits 1.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const USER = 'test77@example.com';

describe('a failed --login in a script', () => {
  it('--password-env naming an unset variable: one error, no script line sent, LOGOUT, exit 1', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', USER, '--login', '--password-env', 'NOPE', '-c', 'select INBOX', '-c', 'noop'], {
      env: { NO_COLOR: '1' },
    });
    expect(await run.code).toBe(1);
    expect(run.stderr()).toContain('login: --password-env NOPE: that environment variable is not set');
    expect(run.stderr()).toContain("--login failed: the script's lines were not sent");
    expect(run.stdout()).not.toMatch(/select INBOX|noop/i);
    expect(run.stdout()).toMatch(/LOGOUT/);
  });

  it('a wrong password: the server refuses the login, and the script stops there too', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', USER, '--login', '--password-env', 'PW', '-c', 'select INBOX'], {
      env: { NO_COLOR: '1', PW: 'wrong' },
    });
    expect(await run.code).toBe(1);
    expect(run.stdout()).not.toMatch(/select INBOX/i);
  });

  it('a login that works runs the script as before', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', USER, '--login', '--password-env', 'PW', '-c', 'select INBOX'], {
      env: { NO_COLOR: '1', PW: 'qwe123#$' },
    });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/select INBOX/i);
  });
});
