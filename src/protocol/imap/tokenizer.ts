// Byte-level tokenizer for IMAP data (RFC 3501 sections 4 and 9, RFC 9051 section 4):
// atoms (flags `\Seen`, `\*`, `RFC822.SIZE`), numbers, quoted strings, NIL, nested lists,
// literals `{N}` `{N+}` `~{N}` and fetch section items `BODY[HEADER.FIELDS (FROM)]<0>`.
//
// The tokenizer parses; it never frames. A reader hands it one whole response or command:
// the line bytes with each literal body inline after its `{N}CRLF` (or only the first bytes
// of a streamed body, described by a LiteralFrame). Errors carry a byte offset and a reason.
// Inside, the cursor throws ImapSyntaxError; the exported `tokenize` and the readers catch it,
// so nothing throws out of a reader.

import type { ImapLiteral, ImapSectionItem, ImapValue } from './types.js';
import { internLatin1, latin1, utf8 } from './bytes.js';
import { IMAP_LIMITS } from './limits.js';
import {
  BACKSLASH, CR, DOT, DQUOTE, LANGLE, LBRACE, LBRACKET, LF, LPAREN, PLUS, MINUS, RANGLE,
  RBRACE, RBRACKET, RPAREN, SP, TILDE, QUOTED_BYTE_CLASS, isBracketTokenChar, isBracketTokenContinue, isDIGIT, isTokenChar, isTokenContinue,
} from './syntax.js';

/** Where a literal body sits in the tokenizer input and how much of it is there. */
export interface LiteralFrame {
  /** Offset of the first body byte (just after `{N}CRLF`). */
  bodyStart: number;
  /** The announced size N. */
  size: number;
  /** Body bytes present in the input from bodyStart (N, or the head of a streamed body). */
  stored: number;
}

export class ImapSyntaxError extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(`${reason} at byte ${offset}`);
    this.name = 'ImapSyntaxError';
  }
}

export type TokenizeResult =
  | { ok: true; values: ImapValue[] }
  | { ok: false; offset: number; reason: string };

/**
 * fetch-att names that take a `[section]` (RFC 3501 section 6.4.5, RFC 3516 BINARY).
 * Any other atom keeps `[` as an ATOM-CHAR, so `[Gmail]/Sent` stays one astring.
 */
export const SECTION_ITEM_NAMES: ReadonlySet<string> = new Set([
  'BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE',
]);


/** Longest quoted string worth interning (see readQuotedString). */
const QUOTED_INTERN_MAX = 24;

const NIL: ImapValue = Object.freeze({ type: 'nil' }) as ImapValue;

/** NIL, in any case (RFC 3501 section 9: the grammar's strings are case-insensitive). */
export function isNil(b: Uint8Array, s: number, e: number): boolean {
  return e - s === 3 && (b[s] | 0x20) === 0x6e && (b[s + 1] | 0x20) === 0x69 && (b[s + 2] | 0x20) === 0x6c;
}

/** A cursor over one framed response or command. Methods throw ImapSyntaxError. */
/**
 * An atom's text: 8-bit atoms are raw UTF-8 mailbox names from servers that skip quoting (see
 * isTokenChar); others are interned. `high` is the atom's bytes OR-ed together and `hash`
 * internLatin1's hash, when the caller has them.
 */
export function atomText(b: Uint8Array, start: number, end: number, high?: number, hash?: number): string {
  if (high === undefined) {
    high = 0;
    let h = 0;
    for (let i = start; i < end; i++) {
      const c = b[i];
      high |= c;
      h = (h * 31 + c) | 0;
    }
    hash = h;
  }
  return high >= 0x80 ? utf8(b, start, end) : internLatin1(b, start, end, hash);
}

export class ImapTokenizer {
  pos: number;
  private literalIndex = 0;
  private depth = 0;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    readonly literals: readonly LiteralFrame[] = [],
  ) {
    this.pos = start;
  }

  fail(reason: string, offset = this.pos): never {
    throw new ImapSyntaxError(offset, reason);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number {
    return this.pos < this.end ? this.bytes[this.pos] : -1;
  }

  /** Skips spaces; servers send doubled and trailing ones (Courier, old Exchange). */
  skipSpaces(): void {
    while (this.pos < this.end && this.bytes[this.pos] === SP) this.pos++;
  }

  expectSpace(): void {
    if (this.bytes[this.pos] !== SP || this.pos >= this.end) this.fail('expected a space');
    this.skipSpaces();
  }

  /** Reads values until the end, or until `closer` (`)` or `]`) which is left unread. */
  readValues(closer = -1, openedAt = this.pos): ImapValue[] {
    const values: ImapValue[] = [];
    const b = this.bytes;
    for (;;) {
      while (this.pos < this.end && b[this.pos] === SP) this.pos++;
      if (this.pos >= this.end) {
        if (closer === RPAREN) this.fail('"(" not closed by ")"', openedAt);
        if (closer === RBRACKET) this.fail('"[" not closed by "]"', openedAt);
        return values;
      }
      if (b[this.pos] === closer) return values;
      values.push(this.readValue());
    }
  }

  readValue(): ImapValue {
    const c = this.bytes[this.pos];
    if (c === LPAREN) return this.readList();
    if (c === DQUOTE) return { type: 'quoted', value: this.readQuotedString() };
    if (c === LBRACE) return this.readLiteral(false);
    if (c === TILDE && this.bytes[this.pos + 1] === LBRACE) {
      this.pos++;
      return this.readLiteral(true);
    }
    return this.readAtomLike();
  }

  readList(): ImapValue {
    const open = this.pos++;
    if (++this.depth > IMAP_LIMITS.maxNesting) this.fail('lists nested too deeply', open);
    const items = this.readValues(RPAREN, open);
    this.pos++; // ")"
    this.depth--;
    return { type: 'list', items };
  }

  /** quoted = DQUOTE *QUOTED-CHAR DQUOTE; `\"` and `\\` are unescaped. UTF-8 per RFC 9051. */
  readQuotedString(): string {
    const b = this.bytes;
    const end = this.end;
    const open = this.pos;
    let i = open + 1;
    let escaped = false;
    let high = false;
    for (;;) {
      while (i < end && QUOTED_BYTE_CLASS[b[i]] === 0) i++;
      if (i >= end) this.fail('quoted string not closed', open);
      const k = QUOTED_BYTE_CLASS[b[i]];
      if (k === 1) break;
      if (k === 2) {
        if (QUOTED_BYTE_CLASS[b[i + 1]] === 3 && i + 1 < end) this.fail('line break inside a quoted string', i + 1);
        escaped = true;
        i += 2;
      } else if (k === 3) {
        this.fail('line break inside a quoted string', i);
      } else {
        high = true;
        i++;
      }
    }
    this.pos = i + 1;
    if (escaped) return this.unescape(open + 1, i);
    if (high) return utf8(b, open + 1, i);
    // Short quoted strings repeat a lot ("TEXT", "utf-8", "/", hosts): interning costs a hash
    // on a miss and saves a string on a hit. Longer ones (dates, message-ids, subjects) are
    // nearly all distinct, so hashing them only costs (measured with bench/ on real-shaped dates).
    return i - open - 1 > QUOTED_INTERN_MAX ? latin1(b, open + 1, i) : internLatin1(b, open + 1, i);
  }

  private unescape(start: number, end: number): string {
    const b = this.bytes;
    const out = Buffer.allocUnsafe(end - start);
    let n = 0;
    for (let i = start; i < end; i++) {
      let c = b[i];
      if (c === BACKSLASH) {
        c = b[++i];
        // quoted-specials only; a lone "\x" is kept as "x" (lenient: seen from Zimbra)
      }
      out[n++] = c;
    }
    return out.toString('utf8', 0, n);
  }

  /** literal = "{" number64 ["+"] "}" CRLF *CHAR8; literal8 = "~{" ... (RFC 3516). */
  readLiteral(binary: boolean): ImapLiteral {
    const b = this.bytes;
    const open = binary ? this.pos - 1 : this.pos;
    let i = this.pos + 1;
    let size = 0;
    const digits = i;
    while (i < this.end && isDIGIT[b[i]] === 1) size = size * 10 + (b[i++] - 0x30);
    if (i === digits) this.fail('literal size is not a number', i);
    if (size > Number.MAX_SAFE_INTEGER) this.fail('literal size too large', digits);
    let nonSync = false;
    if (b[i] === PLUS || b[i] === MINUS) {
      nonSync = true; // RFC 7888 LITERAL+ / LITERAL-
      i++;
    }
    if (b[i] !== RBRACE) this.fail('literal size not closed by "}"', i);
    i++;
    if (b[i] === CR) i++;
    if (b[i] !== LF || i >= this.end) this.fail('literal announcement not followed by CRLF', i);
    i++;
    const frame = this.literalAt(i);
    const stored = frame ? frame.stored : Math.min(size, this.end - i);
    if (!frame && stored < size) this.fail(`literal body shorter than ${size} bytes`, open);
    this.pos = i + stored;
    const data = b.subarray(i, i + stored);
    const lit: ImapLiteral = { type: 'literal', size, binary, data, complete: stored === size };
    if (nonSync) lit.nonSync = true;
    return lit;
  }

  private literalAt(bodyStart: number): LiteralFrame | undefined {
    const ls = this.literals;
    while (this.literalIndex < ls.length && ls[this.literalIndex].bodyStart < bodyStart) this.literalIndex++;
    const f = ls[this.literalIndex];
    return f && f.bodyStart === bodyStart ? f : undefined;
  }

  /** number, NIL, atom, or section item (`BODY[...]<...>`). */
  readAtomLike(): ImapValue {
    const b = this.bytes;
    const end = this.end;
    const start = this.pos;
    let i = start;
    let value = 0;
    while (i < end && isDIGIT[b[i]] === 1) value = value * 10 + (b[i++] - 0x30);
    const chars = this.inBracket > 0 ? isBracketTokenChar : isTokenChar;
    if (i > start && i - start <= 16 && (i >= end || chars[b[i]] !== 1)) {
      this.pos = i;
      return { type: 'number', value };
    }
    // "[" continues a token only at its start (`[Gmail]/Sent`); after a name it opens a section.
    const continues = this.inBracket > 0 ? isBracketTokenContinue : isTokenContinue;
    let h = 0;
    let high = 0;
    i = start;
    if (b[i] === LBRACKET && chars === isTokenChar) h = b[i++];
    for (; i < end; i++) {
      const c = b[i];
      if (continues[c] !== 1) break;
      h = (h * 31 + c) | 0;
      high |= c;
    }
    if (i === start) this.fail(`unexpected ${describe(b[i])}`);
    this.pos = i;
    if (b[i] === LBRACKET && i < end) {
      const upper = latin1(b, start, i).toUpperCase();
      if (SECTION_ITEM_NAMES.has(upper)) return this.readSection(upper);
      return this.readBracketedAtomTail(start);
    }
    if (isNil(b, start, i)) return NIL;
    return { type: 'atom', value: atomText(b, start, i, high, h) };
  }

  /** Depth of `[...]` being read: there `]` ends a token (resp-text-code, section). */
  private inBracket = 0;

  /** An atom that merely contains `[` (e.g. `INBOX[x]`): take the rest of the token. */
  private readBracketedAtomTail(start: number): ImapValue {
    const b = this.bytes;
    let i = this.pos;
    const chars = this.inBracket > 0 ? isBracketTokenChar : isTokenChar;
    while (i < this.end && chars[b[i]] === 1) i++;
    this.pos = i;
    return { type: 'atom', value: internLatin1(b, start, i) };
  }

  /** section = "[" [section-spec] "]" then optional partial `<origin[.count]>`. */
  private readSection(name: string): ImapSectionItem {
    const b = this.bytes;
    const open = this.pos++;
    this.inBracket++;
    const section = this.readValues(RBRACKET, open);
    this.inBracket--;
    const sectionText = latin1(b, open + 1, this.pos);
    this.pos++; // "]"
    const item: ImapSectionItem = { type: 'section', name, section, sectionText };
    if (b[this.pos] === LANGLE && this.pos < this.end) item.partial = this.readPartial();
    return item;
  }

  /** Enters bracket context for a caller parsing `[code args]` itself. */
  withinBracket<T>(f: () => T): T {
    this.inBracket++;
    try {
      return f();
    } finally {
      this.inBracket--;
    }
  }

  private readPartial(): { origin: number; count?: number } {
    const b = this.bytes;
    const open = this.pos++;
    const origin = this.readNumber();
    let count: number | undefined;
    if (b[this.pos] === DOT) {
      this.pos++;
      count = this.readNumber();
    }
    if (b[this.pos] !== RANGLE || this.pos >= this.end) this.fail('partial not closed by ">"', open);
    this.pos++;
    return count === undefined ? { origin } : { origin, count };
  }

  readNumber(): number {
    const b = this.bytes;
    const start = this.pos;
    let v = 0;
    while (this.pos < this.end && isDIGIT[b[this.pos]] === 1) v = v * 10 + (b[this.pos++] - 0x30);
    if (this.pos === start) this.fail('expected a number');
    if (this.pos - start > 16) this.fail('number too large', start);
    return v;
  }

  /** Reads a run of bytes accepted by `chars` (may be empty). */
  readRun(chars: Uint8Array): string {
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < this.end && chars[b[this.pos]] === 1) this.pos++;
    return internLatin1(b, start, this.pos);
  }

  /** The rest of the input as text (resp-text), UTF-8 per RFC 9051. */
  readRestAsText(): string {
    const s = this.pos;
    this.pos = this.end;
    return utf8(this.bytes, s, this.end);
  }
}

function describe(c: number | undefined): string {
  if (c === undefined) return 'end of line';
  if (c === CR || c === LF) return 'line break';
  if (c < 0x20 || c >= 0x7f) return `byte 0x${c.toString(16).padStart(2, '0')}`;
  return `"${String.fromCharCode(c)}"`;
}

/**
 * Tokenizes `bytes[start, end)` as a sequence of IMAP values. Literal bodies are expected
 * inline after `{N}CRLF` unless `literals` says how much of each is present.
 */
export function tokenize(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  literals: readonly LiteralFrame[] = [],
): TokenizeResult {
  const t = new ImapTokenizer(bytes, start, end, literals);
  try {
    const values = t.readValues();
    return { ok: true, values };
  } catch (e) {
    if (e instanceof ImapSyntaxError) return { ok: false, offset: e.offset, reason: e.reason };
    throw e;
  }
}

/** Convenience for tests and the REPL: tokenizes a string's UTF-8 bytes. */
export function tokenizeString(s: string): TokenizeResult {
  return tokenize(Buffer.from(s, 'utf8'));
}
