// Where a client learns a part's Content-Transfer-Encoding: body-fld-enc in a BODYSTRUCTURE
// (RFC 3501 7.4.2, numbered as in 6.4.5), or the BODY[n.MIME] header. The BODYSTRUCTUREs are
// the demo's own for parsed messages, so the numbering agrees with what BODY[n] returns.
import { describe, expect, it } from 'vitest';
import { bodyStructure } from '../../src/mime/bodystructure.js';
import { parseMessage } from '../../src/mime/message.js';
import { mimeHeaderEncoding, partEncoding } from '../../src/mime/part-encoding.js';
import { tokenizeString } from '../../src/protocol/imap/tokenizer.js';
import type { ImapValue } from '../../src/protocol/imap/types.js';

function structureOf(lines: string[], extended = true): ImapValue {
  return bodyStructure(parseMessage(Buffer.from(lines.join('\r\n'))), extended);
}

const NESTED = [
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'plain=20text',
  '--alt',
  'Content-Type: text/html',
  'Content-Transfer-Encoding: Base64',
  '',
  'PGI+aGk8L2I+',
  '--alt--',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'Subject: inner',
  'Content-Type: multipart/mixed; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain',
  '',
  'inner text',
  '--inner',
  'Content-Type: application/pdf',
  'Content-Transfer-Encoding: base64 (the usual)',
  '',
  'JVBERi0=',
  '--inner--',
  '--outer',
  'Content-Type: image/png',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0K',
  '--outer--',
  '',
];

describe('partEncoding', () => {
  it('walks multiparts, nested ones and a message/rfc822 part, in BODYSTRUCTURE and in BODY', () => {
    for (const extended of [true, false]) {
      const s = structureOf(NESTED, extended);
      expect(partEncoding(s, [1, 1])).toBe('quoted-printable');
      expect(partEncoding(s, [1, 2])).toBe('base64');
      expect(partEncoding(s, [2])).toBe('7bit'); // the message/rfc822 part itself
      expect(partEncoding(s, [2, 1])).toBe('7bit');
      expect(partEncoding(s, [2, 2])).toBe('base64');
      expect(partEncoding(s, [3])).toBe('base64');
    }
  });

  it('no such leaf: a multipart, a number past the end, below a leaf, or none at all', () => {
    const s = structureOf(NESTED);
    for (const part of [[1], [4], [3, 1], [1, 3], [2, 3], []]) expect(partEncoding(s, part), part.join('.')).toBeUndefined();
  });

  it('a message that is not multipart has only part 1, itself', () => {
    const s = structureOf(['Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '', 'x=20y']);
    expect(partEncoding(s, [1])).toBe('quoted-printable');
    expect(partEncoding(s, [2])).toBeUndefined();
  });

  it('a BODYSTRUCTURE as a server sends it (RFC 3501 7.4.2 example, atoms or strings in any case)', () => {
    const parsed = tokenizeString('(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "base64" 4554 73) "MIXED")');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(partEncoding(parsed.values[0], [1])).toBe('7bit');
    expect(partEncoding(parsed.values[0], [2])).toBe('base64');
    expect(partEncoding({ type: 'nil' }, [1])).toBeUndefined();
  });
});

describe('mimeHeaderEncoding (BODY[n.MIME])', () => {
  it('the field, lower-cased, without a comment; 7bit when there is none (RFC 2045 6.1)', () => {
    expect(mimeHeaderEncoding(Buffer.from('Content-Type: text/plain\r\nContent-Transfer-Encoding: QUOTED-PRINTABLE (qp)\r\n\r\n'))).toBe('quoted-printable');
    expect(mimeHeaderEncoding(Buffer.from('content-transfer-encoding:\r\n base64\r\n\r\n'))).toBe('base64');
    expect(mimeHeaderEncoding(Buffer.from('Content-Type: text/plain\r\n\r\n'))).toBe('7bit');
  });
});
