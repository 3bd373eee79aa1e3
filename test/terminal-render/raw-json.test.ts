// Raw mode (exact bytes, transcript escaping) and --json (one object per line).
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';
import { renderJson } from '../../src/terminal/render-json.js';
import { renderRaw } from '../../src/terminal/render-raw.js';
import { plainTheme } from '../../src/terminal/theme.js';
import { createDisplay } from '../../src/terminal/display.js';
import type { Transport, TransportTap } from '../../src/client/transport.js';
import { fixture, readImap } from './support.js';

const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('renderRaw', () => {
  it('prints one C:/S: line per wire line', () => {
    expect(renderRaw('S', b('* 0 EXISTS\r\n* 0 RECENT\r\n'), plainTheme)).toBe('S: * 0 EXISTS\nS: * 0 RECENT');
    expect(renderRaw('C', b('a1 SELECT INBOX\r\n'), plainTheme)).toBe('C: a1 SELECT INBOX');
  });

  it('escapes non-printable bytes and marks lines without CRLF', () => {
    expect(renderRaw('S', b('bare\n* OK \x00\xff\r\npartial'), plainTheme)).toBe('S: bare\\x0a\\\nS: * OK \\x00\\xff\nS: partial\\');
  });

  it('keeps IMAP backslashes as they are', () => {
    expect(renderRaw('S', b('* FLAGS (\\Seen)\r\n'), plainTheme)).toBe('S: * FLAGS (\\Seen)');
  });
});

describe('renderJson', () => {
  const parse = (ev: ReaderEvent) => JSON.parse(renderJson(ev, 'S'));

  it('gives a status response its tag, status, code and text', () => {
    const [ev] = readImap('. OK [COPYUID 1295001279 1 1] COPY completed.\n');
    expect(parse(ev)).toEqual({
      direction: 'S',
      type: 'status',
      tag: '.',
      status: 'OK',
      code: { name: 'COPYUID', args: [1295001279, 1, 1], text: '1295001279 1 1' },
      text: 'COPY completed.',
      raw: '. OK [COPYUID 1295001279 1 1] COPY completed.',
    });
  });

  it('gives a FETCH its values tree with NIL as null', () => {
    const [ev] = readImap(fixture('fetch-all.imap').split('\n')[0] + '\n');
    const obj = parse(ev);
    expect(obj).toMatchObject({ type: 'data', name: 'FETCH', number: 1 });
    const [items] = obj.values;
    expect(items.slice(0, 6)).toEqual(['FLAGS', ['\\Draft', '\\Seen'], 'INTERNALDATE', '14-Jan-2011 13:33:25 +0530', 'RFC822.SIZE', 267]);
    expect(items[7][1]).toBeNull();
    expect(items[7][2]).toEqual([[null, null, 'test77', 'example.com']]);
  });

  it('gives FETCH, STATUS and METADATA their items by name, for jq', () => {
    const [fetch] = readImap(fixture('fetch-all.imap').split('\n')[0] + '\n');
    expect(parse(fetch).items).toMatchObject({ FLAGS: ['\\Draft', '\\Seen'], 'RFC822.SIZE': 267, INTERNALDATE: '14-Jan-2011 13:33:25 +0530' });
    const [section] = readImap(fixture('header-fields.imap'));
    expect(Object.keys(parse(section).items)).toEqual(['BODY[HEADER.FIELDS ("from" "to" "subject" "date")]']);
    const [partial] = readImap('* 2 FETCH (uid 9 BODY[]<0> {2}\r\nhi)\r\n');
    expect(parse(partial).items).toEqual({ UID: 9, 'BODY[]<0>': { literal: 2, text: 'hi', complete: true } });
    const [status] = readImap('* STATUS "INBOX.Sent" (MESSAGES 3 UNSEEN 0)\r\n');
    expect(parse(status).items).toEqual({ MESSAGES: 3, UNSEEN: 0 });
    const [list] = readImap('* LIST (\\HasNoChildren) "." INBOX\r\n');
    expect(parse(list).items).toBeUndefined();
    const [metadata] = readImap('* METADATA "" (/Shared/Comment "hello" "/shared/admin" NIL /private/x {2}\r\nhi)\r\n');
    expect(parse(metadata).items).toEqual({ '/shared/comment': 'hello', '/shared/admin': null, '/private/x': { literal: 2, text: 'hi', complete: true } });
  });

  it('shows a literal as size and text, and the raw bytes line by line', () => {
    const [ev] = readImap(fixture('header-fields.imap'));
    const line = renderJson(ev, 'S');
    expect(line).not.toContain('\n');
    const obj = JSON.parse(line);
    const [items] = obj.values;
    expect(items[0]).toEqual({ section: 'BODY', spec: 'HEADER.FIELDS ("from" "to" "subject" "date")' });
    expect(items[1]).toEqual({
      literal: 94,
      text: 'Date: Fri, 14 Jan 2011 13:33:25 +0530\r\nFrom: test77@example.com\r\nTo: testaccount@gmail.com\r\n\r\n',
      complete: true,
    });
    expect(obj.raw.split('\n')[0]).toBe('* 1 FETCH (BODY[HEADER.FIELDS ("from" "to" "subject" "date")] {94}');
  });

  it('uses base64 for a literal that is not text', () => {
    const reader = new ImapResponseReader();
    const [ev] = reader.push(b('* 1 FETCH (BINARY[] ~{2}\r\n\x00\xff)\r\n'));
    const [items] = parse(ev).values;
    expect(items[1]).toEqual({ literal: 2, base64: 'AP8=', complete: true, binary: true });
  });

  it('renders malformed events and skips chunks', () => {
    const [ev] = readImap('* 1 FETCH (FLAGS (\\Seen)))\n');
    expect(parse(ev)).toEqual({ direction: 'S', type: 'malformed', offset: 25, reason: 'unexpected ")"', raw: '* 1 FETCH (FLAGS (\\Seen)))' });
    expect(renderJson({ kind: 'literal-chunk', data: b('x') }, 'S')).toBe('');
    expect(JSON.parse(renderJson({ kind: 'client', raw: b('a1 NOOP\r\n') }, 'C'))).toEqual({ direction: 'C', type: 'client', raw: 'a1 NOOP' });
  });

  it('renders POP3 responses with their lines', () => {
    const obj = JSON.parse(
      renderJson({ kind: 'response', ok: true, text: 'follows', lines: [b('1 2103')], raw: b('+OK follows\r\n1 2103\r\n.\r\n') }, 'S'),
    );
    expect(obj).toEqual({
      direction: 'S', type: 'pop3-response', status: '+OK', text: 'follows', lines: ['1 2103'], raw: '+OK follows\n1 2103\n.',
    });
  });
});

describe('raw mode in the display', () => {
  it('prints the lines a chunk completes at once (a print per line made raw mode crawl on big literals)', () => {
    const printed: string[] = [];
    const display = createDisplay({ print: (t) => printed.push(t), theme: plainTheme, protocol: () => 'imap', mode: 'raw', redactClientLine: (l) => l });
    const taps: TransportTap[] = [];
    display.attach({ addTap: (tap: TransportTap) => taps.push(tap) } as unknown as Transport);
    taps[0].server!(b('* 1 FETCH (BODY[] {4}\r\nab\r\n)\r\na1 O'));
    expect(printed).toEqual(['S: * 1 FETCH (BODY[] {4}\nS: ab\nS: )']);
    taps[0].server!(b('K\r\n'));
    taps[0].client!(b('a2 NOOP\r\na3 NOOP\r\n'));
    expect(printed.slice(1)).toEqual(['S: a1 OK', 'C: a2 NOOP\nC: a3 NOOP']);
    taps[0].server!(b('* partial'));
    expect(printed).toHaveLength(3);
  });

  it('Ctrl-C stops showing server lines until the completion, which is still shown', () => {
    const printed: string[] = [];
    const display = createDisplay({ print: (t) => printed.push(t), theme: plainTheme, protocol: () => 'imap', mode: 'raw', redactClientLine: (l) => l });
    const taps: TransportTap[] = [];
    display.attach({ addTap: (tap: TransportTap) => taps.push(tap) } as unknown as Transport);
    taps[0].server!(b('* 1 FETCH (UID 1)\r\n'));
    display.interrupt();
    taps[0].server!(b('* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\na1 OK done\r\n'));
    display.resume();
    taps[0].server!(b('* 4 EXISTS\r\n'));
    expect(printed).toEqual(['S: * 1 FETCH (UID 1)', 'S: a1 OK done', 'S: * 4 EXISTS']);
  });
});
