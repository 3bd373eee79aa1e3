import { describe, it, expect } from 'vitest';
import { compilePattern, loosen, matchLine } from '../../src/transcript/match.js';
import { parseTranscript } from '../../src/transcript/format.js';

const line = (s: string): Buffer => Buffer.from(s, 'latin1');
const matches = (pattern: string, actual: string): boolean => matchLine(compilePattern(pattern), line(actual));

describe('wildcards', () => {
  const table: Array<[string, string, boolean]> = [
    ['* {*} EXISTS', '* 12 EXISTS\r\n', true],
    ['* {*} EXISTS', '* 12 13 EXISTS\r\n', false],
    ['* OK [UIDVALIDITY {*}] {...}', '* OK [UIDVALIDITY 42] anything at all\r\n', true],
    ['a1 OK{...}', 'a1 OK\r\n', true],
    ['* 1 FETCH (FLAGS {*} UID 1)', '* 1 FETCH (FLAGS (\\Seen \\Answered) UID 1)\r\n', true],
    ['* 1 FETCH (INTERNALDATE {*})', '* 1 FETCH (INTERNALDATE "17-Jul-1996 02:44:25 -0700")\r\n', true],
    ['* LIST () "/" {*}', '* LIST () "/" "a (b"\r\n', true],
    ['* OK {*}', '* OK [ALERT]\r\n', false],
    ['a1 OK done', 'a1 OK done\r\n', true],
    ['a1 OK done', 'a1 OK done\n', false],
    ['a1 OK done\\x0a\\', 'a1 OK done\n', true],
    ['partial\\', 'partial', true],
    ['* 1 (x.y)', '* 1 (xzy)\r\n', false],
  ];
  for (const [pattern, actual, expected] of table) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(actual)}`, () => {
      expect(matches(pattern, actual)).toBe(expected);
    });
  }

  it('a recorded {*} written with an escaped brace is matched literally', () => {
    const t = parseTranscript('S: * OK \\x7b*} text\n');
    const entry = t.entries[0];
    expect(entry.kind === 'server' && entry.pattern).toBe(undefined);
    expect(matches('* OK \\x7b*} text', '* OK {*} text\r\n')).toBe(true);
    expect(matches('* OK \\x7b*} text', '* OK 5 text\r\n')).toBe(false);
  });
});

describe('loosen', () => {
  it('frees the text after status words and the varying code values, keeps counts', () => {
    expect(loosen('a1 OK [READ-WRITE] SELECT completed', 'imap', true)).toBe('a1 OK [READ-WRITE]{...}');
    expect(loosen('* OK [UIDVALIDITY 3857529045] UIDs valid', 'imap', true)).toBe('* OK [UIDVALIDITY {*}]{...}');
    expect(loosen('a2 OK [COPYUID 38505 304,319:320 3956:3958] Done', 'imap', true)).toBe('a2 OK [COPYUID {*} {*} {*}]{...}');
    expect(loosen('* 3 EXISTS', 'imap', true)).toBe('* 3 EXISTS');
    expect(loosen('* 1 FETCH (INTERNALDATE "14-Jan-2011 13:33:25 +0530")', 'imap', true)).toBe('* 1 FETCH (INTERNALDATE {*})');
    expect(loosen('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>', 'pop3', true)).toBe('+OK{...}');
    expect(loosen('a1 OK inside a literal', 'imap', false)).toBe('a1 OK inside a literal');
    expect(loosen('+ PDM5OTIwYzYxYThlODA1MjRjY2I3OTNiY0BtYWlsc2NvcGUuZGVtbz4=', 'imap', true)).toBe('+{...}');
    expect(loosen('+\\x20', 'pop3', true)).toBe('+{...}');
    expect(loosen('+OK fine', 'pop3', true)).toBe('+OK{...}');
  });
});
