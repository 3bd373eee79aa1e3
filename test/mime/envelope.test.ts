// ENVELOPE (RFC 3501 section 7.4.2) from header fields: address lists in their RFC 5322
// and obsolete forms, defaults for sender and reply-to, NIL where absent, literals where
// a quoted string cannot carry the value.
import { describe, it, expect } from 'vitest';
import { addressList, envelope } from '../../src/mime/envelope.js';
import { parseMessage } from '../../src/mime/message.js';
import { crlfMessage, wire } from './support.js';

describe('address lists', () => {
  it.each([
    ['test77@example.com', '((NIL NIL "test77" "example.com"))'],
    ['support team <examplesupport@gmail.com>', '(("support team" NIL "examplesupport" "gmail.com"))'],
    ['"Smith, John" <js@example.com>, mary@example.org', '(("Smith, John" NIL "js" "example.com") (NIL NIL "mary" "example.org"))'],
    ['"Quote \\"me\\"" <q@example.com>', '(("Quote \\"me\\"" NIL "q" "example.com"))'],
    ['J. Q.  Public <jqp@example.com>', '(("J. Q. Public" NIL "jqp" "example.com"))'],
    ['john.doe@example.com (John Doe)', '(("John Doe" NIL "john.doe" "example.com"))'],
    ['<@route1.example,@route2.example:user@host.example>', '((NIL "@route1.example,@route2.example" "user" "host.example"))'],
    ['=?UTF-8?Q?J=C3=BCrgen?= <j@example.de>', '(("=?UTF-8?Q?J=C3=BCrgen?=" NIL "j" "example.de"))'],
    ['undisclosed-recipients:;', '((NIL NIL "undisclosed-recipients" NIL) (NIL NIL NIL NIL))'],
    ['Friends: a@example.com, "B" <b@example.com>; c@example.com',
      '((NIL NIL "Friends" NIL) (NIL NIL "a" "example.com") ("B" NIL "b" "example.com") (NIL NIL NIL NIL) (NIL NIL "c" "example.com"))'],
    ['"odd local"@example.com', '((NIL NIL "\\"odd local\\"" "example.com"))'],
    ['user@[192.0.2.1]', '((NIL NIL "user" "[192.0.2.1]"))'],
    ['postmaster', '((NIL NIL "postmaster" ""))'],
    ['a@example.com,, ,b@example.com', '((NIL NIL "a" "example.com") (NIL NIL "b" "example.com"))'],
    ['Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>', '(("Pete" NIL "pete" "silly.test"))'],
  ])('%s', (value, expected) => {
    expect(wire(addressList(value))).toBe(expected);
  });

  it.each([[''], ['   '], ['(just a comment)'], [',;<>']])('%j holds no address: NIL', (value) => {
    expect(wire(addressList(value))).toBe('NIL');
  });

  it('absent is NIL', () => {
    expect(wire(addressList(undefined))).toBe('NIL');
  });
});

describe('envelope', () => {
  it('uses NIL for every absent field and From for Sender and Reply-To', () => {
    const msg = crlfMessage('From: a@example.com\n\nbody');
    const from = '((NIL NIL "a" "example.com"))';
    expect(wire(envelope(msg))).toBe(`(NIL NIL ${from} ${from} ${from} NIL NIL NIL NIL NIL)`);
  });

  it('keeps Sender and Reply-To when given, and an empty From stays NIL', () => {
    const msg = crlfMessage('From:\nSender: s@example.com\nReply-To: r@example.com\nSubject:\n\n');
    expect(wire(envelope(msg))).toBe('(NIL "" NIL ((NIL NIL "s" "example.com")) ((NIL NIL "r" "example.com")) NIL NIL NIL NIL NIL)');
  });

  it('reads the first occurrence, unfolded (only the line break goes), field names in any case', () => {
    const msg = crlfMessage('SUBJECT: first\n  line\nsubject: second\nmessage-id: <x@y>\nIN-REPLY-TO: <p@q>\n\n');
    expect(wire(envelope(msg))).toBe('(NIL "first  line" NIL NIL NIL NIL NIL NIL "<p@q>" "<x@y>")');
  });

  it('sends 8-bit header text as a literal of its UTF-8 bytes', () => {
    const msg = parseMessage(Buffer.from('Subject: Grüße\r\nFrom: Jürgen <j@example.de>\r\n\r\n', 'utf8'));
    const subject = Buffer.from('Grüße', 'utf8');
    expect(wire(envelope(msg))).toBe(
      `(NIL {${subject.length}}\r\nGrüße (({${Buffer.byteLength('Jürgen')}}\r\nJürgen NIL "j" "example.de")) ` +
      `(({7}\r\nJürgen NIL "j" "example.de")) (({7}\r\nJürgen NIL "j" "example.de")) NIL NIL NIL NIL NIL)`,
    );
  });

  it('decodes an 8-bit header that is not UTF-8 as ISO-8859-1', () => {
    const msg = parseMessage(Buffer.from('Subject: Gr\xfc\xdfe\r\n\r\n', 'latin1'));
    expect(msg.headers[0].value).toBe('Grüße');
  });

  it('sends a subject over 1000 octets as a literal', () => {
    const long = 'x'.repeat(1001);
    const msg = crlfMessage(`Subject: ${long}\n\n`);
    expect(wire(envelope(msg))).toBe(`(NIL {1001}\r\n${long} NIL NIL NIL NIL NIL NIL NIL NIL)`);
  });
});
