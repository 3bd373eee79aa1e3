import { describe, it, expect } from 'vitest';
import { groupExchanges } from '../../src/transcript/exchange.js';
import { parseTranscript } from '../../src/transcript/format.js';

function shape(text: string): Array<[string, string | undefined, number, boolean]> {
  return groupExchanges(parseTranscript(text)).map((x) => [x.kind, x.command, x.entries.length, x.complete]);
}

describe('groupExchanges (IMAP)', () => {
  it('splits greeting and commands; a literal body that looks like a completion does not end the exchange', () => {
    const text = [
      '# protocol: imap', '',
      'S: * OK ready',
      '# First we select.',
      'C: a1 select INBOX',
      'S: * 1 EXISTS',
      'S: a1 OK done',
      'C: a2 FETCH 1 BODY[]',
      'S: * 1 FETCH (BODY[] {9}',
      'S: a2 OK x',
      'S: )',
      'S: a2 OK FETCH completed',
      'C: a3 UID fetch 1 FLAGS',
      'S: a3 OK',
    ].join('\n');
    expect(shape(text)).toEqual([
      ['server-only', undefined, 1, true],
      ['command', 'SELECT', 4, true],
      ['command', 'FETCH', 5, true],
      ['command', 'UID FETCH', 2, true],
    ]);
    const exchanges = groupExchanges(parseTranscript(text));
    expect(exchanges[1].entries[0]).toEqual({ kind: 'narration', text: 'First we select.' });
    expect(exchanges[1].tags).toEqual(['a1']);
  });

  it('keeps IDLE DONE and AUTHENTICATE answers in their exchange, and client literals with their command', () => {
    const text = [
      'S: * OK ready',
      'C: . idle', 'S: + idling', 'S: * 2 EXISTS', 'C: DONE', 'S: . OK IDLE done',
      'C: a AUTHENTICATE PLAIN', 'S: +\\x20', 'C: AGFsaWNlAHNlY3JldA==', 'S: a OK',
      'C: b APPEND INBOX {4}', 'S: + go', 'C: b OK', 'S: b OK [APPENDUID 1 2] done',
    ].join('\n');
    expect(shape(text)).toEqual([
      ['server-only', undefined, 1, true],
      ['command', 'IDLE', 5, true],
      ['command', 'AUTHENTICATE', 4, true],
      ['command', 'APPEND', 4, true],
    ]);
  });

  it('groups pipelined commands until every tag is complete; an unsolicited BYE stands alone', () => {
    const text = ['S: * OK', 'C: a1 NOOP', 'C: a2 NOOP', 'S: a1 OK', 'S: a2 OK', 'S: * BYE autologout'].join('\n');
    const x = groupExchanges(parseTranscript(text));
    expect(x.map((e) => e.tags)).toEqual([[], ['a1', 'a2'], []]);
    expect(x[2].kind).toBe('server-only');
  });

  it('marks an exchange without its completion as incomplete', () => {
    expect(shape('S: * OK\nC: a1 NOOP\nS: * 1 EXISTS').at(-1)).toEqual(['command', 'NOOP', 2, false]);
  });
});

describe('groupExchanges (POP3)', () => {
  it('knows multi-line answers from the registry: LIST without argument, RETR; -ERR is one line', () => {
    const text = [
      'S: +OK ready',
      'C: USER alice', 'S: +OK',
      'C: LIST', 'S: +OK 2 messages', 'S: 1 120', 'S: 2 200', 'S: .',
      'C: LIST 1', 'S: +OK 1 120',
      'C: RETR 9', 'S: -ERR no such message',
      'C: RETR 1', 'S: +OK', 'S: Subject: x', 'S:', 'S: ..dot', 'S: .',
      'C: AUTH PLAIN', 'S: +\\x20', 'C: =', 'S: -ERR',
    ].join('\n');
    expect(shape(text)).toEqual([
      ['server-only', undefined, 1, true],
      ['command', 'USER', 2, true],
      ['command', 'LIST', 5, true],
      ['command', 'LIST', 2, true],
      ['command', 'RETR', 2, true],
      ['command', 'RETR', 6, true],
      ['command', 'AUTH', 4, true],
    ]);
  });
});
