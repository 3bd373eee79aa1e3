import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ImapResponse, ReaderEvent } from '../../src/protocol/imap/types.js';
import {
  TUTORIAL_HEADER_FIELDS_BODY, TUTORIAL_HEADER_FIELDS_PREFIX, TUTORIAL_IMAP_RESPONSES, TUTORIAL_MANGLED_FETCH,
} from '../fixtures/protocol/tutorial.js';
import { crlf, feedings, normalize, plain, run, runUntil } from './feed.js';
import { atom, list, lit, nil, num, q } from './values.js';

type Opts = ConstructorParameters<typeof ImapResponseReader>[0];

/** Events of `wire` fed every way; asserts all feedings agree and returns them. */
function read(wire: Buffer, opts?: Opts, everyOffset = true): ReaderEvent[] {
  const whole = run(new ImapResponseReader(opts), [wire]);
  const expected = normalize(whole, 'literal-chunk');
  for (const f of feedings(wire, { everyOffset })) {
    const got = normalize(run(new ImapResponseReader(opts), f.chunks), 'literal-chunk');
    expect(got, f.name).toEqual(expected);
  }
  return whole;
}

function responses(events: ReaderEvent[]): ImapResponse[] {
  return events.flatMap((e) => (e.kind === 'response' ? [e.response] : []));
}

function one(line: string): ImapResponse {
  const events = read(crlf([line]));
  expect(events.map((e) => e.kind)).toEqual(['response']);
  return responses(events)[0];
}

describe('ImapResponseReader: every response of the tutorial', () => {
  it.each(TUTORIAL_IMAP_RESPONSES)('%s', (line) => {
    const events = read(crlf([line]));
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e.kind).toBe('response');
    if (e.kind === 'response') expect(Buffer.from(e.raw).toString()).toBe(`${line}\r\n`);
  });

  it('reads the whole tutorial as one stream', () => {
    const events = read(crlf(TUTORIAL_IMAP_RESPONSES), undefined, false);
    expect(events.every((e) => e.kind === 'response')).toBe(true);
    expect(events).toHaveLength(TUTORIAL_IMAP_RESPONSES.length);
  });

  it('reads the header-fields literal', () => {
    const body = TUTORIAL_HEADER_FIELDS_BODY;
    const wire = Buffer.from(`${TUTORIAL_HEADER_FIELDS_PREFIX}{${body.length}}\r\n${body})\r\n. OK FETCH completed.\r\n`);
    const rs = responses(read(wire));
    expect(rs[0]).toEqual({
      kind: 'data', name: 'FETCH', number: 1,
      values: [list(
        {
          type: 'section', name: 'BODY', sectionText: 'HEADER.FIELDS ("from" "to" "subject" "date")',
          section: [atom('HEADER.FIELDS'), list(q('from'), q('to'), q('subject'), q('date'))],
        },
        lit(body),
      )],
    });
    expect(rs[1]).toEqual({ kind: 'status', tag: '.', status: 'OK', text: 'FETCH completed.' });
  });
});

describe('ImapResponseReader: status responses', () => {
  it('PERMANENTFLAGS with \\* and \\Draft', () => {
    expect(one('* OK [PERMANENTFLAGS (\\* \\Draft)] Limited')).toEqual({
      kind: 'status', status: 'OK', text: 'Limited',
      code: { name: 'PERMANENTFLAGS', args: [list(atom('\\*'), atom('\\Draft'))], argText: '(\\* \\Draft)' },
    });
  });
  it('tagged NO with text', () => {
    expect(one('. NO Error in IMAP command received by server.')).toEqual({
      kind: 'status', tag: '.', status: 'NO', text: 'Error in IMAP command received by server.',
    });
  });
  it('code name upper-cased, quoted args, argText verbatim', () => {
    expect(one('* ok [myrights "acdilrsw"] ACL')).toEqual({
      kind: 'status', status: 'OK', text: 'ACL', code: { name: 'MYRIGHTS', args: [q('acdilrsw')], argText: '"acdilrsw"' },
    });
  });
  it('code without text and without space after "]" (Courier)', () => {
    expect(one('a1 OK [READ-WRITE]')).toEqual({ kind: 'status', tag: 'a1', status: 'OK', text: '', code: { name: 'READ-WRITE', args: [], argText: '' } });
    expect(one('a1 OK [READ-WRITE]Ok')).toMatchObject({ text: 'Ok' });
  });
  it('COPYUID with sequence sets', () => {
    expect(one('a OK [COPYUID 38505 304,319:320 3956:3958] Done').kind).toBe('status');
    expect((one('a OK [COPYUID 38505 304,319:320 3956:3958] Done') as { code: { args: unknown } }).code.args)
      .toEqual([num(38505), atom('304,319:320'), atom('3956:3958')]);
  });
  it('REFERRAL URL keeps argText', () => {
    const r = one('a NO [REFERRAL IMAP://user;AUTH=*@SERVER2/] Remote') as { code: { argText: string } };
    expect(r.code.argText).toBe('IMAP://user;AUTH=*@SERVER2/');
  });
  it('BYE, PREAUTH, tagged BAD without text', () => {
    expect(one('* BYE Logging out')).toEqual({ kind: 'status', status: 'BYE', text: 'Logging out' });
    expect(one('* PREAUTH [CAPABILITY IMAP4rev2] ready')).toMatchObject({ status: 'PREAUTH', code: { name: 'CAPABILITY', args: [atom('IMAP4rev2')] } });
    expect(one('x BAD')).toEqual({ kind: 'status', tag: 'x', status: 'BAD', text: '' });
  });
  it('UTF-8 text (RFC 9051)', () => {
    expect(one('* OK Grüße')).toMatchObject({ text: 'Grüße' });
  });
});

describe('ImapResponseReader: continuation requests', () => {
  it('+ idling', () => expect(one('+ idling')).toEqual({ kind: 'continuation', text: 'idling' }));
  it('base64 challenge', () => expect(one('+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+')).toEqual({ kind: 'continuation', text: 'PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+' }));
  it('bare "+" and "+ [code] text"', () => {
    expect(one('+')).toEqual({ kind: 'continuation', text: '' });
    expect(one('+ [ALERT] go on')).toEqual({ kind: 'continuation', text: 'go on', code: { name: 'ALERT', args: [], argText: '' } });
  });
});

describe('ImapResponseReader: data responses', () => {
  const cases: [string, ImapResponse][] = [
    ['* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN', { kind: 'data', name: 'CAPABILITY', values: [atom('IMAP4rev1'), atom('LITERAL+'), atom('AUTH=PLAIN')] }],
    ['* 172 EXISTS', { kind: 'data', name: 'EXISTS', number: 172, values: [] }],
    ['* SEARCH 2 84 882 ', { kind: 'data', name: 'SEARCH', values: [num(2), num(84), num(882)] }],
    ['* SEARCH', { kind: 'data', name: 'SEARCH', values: [] }],
    ['* ESEARCH (TAG "a1") UID COUNT 3 ALL 1:3,5', { kind: 'data', name: 'ESEARCH', values: [list(atom('TAG'), q('a1')), atom('UID'), atom('COUNT'), num(3), atom('ALL'), atom('1:3,5')] }],
    ['* LIST (\\Noselect) "/" ""', { kind: 'data', name: 'LIST', values: [list(atom('\\Noselect')), q('/'), q('')] }],
    ['* LIST () "/" [Gmail]/Sent', { kind: 'data', name: 'LIST', values: [list(), q('/'), atom('[Gmail]/Sent')] }],
    ['* LIST () NIL inbox', { kind: 'data', name: 'LIST', values: [list(), nil, atom('inbox')] }],
    ['* LSUB () "." #news.comp', { kind: 'data', name: 'LSUB', values: [list(), q('.'), atom('#news.comp')] }],
    ['* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)', { kind: 'data', name: 'STATUS', values: [atom('blurdybloop'), list(atom('MESSAGES'), num(231), atom('UIDNEXT'), num(44292))] }],
    ['* NAMESPACE (("" "/")) NIL (("#shared/" "/"))', { kind: 'data', name: 'NAMESPACE', values: [list(list(q(''), q('/'))), nil, list(list(q('#shared/'), q('/')))] }],
    ['* ENABLED CONDSTORE', { kind: 'data', name: 'ENABLED', values: [atom('CONDSTORE')] }],
    ['* ID ("name" "Dovecot" "version" nil)', { kind: 'data', name: 'ID', values: [list(q('name'), q('Dovecot'), q('version'), nil)] }],
    ['* QUOTA "" (STORAGE 10 512)', { kind: 'data', name: 'QUOTA', values: [q(''), list(atom('STORAGE'), num(10), num(512))] }],
    ['* ACL INBOX Fred rwipslxetad', { kind: 'data', name: 'ACL', values: [atom('INBOX'), atom('Fred'), atom('rwipslxetad')] }],
    ['* MYRIGHTS INBOX rwiptsldaex', { kind: 'data', name: 'MYRIGHTS', values: [atom('INBOX'), atom('rwiptsldaex')] }],
    ['* VANISHED (EARLIER) 41,43:116', { kind: 'data', name: 'VANISHED', values: [list(atom('EARLIER')), atom('41,43:116')] }],
    ['* THREAD (2)(3 6 (4 23)(44 7 96))', { kind: 'data', name: 'THREAD', values: [list(num(2)), list(num(3), num(6), list(num(4), num(23)), list(num(44), num(7), num(96)))] }],
    ['* 12 FETCH (UID 9 MODSEQ (12121231000) BINARY.SIZE[1] 42)', { kind: 'data', name: 'FETCH', number: 12, values: [list(atom('UID'), num(9), atom('MODSEQ'), list(num(12121231000)), { type: 'section', name: 'BINARY.SIZE', section: [num(1)], sectionText: '1' }, num(42))] }],
    ['* 1 FETCH (BODY[1.2]<0> "ab" BODY[] "" BINARY[1] NIL)', { kind: 'data', name: 'FETCH', number: 1, values: [list(
      { type: 'section', name: 'BODY', section: [atom('1.2')], sectionText: '1.2', partial: { origin: 0 } }, q('ab'),
      { type: 'section', name: 'BODY', section: [], sectionText: '' }, q(''),
      { type: 'section', name: 'BINARY', section: [num(1)], sectionText: '1' }, nil)] }],
    ['* 3 FETCH (ENVELOPE (NIL "a \\"quoted\\" \\\\ subject" NIL NIL NIL NIL NIL NIL NIL NIL))', { kind: 'data', name: 'FETCH', number: 3, values: [list(atom('ENVELOPE'), list(nil, q('a "quoted" \\ subject'), nil, nil, nil, nil, nil, nil, nil, nil))] }],
  ];
  it.each(cases)('%s', (line, expected) => expect(one(line)).toEqual(expected));

  it('nested multipart BODYSTRUCTURE', () => {
    const line = '* 5 FETCH (BODYSTRUCTURE ((("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 12 1 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 30 2 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "b2") NIL NIL NIL)("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 4000 NIL ("ATTACHMENT" ("FILENAME" "a.pdf")) NIL NIL) "MIXED" ("BOUNDARY" "b1") NIL NIL NIL))';
    const r = one(line);
    const text = (sub: string, enc: string, size: number, lines: number) =>
      list(q('TEXT'), q(sub), list(q('CHARSET'), q('utf-8')), nil, nil, q(enc), num(size), num(lines), nil, nil, nil, nil);
    expect(r).toEqual({
      kind: 'data', name: 'FETCH', number: 5,
      values: [list(atom('BODYSTRUCTURE'), list(
        list(text('PLAIN', '7BIT', 12, 1), text('HTML', 'QUOTED-PRINTABLE', 30, 2), q('ALTERNATIVE'), list(q('BOUNDARY'), q('b2')), nil, nil, nil),
        list(q('APPLICATION'), q('PDF'), list(q('NAME'), q('a.pdf')), nil, nil, q('BASE64'), num(4000), nil, list(q('ATTACHMENT'), list(q('FILENAME'), q('a.pdf'))), nil, nil),
        q('MIXED'), list(q('BOUNDARY'), q('b1')), nil, nil, nil,
      ))],
    });
  });
});

describe('ImapResponseReader: literals', () => {
  it.each([
    ['{N}', '{5}\r\nhello', lit('hello')],
    ['{0}', '{0}\r\n', lit('')],
    ['~{N} literal8', '~{3}\r\na\0b', lit('a\0b', { binary: true })],
    ['{N+} (lenient)', '{2+}\r\nhi', lit('hi', { nonSync: true })],
    ['CRLF inside the body', '{4}\r\n\r\n\r\n', lit('\r\n\r\n')],
    ['body that looks like a literal announcement', '{5}\r\n{1}\r\n', lit('{1}\r\n')],
  ])('%s', (_n, litWire, expected) => {
    const rs = responses(read(Buffer.from(`* 1 FETCH (BODY[] ${litWire} UID 7)\r\na OK done\r\n`, 'latin1')));
    expect(rs[0]).toEqual({ kind: 'data', name: 'FETCH', number: 1, values: [list({ type: 'section', name: 'BODY', section: [], sectionText: '' }, expected, atom('UID'), num(7))] });
    expect(rs[1]).toMatchObject({ tag: 'a', status: 'OK' });
  });

  it('two literals in one response and a literal in a list', () => {
    const rs = responses(read(Buffer.from('* 2 FETCH (BODY[1] {1}\r\nx BODY[2] {2}\r\nyz)\r\n* ID ({4}\r\nname {1}\r\nv)\r\n')));
    expect(rs[0]).toMatchObject({ values: [list({ type: 'section', name: 'BODY', section: [num(1)], sectionText: '1' }, lit('x'), { type: 'section', name: 'BODY', section: [num(2)], sectionText: '2' }, lit('yz'))] });
    expect(rs[1]).toEqual({ kind: 'data', name: 'ID', values: [list(lit('name'), lit('v'))] });
  });

  it('streams a literal above maxBufferedLiteral with a head', () => {
    const body = 'x'.repeat(100) + 'TAIL';
    const wire = Buffer.from(`* 1 FETCH (BODY[] {${body.length}}\r\n${body})\r\n`);
    const events = read(wire, { maxBufferedLiteral: 50, literalHead: 10 });
    const kinds = normalize(events, 'literal-chunk').map((e) => (e as { kind: string }).kind);
    expect(kinds).toEqual(['literal-start', 'literal-chunk', 'literal-end', 'response']);
    const merged = normalize(events, 'literal-chunk') as { kind: string; data?: string; prefix?: string; raw?: string }[];
    expect(merged[0]).toMatchObject({ size: 104, prefix: 'bytes:* 1 FETCH (BODY[] {104}\r\n' });
    expect(merged[1].data).toBe(`bytes:${body}`);
    expect(merged[3].raw).toBe('bytes:* 1 FETCH (BODY[] {104}\r\n)\r\n');
    const r = responses(events)[0];
    expect(plain(r)).toMatchObject({ values: [{ items: [{}, { type: 'literal', size: 104, complete: false, data: 'bytes:xxxxxxxxxx' }]}] });
  });
});

describe('ImapResponseReader: malformed lines', () => {
  const cases: [string, string, number][] = [
    ['unclosed quoted string', '* LIST () "/ INBOX', 10],
    ['unclosed list', '* 1 FETCH (FLAGS (\\Seen)', 10],
    ['extra ")"', '* SEARCH 1 2)', 12],
    ['response code not closed', '* OK [ALERT oops', 5],
    ['no tag', ' OK nothing', 0],
    ['tagged BYE', 'a1 BYE nope', 3],
    ['empty line', '', 0],
    ['number without name', '* 12', 4],
  ];
  it.each(cases)('%s: reported, and the next response parses', (_n, bad, offset) => {
    const events = read(crlf([bad, 'a OK fine']));
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'response']);
    expect(events[0]).toMatchObject({ kind: 'malformed', offset, raw: Buffer.from(`${bad}\r\n`) });
    expect(typeof (events[0] as { reason: string }).reason).toBe('string');
  });

  it('the mangled FETCH of the tutorial', () => {
    const events = read(crlf([...TUTORIAL_MANGLED_FETCH, '. OK FETCH completed.']), undefined, false);
    expect(events.filter((e) => e.kind === 'malformed').length).toBeGreaterThan(0);
    expect(events[events.length - 1]).toMatchObject({ kind: 'response', response: { status: 'OK', tag: '.' } });
  });

  it('a line over maxLineLength is dropped in bounded memory', () => {
    const wire = Buffer.concat([Buffer.from('* SEARCH '), Buffer.alloc(5000, '1 '), Buffer.from('\r\na OK\r\n')]);
    const events = read(wire, { maxLineLength: 1000 }, false);
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'response']);
    expect(events[0]).toMatchObject({ reason: 'line longer than 1000 bytes' });
  });

  it('end() inside a literal reports it', () => {
    const r = new ImapResponseReader();
    expect(r.push(Buffer.from('* 1 FETCH (BODY[] {10}\r\nabc'))).toEqual([]);
    expect(r.end()).toMatchObject([{ kind: 'malformed', reason: 'connection ended inside a literal' }]);
  });

  it('accepts a bare LF line end', () => {
    expect(responses(read(Buffer.from('* 1 EXISTS\na OK\n')))).toEqual([
      { kind: 'data', name: 'EXISTS', number: 1, values: [] },
      { kind: 'status', tag: 'a', status: 'OK', text: '' },
    ]);
  });
});

describe('ImapResponseReader: bounded memory', () => {
  it('streams a 50 MB literal with heap growth under 16 MB', () => {
    const size = 50 * 1024 * 1024;
    const reader = new ImapResponseReader();
    const piece = Buffer.alloc(64 * 1024, 'abcdefghij\r\n');
    // A real collector run before each sample, so we measure what the reader retains, not garbage.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    let peak = 0;
    let streamed = 0;
    const kinds = new Set<string>();
    const count = (evs: ReaderEvent[]) => {
      for (const e of evs) {
        kinds.add(e.kind);
        if (e.kind === 'literal-chunk') streamed += e.data.length;
      }
    };
    count(reader.push(Buffer.from(`* 1 FETCH (UID 5 BODY[] {${size}}\r\n`)));
    for (let sent = 0; sent < size; sent += piece.length) {
      // a fresh chunk each time, as a socket gives
      count(reader.push(Buffer.from(piece.subarray(0, Math.min(piece.length, size - sent)))));
      if ((sent & 0x3fffff) === 0) {
        gc();
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before);
      }
    }
    const last = reader.push(Buffer.from(')\r\n'));
    count(last);
    expect(streamed).toBe(size);
    expect([...kinds]).toEqual(['literal-start', 'literal-chunk', 'literal-end', 'response']);
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('ImapResponseReader: response budget', () => {
  it('streams literals once the response has buffered maxBufferedResponse bytes', () => {
    const wire = Buffer.from('* 1 FETCH (BODY[1] {6}\r\naaaaaa BODY[2] {6}\r\nbbbbbb)\r\n');
    const events = read(wire, { maxBufferedLiteral: 10, maxBufferedResponse: 8, literalHead: 2 });
    expect(normalize(events, 'literal-chunk').map((e) => (e as { kind: string }).kind)).toEqual(['literal-start', 'literal-chunk', 'literal-end', 'response']);
    const r = responses(events)[0] as { values: { items: { type: string; complete?: boolean }[] }[] };
    expect(r.values[0].items.filter((v) => v.type === 'literal').map((v) => v.complete)).toEqual([true, false]);
  });
});

describe('ImapResponseReader: stopping where another layer starts', () => {
  // STARTTLS's or COMPRESS's tagged OK: the bytes after it are TLS or DEFLATE, not IMAP.
  const before = crlf(['* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE', '* 1 FETCH (BODY[] {7}', 'a2 OK x)', 'a1 OK CAPABILITY done']);
  const ok = crlf(['a2 OK DEFLATE active']);
  const after = Buffer.from([0xf2, 0x0a, 0x0d, 0x0a, 0x00, 0x00, 0xff, 0xff, 0x2a, 0x20]);
  const wire = Buffer.concat([before, ok, after]);
  const isOk = (r: ImapResponse) => r.kind === 'status' && r.tag === 'a2' && r.status === 'OK';

  it.each(feedings(wire).map((f) => [f.name, f.chunks] as const))('%s: the responses up to the OK, and the rest unread', (_name, chunks) => {
    const { events, unread } = runUntil(new ImapResponseReader(), chunks, isOk);
    const shown = events.map((e) => (e.kind === 'response' && e.response.kind === 'status' ? `${e.response.tag} ${e.response.status}` : e.kind));
    expect(shown).toEqual(['response', 'response', 'a1 OK', 'a2 OK']);
    expect(unread.equals(after)).toBe(true);
  });

  it('without a stop, the same bytes after the OK are read as IMAP (and found malformed)', () => {
    const reader = new ImapResponseReader();
    const events = [...reader.push(wire), ...reader.end()];
    expect(events.at(-1)?.kind).toBe('malformed');
    expect(reader.takeUnread().length).toBe(0);
  });

  it('a NO does not stop the reader: the session goes on in clear', () => {
    const wireNo = Buffer.concat([crlf(['a2 NO not now', '* 3 EXISTS'])]);
    const reader = new ImapResponseReader();
    const events = reader.push(wireNo, (r) => r.kind === 'status' && r.tag === 'a2' && r.status === 'OK');
    expect(events.map((e) => e.kind)).toEqual(['response', 'response']);
    expect(reader.takeUnread().length).toBe(0);
  });
});
