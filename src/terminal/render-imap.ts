// The IMAP pretty printer: a ReaderEvent in, display text out (lines joined with '\n').
// Each response is written once, on one line, while its shape is recorded (render-layout.ts):
// leaves, parenthesised lists, literals, each knowing its one-line width. When the line fits
// the width (most FETCH lines) that is the text; otherwise the layout breaks what does not
// fit: one child per line where positions carry meaning (FETCH items, ENVELOPE fields), else
// filled like a paragraph, reusing the bytes already written.
// Styles come from the theme, applied through render-style.ts (fast and exactly the same).
// Values whose shape the RFC fixes get their role from tables: flags, mailbox names,
// capabilities, ENVELOPE fields; the decoded form of modified UTF-7 names and RFC 2047
// encoded words is shown beside, dimmed.

import type {
  ContinuationResponse,
  DataResponse,
  ImapLiteral,
  ImapResponse,
  ImapValue,
  ReaderEvent,
  ResponseCode,
  StatusResponse,
} from '../protocol/imap/types.js';
import { decodeCharset } from '../mime/encoded-words.js';
import { displayByte } from './render-raw.js';
import { hexRows, looksBinary } from './binary-preview.js';
import { Doc, Leaf, LIST, LITERAL, SEQ } from './render-layout.js';
import { noteOf, Palette, paletteOf, quotedBeside, escapeControls } from './render-palette.js';
import { CODE_ROLES, DATA_ROLES, fetchRole, LIST_ROLES, onePerLine, Role, roleAt, tightBetween, utf8Role } from './render-roles.js';
import { UNSTYLED } from './render-style.js';
import { renderWireData } from './render-wire.js';
import { TextBuffer } from './render-text-buffer.js';
import type { WrittenLine } from './byte-batch.js';
import { LazyDataResponse } from '../protocol/imap/lazy-response.js';
import type { Theme } from './theme.js';

export { escapeControls } from './render-palette.js';

export interface RenderOptions {
  /** Columns before a structure is wrapped; default 100. */
  width?: number;
  /** Lines of a literal shown before "… N more lines"; default 20. */
  literalLines?: number;
  /**
   * Mailbox names are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled, RFC 9051 5.1): `&` is then a
   * plain character, and no modified UTF-7 decoding is shown beside names.
   */
  utf8MailboxNames?: boolean;
}

const DEFAULT_WIDTH = 100;
const DEFAULT_LITERAL_LINES = 20;

// ---------------------------------------------------------------------------------------------

/** What writing one response needs; one is kept and reused (see renderImapResponse). */
class Context {
  readonly d = new Doc();
  /** Where renderImapResponse and renderImapResponseBytes write (a print batch is written into in place). */
  readonly own = new TextBuffer();
  p!: Palette;
  literalLines = DEFAULT_LITERAL_LINES;
  utf8Names = false;
  /** In use: a theme function that renders a response while this one is written gets a fresh Context. */
  busy = false;
}

function writeValue(v: ImapValue, role: Role, c: Context): void {
  switch (v.type) {
    case 'atom':
      return c.d.leaf(c.p.atom(v.value, c.utf8Names ? utf8Role(role) : role));
    case 'number':
      return c.d.number(v.value, c.p.wraps.number);
    case 'nil':
      return c.d.leaf(c.p.nil);
    case 'quoted':
      return writeQuoted(v.value, role, c);
    case 'literal':
      return writeLiteral(v, c);
    case 'section':
      return c.d.styled(escapeControls(sectionText(v.name, v.sectionText, v.partial)), c.p.wraps.atom);
    case 'list':
      return writeList(v.items, role, c);
  }
}


function writeQuoted(value: string, role: Role, c: Context): void {
  const wraps = c.p.wraps;
  const wrap = role === Role.mailbox ? wraps.mailbox : wraps.quoted;
  const decoded = quotedBeside(value, c.utf8Names ? utf8Role(role) : role);
  if (decoded === undefined) c.d.quoted(value, wrap);
  else c.d.quoted(value, wrap, noteOf(decoded), wraps.dim);
}


function sectionText(name: string, section: string, partial?: { origin: number; count?: number }): string {
  const range = partial ? `<${partial.origin}${partial.count !== undefined ? '.' + partial.count : ''}>` : '';
  return `${name}[${section}]${range}`;
}

function writeList(items: ImapValue[], role: Role, c: Context): void {
  const d = c.d;
  const list = d.open(LIST);
  d.leaf(c.p.open);
  if (role === Role.fetch || role === Role.pairs) writeFetchPairs(items, c, role === Role.fetch);
  else {
    const roles = LIST_ROLES[role];
    for (let i = 0; i < items.length; i++) {
      if (i > 0) separator(role, items[i - 1], items[i], d);
      writeValue(items[i], roleAt(roles, i), c);
    }
  }
  d.leaf(c.p.close);
  d.close(list, !onePerLine(role));
}

/** A space between two values, but none between the thread-lists of RFC 5256's thread-nested. */
function separator(role: Role, before: ImapValue, value: ImapValue, d: Doc): void {
  if (tightBetween(role, before.type === 'list', value.type === 'list')) d.tight();
  else d.space();
}


/**
 * msg-att is `name value` pairs (RFC 3501 section 7.4.2), and so are STATUS items and METADATA
 * entries: one pair per line when broken. Only FETCH values take a role by their name.
 */
function writeFetchPairs(items: ImapValue[], c: Context, fetch: boolean): void {
  const d = c.d;
  for (let i = 0; i < items.length; i += 2) {
    if (i > 0) d.space();
    const name = items[i];
    const value = items[i + 1];
    if (value === undefined) {
      writeValue(name, Role.plain, c);
      continue;
    }
    const pair = d.open(SEQ);
    writeValue(name, Role.plain, c);
    d.space();
    writeValue(value, fetch && name.type === 'atom' ? fetchRole(name.value) : Role.plain, c);
    d.close(pair);
  }
}


/** Hex rows shown of a binary literal. */
const BINARY_ROWS = 2;

function writeLiteral(lit: ImapLiteral, c: Context): void {
  const d = c.d;
  const binary = looksBinary(lit.data);
  const all = binary ? [] : displayLines(lit.data);
  const shown = binary ? hexRows(lit.data, BINARY_ROWS) : all.slice(0, c.literalLines);
  const note = binary ? binaryNote(lit, shown.length) : literalNote(lit, all.length, c.literalLines);
  const literal = d.open(LITERAL);
  d.styled(`${lit.binary ? '~' : ''}{${lit.size}}`, c.p.wraps.literal);
  for (const line of shown) d.styled(line, UNSTYLED);
  if (note !== undefined) d.styled(note, c.p.wraps.dim);
  // A literal that brings lines cannot be shown on one line, nor can what holds it.
  d.close(literal, false, shown.length === 0 && note === undefined);
}

function binaryNote(lit: ImapLiteral, rows: number): string | undefined {
  const shown = Math.min(lit.data.length, rows * 16);
  if (shown >= lit.size) return undefined;
  return `… binary, ${lit.size} bytes: the first ${shown} shown (:save FILE keeps them all)`;
}

function literalNote(lit: ImapLiteral, lineCount: number, shown: number): string | undefined {
  if (!lit.complete) {
    return `… streamed literal: first ${lit.data.length} of ${lit.size} bytes shown (:show to see all)`;
  }
  if (lineCount > shown) return `… ${lineCount - shown} more lines (:show to see all)`;
  return undefined;
}

/** Literal bytes as text lines: UTF-8 when valid, else Windows-1252 (8-bit MIME headers
 * are mostly Latin); control characters other than tab escaped so they cannot move the cursor. */
export function displayLines(bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [];
  const text = decodeForDisplay(bytes);
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(escapeControls);
}

function decodeForDisplay(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeCharset('windows-1252', bytes);
  }
}
// ---------------------------------------------------------------------------------------------
// Responses.

function writeResponse(r: ImapResponse, c: Context): void {
  const d = c.d;
  const seq = d.open(SEQ);
  switch (r.kind) {
    case 'status':
      writeStatus(r, c);
      break;
    case 'data':
      writeData(r, c);
      break;
    case 'continuation':
      writeContinuation(r, c);
      break;
  }
  d.close(seq);
}

function writeStatus(r: StatusResponse, c: Context): void {
  const p = c.p;
  // A tag is the server's text, not escaped: the theme's own style takes it.
  c.d.leaf(r.tag === undefined ? p.untagged : new Leaf(p.theme.tag(r.tag), r.tag.length));
  c.d.space();
  c.d.leaf(p.statusLeaf(r.status));
  writeCode(r.code, c);
  writeText(r.text, c);
}

function writeData(r: DataResponse, c: Context): void {
  const d = c.d;
  const p = c.p;
  d.leaf(p.untagged);
  if (r.number !== undefined) {
    d.space();
    d.number(r.number, p.wraps.number);
  }
  d.space();
  d.leaf(p.name(r.name));
  const roles = DATA_ROLES[r.name];
  for (let i = 0; i < r.values.length; i++) {
    const role = roleAt(roles, i);
    if (i === 0) d.space();
    else separator(role, r.values[i - 1], r.values[i], d);
    writeValue(r.values[i], role, c);
  }
}

function writeContinuation(r: ContinuationResponse, c: Context): void {
  c.d.leaf(c.p.continuation);
  writeCode(r.code, c);
  writeText(r.text, c);
}

/** ` [NAME args]`: brackets and name in the code colour, arguments in their own. */
function writeCode(code: ResponseCode | undefined, c: Context): void {
  if (code === undefined) return;
  const d = c.d;
  const role = CODE_ROLES[code.name] ?? Role.plain;
  const hasArgs = code.args.length > 0 || code.argText !== '';
  d.space();
  const list = d.open(LIST);
  // The code name is not escaped: the theme's own style takes it.
  d.leaf(c.p.codeOpen('[' + code.name + (hasArgs ? ' ' : '')));
  if (code.args.length > 0) {
    for (let i = 0; i < code.args.length; i++) {
      if (i > 0) d.space();
      writeValue(code.args[i], role, c);
    }
  } else if (code.argText !== '') d.styled(escapeControls(code.argText), UNSTYLED);
  d.leaf(c.p.codeClose);
  d.close(list, true);
}

/** Human-readable text, one leaf per word so a long text wraps like the rest. A run of
 * spaces stays as sent: the extra ones ride on the word before. */
function writeText(text: string, c: Context): void {
  if (text === '') return;
  const words: string[] = [];
  for (const part of text.split(' ')) {
    if (part === '' && words.length > 0) words[words.length - 1] += ' ';
    else words.push(part);
  }
  for (const word of words) {
    c.d.space();
    c.d.styled(escapeControls(word), UNSTYLED);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

const shared = new Context();

export function renderImapResponse(r: ImapResponse, theme: Theme, opts: RenderOptions = {}): string {
  const c = begin(theme, opts);
  try {
    return written(r, c, opts).decode(0, c.own.pos);
  } finally {
    c.busy = false;
  }
}

/**
 * renderImapResponse's text as UTF-8 bytes, for writing out without making a string: a view
 * valid until the next response is rendered (whoever keeps it copies it).
 */
export function renderImapResponseBytes(r: ImapResponse, theme: Theme, opts: RenderOptions = {}): Uint8Array {
  const c = begin(theme, opts);
  try {
    return written(r, c, opts).bytesOf(0, c.own.pos);
  } finally {
    c.busy = false;
  }
}

/** A Context for one response, busy until the caller's `finally` frees it. */
function begin(theme: Theme, opts: RenderOptions): Context {
  const c = shared.busy ? new Context() : shared;
  c.busy = true;
  // The palette first: making one calls the theme's functions, which may render too.
  c.p = paletteOf(theme);
  c.literalLines = opts.literalLines ?? DEFAULT_LITERAL_LINES;
  c.utf8Names = opts.utf8MailboxNames === true;
  return c;
}

/** `r`'s text in the Context's own buffer, from its start. */
function written(r: ImapResponse, c: Context, opts: RenderOptions): TextBuffer {
  c.own.reset();
  writeInto(r, c, opts.width ?? DEFAULT_WIDTH, c.own);
  return c.own;
}

/** Writes `r`'s text into `out`, after what it holds; on a failure, nothing of it stays. */
function writeInto(r: ImapResponse, c: Context, width: number, out: TextBuffer): void {
  const start = out.pos;
  try {
    // A data response the reader vouched for is laid out from its wire bytes, straight into `out`.
    if (r instanceof LazyDataResponse && renderWireData(r, c.p, c.utf8Names, width, out)) return;
    c.d.reset();
    writeResponse(r, c);
    const from = c.d.layOutAt(width);
    out.copyFrom(c.d.out, from, c.d.out.pos);
  } catch (err) {
    out.pos = start;
    throw err;
  }
}

/** Display text for one reader event. Streamed-literal events give '': the REPL shows
 * renderLiteralProgress while they arrive, and the response event that follows shows the
 * literal's head. */
export function renderImapEvent(ev: ReaderEvent, theme: Theme, opts: RenderOptions = {}): string {
  switch (ev.kind) {
    case 'response':
      return renderImapResponse(ev.response, theme, opts);
    case 'malformed':
      return renderMalformed(ev.raw, ev.offset, ev.reason, theme);
    case 'literal-start':
    case 'literal-chunk':
    case 'literal-end':
      return '';
  }
}

/** renderImapEvent's text as UTF-8 bytes (see renderImapResponseBytes: a view, until the next). */
export function renderImapEventBytes(ev: ReaderEvent, theme: Theme, opts: RenderOptions = {}): Uint8Array {
  if (ev.kind === 'response') return renderImapResponseBytes(ev.response, theme, opts);
  const text = renderImapEvent(ev, theme, opts);
  return text === '' ? NO_BYTES : Buffer.from(text, 'utf8');
}

/**
 * renderImapEvent's text as a line that writes itself into a print batch (byte-batch.ts), with
 * no string made and no copy from a buffer of the printer's; undefined where that text is ''.
 * It is written when printed (a print function reads it before it returns).
 */
export function imapEventLine(ev: ReaderEvent, theme: Theme, opts: RenderOptions = {}): WrittenLine | undefined {
  if (ev.kind === 'response') return new ResponseLine(ev.response, theme, opts);
  const text = renderImapEvent(ev, theme, opts);
  return text === '' ? undefined : new TextLine(text);
}

class ResponseLine implements WrittenLine {
  constructor(
    private readonly r: ImapResponse,
    private readonly theme: Theme,
    private readonly opts: RenderOptions,
  ) {}

  writeTo(out: TextBuffer): void {
    const c = begin(this.theme, this.opts);
    try {
      writeInto(this.r, c, this.opts.width ?? DEFAULT_WIDTH, out);
    } finally {
      c.busy = false;
    }
  }
}

class TextLine implements WrittenLine {
  constructor(private readonly text: string) {}

  writeTo(out: TextBuffer): void {
    out.text(this.text);
  }
}

const NO_BYTES = new Uint8Array(0);

export function renderLiteralProgress(received: number, size: number): string {
  const percent = size === 0 ? 100 : Math.floor((received / size) * 100);
  return `{${size}} ${received} of ${size} bytes received (${percent}%)`;
}

/**
 * A line that breaks the grammar: the wire line holding `offset`, each byte shown (non-printable
 * ones as `\xHH`), the offending byte marked, and underneath a caret and the reason.
 * An offset at the line end (the line stopped too early) puts the caret after the last byte.
 */
/** A malformed line up to this many bytes is shown whole; a longer one (up to 1 MiB) around its offset. */
const MALFORMED_WHOLE = 160;
const MALFORMED_BEFORE = 72;
const MALFORMED_AFTER = 40;

export function renderMalformed(raw: Uint8Array, offset: number, reason: string, theme: Theme): string {
  const line = lineAround(raw, offset);
  // A long line is cut to a window around the offset, `…` marking each cut: the caret stays on
  // the screen (it was on a line of thousands of spaces, wrapped far below the text).
  const whole = line.end - line.start <= MALFORMED_WHOLE;
  const start = whole ? line.start : Math.max(line.start, offset - MALFORMED_BEFORE);
  const end = whole ? line.end : Math.min(line.end, Math.max(offset + 1, start) + MALFORMED_AFTER);
  let shown = start > line.start ? '…' : '';
  let caretColumn = shown.length;
  for (let i = start; i < end; i++) {
    const text = displayByte(raw[i]);
    if (i < offset) caretColumn += text.length;
    shown += i === offset ? theme.error(text) : text;
  }
  if (end < line.end) shown += '…';
  const caret = ' '.repeat(caretColumn) + theme.error('^') + ' ' + `malformed: ${reason}`;
  return `${shown}\n${caret}`;
}

/** Bounds of the line containing `offset`, without its CRLF/LF. */
function lineAround(raw: Uint8Array, offset: number): { start: number; end: number } {
  const at = Math.min(Math.max(0, offset), raw.length);
  let start = at;
  while (start > 0 && raw[start - 1] !== 0x0a) start--;
  let end = at;
  while (end < raw.length && raw[end] !== 0x0a) end++;
  if (end > start && raw[end - 1] === 0x0d && end - 1 > at) end--;
  return { start, end };
}

/**
 * Echo of a line we sent (non-interactive mode, play). The caller passes the text with any
 * secret already replaced; `redacted` adds a note saying so.
 */
export function renderClientLine(text: string, theme: Theme, opts: { redacted?: boolean } = {}): string {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const rendered = lines.map((line) => theme.dim('C: ') + theme.client(escapeControls(line)));
  if (opts.redacted) rendered[rendered.length - 1] += theme.dim('  (secret hidden)');
  return rendered.join('\n');
}
