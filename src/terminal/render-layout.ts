// Layout for the pretty printer: flat when it fits, else broken with a hanging indent.
//
// A response is written once, on one line, into a byte buffer (render-text-buffer.ts), and
// as it is written each piece of it is recorded as a node on a tape: a leaf (a token, styled),
// a list (`(` items `)`, `[NAME` args `]`), a sequence (items with a space between) or a
// literal (head, then its shown lines). A node is where its bytes start and end in that one
// line and how many columns it takes on it. When the whole fits the width (most FETCH lines),
// that line is the display text. Otherwise the layout walks the tape and builds the broken
// form from copies of those bytes: a node that fits where it stands is copied whole, one
// that does not is broken into its children. No token is styled or measured twice, and the
// nodes are numbers in one reused typed array, not objects.

import { type Encoded, encode, quotedText, TextBuffer } from './render-text-buffer.js';
import type { Wrap } from './render-style.js';

/** Columns a broken node's lines are indented by, past the line it starts on. */
export const INDENT = 2;

const LEAF = 0;
export const LIST = 1;
export const SEQ = 2;
export const LITERAL = 3;
type NodeKind = typeof LIST | typeof SEQ | typeof LITERAL;
/**
 * Added to a node's kind: no space goes before it, on one line or after a break. RFC 5256's
 * thread-nested is `2*thread-list`, lists written back to back: `(1)(2 (3)(4))`.
 */
const TIGHT = 8;
const KIND_BITS = 7;

/** Width of a node that cannot be laid out on one line (it holds a literal's lines). */
const NO_FLAT_WIDTH = -1;

// A node on the tape: FIELDS numbers.
const KIND = 0;
const START = 1; // first byte in the one-line text
const END = 2; // byte after the last
const WIDTH = 3; // columns on one line, or NO_FLAT_WIDTH; while a node is open, its first column
const NEXT = 4; // the node after this one and its children
const FILL = 5; // 1: a broken list fills its lines like a paragraph (0: one child per line); while open, see open()
const FIELDS = 6;

const INITIAL_NODES = 256;
const KEEP_NODES = 64 * 1024;

/** A token styled once and kept (`*`, `NIL`, `UID`, `\Seen`): its display text, encoded, and its columns. */
export class Leaf {
  /** Encoded apart (not a subclass), so every copy reads one object shape. */
  readonly text: Encoded;

  constructor(
    text: string,
    readonly width: number,
  ) {
    this.text = encode(text);
  }
}

/**
 * One response being written on one line, with the tape of its nodes. Writers open a node,
 * write its children (and the spaces between them), and close it; leaves are written whole.
 */
export class Doc {
  readonly out = new TextBuffer();
  /** Columns written so far on the one line. */
  col = 0;
  tape = new Int32Array(FIELDS * INITIAL_NODES);
  /** Nodes on the tape. */
  count = 0;
  /** Nodes closed so far that cannot be on one line: what holds one cannot either. */
  private notFlat = 0;
  /** TIGHT when the next node follows its neighbour without a space (see tight()). */
  private nextTight = 0;

  reset(): void {
    // A tape grown for one huge response (a SEARCH of a million numbers) is not kept for good.
    if (this.tape.length > FIELDS * KEEP_NODES) this.tape = new Int32Array(FIELDS * INITIAL_NODES);
    this.out.reset();
    this.col = 0;
    this.count = 0;
    this.notFlat = 0;
  }

  private node(kind: number): number {
    if ((this.count + 1) * FIELDS > this.tape.length) {
      const bigger = new Int32Array(this.tape.length * 2);
      bigger.set(this.tape);
      this.tape = bigger;
    }
    const at = this.count++ * FIELDS;
    this.tape[at + KIND] = kind | this.nextTight;
    this.nextTight = 0;
    this.tape[at + START] = this.out.pos;
    return at;
  }

  private endLeaf(at: number, width: number): void {
    const tape = this.tape;
    tape[at + END] = this.out.pos;
    tape[at + WIDTH] = width;
    tape[at + NEXT] = this.count;
    this.col += width;
  }

  /** A leaf styled once (its text written as is). */
  leaf(leaf: Leaf): void {
    const at = this.node(LEAF);
    this.out.encoded(leaf.text);
    this.endLeaf(at, leaf.width);
  }

  /** A leaf of `text` in a style. */
  styled(text: string, wrap: Wrap): void {
    const at = this.node(LEAF);
    this.writeStyled(text, wrap);
    this.endLeaf(at, text.length);
  }

  /** A leaf of `text` in a style and a note after it (`"&AOk-" (é)`) in another. */
  annotated(text: string, wrap: Wrap, note: string, noteWrap: Wrap): void {
    const at = this.node(LEAF);
    this.writeStyled(text, wrap);
    this.writeStyled(note, noteWrap);
    this.endLeaf(at, text.length + note.length);
  }

  /** A number as String(n) shows it, in a style, without making the string. */
  number(n: number, wrap: Wrap): void {
    if (wrap.call) return this.styled(String(n), wrap);
    const at = this.node(LEAF);
    this.out.encoded(wrap.openBytes);
    const width = this.out.digits(n);
    this.out.encoded(wrap.closeBytes);
    this.endLeaf(at, width);
  }

  /** A quoted string as sent (render-text-buffer.ts), in a style; `note` after it in `noteWrap`. */
  quoted(value: string, wrap: Wrap, note?: string, noteWrap?: Wrap): void {
    if (wrap.call) {
      // The theme's own function styles the text: it needs it as a string.
      const text = quotedText(value);
      if (note === undefined) this.styled(text, wrap);
      else this.annotated(text, wrap, note, noteWrap as Wrap);
      return;
    }
    const at = this.node(LEAF);
    this.out.encoded(wrap.openBytes);
    let width = this.out.quoted(value);
    this.out.encoded(wrap.closeBytes);
    if (note !== undefined) {
      this.writeStyled(note, noteWrap as Wrap);
      width += note.length;
    }
    this.endLeaf(at, width);
  }

  private writeStyled(text: string, wrap: Wrap): void {
    if (wrap.call || text === '') return this.out.text(wrap.style(text));
    this.out.encoded(wrap.openBytes);
    this.out.text(text);
    this.out.encoded(wrap.closeBytes);
  }

  space(): void {
    this.out.byte(0x20);
    this.col++;
  }

  /** In place of space(): the next node follows the last one directly, even when broken. */
  tight(): void {
    this.nextTight = TIGHT;
  }

  /** Opens a list, sequence or literal; returns its handle for close(). */
  open(kind: NodeKind): number {
    const at = this.node(kind);
    this.tape[at + WIDTH] = this.col;
    // The count of nodes that cannot be on one line, kept in FILL until close(): if a child
    // raised it, this node cannot be on one line either.
    this.tape[at + FILL] = this.notFlat;
    return at;
  }

  /**
   * Closes a node opened by open(). `fill`: a broken list fills its lines (else one child per
   * line). `flat`: false for a literal that brings lines (nothing holding it fits on one line).
   */
  close(at: number, fill = false, flat = true): void {
    const tape = this.tape;
    tape[at + END] = this.out.pos;
    tape[at + NEXT] = this.count;
    if (flat && tape[at + FILL] === this.notFlat) tape[at + WIDTH] = this.col - tape[at + WIDTH];
    else {
      tape[at + WIDTH] = NO_FLAT_WIDTH;
      this.notFlat++;
    }
    tape[at + FILL] = fill ? 1 : 0;
  }

  /** The response's display text within `width` columns, lines joined with '\n', each without trailing spaces. */
  layOut(width: number): string {
    return this.out.decode(this.layOutAt(width), this.out.pos);
  }

  /** As layOut(), left in `out`: the text is out's bytes from the index returned to out.pos. */
  layOutAt(width: number): number {
    const out = this.out;
    const rootWidth = this.tape[WIDTH];
    if (rootWidth !== NO_FLAT_WIDTH && rootWidth <= width) {
      out.trimSpaces(0);
      return 0;
    }
    const layout = new Layout(this.tape, out, width);
    emit(layout, 0, INDENT);
    out.trimSpaces(layout.lineStart);
    return layout.start;
  }
}

/** The broken form being written after the one-line text, in the same buffer. */
class Layout {
  /** Where the broken form starts, and where its current line starts. */
  readonly start: number;
  lineStart: number;
  col = 0;
  /** A literal's body ended the last line: whatever follows starts a new one. */
  breakPending = false;

  constructor(
    readonly tape: Int32Array,
    readonly out: TextBuffer,
    readonly width: number,
  ) {
    this.start = out.pos;
    this.lineStart = out.pos;
  }

  /** The node's one-line text, copied (a leaf, or a node that fits where it stands). */
  flat(at: number): void {
    this.out.copy(this.tape[at + START], this.tape[at + END]);
    this.col += this.tape[at + WIDTH];
  }

  space(): void {
    this.out.byte(0x20);
    this.col++;
  }

  newline(indent: number): void {
    this.out.trimSpaces(this.lineStart);
    this.out.byte(0x0a);
    this.lineStart = this.out.pos;
    const n = Math.max(0, indent);
    this.out.spaces(n);
    this.col = n;
    this.breakPending = false;
  }

  fits(width: number): boolean {
    return this.col + width <= this.width;
  }

  /** The node after `at` and its children, as a tape offset. */
  next(at: number): number {
    return this.tape[at + NEXT] * FIELDS;
  }
}

/** Lays out the node at `at` at the cursor; `indent` is where its broken children's lines start. */
function emit(l: Layout, at: number, indent: number): void {
  const tape = l.tape;
  const kind = tape[at + KIND] & KIND_BITS;
  if (kind === LEAF) return l.flat(at);
  const width = tape[at + WIDTH];
  if (width !== NO_FLAT_WIDTH && l.fits(width)) return l.flat(at);
  if (kind === LITERAL) return emitLiteral(l, at, indent);
  if (kind === SEQ) return emitSeq(l, at, indent);
  emitList(l, at, indent);
}

/** A list's children are its opening leaf, its items, and its closing leaf. */
function emitList(l: Layout, at: number, indent: number): void {
  const end = l.next(at);
  const fill = l.tape[at + FILL] === 1;
  const open = at + FIELDS;
  l.flat(open);
  let c = l.next(open);
  for (let first = true; l.next(c) !== end; first = false, c = l.next(c)) {
    if (!first) separate(l, c, indent, fill);
    emit(l, c, indent + INDENT);
  }
  if (l.breakPending) l.newline(indent - INDENT);
  l.flat(c);
}

/** A literal's children are its head (`{12}`) and its shown lines. */
function emitLiteral(l: Layout, at: number, indent: number): void {
  const end = l.next(at);
  const head = at + FIELDS;
  l.flat(head);
  for (let c = l.next(head); c !== end; c = l.next(c)) {
    l.newline(indent);
    l.flat(c);
  }
  l.breakPending = true;
}

/** A sequence (a response's tokens, a FETCH pair) fills lines; a list that does not fit
 * starts on the current line and breaks inside, a word that does not fit starts a new line. */
function emitSeq(l: Layout, at: number, indent: number): void {
  const end = l.next(at);
  const tape = l.tape;
  for (let c = at + FIELDS, first = true; c !== end; c = l.next(c), first = false) {
    if (!first) {
      const w = tape[c + WIDTH];
      const tight = (tape[c + KIND] & TIGHT) !== 0;
      // A list that does not fit breaks inside, from here; back-to-back lists (THREAD) that
      // would fit on a line of their own go there instead, so each thread stays whole.
      const isList = (tape[c + KIND] & KIND_BITS) === LIST;
      if (!seqItemStaysOnLine(l.col, w, tight, isList, indent, l.width, l.breakPending)) l.newline(indent);
      else if (!tight) l.space();
    }
    emit(l, c, indent);
  }
}

function separate(l: Layout, at: number, indent: number, fill: boolean): void {
  const w = l.tape[at + WIDTH];
  const tight = (l.tape[at + KIND] & TIGHT) !== 0;
  if (listItemStaysOnLine(l.col, w, tight, fill, l.width, l.breakPending)) {
    if (!tight) l.space();
  } else l.newline(indent);
}

// The layout's two decisions, written once: the wire writer (render-wire.ts) takes them too.

/**
 * Whether the next item of a sequence (a response's tokens, a FETCH pair) of width `w` stays on
 * the line at column `col`: when it fits, or when it is a list, which then starts here and breaks
 * inside; back-to-back lists (THREAD) that would fit on a line of their own go there instead, so
 * each thread stays whole. After a literal's body (`breakPending`) nothing does.
 */
export function seqItemStaysOnLine(col: number, w: number, tight: boolean, isList: boolean, indent: number, width: number, breakPending: boolean): boolean {
  const breaksInside = isList && !(tight && w <= width - indent);
  return !breakPending && (w === NO_FLAT_WIDTH || col + (tight ? 0 : 1) + w <= width || breaksInside);
}

/** Whether the next item of a broken list stays on the line: only in a list that fills its lines, and only when it fits. */
export function listItemStaysOnLine(col: number, w: number, tight: boolean, fill: boolean, width: number, breakPending: boolean): boolean {
  return !breakPending && fill && w !== NO_FLAT_WIDTH && col + (tight ? 0 : 1) + w <= width;
}
