// BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2, grammar in section 9) for nested
// messages and for each field of the single-part and multipart extension data.
import { describe, it, expect } from 'vitest';
import { bodyStructure, countLines } from '../../src/mime/bodystructure.js';
import { crlfMessage, fixture, wire } from './support.js';

const FOUR_TWO = '(("Four Two" NIL "fourtwo" "example.org"))';
const THREE = '(("Three" NIL "three" "example.org"))';
const ASCII = '("CHARSET" "us-ascii")';

describe('the RFC 3501 section 6.4.5 example structure', () => {
  const msg = crlfMessage(fixture('rfc3501-example.eml'));

  it('BODY nests message/rfc822 parts with envelope, body and line count', () => {
    expect(wire(bodyStructure(msg, false))).toBe(
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 6 1) ("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 8) ` +
      `("MESSAGE" "RFC822" NIL NIL "forwarded" "7BIT" 204 (NIL "part 3" ${THREE} ${THREE} ${THREE} NIL NIL NIL NIL NIL) ` +
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 22 1) ("APPLICATION" "OCTET-STREAM" NIL NIL NIL "7BIT" 8) "MIXED") 12) ` +
      `(("IMAGE" "GIF" NIL "<gif@example.org>" NIL "7BIT" 6) ` +
      `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 361 (NIL "part 4.2" ${FOUR_TWO} ${FOUR_TWO} ${FOUR_TWO} NIL NIL NIL NIL NIL) ` +
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 10 1) (("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 12 1) ` +
      `("TEXT" "RICHTEXT" ${ASCII} NIL NIL "7BIT" 25 1) "ALTERNATIVE") "MIXED") 21) "MIXED") "MIXED")`,
    );
  });

  it('BODYSTRUCTURE adds extension data at every level, inside encapsulated messages too', () => {
    const ext1 = 'NIL NIL NIL NIL';
    expect(wire(bodyStructure(msg, true))).toBe(
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 6 1 ${ext1}) ("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 8 ${ext1}) ` +
      `("MESSAGE" "RFC822" NIL NIL "forwarded" "7BIT" 204 (NIL "part 3" ${THREE} ${THREE} ${THREE} NIL NIL NIL NIL NIL) ` +
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 22 1 ${ext1}) ("APPLICATION" "OCTET-STREAM" NIL NIL NIL "7BIT" 8 ${ext1}) ` +
      `"MIXED" ("BOUNDARY" "three") NIL NIL NIL) 12 ${ext1}) ` +
      `(("IMAGE" "GIF" NIL "<gif@example.org>" NIL "7BIT" 6 ${ext1}) ` +
      `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 361 (NIL "part 4.2" ${FOUR_TWO} ${FOUR_TWO} ${FOUR_TWO} NIL NIL NIL NIL NIL) ` +
      `(("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 10 1 ${ext1}) (("TEXT" "PLAIN" ${ASCII} NIL NIL "7BIT" 12 1 ${ext1}) ` +
      `("TEXT" "RICHTEXT" ${ASCII} NIL NIL "7BIT" 25 1 ${ext1}) "ALTERNATIVE" ("BOUNDARY" "alt") NIL NIL NIL) ` +
      `"MIXED" ("BOUNDARY" "fourtwo") NIL NIL NIL) 21 ${ext1}) "MIXED" ("BOUNDARY" "four") NIL NIL NIL) ` +
      `"MIXED" ("BOUNDARY" "outer") NIL NIL NIL)`,
    );
  });
});

describe('single-part fields', () => {
  it('no Content-Type is text/plain; charset=us-ascii, 7bit (RFC 2045 section 5.2)', () => {
    expect(wire(bodyStructure(crlfMessage('Subject: x\n\nline one\nline two'), false)))
      .toBe('("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 18 2)');
  });

  it('an unusable Content-Type falls back to the default', () => {
    expect(wire(bodyStructure(crlfMessage('Content-Type: garbage\n\nx'), false)))
      .toBe('("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 1 1)');
  });

  it('carries id, description, encoding, md5, disposition, languages and location', () => {
    const msg = crlfMessage([
      'Content-Type: Image/PNG; name="a b.png" (a comment)',
      'Content-ID: <img1@example.org>',
      'Content-Description: a picture',
      'Content-Transfer-Encoding: Base64 (because binary)',
      'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
      'Content-Disposition: inline; filename=a.png; size=4',
      'Content-Language: de, en-GB',
      'Content-Location: http://example.org/a.png',
      '',
      'iVBO',
    ].join('\n'));
    expect(wire(bodyStructure(msg, true))).toBe(
      '("IMAGE" "PNG" ("NAME" "a b.png") "<img1@example.org>" "a picture" "BASE64" 4 ' +
      '"Q2hlY2sgSW50ZWdyaXR5IQ==" ("INLINE" ("FILENAME" "a.png" "SIZE" "4")) ("de" "en-GB") "http://example.org/a.png")',
    );
  });

  it('decodes RFC 2231 continuations and charsets in parameters', () => {
    const msg = crlfMessage([
      'Content-Type: application/octet-stream;',
      '  title*0*=us-ascii\'en\'This%20is%20even%20more%20;',
      '  title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2="isn\'t it!"',
      "Content-Disposition: attachment; filename=\"fallback.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt",
      '',
      'x',
    ].join('\n'));
    expect(msg.contentType.params).toEqual([['title', "This is even more ***fun*** isn't it!"]]);
    const name = Buffer.from('Grüße.txt', 'utf8');
    expect(wire(bodyStructure(msg, true))).toBe(
      `("APPLICATION" "OCTET-STREAM" ("TITLE" "This is even more ***fun*** isn't it!") NIL NIL "7BIT" 1 ` +
      `NIL ("ATTACHMENT" ("FILENAME" {${name.length}}\r\nGrüße.txt)) NIL NIL)`,
    );
  });

  it('a base64 message/rfc822 is not opened (RFC 2046 section 5.2.1): a basic part', () => {
    const msg = crlfMessage('Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA0KDQp4');
    expect(msg.kind).toBe('leaf');
    expect(wire(bodyStructure(msg, false))).toBe('("MESSAGE" "RFC822" NIL NIL NIL "BASE64" 20)');
  });
});

describe('multipart', () => {
  it('parts of multipart/digest default to message/rfc822 (RFC 2046 section 5.1.5)', () => {
    const msg = crlfMessage('Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\n1\n--d--\n');
    expect(wire(bodyStructure(msg, false))).toBe(
      '(("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 17 (NIL "one" NIL NIL NIL NIL NIL NIL NIL NIL) ' +
      '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 1 1) 3) "DIGEST")',
    );
  });

  it('with no boundary found, shows one empty text/plain part so the grammar holds', () => {
    for (const header of ['Content-Type: multipart/mixed', 'Content-Type: multipart/mixed; boundary=zz']) {
      const msg = crlfMessage(`${header}\n\nno delimiter here\n`);
      expect(wire(bodyStructure(msg, false))).toBe('(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 0 0) "MIXED")');
    }
  });

  it('carries disposition, language and location of the multipart itself', () => {
    const msg = crlfMessage([
      'Content-Type: multipart/related; boundary=r; type="text/html"',
      'Content-Disposition: inline',
      'Content-Language: fr',
      'Content-Location: http://example.org/',
      '',
      '--r',
      '',
      'x',
      '--r--',
    ].join('\n'));
    expect(wire(bodyStructure(msg, true))).toBe(
      '(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 1 1 NIL NIL NIL NIL) "RELATED" ' +
      '("BOUNDARY" "r" "TYPE" "text/html") ("INLINE" NIL) "fr" "http://example.org/")',
    );
  });
});

describe('countLines', () => {
  it.each([
    ['', 0],
    ['x', 1],
    ['x\r\n', 1],
    ['x\r\ny', 2],
    ['\r\n\r\n', 2],
    ['a\nb\n', 2],
  ])('%j has %i lines', (body, lines) => {
    expect(countLines(Buffer.from(body))).toBe(lines);
  });
});
