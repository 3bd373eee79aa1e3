// Byte-for-byte check that two builds render the same: the pretty printer (renderImapEvent)
// and raw mode (LineSplitter + renderRaw, escapeWireLine) of an OLD build against a NEW one.
// Usage: node bench/render-equivalence.js [OLD_DIST] [NEW_DIST]   (defaults /tmp/dist-old, dist)
// OLD_DIST needs a node_modules beside it (`ln -s /work/main/node_modules OLD_DIST/`) for chalk.
// Inputs: both FETCH bench files, every test/fixtures/**/*.imap, the S: lines of every
// transcript, and hand-made edge cases; themes plain and colour level 1; several widths.
// Prints one line per (input, mode) with the SHA-256 of each build's output; exits 1 on a mismatch.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chunked, envelopeBodystructure, fetchFlags } from './data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const [oldDir = '/tmp/dist-old', newDir = join(root, 'dist')] = process.argv.slice(2);

async function load(dir) {
  const url = (p) => pathToFileURL(resolve(dir, p)).href;
  return {
    reader: await import(url('protocol/imap/response-reader.js')),
    imap: await import(url('terminal/render-imap.js')),
    raw: await import(url('terminal/render-raw.js')),
    theme: await import(url('terminal/theme.js')),
    // LineSplitter lives in protocol/ since commit 7410f91 (transcript/wire.js before).
    wire: await import(url('protocol/line-splitter.js')).catch(() => import(url('transcript/wire.js'))),
    // The escaper lives in protocol/wire-escape.js since the sixth stop (transcript/escape.js before).
    escape: await import(url('protocol/wire-escape.js')).catch(() => import(url('transcript/escape.js'))),
  };
}

const builds = { old: await load(oldDir), new: await load(newDir) };
// The unescaper of the old build reads the transcripts, so both builds see the same bytes.
const unescape = builds.old.escape.unescapeWireLine;

function files(dir, test) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (test(name)) out.push(p);
  }
  return out;
}

const crlf = (text) => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');

function transcriptServerBytes(path) {
  const parts = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('S: ')) continue;
    try {
      parts.push(Buffer.from(unescape(line.slice(3))));
    } catch {
      // Not a wire line this build can read: skip it.
    }
  }
  return Buffer.concat(parts);
}

/** Responses that take the rare paths: controls, literals, codes, spacing, mailbox names. */
const EDGE = crlf(
  [
    '* OK [ALERT] text  with   runs of spaces ',
    '* OK [UIDVALIDITY 3857529045] UIDs valid',
    '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited',
    '* NO [BADCHARSET (UTF-8 "X")] bad',
    'a1 OK [READ-WRITE] SELECT completed',
    'a2 BAD',
    '* BYE bye',
    '* PREAUTH ready',
    '+ go ahead',
    '+',
    '+ [CAPABILITY IMAP4rev1] x',
    '* CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN',
    '* ENABLED CONDSTORE',
    '* 3 EXISTS',
    '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"',
    '* LIST (\\HasNoChildren) "/" Entw&APw-rfe',
    '* LIST (\\HasNoChildren) NIL "&Jjo-!"',
    '* LSUB () "." "bad&name"',
    '* XLIST (\\Inbox) "/" "INBOX"',
    '* STATUS "Entw&APw-rfe" (MESSAGES 3 UIDNEXT 4)',
    '* FLAGS (\\Answered $Forwarded NonJunk)',
    '* SEARCH 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38',
    '* 1 FETCH (UID 1 FLAGS ())',
    '* 1 FETCH (FLAGS (\\Seen) UID 1 RFC822.SIZE 12 INTERNALDATE " 1-Jan-2020 00:00:00 +0000" X-GM-LABELS ("\\\\Important" foo))',
    '* 2 FETCH (ENVELOPE ("d" "=?UTF-8?B?Y2Fmw6k=?=" (("=?ISO-8859-1?Q?Andr=E9?=" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL))',
    '* 2 FETCH (ENVELOPE ("d" "a \\"q\\" \\\\ b" NIL NIL NIL NIL NIL NIL NIL NIL) flags (\\Seen))',
    '* 3 FETCH (BODY[HEADER.FIELDS (FROM TO)] {14}',
    'From: a\r\nTo: b )',
    '* 4 FETCH (BODY[]<0.5> {5}',
    'hello UID 4)',
    '* 5 FETCH (BODY[] {0}',
    ' UID 5)',
    '* 6 FETCH (BINARY[1] ~{3}',
    'abc)',
    '* 7 FETCH (UID 7 BODY[TEXT] {20}',
    'l1\r\nl2\r\nl3\r\nl4\r\nl5\r\n FLAGS (\\Seen))',
    '* 8 FETCH (BODY[1]<10> "x" UID)',
    '* 9 FETCH (UID 9 BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "UTF-8" "NAME" "=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?=") NIL NIL "QUOTED-PRINTABLE" 1234 56 NIL ("attachment" ("FILENAME" "a very long file name that goes on and on and on.txt")) NIL NIL))',
    '* 10 FETCH (X-CONTROL "a\x1bb\x07c\x7f\u0085d" X-TAB "a\tb")',
    '* 11 FETCH (UID 11 X-ATOM &AOk- \\Flag "caf\u00e9" "\u2028" NIL)',
    '* NAMESPACE (("" "/")) NIL (("#shared/" "/"))',
    '* ID ("name" "Dovecot" "version" NIL)',
    '* QUOTAROOT INBOX ""',
    '* QUOTA "" (STORAGE 10 512)',
    '* 12 FETCH (MODSEQ (12345678901234) UID 12)',
    '* 13 FETCH (' + Array.from({ length: 40 }, (_, i) => `X${i} ${i}`).join(' ') + ')',
    '* 14 FETCH (FLAGS (' + Array.from({ length: 60 }, (_, i) => `$Label${i}`).join(' ') + '))',
    '* VANISHED (EARLIER) 1:3,5',
    'a3 OK [COPYUID 38505 304,319:320 3956:3958] Done',
    'a4 NO [TRYCREATE] No such mailbox',
    '* OK [CAPABILITY IMAP4rev1 ' + Array.from({ length: 30 }, (_, i) => `CAP${i}`).join(' ') + '] ready ' + 'word '.repeat(30),
    '* 15 FETCH (UID 15 ENVELOPE ("' + 'x'.repeat(150) + '" NIL NIL NIL NIL NIL NIL NIL NIL NIL))',
    '* 16 FETCH)',
    'garbage ( line',
    '* 17 FETCH (UID "unterminated)',
    '\u00ff\u00fe raw',
    // Text written as bytes (render-text-buffer.ts): surrogate pairs (a modified UTF-7 name
    // decoded), two- and three-byte UTF-8, C1 controls, numbers past 31 bits, and tokens and
    // literal lines long enough to grow the buffer.
    '* LIST () "/" "&2D3cAA-"',
    '* LIST () "/" &2D3cAA-',
    '* LIST () "/" "&2D3cAA-&2D3cAA-x&2D3cAA-"',
    '* 18 FETCH (UID 4294967295 RFC822.SIZE 0 MODSEQ 9007199254740993 X 2147483648 Y 2147483647 Z 1000000000)',
    '* 19 FETCH (ENVELOPE ("d" "=?UTF-8?B?8J+YgCBjYWbDqSDml6XmnKw=?=" (("=?UTF-8?Q?=E6=97=A5?=" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL))',
    '* 20 FETCH (X-TEXT "\u65e5\u672c\u8a9e \u00e9\u00e8 \ud83d\ude00 caf\u00e9" X-ATOM caf\u00e9)',
    '* 21 FETCH (BODY[TEXT] {' + Buffer.byteLength('l\r\n'.repeat(30)) + '}',
    'l\r\n'.repeat(30) + ' UID 21)',
    '* 22 FETCH (BODY[TEXT] {40000}',
    'y'.repeat(40000) + ' UID 22)',
    '* 23 FETCH (X-LONG "' + 'z'.repeat(70000) + '" X-LONG2 "' + 'w \\" '.repeat(9000) + '")',
    '* 24 FETCH (X-UTF8 {12}',
    'caf\u00e9 \u65e5\u672c UID 24)',
    '* 25 FETCH (X "\u00e9\u0085" Y "\u2028\u00ad")',
    '* OK done',
  ].join('\n') + '\n',
);

function inputs() {
  const list = [];
  for (const make of [fetchFlags, envelopeBodystructure]) {
    const spec = make();
    list.push({ name: spec.name, chunks: () => chunked(spec), widths: [80, 200], big: true });
  }
  for (const p of files(join(root, 'test/fixtures'), (n) => n.endsWith('.imap'))) {
    const bytes = crlf(readFileSync(p, 'utf8'));
    list.push({ name: p.slice(root.length), chunks: () => [bytes], widths: WIDTHS });
  }
  const transcripts = [...files(join(root, 'transcripts'), (n) => n.endsWith('.txt')), ...files(join(root, 'test/fixtures'), (n) => n.endsWith('.txt'))];
  for (const p of transcripts) {
    const bytes = transcriptServerBytes(p);
    if (bytes.length > 0) list.push({ name: p.slice(root.length), chunks: () => [bytes], widths: WIDTHS });
  }
  list.push({ name: 'edge cases', chunks: () => [EDGE], widths: WIDTHS });
  list.push({ name: 'edge cases, one byte at a time', chunks: () => [...EDGE].map((b) => Buffer.of(b)), widths: [80] });
  return list;
}

const WIDTHS = [80, 200, 100, 60, 40, 24, 10, 1];

function pretty(build, input, theme, width, literalLines) {
  const h = createHash('sha256');
  const reader = new build.reader.ImapResponseReader();
  const opts = { width };
  if (literalLines !== undefined) opts.literalLines = literalLines;
  const eat = (events) => {
    for (const ev of events) h.update(build.imap.renderImapEvent(ev, theme, opts) + '\n');
  };
  for (const c of input.chunks()) eat(reader.push(c));
  eat(reader.end());
  return h.digest('hex');
}

function raw(build, input, theme) {
  const h = createHash('sha256');
  const lines = new build.wire.LineSplitter();
  for (const c of input.chunks()) {
    for (const line of lines.push(c)) {
      h.update(build.raw.renderRaw('S', line, theme) + '\n');
      if (!input.big) h.update(build.raw.renderRaw('C', line, theme) + '\n' + build.escape.escapeWireLine(line) + '\n');
    }
  }
  const rest = lines.rest();
  if (rest) h.update(`rest ${Buffer.from(rest).toString('hex')}\n` + build.raw.renderRaw('S', rest, theme));
  return h.digest('hex');
}

/** Random bytes biased to the escaper's cases: backslash + x + hex, CR/LF, UTF-8 lead bytes, spaces. */
function escapeFuzz(build, seed, count) {
  const h = createHash('sha256');
  let s = seed;
  const rnd = (n) => ((s = (s * 1103515245 + 12345) & 0x7fffffff) % n);
  const alphabet = [0x5c, 0x78, 0x41, 0x66, 0x30, 0x20, 0x09, 0x0d, 0x0a, 0xc3, 0xa9, 0xe2, 0x80, 0xa8, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x00, 0x1b, 0x61, 0xef, 0xbb, 0xbf, 0xc2, 0x85];
  for (let n = 0; n < count; n++) {
    const bytes = Buffer.alloc(rnd(24));
    for (let i = 0; i < bytes.length; i++) bytes[i] = rnd(3) === 0 ? rnd(256) : alphabet[rnd(alphabet.length)];
    h.update(build.escape.escapeWireLine(bytes) + '\n');
    h.update(build.raw.renderRaw('S', bytes, build.theme.createTheme({ color: true, level: 1 })) + '\n');
  }
  // The LineSplitter over the same stream cut at random points.
  const stream = Buffer.alloc(200_000);
  for (let i = 0; i < stream.length; i++) stream[i] = rnd(4) === 0 ? 0x0a : alphabet[rnd(alphabet.length)];
  const splitter = new build.wire.LineSplitter();
  for (let pos = 0; pos < stream.length; ) {
    const n = 1 + rnd(300);
    for (const line of splitter.push(Buffer.from(stream.subarray(pos, pos + n)))) h.update(Buffer.from(line).toString('hex') + '\n');
    pos += n;
  }
  const rest = splitter.rest();
  if (rest) h.update('rest ' + Buffer.from(rest).toString('hex'));
  return h.digest('hex');
}

/** Responses the reader never makes (its text is always well-formed UTF-16) but a caller of
 * renderImapResponse may pass: lone surrogates, which UTF-8 cannot carry. */
const CONSTRUCTED = [
  { kind: 'data', name: 'FETCH', number: 1, values: [{ type: 'list', items: [{ type: 'atom', value: 'X' }, { type: 'quoted', value: 'a\ud800b' }, { type: 'atom', value: 'Y\udc00' }, { type: 'quoted', value: 'end\ud83d' }, { type: 'quoted', value: '\ude00\ud83d\ude00' }] }] },
  { kind: 'status', tag: 'a1', status: 'OK', text: 'lone \ud800 surrogate and \ud83d\ude00 pair' },
  { kind: 'data', name: 'LIST', values: [{ type: 'list', items: [] }, { type: 'quoted', value: '/' }, { type: 'quoted', value: '\udfff&AOk-' }] },
];

function constructed(build, theme, width) {
  const h = createHash('sha256');
  for (const r of CONSTRUCTED) h.update(JSON.stringify(build.imap.renderImapResponse(r, theme, { width })) + '\n');
  return h.digest('hex');
}

let mismatches = 0;
let checks = 0;
function compare(label, run) {
  const a = run(builds.old);
  const b = run(builds.new);
  checks++;
  const same = a === b;
  if (!same) mismatches++;
  console.log(`${same ? 'same' : 'DIFF'}  ${a.slice(0, 12)} ${b.slice(0, 12)}  ${label}`);
}

/** A theme whose styles are no plain wrappers (the text's length goes in front): the printer
 * must call them (render-style.ts), not write their codes around the text itself. */
const oddThemes = new Map();
function oddTheme(build) {
  if (!oddThemes.has(build)) {
    const kinds = Object.keys(build.theme.plainTheme);
    oddThemes.set(build, Object.freeze(Object.fromEntries(kinds.map((k) => [k, (t) => `<${k}${t.length}>${t}`]))));
  }
  return oddThemes.get(build);
}

const themeOf = (build, name) =>
  name === 'plain' ? build.theme.plainTheme : name === 'odd' ? oddTheme(build) : build.theme.createTheme({ color: true, level: 1 });
for (const input of inputs()) {
  for (const themeName of input.big ? ['plain', 'colour'] : ['plain', 'colour', 'odd']) {
    for (const width of input.widths) {
      compare(`pretty ${themeName} width ${width}: ${input.name}`, (b) => pretty(b, input, themeOf(b, themeName), width));
    }
    if (!input.big) compare(`pretty ${themeName} literalLines 2: ${input.name}`, (b) => pretty(b, input, themeOf(b, themeName), 100, 2));
    compare(`raw ${themeName}: ${input.name}`, (b) => raw(b, input, themeOf(b, themeName)));
  }
}
for (const themeName of ['plain', 'colour', 'odd']) {
  for (const width of WIDTHS) {
    compare(`pretty ${themeName} width ${width}: constructed responses`, (b) => constructed(b, themeOf(b, themeName), width));
  }
}
compare('escapeWireLine, renderRaw and LineSplitter fuzz', (b) => escapeFuzz(b, 42, 200_000));

console.log(`\n${checks - mismatches} of ${checks} the same${mismatches ? `; ${mismatches} DIFFERENT` : ''}`);
process.exit(mismatches ? 1 : 0);
