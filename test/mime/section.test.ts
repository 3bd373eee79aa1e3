// BODY[section] (RFC 3501 section 6.4.5) over the RFC's own example structure, written
// once with "\n" and run twice: as CRLF (the wire form) and as bare LF (files, mbox).
import { describe, it, expect } from 'vitest';
import { parseMessage } from '../../src/mime/message.js';
import { fetchSection, partial } from '../../src/mime/section.js';
import { crlfMessage, fixture, text } from './support.js';

const EXAMPLE = fixture('rfc3501-example.eml');
const after = (marker: string) => EXAMPLE.slice(EXAMPLE.indexOf(marker));
const between = (start: string, end: string) => {
  const from = EXAMPLE.indexOf(start);
  return EXAMPLE.slice(from, EXAMPLE.indexOf(end, from));
};

const SECTIONS: Array<[string, string | undefined]> = [
  ['', EXAMPLE],
  ['HEADER', EXAMPLE.slice(0, EXAMPLE.indexOf('\n\n') + 2)],
  ['TEXT', after('preamble')],
  ['header.fields (subject DATE)', 'Subject: the RFC 3501 section 6.4.5 example\nDate: Mon, 7 Feb 1994 21:52:25 -0800\n\n'],
  ['HEADER.FIELDS.NOT (Content-Type MIME-Version "subject")', 'From: Outer Sender <outer@example.org>\nTo: reader@example.com\nDate: Mon, 7 Feb 1994 21:52:25 -0800\n\n'],
  ['HEADER.FIELDS (X-NOT-THERE)', '\n'],
  ['1', 'part 1'],
  ['1.MIME', 'Content-Type: text/plain\n\n'],
  ['2', 'cGFydCAy'],
  ['3', between('From: Three', '\n--outer')],
  ['3.MIME', 'Content-Type: message/rfc822\nContent-Description: forwarded\n\n'],
  ['3.HEADER', 'From: Three <three@example.org>\nSubject: part 3\nContent-Type: multipart/mixed; boundary=three\n\n'],
  ['3.TEXT', between('--three\n', '\n--outer')],
  ['3.HEADER.FIELDS (FROM)', 'From: Three <three@example.org>\n\n'],
  ['3.1', 'part 3.1 has no header'],
  ['3.1.MIME', '\n'],
  ['3.2', 'part 3.2'],
  ['4', between('--four\n', '\n--outer')],
  ['4.1', 'GIF89a'],
  ['4.1.MIME', 'Content-Type: image/gif\nContent-ID: <gif@example.org>\n\n'],
  ['4.2', between('From: Four Two', '\n--four--')],
  ['4.2.HEADER', 'From: Four Two <fourtwo@example.org>\nSubject: part 4.2\nContent-Type: multipart/mixed; boundary="fourtwo"\n\n'],
  ['4.2.1', 'part 4.2.1'],
  ['4.2.2', between('--alt\n', '\n--fourtwo--')],
  ['4.2.2.MIME', 'Content-Type: multipart/alternative; boundary="alt"\n\n'],
  ['4.2.2.1', 'part 4.2.2.1'],
  ['4.2.2.2', '<bold>part 4.2.2.2</bold>'],
  ['4.2.2.2.mime', 'Content-Type: text/richtext\n\n'],
  // Sections that do not exist, or break the grammar.
  ['5', undefined],
  ['0', undefined],
  ['1.1', undefined],
  ['4.3', undefined],
  ['4.2.3', undefined],
  ['2.HEADER', undefined],
  ['4.TEXT', undefined],
  ['MIME', undefined],
  ['HEADER.FIELDS', undefined],
  ['HEADER.FIELDS ()', undefined],
  ['BOGUS', undefined],
  ['1.BOGUS', undefined],
];

for (const [form, toForm] of [
  ['CRLF', (s: string) => s.replace(/\n/g, '\r\n')],
  ['bare LF', (s: string) => s],
] as const) {
  describe(`fetchSection on the RFC 3501 example (${form})`, () => {
    const msg = parseMessage(Buffer.from(toForm(EXAMPLE)));
    for (const [section, expected] of SECTIONS) {
      it(`BODY[${section}]`, () => {
        expect(text(fetchSection(msg, section))).toBe(expected === undefined ? undefined : toForm(expected));
      });
    }
  });
}

describe('fetchSection on non-multipart messages', () => {
  const plain = crlfMessage('Subject: one part\n\nonly body\n');
  it('part 1 is the body, 1.MIME the header; there is no part 2', () => {
    expect(text(fetchSection(plain, '1'))).toBe('only body\r\n');
    expect(text(fetchSection(plain, '1.MIME'))).toBe('Subject: one part\r\n\r\n');
    expect(fetchSection(plain, '2')).toBeUndefined();
    expect(fetchSection(plain, '1.1')).toBeUndefined();
  });

  const forwarded = crlfMessage('Subject: fwd\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n');
  it('a top-level message/rfc822 is part 1, its message\'s header is 1.HEADER and body 1.1', () => {
    expect(text(fetchSection(forwarded, '1'))).toBe('Subject: inner\r\n\r\ninner body\r\n');
    expect(text(fetchSection(forwarded, '1.HEADER'))).toBe('Subject: inner\r\n\r\n');
    expect(text(fetchSection(forwarded, '1.TEXT'))).toBe('inner body\r\n');
    expect(text(fetchSection(forwarded, '1.1'))).toBe('inner body\r\n');
  });

  it('HEADER.FIELDS returns every occurrence of a repeated field, folded lines intact', () => {
    const msg = crlfMessage('Received: a\n  folded\nSubject: s\nReceived: b\n\nx');
    expect(text(fetchSection(msg, 'HEADER.FIELDS (RECEIVED)'))).toBe('Received: a\r\n  folded\r\nReceived: b\r\n\r\n');
  });

  it('a header without the empty line still ends HEADER.FIELDS with one', () => {
    const msg = parseMessage(Buffer.from('Subject: no end'));
    expect(text(fetchSection(msg, 'HEADER.FIELDS (SUBJECT)'))).toBe('Subject: no end\r\n\r\n');
    expect(text(fetchSection(msg, 'HEADER'))).toBe('Subject: no end');
    expect(text(fetchSection(msg, 'TEXT'))).toBe('');
  });
});

describe('partial', () => {
  const bytes = Buffer.from('0123456789');
  it.each([
    [0, 4, '0123'],
    [8, 5, '89'],
    [3, undefined, '3456789'],
    [10, 2, ''],
    [42, 2, ''],
    [2, 0, ''],
  ])('<%s.%s>', (origin, count, expected) => {
    expect(text(partial(bytes, origin, count))).toBe(expected);
  });
});
