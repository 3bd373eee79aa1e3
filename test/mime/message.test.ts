// parseMessage: header fields, the MIME tree and its byte ranges, bare-LF input, and
// junk that must never throw.
import { describe, it, expect } from 'vitest';
import { parseMessage, MAX_NESTING, type MimePart } from '../../src/mime/message.js';
import { envelope } from '../../src/mime/envelope.js';
import { bodyStructure } from '../../src/mime/bodystructure.js';
import { fetchSection } from '../../src/mime/section.js';
import { crlfMessage, text, wire } from './support.js';
import { seededRandom } from '../support/random.js';

describe('header fields', () => {
  const raw = 'Received: from a\r\n\tby b\r\nSubject : spaced name\r\nthis line is junk\r\nX-Empty:\r\nSubject: again\r\n\r\nbody';
  const msg = parseMessage(Buffer.from(raw));

  it('are read in order, unfolded, junk lines skipped', () => {
    expect(msg.headers.map((h) => [h.name, h.value])).toEqual([
      ['Received', 'from a\tby b'],
      ['Subject', 'spaced name'],
      ['X-Empty', ''],
      ['Subject', 'again'],
    ]);
  });

  it('keep their wire bytes, continuation lines included', () => {
    expect(text(msg.headers[0].raw)).toBe('Received: from a\r\n\tby b\r\n');
  });

  it('split header and body at the first empty line, which the header keeps', () => {
    expect(text(msg.headerBytes)).toBe(raw.slice(0, raw.indexOf('\r\n\r\n') + 4));
    expect(text(msg.bodyBytes)).toBe('body');
    expect(msg.bytes.length).toBe(raw.length);
  });

  it('a message that starts with the empty line has no header fields', () => {
    const m = parseMessage(Buffer.from('\r\nSubject: this is body\r\n'));
    expect(m.headers).toEqual([]);
    expect(text(m.headerBytes)).toBe('\r\n');
    expect(text(m.bodyBytes)).toBe('Subject: this is body\r\n');
  });

  it('Content-Transfer-Encoding is lower-cased, comments dropped, 7bit by default', () => {
    expect(crlfMessage('Content-Transfer-Encoding: QUOTED-Printable (qp)\n\nx').transferEncoding).toBe('quoted-printable');
    expect(crlfMessage('\nx').transferEncoding).toBe('7bit');
  });
});

describe('the MIME tree', () => {
  it('cuts parts at delimiter lines only, with transport padding allowed', () => {
    const msg = crlfMessage([
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b   ',
      '',
      'one',
      '--bX is not a delimiter',
      '--b',
      '',
      'two',
      '--b-- \t',
      '--b',
      'after the close delimiter: epilogue',
    ].join('\n'));
    expect(msg.kind).toBe('multipart');
    expect(msg.children.map((c) => text(c.bodyBytes))).toEqual(['one\r\n--bX is not a delimiter', 'two']);
  });

  it('a truncated multipart (no close delimiter) runs its last part to the end', () => {
    const msg = crlfMessage('Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\n');
    expect(msg.children.map((c) => text(c.bodyBytes))).toEqual(['one', 'two\r\n']);
  });

  it('parts are views of the message bytes: header + body of each part is the part', () => {
    const msg = crlfMessage('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>\n--b--\n');
    const [part] = msg.children;
    expect(part.contentType).toEqual({ type: 'text', subtype: 'html', params: [['charset', 'us-ascii']] });
    expect(text(part.bytes)).toBe('Content-Type: text/html\r\n\r\n<p>');
    expect(part.bytes.buffer).toBe(msg.bytes.buffer);
  });

  it('message/rfc822 has the encapsulated message as its single child', () => {
    const msg = crlfMessage('Content-Type: message/rfc822\n\nSubject: inner\n\nhello');
    expect(msg.kind).toBe('message');
    expect(msg.children).toHaveLength(1);
    expect(msg.children[0].headers[0].value).toBe('inner');
  });

  it(`stops opening nested messages after ${MAX_NESTING} levels`, () => {
    const depth = MAX_NESTING + 50;
    const raw = 'Content-Type: message/rfc822\r\n\r\n'.repeat(depth) + 'Subject: deepest\r\n\r\nx';
    let part: MimePart = parseMessage(Buffer.from(raw));
    let levels = 0;
    while (part.children.length) {
      part = part.children[0];
      levels++;
    }
    expect(levels).toBe(MAX_NESTING);
    expect(part.kind).toBe('leaf');
    expect(() => wire(bodyStructure(parseMessage(Buffer.from(raw)), true))).not.toThrow();
  });
});

describe('bare-LF input', () => {
  const lf = 'From: a@example.com\nSubject: lf only\nContent-Type: multipart/alternative; boundary="x"\n\n--x\nContent-Type: text/plain\n\nplain\n--x\nContent-Type: text/html\n\n<b>html</b>\n--x--\n';
  const msg = parseMessage(Buffer.from(lf));

  it('parses like CRLF input', () => {
    const crlf = parseMessage(Buffer.from(lf.replace(/\n/g, '\r\n')));
    expect(wire(envelope(msg))).toBe(wire(envelope(crlf)));
    expect(msg.children.map((c) => text(c.bodyBytes))).toEqual(['plain', '<b>html</b>']);
    expect(msg.children.map((c) => c.contentType.subtype)).toEqual(['plain', 'html']);
  });

  it('sizes count the octets as stored', () => {
    expect(text(fetchSection(msg, 'HEADER'))).toBe(lf.slice(0, lf.indexOf('\n\n') + 2));
    expect(wire(bodyStructure(msg, false))).toBe(
      '(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 5 1) ("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "7BIT" 11 1) "ALTERNATIVE")',
    );
  });
});

describe('junk input never throws', () => {
  const PIECES = [
    'Content-Type: multipart/mixed; boundary=a\r\n', 'Content-Type: message/rfc822\r\n', '--a\r\n', '--a--\r\n',
    '\r\n', '\n', '\r', ':', ' ', '\t', '"', '(', ')', '<', '>', '@', ',', ';', '=?', '?=', 'From: ', 'To: x:',
    'Content-Disposition: attachment; filename*0*=x\'\'%ZZ; filename*1=', 'Content-Language: ,,', '\xff\xfe', '\0',
  ];
  const SECTIONS = ['', 'HEADER', 'TEXT', '1', '1.MIME', '1.1', '2.HEADER', '1.1.TEXT', 'HEADER.FIELDS (FROM)', '3.2.1'];

  it.each(Array.from({ length: 200 }, (_, i) => i))('case %i', (seed) => {
    const next = seededRandom(seed + 1);
    let raw = '';
    const length = Math.floor(next() * 60);
    for (let i = 0; i < length; i++) {
      raw += next() < 0.7 ? PIECES[Math.floor(next() * PIECES.length)] : String.fromCharCode(Math.floor(next() * 256));
    }
    const msg = parseMessage(Buffer.from(raw, 'latin1'));
    expect(() => wire(envelope(msg))).not.toThrow();
    expect(() => wire(bodyStructure(msg, true))).not.toThrow();
    for (const section of SECTIONS) expect(() => fetchSection(msg, section)).not.toThrow();
  });

  it.each([[''], ['\r\n'], ['\n\n\n'], ['no colon at all'], [':'], ['--'], ['\0\0\0']])('%j', (raw) => {
    const msg = parseMessage(Buffer.from(raw, 'latin1'));
    expect(msg.contentType.type).toBe('text');
    expect(() => wire(bodyStructure(msg, true))).not.toThrow();
  });
});
