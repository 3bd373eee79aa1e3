// "Logs in" is a fact of the command registry (the `login` step of a command entry), read by
// replay to know which refused command means the login failed (replay-exchange.ts).
import { describe, expect, it } from 'vitest';
import { IMAP_COMMANDS, POP3_COMMANDS, loginStep, logsIn } from '../../src/registry/index.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { replayExchanges } from '../../src/transcript/replay-exchange.js';

describe('loginStep and logsIn', () => {
  it('IMAP: LOGIN and AUTHENTICATE complete a login (RFC 3501 6.2.2, 6.2.3)', () => {
    expect(loginStep('imap', 'LOGIN')).toBe('completes');
    expect(loginStep('imap', 'authenticate')).toBe('completes');
    expect(logsIn('imap', 'login')).toBe(true);
    expect(IMAP_COMMANDS.filter((c) => c.login).map((c) => c.name).sort()).toEqual(['AUTHENTICATE', 'LOGIN']);
  });

  it('POP3: USER begins a login that PASS completes; APOP and AUTH complete one (RFC 1939 7, RFC 5034 4)', () => {
    expect(loginStep('pop3', 'USER')).toBe('begins');
    expect(logsIn('pop3', 'USER')).toBe(false);
    for (const name of ['PASS', 'apop', 'AUTH']) expect(logsIn('pop3', name), name).toBe(true);
    expect(POP3_COMMANDS.filter((c) => c.login).map((c) => c.name).sort()).toEqual(['APOP', 'AUTH', 'PASS', 'USER']);
  });

  it('is per protocol, and says nothing of other or unknown commands', () => {
    expect(loginStep('pop3', 'LOGIN')).toBeUndefined();
    expect(loginStep('imap', 'PASS')).toBeUndefined();
    expect(loginStep('imap', 'UNAUTHENTICATE')).toBeUndefined();
    expect(loginStep('imap', 'NOOP')).toBeUndefined();
    expect(loginStep('pop3', 'STAT')).toBeUndefined();
    expect(loginStep('imap', 'XLOGIN')).toBeUndefined();
  });
});

describe('replayExchanges marks the login commands from the registry', () => {
  const accepted = (protocol: 'imap' | 'pop3', text: string) =>
    [...replayExchanges(protocol, parseTranscript(text).entries, undefined)].map((x) => [x.exchange.command ?? '(greeting)', x.loginAccepted]);

  it('POP3: USER and PASS carry how the recording answered them; STAT does not', () => {
    const text = [
      'S: +OK ready', 'C: USER test77@example.com', 'S: +OK Password required.',
      'C: PASS secret', 'S: -ERR [AUTH] no', 'C: APOP u 0123456789abcdef0123456789abcdef', 'S: +OK in',
      'C: STAT', 'S: +OK 3 4791',
    ].join('\n');
    expect(accepted('pop3', text)).toEqual([
      ['(greeting)', undefined], ['USER', true], ['PASS', false], ['APOP', true], ['STAT', undefined],
    ]);
  });

  it('IMAP: LOGIN and AUTHENTICATE by their tagged answer; CAPABILITY and SELECT not', () => {
    const text = [
      'S: * OK ready', 'C: a CAPABILITY', 'S: * CAPABILITY IMAP4rev1', 'S: a OK done',
      'C: b LOGIN u p', 'S: b NO [AUTHENTICATIONFAILED] no',
      'C: c AUTHENTICATE PLAIN', 'S: + ', 'C: AHUAcA==', 'S: c OK in',
      'C: d SELECT INBOX', 'S: d OK [READ-WRITE] done',
    ].join('\n');
    expect(accepted('imap', text)).toEqual([
      ['(greeting)', undefined], ['CAPABILITY', undefined], ['LOGIN', false], ['AUTHENTICATE', true], ['SELECT', undefined],
    ]);
  });
});
