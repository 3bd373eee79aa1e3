// Audit items on typed secrets at the prompt:
// - a LOGIN whose user name goes as a literal (`a login {18}`, then `user password` on the next
//   line: the literal ends inside it and the rest goes on with the command, RFC 3501 4.3) left
//   the password on screen; it is written again masked after Enter, as in a plain LOGIN;
// - Tab while a SASL response is typed (after AUTHENTICATE's `+`) showed the completion list as
//   stars; no completion is offered while a secret is typed.
import { describe, expect, it } from 'vitest';
import { SecretEcho, type LineSituation } from '../../src/terminal/mask-echo.js';
import { stripAnsi } from '../support/cli-harness.js';
import { demoForFile } from '../support/demo-server.js';
import { runInTerminal } from '../support/fake-terminal.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const PLAIN_RESPONSE = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
const MASK = '***';
/** The user name's bytes as a literal on a line of its own (CRLF counted). */
const USER_LINE_BYTES = Buffer.byteLength(USER) + 2;

const server = demoForFile();
const imap = () => [`127.0.0.1:${server.imapPort}`, '--imap'];

const NEW: LineSituation = { continuing: false, sasl: false, literal: false };
const LITERAL: LineSituation = { continuing: true, sasl: false, literal: true };
/** After a literal that ended on a line end: the next line goes on with the command. */
const GOES_ON: LineSituation = { continuing: true, sasl: false, literal: false };

describe('SecretEcho: a LOGIN cut by a literal user name', () => {
  it('the literal ends inside the next line: the user name stays, the password after it is masked', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown(`a login {${USER.length}}`, NEW)).toBeUndefined();
    expect(echo.shown(`${USER} ${PASSWORD}`, LITERAL)).toBe(`${USER} ${MASK}`);
    // The command is complete: the next line is a new one, judged afresh.
    expect(echo.shown('noop', NEW)).toBeUndefined();
  });

  it('LITERAL+ (`{N+}`) and a quoted password with a space', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown(`a login {${USER.length}+}`, NEW)).toBeUndefined();
    expect(echo.shown(`${USER} "my secret"`, LITERAL)).toBe(`${USER} ${MASK}`);
  });

  it('the literal takes the whole line: the password typed on the line after is masked', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown(`a login {${USER_LINE_BYTES}}`, NEW)).toBeUndefined();
    expect(echo.shown(USER, LITERAL)).toBeUndefined();
    expect(echo.shown(` ${PASSWORD}`, GOES_ON)).toBe(` ${MASK}`);
  });

  it('a literal over two lines: both are the literal, the third line goes on with the command', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown('a login {8}', NEW)).toBeUndefined();
    expect(echo.shown('abc', LITERAL)).toBeUndefined(); // 5 of the 8 bytes
    expect(echo.shown(`xyz ${PASSWORD}`, LITERAL)).toBe(`xyz ${MASK}`);
  });

  it('the password as a literal too: its line is masked as it is typed', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown(`a login {${USER.length}}`, NEW)).toBeUndefined();
    expect(echo.shown(`${USER} {${PASSWORD.length}}`, LITERAL)).toBeUndefined(); // the size is no secret
    expect(echo.typingSecret(LITERAL)).toBe(true);
    expect(echo.shown(PASSWORD, LITERAL)).toBe(MASK);
    expect(echo.typingSecret(NEW)).toBe(false);
  });

  it('pasted ahead of the session, the lines alone tell the same', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown(`a login {${USER.length}}`, undefined)).toBeUndefined();
    expect(echo.shown(`${USER} ${PASSWORD}`, undefined)).toBe(`${USER} ${MASK}`);
    expect(echo.shown('select INBOX', undefined)).toBeUndefined();
  });

  it('a literal in a command without secrets changes nothing (APPEND)', () => {
    const echo = new SecretEcho('imap');
    expect(echo.shown('a append INBOX {11}', NEW)).toBeUndefined();
    expect(echo.shown('Subject: x', LITERAL)).toBeUndefined();
  });

  it('the plain LOGIN and POP3 PASS are masked as before', () => {
    expect(new SecretEcho('imap').shown(`. login ${USER} ${PASSWORD}`, NEW)).toBe(`. login ${USER} ${MASK}`);
    expect(new SecretEcho('pop3').shown('pass two words', NEW)).toBe(`pass ${MASK}`);
  });
});

describe('at the prompt', () => {
  it('`a login {N}` then `user password`: the password is not left on screen', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    await run.typeKeys(`a login {${USER.length}}\r`);
    await run.waitFor('literal bytes >');
    const before = run.raw().length;
    await run.typeKeys(`${USER} ${PASSWORD}\r`);
    await run.waitFor(/a OK/, before);
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PASSWORD);
    expect(rows.some((r) => r.endsWith(`literal bytes > ${USER} ${MASK}`))).toBe(true);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('Tab while a SASL response is typed offers nothing: no list, nothing inserted', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    await run.typeKeys('a authenticate plain\r');
    await run.waitFor('SASL response >');
    await new Promise((r) => setTimeout(r, 50)); // the server's `+` and the prompt after it
    const before = run.raw().length;
    // At an empty line a double Tab lists every command; after `l`, those starting with it.
    await run.typeKeys('\t\t');
    await run.typeKeys('l\t\t');
    await new Promise((r) => setTimeout(r, 50));
    const afterTabs = stripAnsi(run.raw().slice(before));
    expect(afterTabs).not.toMatch(/\*{2}/); // one star: the `l`; no list of starred names
    expect(afterTabs).not.toMatch(/login|list/i);
    // The `l` typed goes, the response is sent as typed, and the server takes it.
    await run.typeKeys(`\x7f${PLAIN_RESPONSE}\r`);
    await run.waitFor(/a OK/, before);
    expect(stripAnsi(run.raw().slice(before))).not.toContain(PLAIN_RESPONSE.slice(0, 6));
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('Tab still completes a command at the prompt', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    await run.typeKeys('capab\t');
    await run.waitFor('capability', before);
    run.type('\r');
    await run.waitFor(/a001 OK/, before);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
