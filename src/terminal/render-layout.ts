// Layout for the pretty printer: flat when it fits, else broken with a hanging indent.
// A node knows its one-line width, computed once, bottom-up, when it is made: a broken list
// asks each child's width without walking the child again, and the text of each token is
// written once, straight into the response's display text.

import { UNSTYLED, type Wrap } from './render-style.js';

export const INDENT = 2;

export const LEAF = 0;
export const LIST = 1;
export const SEQ = 2;
export const LITERAL = 3;
type NodeType = typeof LEAF | typeof LIST | typeof SEQ | typeof LITERAL;

/** `width` of a node that cannot be laid out on one line (it holds a literal's lines). */
export const NO_FLAT_WIDTH = -1;

const NONE: readonly never[] = [];

export class Node {
  private constructor(
    readonly t: NodeType,
    /** Columns of the one-line form, or NO_FLAT_WIDTH. */
    readonly width: number,
    /** A leaf's text (styled by `wrap`) and the annotation after it (styled by `noteWrap`, '' for none). */
    readonly text: string,
    readonly wrap: Wrap,
    readonly note: string,
    readonly noteWrap: Wrap,
    /** Children of a list or sequence. */
    readonly items: readonly Node[],
    /** A list's opening and closing leaves (`(`, `[NAME `, `]`); a literal's head (`{12}`) in `open`. */
    readonly open: Node | undefined,
    readonly close: Node | undefined,
    /** A broken list fills its lines like a paragraph (else one child per line). */
    readonly fill: boolean,
    /** A literal's shown lines, as leaves. */
    readonly lines: readonly Node[],
  ) {}

  /** `width` is the text's columns, unless the text comes styled already (then wrap is UNSTYLED). */
  static leaf(text: string, wrap: Wrap, width = text.length): Node {
    return new Node(LEAF, width, text, wrap, '', UNSTYLED, NONE, undefined, undefined, false, NONE);
  }

  static annotated(text: string, wrap: Wrap, note: string, noteWrap: Wrap): Node {
    return new Node(LEAF, text.length + note.length, text, wrap, note, noteWrap, NONE, undefined, undefined, false, NONE);
  }

  /** The same leaf with its text styled once, for a node kept and written on many lines. */
  static styledOnce(d: Node): Node {
    const text = d.wrap.apply(d.text) + (d.note === '' ? '' : d.noteWrap.apply(d.note));
    return new Node(LEAF, d.width, text, UNSTYLED, '', UNSTYLED, NONE, undefined, undefined, false, NONE);
  }

  static seq(items: readonly Node[]): Node {
    return new Node(SEQ, joinedWidth(items), '', UNSTYLED, '', UNSTYLED, items, undefined, undefined, false, NONE);
  }

  static list(open: Node, close: Node, items: readonly Node[], fill: boolean): Node {
    const inner = joinedWidth(items);
    const width = inner === NO_FLAT_WIDTH ? NO_FLAT_WIDTH : open.width + inner + close.width;
    return new Node(LIST, width, '', UNSTYLED, '', UNSTYLED, items, open, close, fill, NONE);
  }

  static literal(head: Node, lines: readonly Node[]): Node {
    const width = lines.length === 0 ? head.width : NO_FLAT_WIDTH;
    return new Node(LITERAL, width, '', UNSTYLED, '', UNSTYLED, NONE, head, undefined, false, lines);
  }
}

/** Width of the items on one line with a space between; NO_FLAT_WIDTH if any cannot be. */
function joinedWidth(items: readonly Node[]): number {
  let width = items.length > 0 ? items.length - 1 : 0;
  for (let i = 0; i < items.length; i++) {
    const w = items[i].width;
    if (w === NO_FLAT_WIDTH) return NO_FLAT_WIDTH;
    width += w;
  }
  return width;
}

// The text is written piece by piece (a style's opening code, the token, its closing code)
// with `+=`: V8 links the pieces (a cons string) instead of copying, and the whole is copied
// once, where the display text is joined and written out.

/** One line of display text being written, and its columns. */
export class LineWriter {
  line = '';
  col = 0;
  /** The last non-empty piece of the line ended in a space (the line may need trimming). */
  protected endsInSpace = false;

  private piece(text: string): void {
    if (text.length === 0) return;
    this.line += text;
    this.endsInSpace = text.charCodeAt(text.length - 1) === 0x20;
  }

  /** `text` in a style; `width` columns. */
  styled(text: string, wrap: Wrap, width: number): void {
    this.col += width;
    if (wrap.call || text === '') return this.piece(wrap.style(text));
    if (wrap.close === '') {
      if (wrap.open !== '') this.piece(wrap.open);
      return this.piece(text);
    }
    // One concatenation of the three: short pieces make one flat string, not three links.
    this.line += wrap.open + text + wrap.close;
    this.endsInSpace = wrap.closeEndsInSpace;
  }

  leaf(d: Node): void {
    this.styled(d.text, d.wrap, d.width);
    if (d.note !== '') this.styled(d.note, d.noteWrap, 0);
  }

  /** The node on one line. */
  flat(d: Node): void {
    switch (d.t) {
      case LEAF:
        return this.leaf(d);
      case LITERAL:
        return this.leaf(d.open as Node);
      case LIST:
        this.leaf(d.open as Node);
        this.flatItems(d.items);
        return this.leaf(d.close as Node);
      case SEQ:
        return this.flatItems(d.items);
    }
  }

  private flatItems(items: readonly Node[]): void {
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.space();
      this.flat(items[i]);
    }
  }

  space(): void {
    this.line += ' ';
    this.endsInSpace = true;
    this.col += 1;
  }

  /** The line without trailing spaces. */
  trimmed(): string {
    return this.endsInSpace ? withoutTrailingSpaces(this.line) : this.line;
  }
}

/** Display text being written; trailing spaces of each line trimmed. */
class Layout extends LineWriter {
  private done = '';
  /** A literal's body ended the last line: whatever follows starts a new one. */
  breakPending = false;

  constructor(readonly width: number) {
    super();
  }

  newline(indent: number): void {
    this.done += this.trimmed() + '\n';
    const n = Math.max(0, indent);
    this.line = spaces(n);
    this.endsInSpace = n > 0;
    this.col = n;
    this.breakPending = false;
  }

  fits(width: number): boolean {
    return this.col + width <= this.width;
  }

  finish(): string {
    return this.done + this.trimmed();
  }
}

/** Indentation strings, made once. */
const SPACES: string[] = [];

function spaces(n: number): string {
  if (n >= 64) return ' '.repeat(n);
  return (SPACES[n] ??= ' '.repeat(n));
}

/** `line.replace(/ +$/, '')` without a regex scan of the whole (colour-coded) line. */
export function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 0x20) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** The node laid out within `width` columns, its lines joined with '\n'. */
export function layOut(root: Node, width: number): string {
  const out = new Layout(width);
  if (root.width !== NO_FLAT_WIDTH && root.width <= width) out.flat(root);
  else emit(root, out, INDENT);
  return out.finish();
}

/** Lays out `d` at the cursor; `indent` is where its broken children's lines start. */
function emit(d: Node, out: Layout, indent: number): void {
  if (d.t === LEAF) return out.leaf(d);
  if (d.width !== NO_FLAT_WIDTH && out.fits(d.width)) return out.flat(d);
  if (d.t === LITERAL) return emitLiteral(d, out, indent);
  if (d.t === SEQ) return emitSeq(d.items, out, indent);
  out.leaf(d.open as Node);
  const items = d.items;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) separate(items[i], out, indent, d.fill);
    emit(items[i], out, indent + INDENT);
  }
  if (out.breakPending) out.newline(indent - INDENT);
  out.leaf(d.close as Node);
}

function emitLiteral(d: Node, out: Layout, indent: number): void {
  out.leaf(d.open as Node);
  for (const line of d.lines) {
    out.newline(indent);
    out.leaf(line);
  }
  out.breakPending = true;
}

/** A sequence (a response's tokens, a FETCH pair) fills lines; a list that does not fit
 * starts on the current line and breaks inside, a word that does not fit starts a new line. */
function emitSeq(items: readonly Node[], out: Layout, indent: number): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (i > 0) {
      const w = item.width;
      const sameLine = !out.breakPending && (w === NO_FLAT_WIDTH ? true : out.fits(1 + w) || item.t === LIST);
      if (sameLine) out.space();
      else out.newline(indent);
    }
    emit(item, out, indent);
  }
}

function separate(item: Node, out: Layout, indent: number, fill: boolean): void {
  const w = item.width;
  if (!out.breakPending && fill && w !== NO_FLAT_WIDTH && out.fits(1 + w)) out.space();
  else out.newline(indent);
}
