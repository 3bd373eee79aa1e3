import { describe, expect, it } from 'vitest';
import { isASTRING_CHAR, isATOM_CHAR, isAtomSpecial, isTagChar } from '../../src/protocol/imap/syntax.js';
import { tokenize, tokenizeString } from '../../src/protocol/imap/tokenizer.js';
import { atom, list, lit, nil, num, q } from './values.js';

const ok = (s: string) => {
  const r = tokenizeString(s);
  if (!r.ok) throw new Error(`${r.reason} at ${r.offset}`);
  return r.values;
};

describe('byte predicates follow RFC 3501 section 9', () => {
  it.each([
    ['(', false], [')', false], ['{', false], [' ', false], ['%', false], ['*', false], ['"', false], ['\\', false], [']', false],
    ['\x7f', false], ['\x00', false], ['a', true], ['[', true], ['.', true], ['+', true], ['<', true], ['~', true],
  ])('ATOM-CHAR %j is %s', (ch, expected) => {
    expect(isATOM_CHAR[ch.charCodeAt(0)] === 1).toBe(expected);
    // ATOM-CHAR = any CHAR except atom-specials; every non-ATOM-CHAR here is an atom-special or CTL
    expect(isAtomSpecial[ch.charCodeAt(0)] === 1).toBe(!expected);
  });
  it('ASTRING-CHAR adds "]"; tag excludes "+"', () => {
    expect(isASTRING_CHAR[0x5d]).toBe(1);
    expect(isATOM_CHAR[0x5d]).toBe(0);
    expect(isTagChar[0x2b]).toBe(0);
    expect(isTagChar[0x2e]).toBe(1);
  });
});

describe('tokenize', () => {
  it.each<[string, unknown[]]>([
    ['\\Seen \\* $Forwarded', [atom('\\Seen'), atom('\\*'), atom('$Forwarded')]],
    ['RFC822.SIZE 44827', [atom('RFC822.SIZE'), num(44827)]],
    ['nil NIL Nil NILS', [nil, nil, nil, atom('NILS')]],
    ['"a\\"b" "c\\\\d" ""', [q('a"b'), q('c\\d'), q('')]],
    ['"Grüße"', [q('Grüße')]],
    ['(a (b (c)) ())', [list(atom('a'), list(atom('b'), list(atom('c'))), list())]],
    ['{3}\r\nabc {0}\r\n', [lit('abc'), lit('')]],
    ['~{2}\r\nab', [lit('ab', { binary: true })]],
    ['{2+}\r\nab', [lit('ab', { nonSync: true })]],
    ['12345678901234567', [atom('12345678901234567')]],
    ['4294967296', [num(4294967296)]],
    ['1:* 2,4:7', [atom('1:*'), atom('2,4:7')]],
    ['BODY[HEADER.FIELDS (FROM TO)]<0>', [{ type: 'section', name: 'BODY', section: [atom('HEADER.FIELDS'), list(atom('FROM'), atom('TO'))], sectionText: 'HEADER.FIELDS (FROM TO)', partial: { origin: 0 } }]],
    ['BODY.PEEK[1.2]<0.100>', [{ type: 'section', name: 'BODY.PEEK', section: [atom('1.2')], sectionText: '1.2', partial: { origin: 0, count: 100 } }]],
    ['binary[1]', [{ type: 'section', name: 'BINARY', section: [num(1)], sectionText: '1' }]],
    ['BODY[1.MIME] BODY[TEXT]', [{ type: 'section', name: 'BODY', section: [atom('1.MIME')], sectionText: '1.MIME' }, { type: 'section', name: 'BODY', section: [atom('TEXT')], sectionText: 'TEXT' }]],
    ['INBOX[x] [Gmail]/All', [atom('INBOX[x]'), atom('[Gmail]/All')]],
    ['  a   b  ', [atom('a'), atom('b')]],
  ])('%j', (input, expected) => expect(ok(input)).toEqual(expected));

  it.each([
    ['"abc', 0, 'quoted string not closed'],
    ['(a (b)', 0, '"(" not closed by ")"'],
    ['a)', 1, 'unexpected ")"'],
    ['{5}\r\nab', 0, 'literal body shorter than 5 bytes'],
    ['{x}\r\n', 1, 'literal size is not a number'],
    ['{3}abc', 3, 'literal announcement not followed by CRLF'],
    ['BODY[1', 4, '"[" not closed by "]"'],
    ['BODY[]<5', 6, 'partial not closed by ">"'],
    ['"a\r\nb"', 2, 'line break inside a quoted string'],
  ])('%j fails at %i: %s', (input, offset, reason) => {
    expect(tokenizeString(input)).toEqual({ ok: false, offset, reason });
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const r = tokenizeString('('.repeat(100000) + ')'.repeat(100000));
    expect(r).toMatchObject({ ok: false, reason: 'lists nested too deeply' });
  });

  it('takes only the stored head of a streamed literal from its frame', () => {
    const bytes = Buffer.from('{100}\r\nhead) x');
    const r = tokenize(bytes, 0, 11, [{ bodyStart: 7, size: 100, stored: 4 }]);
    expect(r).toEqual({ ok: true, values: [{ type: 'literal', size: 100, binary: false, data: Buffer.from('head'), complete: false }] });
  });
});

describe('tokenize: server sloppiness', () => {
  it('an unquoted UTF-8 mailbox name is decoded as UTF-8', () => {
    expect(tokenize(Buffer.from('Entwürfe'))).toEqual({ ok: true, values: [atom('Entwürfe')] });
  });
});
