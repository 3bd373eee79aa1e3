// The pretty printer's wire writers (render-wire.ts, render-wire-fetch.ts) lay data responses
// out from the wire bytes without building values: they must show exactly what the values
// writer (render-imap.ts) shows. Every response of the corpora (the render fixtures, the
// transcripts' server lines, the lines below) is rendered three ways and compared:
//   kept: read with keepTapes, laid out from the reader's own scanner entries;
//   scanned: read without, laid out after a scan of its own;
//   values: its values built first, so the values writer lays it out.
// At several widths, two themes, with and without UTF-8 mailbox names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { LazyDataResponse, UnbuiltValues } from '../../src/protocol/imap/lazy-response.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';
import { imapEventLine, renderImapEvent, renderImapEventBytes } from '../../src/terminal/render-imap.js';
import { ByteBatch } from '../../src/terminal/byte-batch.js';
import { lastWireLane } from '../../src/terminal/render-wire.js';
import { createTheme, plainTheme } from '../../src/terminal/theme.js';
import { parseTranscript, sideBytes } from '../../src/transcript/format.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const colour = createTheme({ color: true, level: 1 });
const WIDTHS = [200, 100, 80, 60, 40, 24, 10, 1];

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, suffix) : name.endsWith(suffix) ? [p] : [];
  });
}

const crlf = (lines: string[]): Uint8Array => new Uint8Array(Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'));

/** Lines that take each road out of the wire writers: what they copy, what they leave to a value, what they decline. */
const EDGE = crlf([
  // A mailbox sync: the flat FETCH lane, on one line and one pair per line.
  '* 1 FETCH (FLAGS (\\Seen \\Answered) UID 40001 RFC822.SIZE 8919 INTERNALDATE "14-Jan-2011 08:17:36 +0000")',
  '* 2 FETCH (FLAGS () UID 40002 RFC822.SIZE 16838 INTERNALDATE "14-Jan-2011 00:35:12 -0800" MODSEQ (12345))',
  '* 3 FETCH (UID 3 FLAGS (\\Flagged $Forwarded NonJunk) X-GM-LABELS ("\\\\Important" foo) X-GM-THRID 1278455344230334865)',
  '* 4 FETCH (flags (\\seen) uid 4 Envelope (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))',
  '* FETCH (UID 5)',
  '* 6 FETCH ()',
  '* 7 FETCH (UID)',
  '* 8 FETCH (UID 8 FLAGS)',
  '* 9 FETCH ((UID) 9)',
  '* 10 FETCH (UID 10) (UID 10)',
  '* 4294967296 FETCH (UID 11)',
  // Numbers not shown as sent: leading zeros, past 2^53.
  '* 12 FETCH (UID 0012 RFC822.SIZE 0 MODSEQ 9007199254740993 X 2147483648 Y 99999999999999999)',
  // Strings not shown as sent, or with something beside.
  '* 13 FETCH (X-Q "a \\"q\\" \\\\ b" X-LENIENT "\\a" X-AMP "Entw&APw-rfe" X-EQ "a=b" X-EW "=?UTF-8?B?Y2Fmw6k=?=")',
  '* 14 FETCH (X-CONTROL "a\x1bb\x07c\x7f\u0085d" X-TAB "a\tb" X-8BIT "caf\u00e9" X-ATOM caf\u00e9 X-AMP-ATOM &AOk-)',
  '* 15 FETCH (ENVELOPE ("d" "=?UTF-8?B?Y2Fmw6k=?=" (("=?ISO-8859-1?Q?Andr=E9?=" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL))',
  '* 16 FETCH (UID 16 ENVELOPE ("Fri, 14 Jan 2011 08:17:36 +0000" "Test message number 1 about \\"quotes\\"" (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) ((NIL NIL "test77" "webdemo.com")) NIL NIL NIL "<AANLkTim1@mail.gmail.com>") BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 101 3 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 301 5 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "90e6ba53a4f47aa2e40499e0b764") NIL NIL NIL))',
  '* 17 FETCH (' + Array.from({ length: 70 }, (_, i) => `X${i} ${i}`).join(' ') + ')',
  '* 18 FETCH (FLAGS (' + Array.from({ length: 60 }, (_, i) => `$Label${i}`).join(' ') + '))',
  '* 19 FETCH (X-LONG "' + 'z'.repeat(300) + '" UID 19)',
  '* 20 FETCH (UID 20 BODY[TEXT] {5}',
  'hello FLAGS (\\Seen))',
  // Other data responses: roles, tight thread lists, names.
  '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"',
  '* LIST (\\HasNoChildren) "/" Entw&APw-rfe',
  '* LIST (\\Noselect) NIL "&2D3cAA-"',
  '* LSUB () "." "bad&name"',
  '* STATUS "Entw&APw-rfe" (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1234567890)',
  '* FLAGS (\\Answered $Forwarded NonJunk)',
  '* CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN ' + Array.from({ length: 30 }, (_, i) => `X-CAP${i}`).join(' '),
  '* SEARCH ' + Array.from({ length: 60 }, (_, i) => i + 1).join(' '),
  '* SORT 2 3 1',
  '* THREAD (2)(3 6 (4 23)(44 7 96)) ((1)(5))',
  '* NAMESPACE (("" "/")) NIL (("#shared/" "/"))',
  '* ID ("name" "Dovecot" "version" NIL)',
  '* QUOTA "" (STORAGE 10 512)',
  '* METADATA INBOX (/private/comment "a comment")',
  '* ESEARCH (TAG "a1") UID MIN 1 MAX 9 ALL 1:9',
  '* 3 EXISTS',
  '* 2 EXPUNGE',
  '* ENABLED CONDSTORE UTF8=ACCEPT',
  '* VANISHED (EARLIER) 1:3,5',
  '* OK [UIDVALIDITY 3857529045] UIDs valid',
  'a1 OK done',
]);

function corpora(): Array<{ name: string; bytes: Uint8Array }> {
  const list = [{ name: 'edge lines', bytes: EDGE }];
  for (const p of files(join(root, 'test/fixtures/render'), '.imap')) {
    list.push({ name: p.slice(root.length), bytes: crlf(readFileSync(p, 'utf8').replace(/\r?\n$/, '').split(/\r?\n/)) });
  }
  for (const p of [...files(join(root, 'transcripts'), '.txt'), ...files(join(root, 'test/fixtures/transcript'), '.txt')]) {
    let bytes: Uint8Array;
    try {
      const t = parseTranscript(readFileSync(p, 'utf8'));
      if (t.header.protocol === 'pop3') continue;
      bytes = sideBytes(t, 'server');
    } catch {
      continue; // a fixture that is malformed on purpose
    }
    if (bytes.length > 0) list.push({ name: p.slice(root.length), bytes });
  }
  return list;
}

function read(bytes: Uint8Array, keepTapes: boolean): ReaderEvent[] {
  const reader = new ImapResponseReader({ keepTapes });
  return [...reader.push(bytes), ...reader.end()];
}

const unbuiltOf = (ev: ReaderEvent): boolean =>
  ev.kind === 'response' && ev.response instanceof LazyDataResponse && ev.response.readUnbuilt(new UnbuiltValues());

describe('wire writers: the values writer\'s text, byte for byte', () => {
  const inputs = corpora();

  it('reads corpora with data responses left unbuilt (else nothing here is compared)', () => {
    const lazy = inputs.flatMap((c) => read(c.bytes, true)).filter(unbuiltOf);
    expect(inputs.length).toBeGreaterThan(5);
    expect(lazy.length).toBeGreaterThan(60);
  });

  for (const { name, bytes } of inputs) {
    it(`${name}: kept entries, own scan and built values render alike`, () => {
      let compared = 0;
      for (const theme of [plainTheme, colour]) {
        for (const utf8MailboxNames of [false, true]) {
          for (const width of WIDTHS) {
            const opts = { width, utf8MailboxNames };
            const kept = read(bytes, true);
            const scanned = read(bytes, false);
            const values = read(bytes, false);
            for (const ev of values) if (ev.kind === 'response' && ev.response.kind === 'data') void ev.response.values;
            expect(values.length).toBe(kept.length);
            for (let i = 0; i < values.length; i++) {
              const wasLazy = unbuiltOf(kept[i]);
              const expected = renderImapEvent(values[i], theme, opts);
              expect(renderImapEvent(kept[i], theme, opts), `${name} #${i} width ${width}`).toBe(expected);
              expect(renderImapEvent(scanned[i], theme, opts), `${name} #${i} width ${width}, own scan`).toBe(expected);
              expect(Buffer.from(renderImapEventBytes(kept[i], theme, opts)).toString('utf8')).toBe(expected);
              // Written in place into a print batch after what it holds (the writers start there,
              // trim back to there at most), from a buffer small enough to be grown while writing.
              const batch = new ByteBatch(64);
              batch.add('held  ');
              const line = imapEventLine(kept[i], theme, opts);
              if (line !== undefined) batch.addLine(line);
              expect(batch.take().toString('utf8')).toBe(`held  ${expected === '' ? '' : `${expected}\n`}`);
              // Rendering built nothing: the wire writers did the work.
              if (wasLazy) {
                expect(unbuiltOf(kept[i])).toBe(true);
                compared++;
              }
            }
          }
        }
      }
      if (/edge|fetch|select|list/.test(name)) expect(compared).toBeGreaterThan(0);
    });
  }

  it('breaks where the values writer breaks at every width from 1 to 130 (each boundary of the flat FETCH lane)', () => {
    const lines = crlf([
      '* 1 FETCH (FLAGS (\\Seen \\Answered) UID 40001 RFC822.SIZE 8919 INTERNALDATE "14-Jan-2011 08:17:36 +0000")',
      '* 12345 FETCH (UID 7 FLAGS (\\Deleted) X-GM-LABELS ("\\\\Inbox" work) MODSEQ (987654321))',
      '* FETCH (X-A a X-B bb X-C ccc)',
      '* 2 FETCH (UID 2 ENVELOPE (NIL "s" (("n" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL) FLAGS ())',
    ]);
    const kept = read(lines, true);
    const values = read(lines, false);
    for (const ev of values) if (ev.kind === 'response' && ev.response.kind === 'data') void ev.response.values;
    for (let width = 1; width <= 130; width++) {
      for (let i = 0; i < kept.length; i++) {
        expect(renderImapEvent(kept[i], colour, { width }), `#${i} width ${width}`).toBe(renderImapEvent(values[i], colour, { width }));
      }
    }
  });

  it('lays a mailbox sync out in the flat FETCH lane, and an ENVELOPE with nodes', () => {
    const [flags, envelope] = read(crlf([
      '* 1 FETCH (FLAGS (\\Seen \\Answered) UID 40001 RFC822.SIZE 8919 INTERNALDATE "14-Jan-2011 08:17:36 +0000")',
      '* 2 FETCH (UID 2 ENVELOPE (NIL "s" (("n" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL))',
    ]), true);
    const broken = renderImapEvent(flags, plainTheme, { width: 80 });
    expect(lastWireLane).toBe('fetch');
    expect(broken).toBe('* 1 FETCH (FLAGS (\\Seen \\Answered)\n  UID 40001\n  RFC822.SIZE 8919\n  INTERNALDATE "14-Jan-2011 08:17:36 +0000")');
    expect(renderImapEvent(flags, plainTheme, { width: 200 })).toBe('* 1 FETCH (FLAGS (\\Seen \\Answered) UID 40001 RFC822.SIZE 8919 INTERNALDATE "14-Jan-2011 08:17:36 +0000")');
    renderImapEvent(envelope, plainTheme, { width: 200 });
    expect(lastWireLane).toBe('nodes');
  });

  it('keeps rendering right when the reader got the bytes one at a time (entries kept per push)', () => {
    const whole = read(EDGE, false);
    for (const ev of whole) if (ev.kind === 'response' && ev.response.kind === 'data') void ev.response.values;
    const reader = new ImapResponseReader({ keepTapes: true });
    const bytewise = [...[...EDGE].flatMap((b) => reader.push(Uint8Array.of(b))), ...reader.end()];
    expect(bytewise.map((ev) => renderImapEvent(ev, colour, { width: 60 }))).toEqual(whole.map((ev) => renderImapEvent(ev, colour, { width: 60 })));
  });
});
