// Audit item 7: a password line refused by the plaintext guard says what was not sent (the
// command, never the password) and why; in the REPL the y/N question is answered by its first
// key, so a login typed again after `n` is a new line (asked about again), never the answer.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const target = () => `127.0.0.1:${server.imapPort}`;
const PASSWORD = 'qwe123#$';
const LOGIN = `. login test77@example.com ${PASSWORD}`;

describe('in a script', () => {
  it('names the command and the reason, not the password', async () => {
    const run = runCli([target(), '--imap', '-c', LOGIN, '-c', 'noop'], { remote: true });
    expect(await run.code).toBe(1);
    expect(run.stderr()).toContain('LOGIN not sent: it would carry your password unencrypted to 127.0.0.1, which is not loopback (use --allow-plaintext-auth, or STARTTLS first)');
    expect(run.stderr()).not.toContain(PASSWORD);
  });

  it('AUTHENTICATE PLAIN: named with its mechanism', async () => {
    const run = runCli([target(), '--imap', '-c', 'authenticate plain', '-c', 'noop'], { remote: true });
    expect(await run.code).toBe(1);
    expect(run.stderr()).toContain('AUTHENTICATE PLAIN not sent: it would carry your PLAIN credentials unencrypted to 127.0.0.1');
  });
});

describe('--login in a script', () => {
  it('says why the login was not sent', async () => {
    const run = runCli([target(), '--imap', '--user', 'test77@example.com', '--login', '--password-env', 'PW', '-c', 'noop'], {
      remote: true,
      env: { NO_COLOR: '1', PW: PASSWORD },
    });
    expect(await run.code).toBe(1);
    expect(run.stderr()).toContain('login not sent: the password would cross an unencrypted connection to 127.0.0.1, which is not loopback');
    expect(run.stderr()).not.toContain(PASSWORD);
  });
});

describe('the y/N question in the REPL', () => {
  it('`n` alone, without Enter, answers it; the refusal is wrapped between words at the terminal\'s width', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, remote: true });
    run.resize(60);
    await run.waitFor('ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor(/Send it anyway\? \[y\/N\]/);
    run.type('n');
    await run.waitFor('LOGIN not sent');
    await run.waitFor('STARTTLS first)');
    const refusal = run.stdout().slice(run.stdout().indexOf('LOGIN not sent'));
    const lines = refusal.slice(0, refusal.indexOf('first)') + 6).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(refusal).toContain('--allow-plaintext-auth'); // not cut inside a word
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a login typed again after `n` is a new line, asked about again, never echoed as the answer', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, remote: true });
    await run.waitFor('ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor(/Send it anyway\? \[y\/N\]/);
    run.type(`n${LOGIN}\r`);
    await run.waitFor(/not sent[\s\S]*Send it anyway\? \[y\/N\]/);
    run.type('y');
    await run.waitFor(/(^|> )\. OK/m);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expect(run.stdout()).not.toMatch(/\[y\/N\] [^\n]*qwe123/);
  });

  it('the Enter typed after `y` ends the answer: it is not an empty SASL response', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, remote: true });
    await run.waitFor('ready');
    run.type('authenticate plain\r');
    await run.waitFor(/Send it anyway\? \[y\/N\]/);
    run.type('y');
    await run.waitFor(/> \+\s/);
    // Enter, late, after the server's `+` came: still the end of the answer.
    run.type('\r');
    run.type(`${Buffer.from(`\0test77@example.com\0${PASSWORD}`).toString('base64')}\r`);
    await run.waitFor(/a001 OK/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
