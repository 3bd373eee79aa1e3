// PREVIEW (RFC 8970) on the demo server: the preview text of plain, quoted-printable, base64,
// HTML and multipart messages on its own, then FETCH PREVIEW and PREVIEW (LAZY) over a raw
// socket on the seed messages and on appended ones, \Seen left alone. INBOX holds the three
// seed messages: 1 "Test Message" (multipart/alternative, \Seen), 2 "Linux Terminal"
// (multipart/alternative), 3 "Grüße aus Köln" (text/plain, UTF-8, quoted-printable).

import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mime/message.js';
import { PREVIEW_LENGTH, previewText } from '../../src/demo/imap/commands/preview.js';
import { fetchItem } from '../../src/registry/index.js';
import { rawSession } from './helpers.js';

const crlf = (lines: string[]) => lines.join('\r\n');
const preview = (lines: string[]) => previewText(parseMessage(Buffer.from(crlf(lines), 'utf8')));

const PLAIN = crlf(['From: a@example.com', 'Subject: plain', '', 'First line,', '   second\tline.', '', 'Third paragraph.', '']);
const BASE64 = crlf([
  'Subject: base64', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '',
  Buffer.from('Grüße aus\r\nKöln, base64 encoded.').toString('base64'), '',
]);
const HTML = crlf([
  'Subject: html', 'Content-Type: text/html; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable', '',
  '<html><head><title>Ignored title</title><style>p { color: red; }</style></head>',
  '<body><p>Caf=E9 &amp; <b>croissants</b>&nbsp;at&#32;nine&#x21;</p><!-- hidden -->',
  '<script>alert(1)</script><p>See you</p></body></html>', '',
]);
const ATTACHMENT_ONLY = crlf([
  'Subject: image', 'Content-Type: multipart/mixed; boundary="b"', '', '--b',
  'Content-Type: image/png', 'Content-Transfer-Encoding: base64', '', 'iVBORw0KGgo=', '--b',
  'Content-Type: text/plain', 'Content-Disposition: attachment; filename="notes.txt"', '', 'not the message text', '--b--', '',
]);

describe('the preview text (RFC 8970 3.3)', () => {
  it('is the text/plain body with its white space collapsed', () => {
    expect(preview(PLAIN.split('\r\n'))).toBe('First line, second line. Third paragraph.');
  });

  it('undoes base64 and the charset', () => {
    expect(preview(BASE64.split('\r\n'))).toBe('Grüße aus Köln, base64 encoded.');
  });

  it('takes text/html without markup, script, style or comments, and with character references decoded', () => {
    expect(preview(HTML.split('\r\n'))).toBe('Café & croissants at nine! See you');
  });

  it('prefers text/plain in a multipart/alternative, wherever it comes', () => {
    const alternative = [
      'Content-Type: multipart/alternative; boundary=x', '', '--x', 'Content-Type: text/html', '', '<p>html version</p>',
      '--x', 'Content-Type: text/plain', '', 'plain version', '--x--', '',
    ];
    expect(preview(alternative)).toBe('plain version');
  });

  it('is "" when the message has no text of its own: an image, a text attachment (RFC 8970 3.2: zero-length, not NIL)', () => {
    expect(preview(ATTACHMENT_ONLY.split('\r\n'))).toBe('');
  });

  it(`stops at ${PREVIEW_LENGTH} preview characters, counting characters, not UTF-16 units or octets`, () => {
    const long = preview(['Content-Type: text/plain; charset=utf-8', '', '😀'.repeat(150) + ' ' + 'é'.repeat(150)]);
    expect(Array.from(long)).toHaveLength(PREVIEW_LENGTH);
    expect(long).toBe('😀'.repeat(150) + ' ' + 'é'.repeat(49));
    expect(PREVIEW_LENGTH).toBeLessThanOrEqual(256); // RFC 8970 3.3: MUST NOT output more
  });

  it('is what the registry explains', () => {
    expect(fetchItem('PREVIEW')?.explanation).toMatch(/Does not set \\Seen/);
  });
});

const session = rawSession();

/** APPENDs raw messages with LITERAL+ (no "+" to wait for). */
async function appendAll(messages: string[]): Promise<void> {
  for (const [i, m] of messages.entries()) {
    const r = await session.run(`a${i} APPEND INBOX {${Buffer.byteLength(m)}+}\r\n${m}`);
    expect(r.at(-1)).toMatch(/^a\d+ OK \[APPENDUID/);
  }
}

describe('FETCH PREVIEW (RFC 8970 3)', () => {
  it('previews the seed messages: plain part of an alternative, and UTF-8 quoted-printable as a literal', async () => {
    await session.run('s SELECT INBOX');
    expect(await session.run('f FETCH 1,3 (PREVIEW)')).toEqual([
      '* 1 FETCH (PREVIEW "This is a test message from the support team. It arrived while the telnet session was open, so IDLE reported it. Write back to this address if you need any more help.")',
      // 8-bit text cannot be a quoted string in IMAP4rev1 (RFC 3501 4.3): a literal of UTF-8 octets.
      `* 3 FETCH (PREVIEW {${Buffer.byteLength('Hallo, viele Grüße aus Köln! . ..und diese Zeilen beginnen mit einem Punkt. .Ende -- Jürgen')}}\r\nHallo, viele Grüße aus Köln! . ..und diese Zeilen beginnen mit einem Punkt. .Ende -- Jürgen)`.replace(/[^\x00-\x7f]/g, (c) => Buffer.from(c).toString('latin1')),
      'f OK FETCH completed.',
    ]);
  });

  it('previews appended plain, base64, html and attachment-only messages; PREVIEW (LAZY) gives the same, never NIL here', async () => {
    await appendAll([PLAIN, BASE64, HTML, ATTACHMENT_ONLY]);
    await session.run('s SELECT INBOX');
    const expected = [
      '* 4 FETCH (UID 4 PREVIEW "First line, second line. Third paragraph.")',
      `* 5 FETCH (UID 5 PREVIEW {${Buffer.byteLength('Grüße aus Köln, base64 encoded.')}}`,
      '* 6 FETCH (UID 6 PREVIEW "Café & croissants at nine! See you")',
      '* 7 FETCH (UID 7 PREVIEW "")',
    ];
    const plain = await session.run('f UID FETCH 4:7 (UID PREVIEW)');
    const lazy = await session.run('g UID FETCH 4:7 (UID PREVIEW (LAZY))');
    for (const got of [plain, lazy]) {
      expect(got[0]).toBe(expected[0]);
      expect(got[1].startsWith(expected[1])).toBe(true);
      expect(Buffer.from(got[1], 'latin1').toString('utf8')).toContain('Grüße aus Köln, base64 encoded.)');
      // "Café" is 8-bit: a literal too.
      expect(Buffer.from(got[2], 'latin1').toString('utf8')).toBe(`* 6 FETCH (UID 6 PREVIEW {${Buffer.byteLength('Café & croissants at nine! See you')}}\r\nCafé & croissants at nine! See you)`);
      expect(got[3]).toBe(expected[3]);
    }
  });

  it('takes PREVIEW and PREVIEW (LAZY) without parentheses around the items too', async () => {
    await session.run('s SELECT INBOX');
    const line = '* 1 FETCH (PREVIEW "This is a test message from the support team. It arrived while the telnet session was open, so IDLE reported it. Write back to this address if you need any more help.")';
    expect(await session.run('f FETCH 1 PREVIEW')).toEqual([line, 'f OK FETCH completed.']);
    expect(await session.run('g FETCH 1 PREVIEW (LAZY)')).toEqual([line, 'g OK FETCH completed.']);
  });

  it('does not set \\Seen (RFC 3501 6.4.5 names the items that do; PREVIEW is not one)', async () => {
    await session.run('s SELECT INBOX');
    const r = await session.run('f FETCH 2:3 (PREVIEW)');
    expect(r.some((l) => l.includes('FLAGS'))).toBe(false);
    expect(await session.run('g FETCH 2:3 (FLAGS)')).toEqual(['* 2 FETCH (FLAGS ())', '* 3 FETCH (FLAGS ())', 'g OK FETCH completed.']);
  });

  it('refuses a modifier other than LAZY', async () => {
    await session.run('s SELECT INBOX');
    expect(await session.run('f FETCH 1 (PREVIEW (FUZZY))')).toEqual(['f BAD PREVIEW takes only (LAZY) (RFC 8970 6)']);
  });
});
