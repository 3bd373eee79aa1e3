// Guard-rails: warnings as data for a typed command.
import { describe, expect, it } from 'vitest';
import { checkCommand, type GuardContext } from '../../src/registry/guard.js';

const CAPS = new Set(['IMAP4REV1', 'IDLE', 'STARTTLS', 'AUTH=PLAIN']);
const safe = { encrypted: true, loopback: false };

function ctx(over: Partial<GuardContext> = {}): GuardContext {
  return { protocol: 'imap', state: 'authenticated', capabilities: CAPS, ...safe, ...over };
}
const kinds = (w: { kind: string }[]) => w.map((x) => x.kind);

describe('checkCommand (IMAP)', () => {
  it('accepts a legal command without warnings', () => {
    expect(checkCommand({ tag: '.', name: 'select', args: 'INBOX' }, ctx())).toEqual([]);
  });

  it('warns when the command is not valid in the state', () => {
    const w = checkCommand({ tag: '.', name: 'fetch', args: '1 all' }, ctx());
    expect(w).toEqual([{ kind: 'wrong-state', message: 'FETCH is not valid in the authenticated state (only in: selected).' }]);
    expect(kinds(checkCommand({ name: 'LOGIN', args: 'a b' }, ctx({ state: 'selected' })))).toEqual(['wrong-state']);
  });

  it('checks the UID form of a command', () => {
    expect(kinds(checkCommand({ name: 'UID', args: 'EXPUNGE 1:3' }, ctx({ state: 'selected' })))).toEqual(['capability-missing']);
    expect(checkCommand({ name: 'uid', args: 'fetch 1 flags' }, ctx({ state: 'selected' }))).toEqual([]);
  });

  it('warns when a needed capability was not announced, unless capabilities are unknown', () => {
    expect(checkCommand({ name: 'MOVE', args: '1 Trash' }, ctx({ state: 'selected' }))[0]).toEqual({
      kind: 'capability-missing',
      message: 'The server did not announce MOVE, which MOVE needs.',
    });
    expect(checkCommand({ name: 'MOVE', args: '1 Trash' }, ctx({ state: 'selected', capabilities: new Set() }))).toEqual([]);
    expect(checkCommand({ name: 'MOVE', args: '1 Trash' }, ctx({ state: 'selected', capabilities: new Set(['IMAP4REV2']) }))).toEqual([]);
  });

  it('warns about LOGIN when LOGINDISABLED is announced', () => {
    const w = checkCommand({ name: 'LOGIN', args: 'bob secret' }, ctx({ state: 'not-authenticated', capabilities: new Set(['IMAP4REV1', 'LOGINDISABLED', 'STARTTLS']) }));
    expect(kinds(w)).toEqual(['login-disabled']);
    expect(w[0]!.message).toMatch(/STARTTLS/);
  });

  it('asks before a password goes in clear to a remote host', () => {
    const remote = ctx({ state: 'not-authenticated', encrypted: false, loopback: false });
    const w = checkCommand({ tag: 'a1', name: 'LOGIN', args: 'bob hunter2' }, remote);
    expect(kinds(w)).toEqual(['plaintext-secret']);
    expect(w[0]!.message).not.toContain('hunter2');
    expect(kinds(checkCommand({ name: 'AUTHENTICATE', args: 'PLAIN' }, remote))).toEqual(['plaintext-secret']);
    expect(kinds(checkCommand({ name: 'AUTHENTICATE', args: 'SCRAM-SHA-256' }, remote))).toEqual([]);
  });

  it('does not ask over TLS or to loopback', () => {
    const args = { name: 'LOGIN', args: 'bob hunter2' };
    expect(checkCommand(args, ctx({ state: 'not-authenticated', encrypted: true }))).toEqual([]);
    expect(checkCommand(args, ctx({ state: 'not-authenticated', encrypted: false, loopback: true }))).toEqual([]);
  });

  it('suggests the nearest command for a misspelt one', () => {
    expect(checkCommand({ tag: '.', name: 'selct', args: 'INBOX' }, ctx())).toEqual([
      { kind: 'unknown-command', message: 'SELCT is not an IMAP command; did you mean SELECT?' },
    ]);
    expect(checkCommand({ name: 'XYZZY', args: '' }, ctx())).toEqual([]); // X<atom>: vendor command
  });

  it('warns about unbalanced quotes and parentheses', () => {
    expect(kinds(checkCommand({ name: 'SELECT', args: '"INBOX' }, ctx()))).toEqual(['unbalanced']);
    expect(kinds(checkCommand({ name: 'FETCH', args: '1 (FLAGS' }, ctx({ state: 'selected' })))).toEqual(['unbalanced']);
    expect(checkCommand({ name: 'FETCH', args: '1 (BODY.PEEK[HEADER.FIELDS (FROM)])' }, ctx({ state: 'selected' }))).toEqual([]);
  });
});

describe('checkCommand (POP3)', () => {
  const pop3 = (over: Partial<GuardContext> = {}) =>
    ctx({ protocol: 'pop3', state: 'authorization', capabilities: new Set(['USER', 'TOP', 'SASL PLAIN']), ...over });

  it('warns about state and unannounced CAPA tags', () => {
    expect(kinds(checkCommand({ name: 'RETR', args: '1' }, pop3()))).toEqual(['wrong-state']);
    expect(kinds(checkCommand({ name: 'UIDL', args: '' }, pop3({ state: 'transaction' })))).toEqual(['capability-missing']);
    expect(checkCommand({ name: 'AUTH', args: 'PLAIN' }, pop3())).toEqual([]);
  });

  it('asks before PASS or AUTH PLAIN in clear to a remote host', () => {
    const clear = pop3({ encrypted: false });
    expect(kinds(checkCommand({ name: 'PASS', args: 'qwe123#$' }, clear))).toEqual(['plaintext-secret']);
    expect(kinds(checkCommand({ name: 'AUTH', args: 'PLAIN' }, clear))).toEqual(['plaintext-secret']);
    expect(checkCommand({ name: 'USER', args: 'test77@example.com' }, clear)).toEqual([]);
  });

  it('suggests POP3 names for misspelt POP3 commands', () => {
    expect(checkCommand({ name: 'RETRR', args: '1' }, pop3({ state: 'transaction' }))[0]!.message).toBe('RETRR is not a POP3 command; did you mean RETR?');
  });

  it("names the other protocol's commands and HELP, the words a newcomer types first", () => {
    const said = (name: string, c: GuardContext) => checkCommand({ name, args: '' }, c)[0]!.message;
    expect(said('capa', ctx())).toBe('CAPA is a POP3 command; this is an IMAP session.');
    expect(said('stat', ctx())).toBe('STAT is a POP3 command; this is an IMAP session.');
    expect(said('select', pop3({ state: 'transaction' }))).toBe('SELECT is an IMAP command; this is a POP3 session.');
    expect(said('help', ctx())).toBe("HELP is not an IMAP command; mailscope's own help is :help.");
    expect(said('help', pop3({ state: 'transaction' }))).toBe("HELP is not a POP3 command; mailscope's own help is :help.");
  });
});
