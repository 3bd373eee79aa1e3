// The FETCH responses of a mailbox sync, written without the layout's nodes. A client keeping
// a mailbox in step fetches FLAGS, UID, RFC822.SIZE, INTERNALDATE, MODSEQ for every message:
// `name value` pairs whose values are tokens or lists of tokens. For that shape the layout
// (render-layout.ts) can only do two things: one line when it fits, else one pair per line
// under the first, each pair whole (when each fits where it goes). This writer checks those
// conditions from the widths, then writes the response once, in its final form. Anything else
// (a pair that would break inside, a nested list, an ENVELOPE, a token the values writer shows
// otherwise than as sent) it leaves to the general wire writer (render-wire.ts), untouched.
// On a FETCH of FLAGS for 100,000 messages the nodes were half of the display's time.
// test/terminal-render/wire.test.ts holds both to the values writer, byte for byte.

import { TapeKind } from '../protocol/imap/value-scanner.js';
import { INDENT, type Leaf } from './render-layout.js';
import { LIST_ROLES, Role, roleAt, utf8Role } from './render-roles.js';
import type { WireWriter } from './render-wire.js';
import { digitCount } from './render-text-buffer.js';

/** Pairs this writer takes in one response; more go to the general writer. */
const MAX_PAIRS = 64;
const NOT_TAKEN = -1;

const pairWidths = new Int32Array(MAX_PAIRS);
/** The atoms' leaves, in the order they come: measured first, written after (`atoms` of them). */
const leaves: Leaf[] = [];
let atoms = 0;

/**
 * Writes `* N FETCH (...)` whose values are w.entries [from, to) into w.out, when it
 * has the shape above; false (and w.out untouched) when it does not.
 */
export function writeFlatFetch(w: WireWriter, number: number | undefined, from: number, to: number): boolean {
  const d = w.entries;
  // One value, a list: `(` at from, its `)` the last entry.
  if (d[from] !== TapeKind.Open || d[to - 3] !== TapeKind.Close || (number !== undefined && number > 0x7fffffff)) return false;
  atoms = 0;
  const pairs = measurePairs(w, from + 3, to - 3);
  if (pairs === NOT_TAKEN) return false;
  const p = w.p;
  const name = p.name('FETCH');
  // `* N FETCH (`: the columns before the first pair.
  const head = p.untagged.width + 1 + (number === undefined ? 0 : digitCount(number) + 1) + name.width + 1 + p.open.width;
  let flat = head + p.close.width + pairs - 1;
  for (let i = 0; i < pairs; i++) flat += pairWidths[i];
  const broken = flat > w.width;
  if (broken && !eachPairFits(head, pairs, w.width)) return false;
  writeHead(w, number, name);
  writePairs(w, from + 3, to - 3, broken);
  w.out.encoded(p.close.text);
  return true;
}

/** One pair per line: the first after the head, the others at the list's indent, each whole. */
function eachPairFits(head: number, pairs: number, width: number): boolean {
  if (head + pairWidths[0] > width) return false;
  for (let i = 1; i < pairs; i++) if (INDENT + pairWidths[i] > width) return false;
  return true;
}

/** The pairs' widths into pairWidths, their atoms' leaves into `leaves`; how many pairs, or NOT_TAKEN. */
function measurePairs(w: WireWriter, t: number, end: number): number {
  const d = w.entries;
  let pairs = 0;
  while (t < end) {
    if (d[t] !== TapeKind.Atom || t + 3 >= end || pairs === MAX_PAIRS) return NOT_TAKEN;
    const name = w.atomLeaf(d[t + 1], d[t + 2], w.utf8Names ? utf8Role(Role.plain) : Role.plain);
    leaves[atoms++] = name;
    const role = w.atomFetchRole;
    let width = name.width + 1;
    t += 3;
    if (d[t] === TapeKind.Open) {
      // A list in the list (ENVELOPE, BODYSTRUCTURE) is the node writer's: known before any token is measured.
      if (!flatList(d, t + 3)) return NOT_TAKEN;
      const roles = LIST_ROLES[role];
      width += w.p.open.width + w.p.close.width;
      t += 3;
      for (let i = 0; d[t] !== TapeKind.Close; i++, t += 3) {
        const token = tokenWidth(w, t, roleAt(roles, i));
        if (token === NOT_TAKEN) return NOT_TAKEN;
        width += token + (i > 0 ? 1 : 0);
      }
    } else {
      const token = tokenWidth(w, t, role);
      if (token === NOT_TAKEN) return NOT_TAKEN;
      width += token;
    }
    t += 3;
    pairWidths[pairs++] = width;
  }
  return pairs;
}

/** Whether the list whose first entry is at `t` holds no list. */
function flatList(d: Int32Array, t: number): boolean {
  for (; d[t] !== TapeKind.Close; t += 3) if (d[t] === TapeKind.Open) return false;
  return true;
}

/** Columns of the token at `t` shown in `role`, or NOT_TAKEN (a list, a literal, a token not shown as sent). */
function tokenWidth(w: WireWriter, t: number, role: Role): number {
  const d = w.entries;
  const start = d[t + 1];
  const end = d[t + 2];
  switch (d[t] as TapeKind) {
    case TapeKind.Atom: {
      const leaf = w.atomLeaf(start, end, w.utf8Names ? utf8Role(role) : role);
      leaves[atoms++] = leaf;
      return leaf.width;
    }
    case TapeKind.Nil:
      return w.p.nil.width;
    case TapeKind.Number:
      return digitsAsSent(w.bytes, start, end) ? end - start : NOT_TAKEN;
    case TapeKind.Quoted:
      // A mailbox name's style differs from a string's; no FETCH item holds one.
      return role !== Role.mailbox && copiedAsSent(w.bytes, start, end) ? end - start : NOT_TAKEN;
    default:
      return NOT_TAKEN;
  }
}

function writeHead(w: WireWriter, number: number | undefined, name: Leaf): void {
  const out = w.out;
  const p = w.p;
  out.encoded(p.untagged.text);
  out.byte(0x20);
  if (number !== undefined) {
    out.encoded(p.wraps.number.openBytes);
    out.digits(number);
    out.encoded(p.wraps.number.closeBytes);
    out.byte(0x20);
  }
  out.encoded(name.text);
  out.byte(0x20);
  out.encoded(p.open.text);
}

function writePairs(w: WireWriter, t: number, end: number, broken: boolean): void {
  const d = w.entries;
  const out = w.out;
  let atom = 0;
  for (let pair = 0; t < end; pair++) {
    // The first pair follows the `(`; the others a space, or a line of their own.
    if (pair > 0 && broken) {
      out.byte(0x0a);
      out.spaces(INDENT);
    } else if (pair > 0) out.byte(0x20);
    out.encoded(leaves[atom++].text);
    out.byte(0x20);
    t += 3;
    if (d[t] === TapeKind.Open) {
      out.encoded(w.p.open.text);
      t += 3;
      for (let i = 0; d[t] !== TapeKind.Close; i++, t += 3) {
        if (i > 0) out.byte(0x20);
        atom = writeToken(w, t, atom);
      }
      out.encoded(w.p.close.text);
    } else atom = writeToken(w, t, atom);
    t += 3;
  }
}

/** Writes the token at `t` (measured by tokenWidth); returns the index of the next atom's leaf. */
function writeToken(w: WireWriter, t: number, atom: number): number {
  const d = w.entries;
  const out = w.out;
  const wraps = w.p.wraps;
  switch (d[t] as TapeKind) {
    case TapeKind.Atom:
      out.encoded(leaves[atom].text);
      return atom + 1;
    case TapeKind.Nil:
      out.encoded(w.p.nil.text);
      return atom;
    case TapeKind.Number:
      out.wrapped(wraps.number.openBytes, w.bytes, d[t + 1], d[t + 2], wraps.number.closeBytes);
      return atom;
    default:
      out.wrapped(wraps.quoted.openBytes, w.bytes, d[t + 1], d[t + 2], wraps.quoted.closeBytes);
      return atom;
  }
}


/** Longest digit run copied as sent: 16 digits may pass 2^53, and String(n) shows the rounding. */
const COPIED_DIGITS = 15;

/** Whether the number b[start, end) shows as sent: String(n) shows no leading zero and rounds past 2^53. */
export function digitsAsSent(b: Uint8Array, start: number, end: number): boolean {
  return end - start <= COPIED_DIGITS && (b[start] !== 0x30 || end - start === 1);
}

/**
 * Whether the quoted string `b[start, end)` (quotes included) shows as sent: printable ASCII or
 * tab, `\` only before `"` or `\` (the values writer escapes just those again), and no `&` or
 * `=?` (a modified UTF-7 name or an encoded word may be decoded beside it).
 */
export function copiedAsSent(b: Uint8Array, start: number, end: number): boolean {
  const last = end - 1;
  let i = start + 1;
  for (;;) {
    while (i < last && SHOWN_AS_SENT[b[i]] === 1) i++;
    if (i >= last) return true;
    const c = b[i];
    if (c === BACKSLASH) {
      const next = b[i + 1];
      if (next !== DQUOTE && next !== BACKSLASH) return false;
      i += 2;
    } else if (c === EQUALS && b[i + 1] !== QUESTION) i++;
    else return false;
  }
}

const BACKSLASH = 0x5c;
const DQUOTE = 0x22;
const EQUALS = 0x3d;
const QUESTION = 0x3f;

/** Bytes a quoted string shows as sent, one column each: printable ASCII and tab, but for `\`, `&` and `=` (looked at apart). */
const SHOWN_AS_SENT = Uint8Array.from({ length: 256 }, (_, c) =>
  ((c >= 0x20 && c <= 0x7e) || c === 0x09) && c !== BACKSLASH && c !== 0x26 && c !== EQUALS ? 1 : 0);
