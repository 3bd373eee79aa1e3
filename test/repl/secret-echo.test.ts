// Secrets typed at the prompt do not stay on screen: a LOGIN password, a PASS argument, an
// AUTHENTICATE initial response are written again masked after Enter (over every row the line
// wrapped onto), and a SASL response or a password literal shows as `*` while it is typed.
// The output goes through a small terminal model, so the check is on what the screen and its
// scrollback hold at the end, not only on which bytes were written.
import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../support/cli-harness.js';
import { demoForFile } from '../support/demo-server.js';
import { runInTerminal } from '../support/fake-terminal.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const PLAIN_RESPONSE = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
const MASK = '***';

const server = demoForFile();

const imap = () => [`127.0.0.1:${server.imapPort}`, '--imap'];
const pop3 = () => [`127.0.0.1:${server.pop3Port}`, '--pop3'];

describe('a secret argument is written again masked after Enter', () => {
  it('IMAP LOGIN: the password is echoed while typed, then the line is rewritten masked over it', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    await run.typeKeys(`. login ${USER} ${PASSWORD}\r`);
    await run.waitFor('. OK', before);
    const after = run.raw().slice(before);
    // readline echoed it (nothing masks it while typed) ...
    const echoed = after.lastIndexOf(PASSWORD);
    expect(echoed).toBeGreaterThanOrEqual(0);
    // ... and then, after Enter, climbed one row, erased it and wrote it masked.
    const rewrite = after.indexOf(`\x1b[1A\x1b[1G\x1b[0J`, echoed);
    expect(rewrite).toBeGreaterThan(echoed);
    expect(stripAnsi(after.slice(rewrite))).toMatch(new RegExp(`not authenticated > \\. login ${USER} \\*\\*\\*\\n`));
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PASSWORD);
    expect(rows.some((r) => r.endsWith(`not authenticated > . login ${USER} ${MASK}`))).toBe(true);
    expect(rows.some((r) => r.startsWith('. OK'))).toBe(true);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a prompt and line wrapped over three rows: every row is climbed and cleared', async () => {
    const columns = 30;
    const run = runInTerminal(imap(), columns);
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    await run.typeKeys(`. login ${USER} ${PASSWORD}\r`);
    await run.waitFor('. OK', before);
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PASSWORD);
    // No piece of the password is left on a row of its own either (it wrapped over rows).
    expect(rows.join('')).not.toContain(PASSWORD.slice(0, 4));
    expect(rows.join('')).toContain(`. login ${USER} ${MASK}`);
    // The prompt and the line took more than two rows: the rewrite climbs them all.
    expect(run.raw().slice(before)).toMatch(/\x1b\[[3-9]A\x1b\[1G\x1b\[0J/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('a prompt and line ending exactly at the last column (readline opened the row below): that row is climbed too', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const rows = run.screen();
    const prompt = rows[rows.length - 1];
    const line = `. login ${USER} ${PASSWORD}`;
    run.resize(prompt.length + line.length);
    const before = run.raw().length;
    await run.typeKeys(`${line}\r`);
    await run.waitFor('. OK', before);
    const after = run.screen();
    expect(after.join('\n')).not.toContain(PASSWORD);
    expect(after).toContain(`${prompt}. login ${USER} ${MASK}`);
    // The row above the prompt, the greeting's end, is still there.
    expect(after[after.indexOf(`${prompt}. login ${USER} ${MASK}`) - 1]).toMatch(/server ready$/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('AUTHENTICATE with an initial response (SASL-IR): the response is masked, the mechanism kept', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    await run.typeKeys(`a authenticate plain ${PLAIN_RESPONSE}\r`);
    await run.waitFor(/a OK/, before);
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PLAIN_RESPONSE.slice(0, 12));
    expect(rows.some((r) => r.endsWith(`a authenticate plain ${MASK}`))).toBe(true);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('POP3 PASS: the rest of the line is masked', async () => {
    const run = runInTerminal(pop3());
    await run.waitFor('>');
    await run.typeKeys(`user ${USER}\r`);
    await run.waitFor(/\+OK[^\n]*\n(.*\n)*.*user [^\n]*\n[^]*>/);
    const before = run.raw().length;
    await run.typeKeys(`pass ${PASSWORD}\r`);
    await run.waitFor(/\+OK/, before);
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PASSWORD);
    expect(rows.some((r) => r.endsWith(`pass ${MASK}`))).toBe(true);
    run.type('quit\r');
    expect(await run.code).toBe(0);
  });

  it('a line without a secret is left as readline echoed it', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    await run.typeKeys('capability\r');
    await run.waitFor(/a001 OK/, before);
    expect(run.raw().slice(before)).not.toMatch(/\x1b\[\d+A/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('a secret the session expects is masked as it is typed', () => {
  it('a SASL response after AUTHENTICATE\'s "+": its characters never reach the terminal; editing keys work', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    await run.typeKeys('a authenticate plain\r');
    await run.waitFor('SASL response >');
    const before = run.raw().length;
    // A slip corrected with Backspace, a move left and right: the line sent is still the response.
    await run.typeKeys(`XY\x7f\x7f${PLAIN_RESPONSE}\x1b[D\x1b[C\r`);
    await run.waitFor(/a OK/, before);
    const typed = stripAnsi(run.raw().slice(before)); // a redraw puts a cursor move inside the echo
    for (const piece of [PLAIN_RESPONSE, PLAIN_RESPONSE.slice(0, 6), PLAIN_RESPONSE.slice(-6), 'XY']) expect(typed).not.toContain(piece);
    expect(typed).toContain('*'.repeat(PLAIN_RESPONSE.length));
    const rows = run.screen();
    expect(rows.some((r) => r.endsWith(`SASL response > ${MASK}`))).toBe(true);
    expect(rows.join('\n')).toMatch(/a OK/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('POP3 AUTH PLAIN: the response typed after "+" never reaches the terminal', async () => {
    const run = runInTerminal(pop3());
    await run.waitFor('>');
    await run.typeKeys('auth plain\r');
    await run.waitFor('SASL response >');
    const before = run.raw().length;
    await run.typeKeys(`${PLAIN_RESPONSE}\r`);
    await run.waitFor(/\+OK/, before);
    expect(stripAnsi(run.raw().slice(before))).not.toContain(PLAIN_RESPONSE.slice(0, 6));
    run.type('quit\r');
    expect(await run.code).toBe(0);
  });

  it('LOGIN\'s password sent as a literal: the literal line is masked as typed', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    await run.typeKeys(`a login ${USER} {${PASSWORD.length}}\r`);
    await run.waitFor('literal bytes >');
    const before = run.raw().length;
    await run.typeKeys(`${PASSWORD}\r`);
    await run.waitFor(/a OK/, before);
    expect(stripAnsi(run.raw().slice(before))).not.toContain(PASSWORD.slice(0, 3));
    const rows = run.screen();
    // The size is no secret: the announcing line stays as typed.
    expect(rows.some((r) => r.endsWith(`a login ${USER} {${PASSWORD.length}}`))).toBe(true);
    expect(rows.join('\n')).not.toContain(PASSWORD);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('pasted, a SASL response as wide as the terminal: the line above it stays whole', async () => {
    const run = runInTerminal(imap(), PLAIN_RESPONSE.length);
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    run.type(`a authenticate plain\r${PLAIN_RESPONSE}\r`);
    await run.waitFor(/a OK/, before);
    const rows = run.screen();
    expect(rows.join('')).toContain('> a authenticate plain');
    expect(rows.join('\n')).not.toContain(PLAIN_RESPONSE.slice(0, 12));
    expect(rows).toContain(MASK);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('pasted with its AUTHENTICATE, a SASL response is rewritten masked after it is echoed', async () => {
    const run = runInTerminal(imap());
    await run.waitFor('not authenticated >');
    const before = run.raw().length;
    run.type(`a authenticate plain\r${PLAIN_RESPONSE}\r`);
    await run.waitFor(/a OK/, before);
    const rows = run.screen();
    expect(rows.join('\n')).not.toContain(PLAIN_RESPONSE.slice(0, 12));
    expect(rows).toContain(MASK);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
