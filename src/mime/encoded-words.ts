// RFC 2047 encoded words (`=?charset?B|Q?text?=`), decoded for display: ENVELOPE subjects and
// address display names arrive from the server still encoded (RFC 3501 section 7.4.2).
// Lenient where real mail is: a word need not be surrounded by whitespace, and a charset may
// carry an RFC 2231 language suffix (`UTF-8*en`). A word that cannot be decoded (unknown
// charset, bad base64, bad Q escape, bytes invalid in the charset) is left as it is.

// RFC 2047 section 2: charset and encoded-text contain no `?` or white space.
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]+)\?=/g;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Uint8Array;
}

export function decodeEncodedWords(s: string): string {
  const words = findWords(s);
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < words.length) {
    const run = adjacentRun(s, words, i);
    const first = words[i];
    const last = run[run.length - 1];
    const decoded = decodeRun(run);
    out += s.slice(pos, first.start) + (decoded ?? s.slice(first.start, last.end));
    pos = last.end;
    i += run.length;
  }
  return out + s.slice(pos);
}

function findWords(s: string): Word[] {
  const words: Word[] = [];
  for (const m of s.matchAll(ENCODED_WORD)) {
    const charset = m[1].split('*')[0].toLowerCase();
    const bytes = m[2].toUpperCase() === 'B' ? decodeB(m[3]) : decodeQ(m[3]);
    if (bytes === undefined || !charsetKnown(charset)) continue;
    words.push({ start: m.index, end: m.index + m[0].length, charset, bytes });
  }
  return words;
}

/** Words from index i on separated only by linear white space, which RFC 2047 section 6.2
 * says is not displayed, whatever their charsets. */
function adjacentRun(s: string, words: Word[], i: number): Word[] {
  const run = [words[i]];
  for (let j = i + 1; j < words.length; j++) {
    if (!/^[ \t\r\n]*$/.test(s.slice(words[j - 1].end, words[j].start))) break;
    run.push(words[j]);
  }
  return run;
}

/** Decodes a run; consecutive words of one charset are decoded as one byte string, since
 * senders split a multi-byte character across words (RFC 2047 section 5 forbids it; Outlook
 * and others do it anyway). Undefined when any part is invalid in its charset. */
function decodeRun(run: Word[]): string | undefined {
  let out = '';
  let k = 0;
  while (k < run.length) {
    let end = k + 1;
    while (end < run.length && run[end].charset === run[k].charset) end++;
    const text = decodeBytes(run[k].charset, concat(run.slice(k, end).map((w) => w.bytes)));
    if (text === undefined) return undefined;
    out += text;
    k = end;
  }
  return out;
}

/** B encoding = base64 (RFC 2047 section 4.1). */
function decodeB(text: string): Uint8Array | undefined {
  if (!BASE64_TEXT.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Q encoding (RFC 2047 section 4.2): `_` is space, `=XX` a byte, printable ASCII itself. */
function decodeQ(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (text[i] === '_') bytes.push(0x20);
    else if (text[i] === '=') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c > 0x20 && c < 0x7f) bytes.push(c);
    else return undefined;
  }
  return new Uint8Array(bytes);
}

function charsetKnown(charset: string): boolean {
  try {
    new TextDecoder(charset);
    return true;
  } catch {
    return false;
  }
}

function decodeBytes(charset: string, bytes: Uint8Array): string | undefined {
  try {
    return decodeCharset(charset, bytes, true);
  } catch {
    return undefined;
  }
}

/**
 * WHATWG windows-1252 for bytes 0x80-0x9F, which is where it differs from ISO-8859-1.
 * The Encoding Standard makes `iso-8859-1` and `us-ascii` labels of windows-1252 too.
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * TextDecoder for any label it knows, except that Node 20's TextDecoder decodes windows-1252
 * (and its labels iso-8859-1, us-ascii) as ISO-8859-1, turning 0x93 into U+0093 instead of
 * U+201C; those C1 characters are mapped here. Throws for an unknown label, or with `fatal`
 * for bytes invalid in the charset.
 */
export function decodeCharset(charset: string, bytes: Uint8Array, fatal = false): string {
  const decoder = new TextDecoder(charset, { fatal });
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
