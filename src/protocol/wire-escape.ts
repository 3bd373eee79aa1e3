// Byte-exact escaping of one wire line for a transcript `C:`/`S:` line (transcripts/README.md,
// "Escapes"). The text is meant to be read and edited by hand, so IMAP's own backslashes
// (`\Seen`, `"a\"b"`) stay as they are: the only escape is `\xHH`, and the only marker is a
// lone `\` ending the text, which says "these bytes did not end in CRLF".
//
//   wire bytes                 transcript text
//   a1 OK done\r\n             a1 OK done
//   * FLAGS (\Seen)\r\n        * FLAGS (\Seen)
//   bare LF\n                  bare LF\x0a\
//   no line end at close       no line end at close\
//   caf\xc3\xa9\r\n             café
//   \x00\xff\r\n               \x00\xff
//   + \r\n                     +\x20            (a trailing space would be eaten by editors)

import { MailscopeError } from '../errors.js';
import { latin1, utf8 } from './imap/bytes.js';

const CR = 0x0d;
const LF = 0x0a;
const BACKSLASH = 0x5c;
const SPACE = 0x20;

/** The no-line-end marker: a backslash as the last character of the text. */
export const NO_CRLF_MARKER = '\\';

/**
 * Code points that are valid UTF-8 but are escaped anyway: C1 controls, line/paragraph
 * separators and the BOM (editors split or drop them), bidi controls (they reorder what a
 * reader sees, "Trojan Source", CVE-2021-42574).
 */
const ESCAPED_CODE_POINT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x80, 0x9f],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];

function isEscapedCodePoint(cp: number): boolean {
  return ESCAPED_CODE_POINT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/**
 * Length of the valid, shown-as-is UTF-8 sequence (2-4 bytes) starting at `i`, or 0.
 * Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629 section 4).
 */
function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i];
  let length: number;
  let cp: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) { length = 2; cp = b0 & 0x1f; min = 0x80; }
  else if (b0 >= 0xe0 && b0 <= 0xef) { length = 3; cp = b0 & 0x0f; min = 0x800; }
  else if (b0 >= 0xf0 && b0 <= 0xf4) { length = 4; cp = b0 & 0x07; min = 0x10000; }
  else return 0;
  if (i + length > end) return 0;
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k];
    if ((b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return isEscapedCodePoint(cp) ? 0 : length;
}

function hexEscape(byte: number): string {
  return '\\x' + byte.toString(16).padStart(2, '0');
}

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

/** A wire backslash is written `\x5c` only where a reader would take it for an escape or the marker. */
function backslashNeedsEscape(content: Uint8Array, i: number, end: number): boolean {
  if (i === end - 1) return true;
  return i + 3 < end && content[i + 1] === 0x78 /* x */ && isHexByte(content[i + 2]) && isHexByte(content[i + 3]);
}

function isHexByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

function endsWithCrlf(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 2 && bytes[n - 2] === CR && bytes[n - 1] === LF;
}

/** 1 for a byte shown as itself: printable ASCII and the space, but not the backslash (a space
 * ending the text is the one exception, see escapeWireLine). A table: this runs for every byte
 * that raw mode shows and every byte recorded. */
const SHOWN = new Uint8Array(256);
for (let b = SPACE; b <= 0x7e; b++) SHOWN[b] = b === BACKSLASH ? 0 : 1;

/**
 * One wire line (its CRLF included if it had one) as transcript text: the CRLF is not
 * written; a line without CRLF ends with the marker `\`. Works for any bytes, so
 * `unescapeWireLine(escapeWireLine(b))` equals `b` always.
 */
export function escapeWireLine(bytes: Uint8Array): string {
  const hasCrlf = endsWithCrlf(bytes);
  const end = hasCrlf ? bytes.length - 2 : bytes.length;
  // Runs of bytes shown as themselves are taken as one latin1 slice each, not a character at a time.
  let out = '';
  let run = 0;
  let i = 0;
  while (i < end) {
    while (i < end && SHOWN[bytes[i]] === 1) i++;
    // A space ending the text is escaped: editors eat trailing spaces.
    if (i === end && bytes[end - 1] === SPACE) i--;
    if (i === end) break;
    const b = bytes[i];
    if (i > run) out += latin1(bytes, run, i);
    if (b === BACKSLASH) {
      out += backslashNeedsEscape(bytes, i, end) ? hexEscape(b) : '\\';
      i++;
    } else {
      // A space or tab ending the text, a control, or a byte >= 0x80: shown UTF-8 when a
      // valid sequence starts here, else `\xHH`.
      const length = b >= 0x80 ? utf8SequenceLength(bytes, i, end) : 0;
      out += length > 0 ? utf8(bytes, i, i + length) : hexEscape(b);
      i += length > 0 ? length : 1;
    }
    run = i;
  }
  if (end > run) out += latin1(bytes, run, end);
  return hasCrlf ? out : out + NO_CRLF_MARKER;
}

/**
 * Transcript text back to the wire line's bytes: `\xHH` is one byte, any other backslash is
 * itself, a lone `\` at the end means no CRLF follows; otherwise CRLF is appended. Other
 * characters are UTF-8 encoded, so a hand-typed tab or `é` is taken as is.
 * Throws TRANSCRIPT_SYNTAX for a raw CR or LF, which one text line cannot hold.
 */
export function unescapeWireLine(text: string): Uint8Array {
  if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
    throw new MailscopeError('TRANSCRIPT_SYNTAX', 'a wire line cannot contain a raw CR or LF; write \\x0d or \\x0a');
  }
  const hasMarker = text.endsWith(NO_CRLF_MARKER);
  const body = hasMarker ? text.slice(0, -1) : text;
  const lineEnd = hasMarker ? '' : '\r\n';
  let i = body.indexOf('\\x');
  // Nearly every line has no escape (`play` of a 200 MB literal's recording unescapes
  // millions of lines): one encoding into one Buffer.
  if (i < 0) return Buffer.from(body + lineEnd, 'utf8');
  // Escapes only shrink the text, so its UTF-8 length (plus CRLF) is room enough.
  const out = Buffer.allocUnsafe(Buffer.byteLength(body, 'utf8') + 2);
  let n = 0;
  let plainStart = 0;
  for (; i >= 0; i = body.indexOf('\\x', i + 1)) {
    if (!isHexDigit(body[i + 2]) || !isHexDigit(body[i + 3])) continue;
    if (i > plainStart) n += out.write(body.slice(plainStart, i), n, 'utf8');
    out[n++] = parseInt(body.slice(i + 2, i + 4), 16);
    i += 3;
    plainStart = i + 1;
  }
  n += out.write(body.slice(plainStart) + lineEnd, n, 'utf8');
  return out.subarray(0, n);
}
