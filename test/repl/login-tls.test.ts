// STARTTLS and login: :starttls after login is refused in one line naming the state rule
// (the server dropped STARTTLS from its list after login, which is no reason to blame it), and
// the note after a STARTTLS or STLS typed by hand cites the protocol's own RFC.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const DEMO_CERT = fileURLToPath(new URL('../../src/demo/certs/demo-cert.pem', import.meta.url));
const server = demoForFile();
const env = { NO_COLOR: '1', PW: PASSWORD };
const loggedIn = ['--user', USER, '--password-env', 'PW', '--login', '--no-history'];

describe(':starttls after login', () => {
  it('IMAP: "STARTTLS is valid only before login", nothing sent, the session goes on', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', ...loggedIn], { terminal: true, env });
    await run.waitFor('logged in as');
    await run.waitFor(' authenticated >');
    run.type(':starttls\r');
    await run.waitFor('valid only');
    run.type('noop\r');
    await run.waitFor('OK NOOP completed');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toContain('STARTTLS is valid only before login (RFC 3501 6.2.1)');
    expect(out).not.toMatch(/does not offer|refusing to continue/);
    // The login took a001: neither CAPABILITY nor STARTTLS went out before NOOP.
    expect(out).toMatch(/a002 OK NOOP completed/);
    expect(out).toMatch(/plain · authenticated >/);
  });

  it('POP3: "STLS is valid only in the AUTHORIZATION state", nothing sent', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', ...loggedIn], { terminal: true, env });
    await run.waitFor('logged in as');
    await run.waitFor('TRANSACTION >');
    const before = run.stdout().length;
    run.type(':starttls\r');
    await run.waitFor('valid only');
    run.type('stat\r');
    await run.waitFor(/\+OK \d+ \d+/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    const out = run.stdout().slice(before);
    expect(out).toContain('STLS is valid only in the AUTHORIZATION state (RFC 2595 4)');
    // No CAPA list and no STLS answer came back: nothing was sent for :starttls.
    expect(out).not.toMatch(/does not offer|Capability list|-ERR|Begin TLS/);
  });
});

describe('the note after STARTTLS or STLS typed by hand', () => {
  it('POP3 says to ask CAPA again, citing RFC 2595 4', async () => {
    const run = runCli([`localhost:${server.pop3Port}`, '--pop3', '--ca', DEMO_CERT, '-c', 'stls', '-c', 'capa']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toContain('TLS established: ask CAPA again, the old list no longer holds (RFC 2595 4)');
    expect(out).not.toMatch(/CAPABILITY|RFC 3501/);
  });

  it('IMAP says to ask CAPABILITY again, citing RFC 3501 6.2.1', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--ca', DEMO_CERT, '-c', 'starttls']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toContain('TLS established: ask CAPABILITY again, the old list no longer holds (RFC 3501 6.2.1)');
    expect(out).not.toMatch(/CAPA\b|RFC 2595/);
  });
});
