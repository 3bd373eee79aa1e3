import { describe, expect, it } from 'vitest';
import { ImapCommandReader, type CommandEvent } from '../../src/protocol/imap/command-reader.js';
import { crlf, feedings, normalize, run } from './feed.js';
import { atom, list, lit, nil, num, q } from './values.js';

type Opts = ConstructorParameters<typeof ImapCommandReader>[0];

function read(wire: Buffer, opts?: Opts, everyOffset = true): CommandEvent[] {
  const whole = run(new ImapCommandReader(opts), [wire]);
  const expected = normalize(whole, '');
  for (const f of feedings(wire, { everyOffset })) {
    expect(normalize(run(new ImapCommandReader(opts), f.chunks), ''), f.name).toEqual(expected);
  }
  return whole;
}

const commands = (events: CommandEvent[]) =>
  events.map((e) => (e.kind === 'command' ? { tag: e.tag, name: e.name, args: e.args } : e.kind === 'continue-literal' ? e : { kind: e.kind }));

describe('ImapCommandReader: commands of the tutorial', () => {
  it.each([
    ['. login test77@example.com qwe123#$', { tag: '.', name: 'LOGIN', args: [atom('test77@example.com'), atom('qwe123#$')] }],
    ['a list "" "*"', { tag: 'a', name: 'LIST', args: [q(''), q('*')] }],
    ['. list "" *', { tag: '.', name: 'LIST', args: [q(''), atom('*')] }],
    ['. fetch 1 all', { tag: '.', name: 'FETCH', args: [num(1), atom('all')] }],
    ['. fetch 2 (body[header.fields (from to subject date)])', { tag: '.', name: 'FETCH', args: [num(2), list({ type: 'section', name: 'BODY', sectionText: 'header.fields (from to subject date)', section: [atom('header.fields'), list(atom('from'), atom('to'), atom('subject'), atom('date'))] })] }],
    ['. store 1:2 flags \\Deleted', { tag: '.', name: 'STORE', args: [atom('1:2'), atom('flags'), atom('\\Deleted')] }],
    ['. store 1 +flags NonJunk', { tag: '.', name: 'STORE', args: [num(1), atom('+flags'), atom('NonJunk')] }],
    ['. copy 1 INBOX.test_imap', { tag: '.', name: 'COPY', args: [num(1), atom('INBOX.test_imap')] }],
    ['. logout', { tag: '.', name: 'LOGOUT', args: [] }],
    ['a1 UID fetch 1:* (FLAGS BODY.PEEK[1.2]<0.100>)', { tag: 'a1', name: 'UID', args: [atom('FETCH'), atom('1:*'), list(atom('FLAGS'), { type: 'section', name: 'BODY.PEEK', section: [atom('1.2')], sectionText: '1.2', partial: { origin: 0, count: 100 } })] }],
    ['a2 SELECT NIL', { tag: 'a2', name: 'SELECT', args: [nil] }],
  ])('%s', (line, expected) => {
    expect(commands(read(crlf([line])))).toEqual([expected]);
  });
});

describe('ImapCommandReader: literals', () => {
  it('synchronizing literal: continue-literal, then the command', () => {
    const events = read(Buffer.from('a LOGIN {5}\r\nfred {3}\r\nabc\r\n'));
    expect(commands(events)).toEqual([
      { kind: 'continue-literal', size: 5 },
      { kind: 'continue-literal', size: 3 },
      { tag: 'a', name: 'LOGIN', args: [lit('fred '.slice(0, 5)), lit('abc')] },
    ]);
  });
  it('non-synchronizing literal (RFC 7888) needs no continuation', () => {
    const events = read(Buffer.from('a APPEND INBOX (\\Seen) {12+}\r\nHello\r\nWorld\r\n'));
    expect(commands(events)).toEqual([{ tag: 'a', name: 'APPEND', args: [atom('INBOX'), list(atom('\\Seen')), lit('Hello\r\nWorld', { nonSync: true })] }]);
  });
  it('literal8 and an empty literal', () => {
    expect(commands(read(Buffer.from('b APPEND x ~{2+}\r\n\0\x01 {0}\r\n\r\n', 'latin1')))).toEqual([
      { kind: 'continue-literal', size: 0 },
      { tag: 'b', name: 'APPEND', args: [atom('x'), lit('\0\x01', { binary: true, nonSync: true }), lit('')] },
    ]);
  });
  it('a huge synchronizing literal is refused before its body is sent', () => {
    const events = read(Buffer.from('a APPEND INBOX {99999999999}\r\nb NOOP\r\n'));
    expect(events[0]).toMatchObject({ kind: 'too-long', tag: 'a', name: 'APPEND', literal: true });
    expect(commands(events.slice(1))).toEqual([{ tag: 'b', name: 'NOOP', args: [] }]);
  });
  it('a too-big non-synchronizing literal is skipped in bounded memory', () => {
    const wire = Buffer.concat([Buffer.from('a APPEND INBOX {5000+}\r\n'), Buffer.alloc(5000, 'x'), Buffer.from(' more\r\nb NOOP\r\n')]);
    const events = read(wire, { maxLiteral: 1000 }, false);
    expect(events.map((e) => e.kind)).toEqual(['too-long', 'command']);
    expect(events[0]).toMatchObject({ tag: 'a', reason: 'literal of 5000 bytes exceeds the limit of 1000 bytes' });
  });
  it('LITERAL- (literalPlus false): non-sync over 4096 bytes refused', () => {
    const wire = Buffer.concat([Buffer.from('a APPEND INBOX {4097+}\r\n'), Buffer.alloc(4097, 'x'), Buffer.from('\r\nb NOOP\r\n')]);
    const events = read(wire, { literalPlus: false }, false);
    expect(events.map((e) => e.kind)).toEqual(['too-long', 'command']);
    const ok = read(Buffer.from('a APPEND INBOX {3+}\r\nabc\r\n'), { literalPlus: false });
    expect(ok.map((e) => e.kind)).toEqual(['command']);
  });
  it('a broken command start gets BAD instead of a continuation', () => {
    const events = read(Buffer.from('(x {5}\r\nb NOOP\r\n'));
    expect(events.map((e) => e.kind)).toEqual(['bad', 'command']);
  });
});

describe('ImapCommandReader: errors and bare lines', () => {
  it('too-long line: reported once, discarded, the next command parses', () => {
    const wire = Buffer.concat([Buffer.from('a1 SEARCH '), Buffer.alloc(3000, 'A'), Buffer.from('\r\na2 NOOP\r\n')]);
    const events = read(wire, { maxLineLength: 1000 }, false);
    expect(events.map((e) => e.kind)).toEqual(['too-long', 'command']);
    expect(events[0]).toMatchObject({ tag: 'a1', literal: false, reason: 'line longer than 1000 bytes' });
    expect(events[0]).not.toHaveProperty('name');
  });
  it.each([
    ['unclosed quote', 'a1 LOGIN "fred', 'a1'],
    ['unclosed list', 'a2 FETCH 1 (FLAGS', 'a2'],
    ['no command name', 'a3 ', 'a3'],
    ['no tag', '+x NOOP', undefined],
  ])('%s gives bad with the tag', (_n, line, tag) => {
    const events = read(crlf([line, 'z NOOP']));
    expect(events.map((e) => e.kind)).toEqual(['bad', 'command']);
    expect((events[0] as { tag?: string }).tag).toBe(tag);
  });
  it('empty lines are ignored', () => {
    expect(commands(read(Buffer.from('\r\n\r\na NOOP\r\n')))).toEqual([{ tag: 'a', name: 'NOOP', args: [] }]);
  });
  it('expectLine reads IDLE\'s DONE and SASL responses as bare lines', () => {
    const r = new ImapCommandReader();
    expect(r.push(Buffer.from('a IDLE\r\n'))).toMatchObject([{ kind: 'command', name: 'IDLE' }]);
    r.expectLine();
    expect(r.push(Buffer.from('DONE\r\n'))).toMatchObject([{ kind: 'line', text: 'DONE' }]);
    r.expectLine();
    expect(r.push(Buffer.from('dGVzdA== {5}\r\n'))).toMatchObject([{ kind: 'line', text: 'dGVzdA== {5}' }]);
    expect(r.push(Buffer.from('b NOOP\r\n'))).toMatchObject([{ kind: 'command', name: 'NOOP' }]);
  });
});
