// Parses one framed server response (RFC 3501 section 7, RFC 9051 section 7.1-7.5):
// continue-req, response-tagged, response-data (status and data). Framing (lines and
// literal bodies) is the response reader's job; this file sees one whole response.

import { internLatin1, upper } from './bytes.js';
import type { ImapResponse, ResponseCode, StatusWord } from './types.js';
import { ImapSyntaxError, ImapTokenizer, type LiteralFrame } from './tokenizer.js';
import { LazyDataResponse } from './lazy-response.js';
import { scanValues, type ValueTape } from './value-scanner.js';
import { ASTERISK, LBRACKET, PLUS, RBRACKET, SP, isBracketTokenChar, isDIGIT, isTagChar, isTokenChar } from './syntax.js';

/** resp-cond-state / resp-cond-bye / resp-cond-auth words. */
export const STATUS_WORDS: ReadonlySet<string> = new Set(['OK', 'NO', 'BAD', 'BYE', 'PREAUTH']);
/** Status words a tagged response may carry (response-tagged = tag SP resp-cond-state). */
export const TAGGED_STATUS_WORDS: ReadonlySet<string> = new Set(['OK', 'NO', 'BAD']);

export type ParseResult =
  | { ok: true; response: ImapResponse }
  | { ok: false; offset: number; reason: string };

/**
 * The common untagged data response (`* 12 FETCH (...)`, `* LIST ...`) read without a
 * tokenizer, as readUntagged reads it, when the value scanner vouches for its values; undefined
 * for anything else (a status, a continuation, a tagged line, values the scanner is not sure
 * of), which parseResponse then reads. The reader meets this shape on nearly every line of a
 * large FETCH, and the tokenizer's setup was a tenth of its time there.
 */
export function quickDataResponse(b: Uint8Array, start: number, end: number, literals: readonly LiteralFrame[], tape?: ValueTape): ImapResponse | undefined {
  if (b[start] !== ASTERISK || b[start + 1] !== SP || end - start < 3) return undefined;
  let pos = start + 2;
  while (pos < end && b[pos] === SP) pos++;
  let number: number | undefined;
  if (isDIGIT[b[pos]] === 1 && pos < end) {
    const digits = pos;
    let v = 0;
    while (pos < end && isDIGIT[b[pos]] === 1) v = v * 10 + (b[pos++] - 0x30);
    // readNumber's limit; then exactly expectSpace: one SP at least.
    if (pos - digits > 16 || b[pos] !== SP || pos >= end) return undefined;
    while (pos < end && b[pos] === SP) pos++;
    number = v;
  }
  const nameAt = pos;
  let h = 0;
  for (; pos < end; pos++) {
    const c = b[pos];
    if (isTokenChar[c] !== 1) break;
    h = (h * 31 + c) | 0;
  }
  if (pos === nameAt) return undefined;
  const name = upper(internLatin1(b, nameAt, pos, h));
  if (number === undefined && STATUS_WORDS.has(name)) return undefined;
  if (!scanValues(b, pos, end, literals, tape)) return undefined;
  const r = new LazyDataResponse(name, number, b, pos, end, literals);
  if (tape !== undefined) keepTape(r, tape);
  return r;
}

/** The response's entries stay on the tape for a printer (LazyDataResponse.unbuilt); the next response's follow them. */
function keepTape(r: LazyDataResponse, tape: ValueTape): void {
  r.keepTape(tape.data, tape.from, tape.length);
  tape.from = tape.length;
}

/** Parses `bytes[start, end)`: one response without its final CRLF. */
export function parseResponse(
  bytes: Uint8Array,
  start: number,
  end: number,
  literals: readonly LiteralFrame[] = [],
): ParseResult {
  const t = new ImapTokenizer(bytes, start, end, literals);
  try {
    return { ok: true, response: readResponse(t) };
  } catch (e) {
    if (e instanceof ImapSyntaxError) return { ok: false, offset: e.offset, reason: e.reason };
    throw e;
  }
}

function readResponse(t: ImapTokenizer): ImapResponse {
  const first = t.peek();
  if (first === PLUS) return readContinuation(t);
  if (first === ASTERISK) {
    t.pos++;
    t.expectSpace();
    return readUntagged(t);
  }
  const tag = t.readRun(isTagChar);
  if (tag === '') t.fail(t.atEnd() ? 'empty line' : 'response does not start with "*", "+" or a tag');
  t.expectSpace();
  const wordAt = t.pos;
  const status = upper(t.readRun(isTokenChar));
  if (!TAGGED_STATUS_WORDS.has(status)) t.fail('tagged response must be OK, NO or BAD', wordAt);
  return { kind: 'status', tag, status: status as StatusWord, ...readRespText(t) };
}

/** continue-req = "+" SP (resp-text / base64); a bare "+" is accepted (Exchange, Domino). */
function readContinuation(t: ImapTokenizer): ImapResponse {
  t.pos++;
  if (t.peek() === SP) t.pos++;
  return { kind: 'continuation', ...readRespText(t) };
}

function readUntagged(t: ImapTokenizer): ImapResponse {
  const b = t.bytes;
  if (isDIGIT[b[t.pos]] === 1 && t.pos < t.end) {
    // message-data = nz-number SP ("EXPUNGE" / "FETCH" ...); mailbox-data "* 3 EXISTS"
    const number = t.readNumber();
    t.expectSpace();
    const nameAt = t.pos;
    const name = upper(t.readRun(isTokenChar));
    if (name === '') t.fail('expected a response name after the number', nameAt);
    return dataResponse(t, name, number);
  }
  const nameAt = t.pos;
  const name = upper(t.readRun(isTokenChar));
  if (name === '') t.fail('expected a response name after "*"', nameAt);
  if (STATUS_WORDS.has(name)) return { kind: 'status', status: name as StatusWord, ...readRespText(t) };
  return dataResponse(t, name, undefined);
}

/** Values the scanner vouches for are built on first read; the rest are read now, by the tokenizer. */
function dataResponse(t: ImapTokenizer, name: string, number: number | undefined): ImapResponse {
  if (scanValues(t.bytes, t.pos, t.end, t.literals)) return new LazyDataResponse(name, number, t.bytes, t.pos, t.end, t.literals);
  const values = t.readValues();
  return number === undefined ? { kind: 'data', name, values } : { kind: 'data', name, number, values };
}

/** resp-text = ["[" resp-text-code "]" SP] text. Text may be missing (Gmail `a1 OK`). */
function readRespText(t: ImapTokenizer): { code?: ResponseCode; text: string } {
  t.skipSpaces();
  if (t.peek() !== LBRACKET) return { text: t.readRestAsText() };
  const code = readRespTextCode(t);
  // Courier and others omit the SP after "]"; trailing text may also be empty.
  t.skipSpaces();
  return { code, text: t.readRestAsText() };
}

/** resp-text-code: `[NAME]` or `[NAME args]`; args parsed generically, argText verbatim. */
function readRespTextCode(t: ImapTokenizer): ResponseCode {
  const open = t.pos++;
  const name = upper(t.readRun(isBracketTokenChar));
  if (name === '') t.fail('empty response code', open + 1);
  let args: ResponseCode['args'] = [];
  let argText = '';
  if (t.peek() === SP) {
    t.pos++;
    const argStart = t.pos;
    const saved = t.pos;
    try {
      args = t.withinBracket(() => t.readValues(RBRACKET));
    } catch (e) {
      if (!(e instanceof ImapSyntaxError)) throw e;
      // Not the generic grammar (e.g. a REFERRAL URL with odd bytes): keep the text only.
      args = [];
      t.pos = saved;
      const close = t.bytes.indexOf(RBRACKET, saved);
      if (close < 0 || close >= t.end) t.fail('response code not closed by "]"', open);
      t.pos = close;
    }
    argText = Buffer.prototype.utf8Slice.call(t.bytes, argStart, t.pos) as string;
  }
  if (t.peek() !== RBRACKET) t.fail('response code not closed by "]"', t.pos);
  t.pos++;
  return { name, args, argText };
}
