// hintForFailure: the likely cause of a NO, BAD or -ERR.
import { describe, expect, it } from 'vitest';
import { hintForFailure } from '../../src/registry/explain.js';

describe('hintForFailure', () => {
  it("explains the tutorial's `. NO Error in IMAP command received by server.` after CLOSE", () => {
    const hint = hintForFailure({ name: 'fetch', args: '1 all' }, { status: 'NO', text: 'Error in IMAP command received by server.' }, 'authenticated');
    expect(hint).toMatch(/^FETCH failed in the authenticated state: no mailbox is selected/);
    expect(hint).toMatch(/SELECT or EXAMINE/);
  });

  it.each(['STORE', 'SEARCH', 'COPY', 'EXPUNGE', 'CLOSE'])('%s without a selected mailbox', (name) => {
    expect(hintForFailure({ name, args: '' }, { status: 'BAD', text: 'x' }, 'authenticated')).toMatch(/SELECT or EXAMINE a mailbox first/);
  });

  it('uses the response code when there is one', () => {
    expect(hintForFailure({ name: 'COPY', args: '1 Nope' }, { status: 'NO', code: 'TRYCREATE', text: 'no such mailbox' }, 'selected')).toMatch(/^TRYCREATE: .*CREATE it first/);
    expect(hintForFailure({ name: 'LOGIN', args: 'u p' }, { status: 'NO', code: 'AUTHENTICATIONFAILED', text: 'failed' }, 'not-authenticated')).toMatch(/^AUTHENTICATIONFAILED: /);
  });

  it('points to STARTTLS when LOGIN fails under LOGINDISABLED', () => {
    const hint = hintForFailure({ name: 'LOGIN', args: 'u p' }, { status: 'NO', text: 'denied' }, 'not-authenticated', { capabilities: new Set(['LOGINDISABLED']) });
    expect(hint).toMatch(/STARTTLS/);
  });

  it('suggests a name for a BAD on a misspelt command', () => {
    expect(hintForFailure({ name: 'SELCT', args: 'INBOX' }, { status: 'BAD', text: 'Unknown command' }, 'authenticated')).toBe('SELCT is not an IMAP command; did you mean SELECT?');
  });

  it('shows the syntax for a BAD on a legal command', () => {
    expect(hintForFailure({ name: 'STATUS', args: 'INBOX' }, { status: 'BAD', text: 'parse error' }, 'authenticated')).toBe(
      'The server could not parse the arguments. Syntax: STATUS mailbox (status-items)',
    );
  });

  it('explains ENABLE after SELECT (RFC 5161: before any SELECT)', () => {
    expect(hintForFailure({ name: 'ENABLE', args: 'CONDSTORE' }, { status: 'BAD', text: 'x' }, 'selected')).toMatch(/ENABLE must come before any SELECT/);
  });

  // Audit item 3: SELECT refused before login was told to "log in, then SELECT or EXAMINE a
  // mailbox first". A command refused in the wrong state is told the state it needs, the
  // nearest one, and what brings it.
  it.each(['SELECT', 'EXAMINE', 'LIST', 'CREATE'])('%s before login: the authenticated state it needs, and LOGIN or AUTHENTICATE, no SELECT', (name) => {
    const hint = hintForFailure({ name, args: 'Nope' }, { status: 'NO', text: 'not now' }, 'not-authenticated');
    expect(hint).toBe(`${name} failed in the not-authenticated state: it needs the authenticated state; log in first with LOGIN or AUTHENTICATE.`);
  });

  it('a command that needs a selected mailbox, before login: both steps, the state named', () => {
    expect(hintForFailure({ name: 'FETCH', args: '1 flags' }, { status: 'BAD', text: 'x' }, 'not-authenticated')).toBe(
      'FETCH failed in the not-authenticated state: it needs the selected state; log in (LOGIN or AUTHENTICATE), then SELECT or EXAMINE a mailbox.',
    );
  });

  it('a command for before login, after it: the state it is valid in', () => {
    expect(hintForFailure({ name: 'LOGIN', args: 'u p' }, { status: 'BAD', text: 'x' }, 'authenticated')).toMatch(/valid only before login, and you are already logged in/);
    expect(hintForFailure({ name: 'USER', args: 'u' }, { status: '-ERR', text: 'x' }, 'transaction')).toMatch(/valid only in the AUTHORIZATION state, before login/);
  });

  it('says nothing when it cannot tell', () => {
    expect(hintForFailure({ name: 'SELECT', args: 'Nope' }, { status: 'NO', text: 'no such mailbox' }, 'authenticated')).toBeUndefined();
  });

  it('handles POP3 failures', () => {
    expect(hintForFailure({ name: 'RETR', args: '1' }, { status: '-ERR', text: 'not now' }, 'authorization')).toMatch(/it needs the TRANSACTION state; log in first with USER and PASS/);
    expect(hintForFailure({ name: 'PASS', args: 'x' }, { status: '-ERR', text: '[IN-USE] locked' }, 'authorization')).toMatch(/^\[IN-USE\]: /);
    expect(hintForFailure({ name: 'PASS', args: 'x' }, { status: '-ERR', code: 'SYS/TEMP', text: 'later' }, 'authorization')).toMatch(/temporary/);
  });
});
