// The fast path for response values: one pass over the bytes that checks them, without making a
// single value. The reader uses it to accept a data response whose values are then built only
// when someone reads them (lazy-response.ts). Given a tape, it also records each token's type
// and extent: the test compares that with the tokenizer's values token for token, and a
// printer working from the bytes would start there (BENCHMARKS.md, ninth stop).
//
// It is a subset of the tokenizer, not a second grammar: each branch follows the step
// ImapTokenizer.readValues() would take on the same byte, and wherever the tokenizer would fail
// or take a rarer road (a section `BODY[...]`, an atom holding `[`, lists nested past the
// limit) the scanner answers "not sure" and the caller runs the tokenizer itself. So accepted
// here implies accepted there (test/protocol/imap-value-scanner.test.ts checks it on every
// response of the corpora and on mutations of them).

import { IMAP_LIMITS } from './limits.js';
import { isNil, type LiteralFrame } from './tokenizer.js';
import {
  CR, DQUOTE, LBRACE, LBRACKET, LF, LPAREN, MINUS, PLUS, QUOTED_BYTE_CLASS, RBRACE, RPAREN, SP, TILDE,
  isDIGIT, isTokenChar, isTokenContinue,
} from './syntax.js';

/** What a tape entry is; each entry is three Int32s: kind, start, end (end exclusive). */
export const enum TapeKind {
  Atom = 1,
  Number = 2,
  /** start..end spans the quotes; `\` escapes are still in the bytes. */
  Quoted = 3,
  Nil = 4,
  /** `(`: start..end is the one byte. */
  Open = 5,
  /** `)`. */
  Close = 6,
  /** `{N}CRLF` or `~{N}CRLF` and the stored body: start at `{` / `~`, end after the body. */
  Literal = 7,
}

/**
 * A growable tape of (kind, start, end) triples, reused from response to response, or kept
 * (the reader's `keepTapes`): then each response's entries follow the last one's, from `from`.
 */
export class ValueTape {
  data: Int32Array;
  /** Int32s used: three per token. */
  length = 0;
  /** Where scanValues writes the next response's entries: 0 for a tape reused. */
  from = 0;

  constructor(int32s = 3 * 256) {
    this.data = new Int32Array(int32s);
  }

  push(kind: TapeKind, start: number, end: number): void {
    let d = this.data;
    const n = this.length;
    if (n + 3 > d.length) {
      const bigger = new Int32Array(d.length * 2);
      bigger.set(d);
      this.data = d = bigger;
    }
    d[n] = kind;
    d[n + 1] = start;
    d[n + 2] = end;
    this.length = n + 3;
  }
}

/**
 * Scans `b[pos, end)` as response values, onto `tape` (from tape.from on) when one is given. True
 * when the tokenizer is certain to accept the same bytes and `literals`; false when it might
 * not (then the tape holds a prefix and means nothing). The reader only needs the answer, and
 * writing the tape is a tenth of its time on FETCH data.
 */
export function scanValues(b: Uint8Array, pos: number, end: number, literals: readonly LiteralFrame[], tape?: ValueTape): boolean {
  if (tape) tape.length = tape.from;
  let depth = 0;
  let literalIndex = 0;
  while (pos < end) {
    const c = b[pos];
    // One table load and a jump per token, not a chain of compares (6% of the scan on FETCH data).
    switch (SCAN_CLASS[c]) {
      case ByteClass.Space:
        pos++;
        continue;
      case ByteClass.Open:
        if (++depth > IMAP_LIMITS.maxNesting) return false;
        if (tape) tape.push(TapeKind.Open, pos, pos + 1);
        pos++;
        continue;
      case ByteClass.Close:
        // readValues() at the top level has no closer: ")" there is an unexpected byte.
        if (depth === 0) return false;
        depth--;
        if (tape) tape.push(TapeKind.Close, pos, pos + 1);
        pos++;
        continue;
      case ByteClass.Quote: {
        const close = quotedEnd(b, pos, end);
        if (close < 0) return false;
        if (tape) tape.push(TapeKind.Quoted, pos, close + 1);
        pos = close + 1;
        continue;
      }
      case ByteClass.Brace:
      case ByteClass.Tilde: {
        // "~" not before "{" is an atom's first byte.
        if (c === TILDE && b[pos + 1] !== LBRACE) break;
        const brace = c === TILDE ? pos + 1 : pos;
        const bodyStart = announcementEnd(b, brace, end);
        if (bodyStart < 0) return false;
        while (literalIndex < literals.length && literals[literalIndex].bodyStart < bodyStart) literalIndex++;
        const frame = literals[literalIndex];
        const size = announcedSize(b, brace);
        const stored = frame && frame.bodyStart === bodyStart ? frame.stored : Math.min(size, end - bodyStart);
        if (!(frame && frame.bodyStart === bodyStart) && stored < size) return false;
        if (tape) tape.push(TapeKind.Literal, pos, bodyStart + stored);
        pos = bodyStart + stored;
        continue;
      }
      case ByteClass.Digit: {
        // readAtomLike outside brackets: a number when only digits (at most 16) end at a
        // non-token byte; else an atom (below).
        let i = pos + 1;
        while (i < end && isDIGIT[b[i]] === 1) i++;
        if (i - pos <= 16 && (i >= end || isTokenChar[b[i]] !== 1)) {
          if (tape) tape.push(TapeKind.Number, pos, i);
          pos = i;
          continue;
        }
        break;
      }
    }
    // An atom, which may start with "[" ([Gmail]/Sent).
    let i = pos;
    if (b[i] === LBRACKET) i++;
    while (i < end && isTokenContinue[b[i]] === 1) i++;
    // Nothing read is the tokenizer's "unexpected byte"; "[" after a name, a section.
    if (i === pos || (b[i] === LBRACKET && i < end)) return false;
    if (tape) tape.push(isNil(b, pos, i) ? TapeKind.Nil : TapeKind.Atom, pos, i);
    pos = i;
  }
  return depth === 0;
}

/** How scanValues dispatches on a token's first byte; anything else starts an atom. */
const enum ByteClass {
  Atom = 0,
  Space = 1,
  Open = 2,
  Close = 3,
  Quote = 4,
  Brace = 5,
  Tilde = 6,
  Digit = 7,
}

const SCAN_CLASS = Uint8Array.from({ length: 256 }, (_, c) =>
  c === SP ? ByteClass.Space
  : c === LPAREN ? ByteClass.Open
  : c === RPAREN ? ByteClass.Close
  : c === DQUOTE ? ByteClass.Quote
  : c === LBRACE ? ByteClass.Brace
  : c === TILDE ? ByteClass.Tilde
  : isDIGIT[c] === 1 ? ByteClass.Digit
  : ByteClass.Atom);

/** Index of the closing DQUOTE of the quoted string opening at `open`, or -1 where readQuotedString fails. */
function quotedEnd(b: Uint8Array, open: number, end: number): number {
  let i = open + 1;
  for (;;) {
    while (i < end && QUOTED_BYTE_CLASS[b[i]] === 0) i++;
    if (i >= end) return -1;
    const k = QUOTED_BYTE_CLASS[b[i]];
    if (k === 1) return i;
    if (k === 2) {
      if (QUOTED_BYTE_CLASS[b[i + 1]] === 3 && i + 1 < end) return -1;
      i += 2;
    } else if (k === 3) {
      return -1;
    } else {
      i++;
    }
  }
}

/** After `{N}`, `{N+}` or `{N-}` and CRLF (or a bare LF), the body's first index; -1 where readLiteral fails. */
function announcementEnd(b: Uint8Array, brace: number, end: number): number {
  let i = brace + 1;
  while (i < end && isDIGIT[b[i]] === 1) i++;
  // More than 15 digits may pass MAX_SAFE_INTEGER: leave that judgement to the tokenizer.
  if (i === brace + 1 || i - brace - 1 > 15) return -1;
  if (b[i] === PLUS || b[i] === MINUS) i++;
  if (b[i] !== RBRACE) return -1;
  i++;
  if (b[i] === CR) i++;
  if (b[i] !== LF || i >= end) return -1;
  return i + 1;
}

function announcedSize(b: Uint8Array, brace: number): number {
  let size = 0;
  for (let i = brace + 1; isDIGIT[b[i]] === 1; i++) size = size * 10 + (b[i] - 0x30);
  return size;
}
