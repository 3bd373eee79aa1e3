import { describe, expect, it } from 'vitest';
import { netrcLookup, parseNetrc } from '../../src/net/netrc.js';

const NETRC = [
  '# personal accounts',
  'machine imap.example.org login alice password s3cret',
  'machine imap.example.org',
  '  login bob',
  '  password "two words \\"quoted\\""',
  'machine pop.example.net login carol password p#notacomment account ignored',
  'macdef init',
  'machine evil.example login mallory password fromMacro',
  'cd /tmp',
  '',
  'machine Mail.Example.COM login dave password d4ve',
  'default login anonymous password guest@',
].join('\n');

describe('parseNetrc', () => {
  it('reads machine, default, login and password, skipping comments, account and macdef bodies', () => {
    expect(parseNetrc(NETRC)).toEqual([
      { machine: 'imap.example.org', login: 'alice', password: 's3cret' },
      { machine: 'imap.example.org', login: 'bob', password: 'two words "quoted"' },
      { machine: 'pop.example.net', login: 'carol', password: 'p#notacomment' },
      { machine: 'Mail.Example.COM', login: 'dave', password: 'd4ve' },
      { login: 'anonymous', password: 'guest@' },
    ]);
  });

  it('accepts everything on one line and an empty file', () => {
    expect(parseNetrc('machine a login b password c machine d login e')).toEqual([
      { machine: 'a', login: 'b', password: 'c' },
      { machine: 'd', login: 'e' },
    ]);
    expect(parseNetrc('')).toEqual([]);
  });

  it('decodes \\n \\t \\\\ escapes in quoted values', () => {
    expect(parseNetrc('machine m password "a\\tb\\\\c\\n"')).toEqual([{ machine: 'm', password: 'a\tb\\c\n' }]);
  });
});

describe('netrcLookup', () => {
  it.each([
    ['imap.example.org', undefined, { login: 'alice', password: 's3cret' }],
    ['imap.example.org', 'bob', { login: 'bob', password: 'two words "quoted"' }],
    ['mail.example.com', undefined, { login: 'dave', password: 'd4ve' }],
    ['unknown.example', undefined, { login: 'anonymous', password: 'guest@' }],
    ['imap.example.org', 'zoe', undefined],
    ['evil.example', undefined, { login: 'anonymous', password: 'guest@' }],
  ])('%s as %s', (host, user, expected) => {
    expect(netrcLookup(NETRC, host, user)).toEqual(expected);
  });

  it('returns undefined when nothing matches and there is no default', () => {
    expect(netrcLookup('machine a login b password c', 'z')).toBeUndefined();
  });

  it('an entry without login gives its password to the asked user', () => {
    expect(netrcLookup('machine h password pw', 'h', 'me')).toEqual({ login: 'me', password: 'pw' });
  });
});
