// :login in a terminal: Ctrl-C or Esc at its questions cancels the login and the next line is
// a command again; :login after login is refused in one line and nothing is sent.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const server = demoForFile();
const imap = () => [`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'];
const pop3 = () => [`127.0.0.1:${server.pop3Port}`, '--pop3', '--no-history'];

/** What was printed after `marker` (the text the test looks at once the question was answered). */
const after = (text: string, marker: string) => text.slice(text.lastIndexOf(marker));

// The user name is asked with readline's question, which the REPL aborts on Ctrl-C or Esc (an
// AbortController per question); the password with enquirer's masked prompt. Both end in
// "login cancelled", and the next line typed is a command again.
describe('Ctrl-C or Esc at a login question', () => {
  it.each([
    ['the password', 'Ctrl-C', `:login ${USER}`, 'password for', '\x03'],
    ['the password', 'Esc', `:login ${USER}`, 'password for', '\x1b'],
    ['the user name', 'Ctrl-C', ':login', 'user name:', '\x03'],
    ['the user name', 'Esc', ':login', 'user name:', '\x1b'],
  ])('%s, %s: "login cancelled"; the next line typed is a command, the first one sent', async (_question, _key, command, asked, key) => {
    const run = runCli(imap(), { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(`${command}\r`);
    await run.waitFor(asked);
    run.type(key);
    await run.waitFor('login cancelled');
    run.type('noop\r');
    await run.waitFor('OK NOOP completed');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    const out = run.stdout();
    // Not the non-interactive advice (this is a terminal, and the user said no), nor a question left armed.
    expect(out).not.toMatch(/no password or token|logged in as|failed|press Ctrl-C again/);
    expect(after(out, 'login cancelled')).not.toMatch(/password for|user name/);
    // NOOP got the first tag: no LOGIN or AUTHENTICATE went out before it.
    expect(out).toMatch(/a001 OK NOOP completed/);
  });
});

describe(':login when already logged in', () => {
  it('IMAP: one line citing RFC 3501 6.2, no question, nothing sent', async () => {
    const run = runCli([...imap(), '--user', USER, '--password-env', 'PW', '--login'], { terminal: true, env: { NO_COLOR: '1', PW: PASSWORD } });
    await run.waitFor('logged in as');
    await run.waitFor(' authenticated >');
    run.type(':login\r');
    await run.waitFor('already authenticated');
    run.type('noop\r');
    await run.waitFor('OK NOOP completed');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    const out = after(run.stdout(), 'authenticated > :login');
    expect(out).toContain('already authenticated (LOGIN and AUTHENTICATE are valid only before login, RFC 3501 6.2)');
    expect(out).not.toMatch(/password for|user name|failed/);
    // The login took a001; NOOP is the next command sent.
    expect(out).toMatch(/a002 OK NOOP completed/);
  });

  it('POP3: one line citing the TRANSACTION state (RFC 1939 3), nothing sent', async () => {
    const run = runCli([...pop3(), '--user', USER, '--password-env', 'PW', '--login'], { terminal: true, env: { NO_COLOR: '1', PW: PASSWORD } });
    await run.waitFor('logged in as');
    await run.waitFor('TRANSACTION >');
    run.type(':login\r');
    await run.waitFor('already authenticated');
    run.type('stat\r');
    await run.waitFor(/\+OK \d+ \d+/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    // Up to :quit, whose QUIT is shown as sent (audit item 1).
    const all = after(run.stdout(), 'TRANSACTION > :login');
    const out = all.slice(0, all.indexOf(':quit'));
    expect(out).toContain('already authenticated (in the TRANSACTION state; USER, APOP and AUTH are valid only in AUTHORIZATION, RFC 1939 3)');
    expect(out).not.toMatch(/-ERR|failed|C: /);
  });
});
