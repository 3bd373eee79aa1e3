import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/session/secrets.js';
import { historyEntry } from '../../src/terminal/history.js';

describe('maskSecrets', () => {
  it.each([
    ['imap', '. login test77@example.com qwe123#$', '. login test77@example.com ***', '. login test77@example.com'],
    ['imap', 'LOGIN "test77@example.com" "qwe 123"', 'LOGIN "test77@example.com" ***', 'LOGIN "test77@example.com"'],
    ['imap', 'a1 AUTHENTICATE PLAIN AHRlc3QAcXdl', 'a1 AUTHENTICATE PLAIN ***', 'a1 AUTHENTICATE PLAIN'],
    ['pop3', 'PASS qwe123#$', 'PASS ***', 'PASS'],
    ['pop3', 'APOP mrose c4c9334bac560ecc979e58001b3e22fb', 'APOP mrose ***', 'APOP mrose'],
  ] as const)('%s %s', (protocol, line, masked, safePrefix) => {
    const m = maskSecrets(protocol, line);
    expect(m.masked).toBe(masked);
    expect(m.safePrefix).toBe(safePrefix);
    expect(m.hasSecret).toBe(true);
  });

  it('leaves lines without secrets alone', () => {
    expect(maskSecrets('imap', '. select INBOX')).toEqual({ masked: '. select INBOX', safePrefix: '. select INBOX', hasSecret: false });
    expect(maskSecrets('pop3', 'USER test77@example.com').hasSecret).toBe(false);
  });
});

describe('history entries never hold a secret', () => {
  it.each([
    ['imap', '. login test77@example.com qwe123#$', false, '. login test77@example.com'],
    ['imap', 'AHRlc3QAcXdlMTIzIyQ=', true, undefined],
    ['imap', 'qwe123#$', true, undefined],
    ['pop3', 'PASS qwe123#$', false, 'PASS'],
    ['imap', ':login test77@example.com', false, ':login'],
    ['imap', 'select INBOX', false, 'select INBOX'],
    ['imap', '', false, undefined],
  ] as const)('%s %j (continuation %s)', (protocol, line, inContinuation, expected) => {
    expect(historyEntry(protocol, line, inContinuation)).toBe(expected);
  });
});
