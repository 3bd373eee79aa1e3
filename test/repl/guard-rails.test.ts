// Guard-rails in the REPL end-to-end harness: warnings never block, except a secret about to
// cross an unencrypted connection to a host that is not loopback (asked in a terminal, refused
// in a script unless --allow-plaintext-auth). The "remote" server is the demo server on
// loopback, judged remote by the harness.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';
import { IMAP_COMMANDS } from '../../src/registry/imap-commands.js';
import { IMPLEMENTED_CAPABILITIES } from '../../src/demo/imap/capabilities.js';

const server = demoForFile();
const target = () => `127.0.0.1:${server.imapPort}`;

describe('warnings that do not block', () => {
  it('a command in the wrong state is warned about, then sent anyway', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('fetch 1 all\r');
    await run.waitFor(/FETCH is not valid in the not-authenticated state/);
    await run.waitFor(/a001 (NO|BAD)/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a warning wraps at the terminal\'s width, its lines after the first indented', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.resize(40);
    run.type('fetch 1 all\r');
    await run.waitFor(/a001 (NO|BAD)/);
    const out = run.stdout();
    const warning = out.slice(out.indexOf('! FETCH'), out.indexOf('a001 ')).trimEnd().split('\n').filter((l) => !l.startsWith('imap '));
    expect(warning.length).toBeGreaterThan(1);
    for (const l of warning) expect(l.length).toBeLessThanOrEqual(40);
    for (const l of warning.slice(1)) expect(l).toMatch(/^  \S/);
    expect(warning.join(' ').replace(/\s+/g, ' ')).toMatch(/FETCH is not valid in the not-authenticated state/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a mailbox name typed decoded gets its modified UTF-7 form, until names are UTF-8 (IMAP4rev2)', async () => {
    const LOGIN = '. login test77@example.com qwe123#$';
    const rev1 = runCli([target(), '--imap', '--no-history', '-c', LOGIN, '-c', 'select INBOX.Entwürfe', '-c', 'status "INBOX.Entwürfe" (messages)']);
    await rev1.code;
    // Warnings go to stderr in a script; the session to stdout.
    const told = rev1.stderr().match(/the server knows INBOX\.Entwürfe as INBOX\.Entw&APw-rfe\./g) ?? [];
    expect(told).toHaveLength(2);
    expect(rev1.stdout()).toMatch(/a001 NO \[NONEXISTENT\]/); // sent as typed all the same
    const rev2 = runCli([target(), '--imap', '--no-history', '-c', LOGIN, '-c', 'enable IMAP4rev2', '-c', 'select INBOX.Entwürfe']);
    await rev2.code;
    expect(rev2.stderr()).not.toMatch(/modified UTF-7/);
    expect(rev2.stdout()).toMatch(/a002 OK \[READ-WRITE\]/);
  });

  it('a word alone is a command, known or not: help, capa and frobnicate get a tag and their BAD, and nothing waits', async () => {
    const run = runCli([target(), '--imap', '--no-history', '--timeout', '5', '-c', 'help', '-c', 'capa', '-c', 'frobnicate', '-c', 'noop']);
    expect(await run.code).toBe(1); // a BAD, not a timeout (2)
    const out = run.stdout();
    expect(run.stderr()).toMatch(/mailscope's own help is :help\.[\s\S]*CAPA is a POP3 command; this is an IMAP session\./);
    expect(out).toMatch(/a001 BAD[\s\S]*a002 BAD[\s\S]*a003 BAD[\s\S]*a004 OK NOOP/);
  });

  it('a misspelt command gets "did you mean", unbalanced quotes are pointed out', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com qwe123#$\r');
    await run.waitFor('. OK');
    run.type('selct INBOX\r');
    await run.waitFor(/did you mean SELECT\?/i);
    await run.waitFor(/a001 BAD/);
    run.type('list "" "*\r');
    await run.waitFor(/quoted string is not closed/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a capability the server did not announce is warned about', async () => {
    // A command of an extension the demo does not implement (whichever that is as the demo
    // grows): the warning comes, and the line still goes (the demo answers BAD).
    const missing = IMAP_COMMANDS.find((c) => c.requires && !c.requires.some((r) => IMPLEMENTED_CAPABILITIES.some((i) => i === r)))!;
    const run = runCli([target(), '--imap', '--no-history', '-c', '. login test77@example.com qwe123#$', '-c', missing.name.toLowerCase()]);
    await run.code;
    expect(run.stdout() + run.stderr()).toContain(`The server did not announce ${missing.requires!.join(' or ')}, which ${missing.name} needs`);
    expect(run.stdout()).toMatch(/a001 BAD/);
  });

  it('lines pasted together are judged by the state the commands before them bring', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    // One write, as a paste arrives: all three go out before the login is answered.
    run.type('. login test77@example.com qwe123#$\rcompress deflate\rselect INBOX\rfetch 1 (flags)\r');
    await run.waitFor(/a003 OK/);
    expect(run.stdout()).not.toMatch(/not valid in the|did not announce/);
    // and a command that is wrong in the state ahead is still pointed out
    run.type('unselect\rcopy 1 INBOX.Trash\r');
    await run.waitFor(/COPY is not valid in the authenticated state/);
    await run.waitFor(/a005 (NO|BAD)/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it(':guard off silences them', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type(':guard off\r');
    await run.waitFor('guard-rails off');
    run.type('selct INBOX\r');
    await run.waitFor(/a001 BAD/);
    expect(run.stdout()).not.toMatch(/did you mean/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('a password in clear to a remote host', () => {
  it('is asked about in a terminal; "n" keeps it from being sent', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, remote: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com qwe123#$\r');
    await run.waitFor(/Send it anyway\? \[y\/N\]/);
    run.type('n\r');
    await run.waitFor(/not sent/);
    run.type('noop\r');
    await run.waitFor(/a001 OK/);
    expect(run.stdout()).not.toMatch(/\. OK/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('"y" sends it', async () => {
    const run = runCli([target(), '--imap', '--no-history'], { terminal: true, remote: true });
    await run.waitFor('ready');
    run.type('. login test77@example.com qwe123#$\r');
    await run.waitFor(/Send it anyway\?/);
    run.type('y\r');
    await run.waitFor(/(^|> )\. OK/m);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('is refused in a script, with exit 1, unless --allow-plaintext-auth', async () => {
    const refused = runCli([target(), '--imap', '-c', '. login test77@example.com qwe123#$', '-c', 'noop'], { remote: true });
    expect(await refused.code).toBe(1);
    // The refusal is an error: on stderr, so stdout holds the session alone.
    expect(refused.stderr()).toMatch(/not sent/);
    expect(refused.stdout()).not.toMatch(/not sent/);
    expect(refused.stdout()).not.toMatch(/^\. OK/m);
    const allowed = runCli([target(), '--imap', '--allow-plaintext-auth', '-c', '. login test77@example.com qwe123#$'], { remote: true });
    expect(await allowed.code).toBe(0);
    expect(allowed.stdout()).toMatch(/^\. OK/m);
  });

  it('--login refuses too, and says STARTTLS was on offer', async () => {
    const run = runCli([target(), '--imap', '--user', 'test77@example.com', '--login', '--password-env', 'PW', '-c', 'noop'], {
      remote: true,
      env: { NO_COLOR: '1', PW: 'qwe123#$' },
    });
    expect(await run.code).toBe(1);
    expect(run.stderr()).toMatch(/offers STARTTLS and it was not used/);
    expect(run.stderr()).toMatch(/login not sent/);
    expect(run.stdout()).not.toMatch(/not used|not sent/);
  });

  it('over STARTTLS no question is asked', async () => {
    const ca = new URL('../../src/demo/certs/demo-cert.pem', import.meta.url).pathname;
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--starttls', '--ca', ca, '-c', '. login test77@example.com qwe123#$'], { remote: true });
    expect(await run.code).toBe(0);
    expect(run.stdout()).not.toMatch(/Send it anyway/);
  });
});
