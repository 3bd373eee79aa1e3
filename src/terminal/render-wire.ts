// The pretty printer's writer for data responses whose values were never built (the reader
// vouched for their bytes, lazy-response.ts): it lays them out from the wire bytes. On a FETCH
// of many messages, building values nobody else reads was a quarter of the display's time,
// and writing each token once on one line and then copying it again into the broken form
// another quarter (BENCHMARKS.md, eleventh stop).
//
// Two passes over the value scanner's tape (value-scanner.ts):
//   1. measure: the same nodes the values writer records (render-imap.ts, render-layout.ts),
//      each with its one-line width, but no text is written;
//   2. write: the layout's decisions (render-layout.ts: the same rules), each leaf written once,
//      where it ends up, its bytes copied from the wire with the style's codes around them.
// Roles and styles come from the tables both writers read (render-roles.ts, render-palette.ts).
// A string the values writer would show otherwise than as sent (an escape it writes back
// differently, a control or 8-bit byte, a decoded form beside it) is built as a value and
// written as that writer writes it. The result is the values writer's, byte for byte
// (test/terminal-render/wire.test.ts compares both on every response of the corpora).

import { UnbuiltValues, type LazyDataResponse } from '../protocol/imap/lazy-response.js';
import { atomText, ImapTokenizer } from '../protocol/imap/tokenizer.js';
import { scanValues, TapeKind, ValueTape } from '../protocol/imap/value-scanner.js';
import { INDENT, Leaf, listItemStaysOnLine, seqItemStaysOnLine } from './render-layout.js';
import { quotedLeaf, styledLeaf, type Palette } from './render-palette.js';
import { DATA_ROLES, fetchRole, LIST_ROLES, onePerLine, Role, roleAt, tightBetween, utf8Role } from './render-roles.js';
import type { Wrap } from './render-style.js';
import { digitCount, TextBuffer } from './render-text-buffer.js';
import { copiedAsSent, digitsAsSent, writeFlatFetch } from './render-wire-fetch.js';

// A node: FIELDS Int32s. KIND holds the node kind and the bits below.
const KIND = 0;
const WIDTH = 1; // columns on one line; while a container is open, its first column
const NEXT = 2; // index of the node after this one and its children
const A = 3; // LEAF: index in `leaves`; COPY: first wire byte; INT: the number
const B = 4; // COPY: wire byte after the last
const FIELDS = 5;

const LEAF = 0; // a Leaf: its text written as is
const INT = 1; // a number's digits, in the number style
const LIST = 2;
const SEQ = 3;
// Wire bytes as sent, in a style: a number, a string, a mailbox name.
const COPY_NUMBER = 4;
const COPY_QUOTED = 5;
const COPY_MAILBOX = 6;
const KIND_BITS = 7;
/** A space goes before this node on one line. */
const SPACED = 8;
/** No space before this node, on one line or after a break (see tightBetween). */
const TIGHT = 16;
/** A broken list fills its lines like a paragraph (else one child per line). */
const FILL = 32;

/** No entries: what the writer holds between responses (nothing of one is kept past it). */
const NO_ENTRIES = new Int32Array(0);
/** No output: likewise. */
const NO_OUTPUT = new TextBuffer(0);

export class WireWriter {
  nodes = new Int32Array(FIELDS * 256);
  count = 0;
  /** Leaf nodes' leaves, by A: the first leafCount are this response's. */
  leaves: Leaf[] = [];
  leafCount = 0;
  col = 0;
  /** SPACED or TIGHT for the next node. */
  pending = 0;
  /** The scanner entries walked: the reader's kept ones, or those of scan (below). */
  entries: Int32Array = NO_ENTRIES;
  /** For a response whose entries the reader did not keep: this writer scans its bytes again. */
  readonly scan = new ValueTape();
  /** Where pass 2 writes: after what it holds (a print batch's lines, render-imap.ts). */
  out: TextBuffer = NO_OUTPUT;
  /** Where this response's text starts in `out`. */
  start = 0;
  bytes: Uint8Array = new Uint8Array(0);
  p!: Palette;
  utf8Names = false;
  width = 100;
  /** Start of the line being written (pass 2), for trimming its trailing spaces. */
  lineStart = 0;
  /** Pass 2's column. */
  at = 0;
  /** FETCH_ROLES of the last atom written, as an item name: its value's role. */
  atomFetchRole: Role = Role.plain;
  readonly atoms = new AtomCache();

  reset(p: Palette, utf8Names: boolean, width: number, out: TextBuffer): void {
    if (this.p !== p) this.atoms.clear();
    if (this.nodes.length > FIELDS * 64 * 1024) this.nodes = new Int32Array(FIELDS * 256);
    this.count = 0;
    this.leafCount = 0;
    this.col = 0;
    this.pending = 0;
    this.p = p;
    this.utf8Names = utf8Names;
    this.width = width;
    this.out = out;
    this.start = out.pos;
  }

  // ---- pass 1: nodes and widths -------------------------------------------------------------

  private node(kind: number, width: number, a: number, b: number): number {
    if ((this.count + 1) * FIELDS > this.nodes.length) {
      const bigger = new Int32Array(this.nodes.length * 2);
      bigger.set(this.nodes);
      this.nodes = bigger;
    }
    const at = this.count++ * FIELDS;
    const n = this.nodes;
    n[at + KIND] = kind | this.pending;
    this.pending = 0;
    n[at + WIDTH] = width;
    n[at + NEXT] = this.count;
    n[at + A] = a;
    n[at + B] = b;
    this.col += width;
    return at;
  }

  leaf(leaf: Leaf): void {
    // Indexed, not pushed: a length reset per response cost more than the pushes (profiled).
    this.leaves[this.leafCount] = leaf;
    this.node(LEAF, leaf.width, this.leafCount++, 0);
  }

  /** Wire bytes [start, end) as sent (printable ASCII, one column each), in a COPY_ style. */
  copy(kind: number, start: number, end: number): void {
    this.node(kind, end - start, start, end);
  }

  int(n: number): void {
    this.node(INT, digitCount(n), n, 0);
  }

  space(): void {
    this.pending = SPACED;
    this.col++;
  }

  tight(): void {
    this.pending = TIGHT;
  }

  open(kind: typeof LIST | typeof SEQ): number {
    const at = this.node(kind, 0, 0, 0);
    this.nodes[at + WIDTH] = this.col;
    return at;
  }

  close(at: number, fill = false): void {
    const n = this.nodes;
    n[at + WIDTH] = this.col - n[at + WIDTH];
    n[at + NEXT] = this.count;
    if (fill) n[at + KIND] |= FILL;
  }

  // ---- pass 1: values, by role, as render-imap.ts writes built ones --------------------------

  /** The value whose token is entry `t` (an index into entries); returns the entry after it. */
  value(t: number, role: Role): number {
    const d = this.entries;
    const start = d[t + 1];
    const end = d[t + 2];
    switch (d[t] as TapeKind) {
      case TapeKind.Atom:
        this.leaf(this.atomLeaf(start, end, this.utf8Names ? utf8Role(role) : role));
        return t + 3;
      case TapeKind.Nil:
        this.leaf(this.p.nil);
        return t + 3;
      case TapeKind.Number:
        this.number(start, end);
        return t + 3;
      case TapeKind.Quoted:
        this.quoted(start, end, role);
        return t + 3;
      case TapeKind.Open:
        return this.list(t, role);
      default:
        // Literals go to the values writer (see renderWireData); a ")" ends a list in list().
        throw new Error(`unexpected tape entry ${d[t]}`);
    }
  }

  /** The leaf of the atom b[start, end) in `role` (the cache's when there); atomFetchRole its role as a FETCH item name. */
  atomLeaf(start: number, end: number, role: Role): Leaf {
    const cache = this.atoms;
    const b = this.bytes;
    const slot = cache.find(b, start, end, role);
    if (slot >= 0) {
      this.atomFetchRole = cache.fetchRoles[slot];
      return cache.leaves[slot];
    }
    const text = atomText(b, start, end);
    const leaf = this.p.atom(text, role);
    this.atomFetchRole = fetchRole(text);
    cache.keep(b, start, end, role, leaf, this.atomFetchRole);
    return leaf;
  }

  private number(start: number, end: number): void {
    const b = this.bytes;
    // String(n) shows no leading zero and rounds past 2^53: copy only what it shows as sent.
    if (digitsAsSent(b, start, end)) return this.copy(COPY_NUMBER, start, end);
    let v = 0;
    for (let i = start; i < end; i++) v = v * 10 + (b[i] - 0x30);
    this.leaf(styledLeaf(String(v), this.p.wraps.number));
  }

  private quoted(start: number, end: number, role: Role): void {
    if (copiedAsSent(this.bytes, start, end)) {
      return this.copy(role === Role.mailbox ? COPY_MAILBOX : COPY_QUOTED, start, end);
    }
    const value = new ImapTokenizer(this.bytes, start, end).readQuotedString();
    this.leaf(quotedLeaf(value, role, this.utf8Names, this.p.wraps));
  }

  private list(t: number, role: Role): number {
    const d = this.entries;
    const list = this.open(LIST);
    this.leaf(this.p.open);
    t += 3;
    if (role === Role.fetch || role === Role.pairs) t = this.pairs(t, role === Role.fetch);
    else {
      const roles = LIST_ROLES[role];
      let wasList = false;
      for (let i = 0; d[t] !== TapeKind.Close; i++) {
        const isList = d[t] === TapeKind.Open;
        if (i > 0) this.separator(role, wasList, isList);
        wasList = isList;
        t = this.value(t, roleAt(roles, i));
      }
    }
    this.leaf(this.p.close);
    this.close(list, !onePerLine(role));
    return t + 3;
  }

  /** msg-att, STATUS items, METADATA entries: `name value` pairs (render-imap.ts writeFetchPairs). */
  private pairs(t: number, fetch: boolean): number {
    const d = this.entries;
    for (let i = 0; d[t] !== TapeKind.Close; i++) {
      if (i > 0) this.space();
      const value = d[t] === TapeKind.Open ? this.skip(t) : t + 3;
      if (d[value] === TapeKind.Close) {
        t = this.value(t, Role.plain);
        continue;
      }
      const pair = this.open(SEQ);
      this.value(t, Role.plain);
      this.space();
      const role = fetch && d[t] === TapeKind.Atom ? this.atomFetchRole : Role.plain;
      t = this.value(value, role);
      this.close(pair);
    }
    return t;
  }

  /** The tape entry after the list opening at `t`. */
  private skip(t: number): number {
    const d = this.entries;
    let depth = 0;
    do {
      if (d[t] === TapeKind.Open) depth++;
      else if (d[t] === TapeKind.Close) depth--;
      t += 3;
    } while (depth > 0);
    return t;
  }

  separator(role: Role, wasList: boolean, isList: boolean): void {
    if (tightBetween(role, wasList, isList)) this.tight();
    else this.space();
  }

  // ---- pass 2: the layout, each leaf written once -------------------------------------------

  private writeLeaf(at: number): void {
    const n = this.nodes;
    const kind = n[at + KIND];
    const out = this.out;
    switch (kind & KIND_BITS) {
      case LEAF:
        out.encoded(this.leaves[n[at + A]].text);
        break;
      case COPY_NUMBER:
        this.copied(this.p.wraps.number, at);
        break;
      case COPY_QUOTED:
        this.copied(this.p.wraps.quoted, at);
        break;
      case COPY_MAILBOX:
        this.copied(this.p.wraps.mailbox, at);
        break;
      case INT:
        out.encoded(this.p.wraps.number.openBytes);
        out.digits(n[at + A]);
        out.encoded(this.p.wraps.number.closeBytes);
        break;
    }
    this.at += n[at + WIDTH];
  }

  private copied(wrap: Wrap, at: number): void {
    this.out.wrapped(wrap.openBytes, this.bytes, this.nodes[at + A], this.nodes[at + B], wrap.closeBytes);
  }

  /** The node's one-line form: its leaves, with the spaces between them. */
  private flat(at: number): void {
    const n = this.nodes;
    const end = n[at + NEXT] * FIELDS;
    const kind = n[at + KIND] & KIND_BITS;
    if (kind !== LIST && kind !== SEQ) return this.writeLeaf(at);
    const atBefore = this.at;
    for (let c = at + FIELDS; c < end; c += FIELDS) {
      if ((n[c + KIND] & SPACED) !== 0) this.out.byte(0x20);
      const k = n[c + KIND] & KIND_BITS;
      if (k !== LIST && k !== SEQ) this.writeLeaf(c);
    }
    this.at = atBefore + n[at + WIDTH];
  }

  private newline(indent: number): void {
    this.out.trimSpaces(this.lineStart);
    this.out.byte(0x0a);
    this.lineStart = this.out.pos;
    this.out.spaces(indent);
    this.at = indent;
  }

  private fits(width: number): boolean {
    return this.at + width <= this.width;
  }

  emit(at: number, indent: number): void {
    const n = this.nodes;
    const kind = n[at + KIND] & KIND_BITS;
    if ((kind !== LIST && kind !== SEQ) || this.fits(n[at + WIDTH])) return this.flat(at);
    if (kind === SEQ) this.emitSeq(at, indent);
    else this.emitList(at, indent);
  }

  private emitSeq(at: number, indent: number): void {
    const n = this.nodes;
    const end = n[at + NEXT] * FIELDS;
    for (let c = at + FIELDS, first = true; c < end; c = n[c + NEXT] * FIELDS, first = false) {
      if (!first) {
        const tight = (n[c + KIND] & TIGHT) !== 0;
        const isList = (n[c + KIND] & KIND_BITS) === LIST;
        if (!seqItemStaysOnLine(this.at, n[c + WIDTH], tight, isList, indent, this.width, false)) this.newline(indent);
        else if (!tight) this.gap();
      }
      this.emit(c, indent);
    }
  }

  private emitList(at: number, indent: number): void {
    const n = this.nodes;
    const end = n[at + NEXT] * FIELDS;
    const fill = (n[at + KIND] & FILL) !== 0;
    const open = at + FIELDS;
    this.writeLeaf(open);
    let c = n[open + NEXT] * FIELDS;
    for (let first = true; n[c + NEXT] * FIELDS !== end; first = false, c = n[c + NEXT] * FIELDS) {
      if (!first) {
        const tight = (n[c + KIND] & TIGHT) !== 0;
        if (listItemStaysOnLine(this.at, n[c + WIDTH], tight, fill, this.width, false)) {
          if (!tight) this.gap();
        } else this.newline(indent);
      }
      this.emit(c, indent + INDENT);
    }
    this.writeLeaf(c);
  }

  /** Pass 2's space. */
  private gap(): void {
    this.out.byte(0x20);
    this.at++;
  }

  /** Pass 2 from the root: one line when it fits, else broken (render-layout.ts Doc.layOut). */
  layOut(): void {
    this.lineStart = this.start;
    this.at = 0;
    if (this.nodes[WIDTH] <= this.width) this.flat(0);
    else this.emit(0, INDENT);
    this.out.trimSpaces(this.lineStart);
  }
}

/**
 * Atom leaves by their wire bytes and role: the same few atoms (`FLAGS`, `UID`, `\Seen`) come
 * on every line, and finding one here costs a hash and a compare of its bytes, where making its
 * text and asking the palette cost two more lookups. Direct-mapped: a collision overwrites.
 * For one palette at a time (cleared when it changes).
 */
class AtomCache {
  static readonly SLOTS = 512;
  static readonly MAX = 24;
  readonly bytes = new Uint8Array(AtomCache.SLOTS * AtomCache.MAX);
  /** Length of each slot's atom; 0 for an empty slot (atoms are never empty). */
  readonly lengths = new Uint8Array(AtomCache.SLOTS);
  readonly roles = new Uint8Array(AtomCache.SLOTS);
  readonly leaves: Leaf[] = new Array<Leaf>(AtomCache.SLOTS);
  readonly fetchRoles: Role[] = new Array<Role>(AtomCache.SLOTS).fill(Role.plain);
  /** The slot find() looked in last, for keep(). */
  private slot = 0;

  clear(): void {
    this.lengths.fill(0);
  }

  /** The slot holding b[start, end) in `role`, or -1. */
  find(b: Uint8Array, start: number, end: number, role: Role): number {
    const n = end - start;
    // The slot from the role, the length and three bytes, without a loop: atoms alike there
    // (rare among the few a server sends) only take each other's slot.
    const slot = (role * 97 + n * 31 + b[start] * 7 + b[start + (n >> 1)] * 3 + b[end - 1]) & (AtomCache.SLOTS - 1);
    this.slot = slot;
    if (this.lengths[slot] !== n || this.roles[slot] !== role) return -1;
    const base = slot * AtomCache.MAX;
    for (let i = 0; i < n; i++) if (this.bytes[base + i] !== b[start + i]) return -1;
    return slot;
  }

  /** Files the atom in the slot find() just looked in, when it is short enough. */
  keep(b: Uint8Array, start: number, end: number, role: Role, leaf: Leaf, fetchRole: Role): void {
    const n = end - start;
    if (n > AtomCache.MAX) return;
    const slot = this.slot;
    this.lengths[slot] = n;
    this.roles[slot] = role;
    this.bytes.set(b.subarray(start, end), slot * AtomCache.MAX);
    this.leaves[slot] = leaf;
    this.fetchRoles[slot] = fetchRole;
  }
}


const writer = new WireWriter();
const unbuilt = new UnbuiltValues();

/** Which of the two writers laid out the last response taken (`fetch`: render-wire-fetch.ts): for tests and measurements. */
export let lastWireLane: 'fetch' | 'nodes' | undefined;
let busy = false;

/**
 * Writes the display text of a data response from its wire bytes into `out`, after what it
 * holds, as renderImapResponse writes it from built values. False, with nothing written, when
 * this writer does not take it (values built already, literals, a theme whose styles are
 * functions of the text), and the values writer does.
 */
export function renderWireData(r: LazyDataResponse, p: Palette, utf8Names: boolean, width: number, out: TextBuffer): boolean {
  if (!p.wireable || busy || !r.readUnbuilt(unbuilt) || unbuilt.literals.length > 0) return false;
  busy = true;
  const w = writer;
  try {
    w.reset(p, utf8Names, width, out);
    w.bytes = unbuilt.bytes;
    let from = 0;
    let to: number;
    if (unbuilt.tape !== undefined) {
      // The reader's own entries (keepTapes).
      w.entries = unbuilt.tape;
      from = unbuilt.tapeFrom;
      to = unbuilt.tapeTo;
    } else {
      // The reader scanned these bytes without a tape and accepted them: so does this scan.
      if (!scanValues(unbuilt.bytes, unbuilt.start, unbuilt.end, unbuilt.literals, w.scan)) return false;
      w.entries = w.scan.data;
      to = w.scan.length;
    }
    if (r.name === 'FETCH' && writeFlatFetch(w, r.number, from, to)) {
      lastWireLane = 'fetch';
      return true;
    }
    lastWireLane = 'nodes';
    const root = w.open(SEQ);
    w.leaf(p.untagged);
    if (r.number !== undefined) {
      w.space();
      if (r.number <= 0x7fffffff) w.int(r.number);
      else w.leaf(styledLeaf(String(r.number), p.wraps.number));
    }
    w.space();
    w.leaf(p.name(r.name));
    const roles = DATA_ROLES[r.name];
    const d = w.entries;
    let wasList = false;
    for (let t = from, i = 0; t < to; i++) {
      const role = roleAt(roles, i);
      const isList = d[t] === TapeKind.Open;
      if (i === 0) w.space();
      else w.separator(role, wasList, isList);
      wasList = isList;
      t = w.value(t, role);
    }
    w.close(root);
    w.layOut();
    return true;
  } finally {
    // Nothing of this response is held past it.
    w.bytes = EMPTY;
    w.entries = NO_ENTRIES;
    w.out = NO_OUTPUT;
    unbuilt.bytes = EMPTY;
    unbuilt.tape = undefined;
    busy = false;
  }
}

const EMPTY = new Uint8Array(0);
