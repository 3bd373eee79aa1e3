// The IMAP pretty printer: a ReaderEvent in, display text out (lines joined with '\n').
// Each response becomes a small document (leaves, parenthesised lists, literals) coloured
// token by token, then laid out: a list that fits the width stays on one line, one that does
// not breaks: one child per line where positions carry meaning (FETCH items, ENVELOPE fields),
// else filled like a paragraph.
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
import { decodeMailboxName } from '../protocol/imap/mutf7.js';
import { decodeCharset, decodeEncodedWords } from '../mime/encoded-words.js';
import { displayByte } from './render-raw.js';
import { STATUS_TOKEN, type Theme, type TokenKind } from './theme.js';

export interface RenderOptions {
  /** Columns before a structure is wrapped; default 100. */
  width?: number;
  /** Lines of a literal shown before "… N more lines"; default 20. */
  literalLines?: number;
}

const DEFAULT_WIDTH = 100;
const DEFAULT_LITERAL_LINES = 20;
const INDENT = 2;

// ---------------------------------------------------------------------------------------------
// Roles: what a value means where it stands, from the RFC grammar.

type Role =
  | 'plain'
  | 'flags'
  | 'mailbox'
  | 'capability'
  | 'fetch'
  | 'envelope'
  | 'addresses'
  | 'address'
  | 'encoded';

interface Roles {
  /** Role of the value at each position. */
  each: readonly Role[];
  /** Role of values past `each`. */
  rest?: Role;
}

/** Untagged data values (RFC 3501 section 7.2-7.4, RFC 9051 section 7.3, RFC 5161 ENABLED). */
const DATA_ROLES: Readonly<Record<string, Roles>> = {
  CAPABILITY: { each: [], rest: 'capability' },
  ENABLED: { each: [], rest: 'capability' },
  FLAGS: { each: ['flags'] },
  LIST: { each: ['flags', 'plain', 'mailbox'] },
  LSUB: { each: ['flags', 'plain', 'mailbox'] },
  // Gmail's pre-RFC 6154 LIST variant.
  XLIST: { each: ['flags', 'plain', 'mailbox'] },
  STATUS: { each: ['mailbox'] },
  FETCH: { each: ['fetch'] },
};

/** Response code arguments with a known shape (RFC 3501 section 7.1). */
const CODE_ROLES: Readonly<Record<string, Role>> = {
  PERMANENTFLAGS: 'flags',
  CAPABILITY: 'capability',
};

/** FETCH msg-att values with a known shape (RFC 3501 section 7.4.2). */
const FETCH_ROLES: Readonly<Record<string, Role>> = {
  FLAGS: 'flags',
  ENVELOPE: 'envelope',
};

/** Children of list-valued roles: ENVELOPE is date, subject, from, sender, reply-to, to, cc,
 * bcc, in-reply-to, message-id; an address is name, adl, mailbox, host (RFC 3501 7.4.2). */
const LIST_ROLES: Readonly<Partial<Record<Role, Roles>>> = {
  flags: { each: [], rest: 'flags' },
  capability: { each: [], rest: 'capability' },
  envelope: { each: ['plain', 'encoded', 'addresses', 'addresses', 'addresses', 'addresses', 'addresses', 'addresses'], rest: 'plain' },
  addresses: { each: [], rest: 'address' },
  address: { each: ['encoded'], rest: 'plain' },
};

function roleAt(roles: Roles | undefined, i: number): Role {
  return roles?.each[i] ?? roles?.rest ?? 'plain';
}

// ---------------------------------------------------------------------------------------------
// The document: what to print, before deciding where lines break.

interface Seg {
  text: string;
  kind?: TokenKind;
}

type Doc =
  | { t: 'leaf'; segs: Seg[] }
  | { t: 'list'; open: Seg[]; close: Seg[]; items: Doc[]; fill: boolean; flat?: number }
  | { t: 'seq'; items: Doc[]; flat?: number }
  | { t: 'literal'; head: Seg[]; lines: Seg[][] };

/** `flat` of a list or seq that cannot be laid out on one line (it holds a literal's lines). */
const NO_FLAT_WIDTH = -1;

const leaf = (text: string, kind?: TokenKind): Doc => ({ t: 'leaf', segs: [{ text, kind }] });

function annotated(text: string, kind: TokenKind, decoded: string | undefined): Doc {
  const segs: Seg[] = [{ text, kind }];
  if (decoded !== undefined) segs.push({ text: ` (${escapeControls(decoded)})`, kind: 'dim' });
  return { t: 'leaf', segs };
}

interface DocContext {
  literalLines: number;
}

function valueDoc(v: ImapValue, role: Role, ctx: DocContext): Doc {
  switch (v.type) {
    case 'atom':
      return atomDoc(v.value, role);
    case 'number':
      return leaf(String(v.value), 'number');
    case 'nil':
      return leaf('NIL', 'nil');
    case 'quoted':
      return quotedDoc(v.value, role);
    case 'literal':
      return literalDoc(v, ctx);
    case 'section':
      return leaf(escapeControls(sectionText(v.name, v.sectionText, v.partial)), 'atom');
    case 'list':
      return listDoc(v.items, role, ctx);
  }
}

function atomDoc(raw: string, role: Role): Doc {
  const value = escapeControls(raw);
  if (role === 'flags') return leaf(value, value.startsWith('\\') ? 'flag' : 'keyword');
  if (role === 'capability') return leaf(value, 'capability');
  if (role === 'mailbox') return annotated(value, 'mailbox', mailboxBeside(value));
  if (value.startsWith('\\')) return leaf(value, 'flag');
  return annotated(value, 'atom', looksModifiedUtf7(value) ? mailboxBeside(value) : undefined);
}

function quotedDoc(value: string, role: Role): Doc {
  const text = `"${escapeControls(value.replace(/[\\"]/g, (c) => '\\' + c))}"`;
  if (role === 'mailbox') return annotated(text, 'mailbox', mailboxBeside(value));
  if (role === 'encoded') return annotated(text, 'quoted', changed(value, decodeEncodedWords(value)));
  return annotated(text, 'quoted', looksModifiedUtf7(value) ? mailboxBeside(value) : undefined);
}

function sectionText(name: string, section: string, partial?: { origin: number; count?: number }): string {
  const range = partial ? `<${partial.origin}${partial.count !== undefined ? '.' + partial.count : ''}>` : '';
  return `${name}[${section}]${range}`;
}

function listDoc(items: ImapValue[], role: Role, ctx: DocContext): Doc {
  const docs = role === 'fetch' ? fetchPairs(items, ctx) : items.map((v, i) => valueDoc(v, roleAt(LIST_ROLES[role], i), ctx));
  return { t: 'list', open: [{ text: '(' }], close: [{ text: ')' }], items: docs, fill: !ONE_PER_LINE.has(role) };
}

/** Lists whose positions carry meaning (a FETCH item, an ENVELOPE field) break one child per
 * line; any other list fills its lines like a paragraph. */
const ONE_PER_LINE: ReadonlySet<Role> = new Set(['fetch', 'envelope']);

/** msg-att is `name value` pairs (RFC 3501 section 7.4.2): one pair per line when broken. */
function fetchPairs(items: ImapValue[], ctx: DocContext): Doc[] {
  const pairs: Doc[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const name = items[i];
    const value = items[i + 1];
    const nameDoc = valueDoc(name, 'plain', ctx);
    if (value === undefined) {
      pairs.push(nameDoc);
      continue;
    }
    const role = name.type === 'atom' ? fetchRole(name.value) : 'plain';
    pairs.push({ t: 'seq', items: [nameDoc, valueDoc(value, role, ctx)] });
  }
  return pairs;
}

/** FETCH_ROLES by the item name as sent, remembered: the same few names come on every line. */
const fetchRoleByName = new Map<string, Role>();

function fetchRole(name: string): Role {
  let role = fetchRoleByName.get(name);
  if (role === undefined) {
    role = FETCH_ROLES[name.toUpperCase()] ?? 'plain';
    if (fetchRoleByName.size < 1024) fetchRoleByName.set(name, role);
  }
  return role;
}

function literalDoc(lit: ImapLiteral, ctx: DocContext): Doc {
  const head: Seg[] = [{ text: `${lit.binary ? '~' : ''}{${lit.size}}`, kind: 'literal' }];
  const all = displayLines(lit.data);
  const lines: Seg[][] = all.slice(0, ctx.literalLines).map((text) => [{ text }]);
  const note = literalNote(lit, all.length, ctx.literalLines);
  if (note !== undefined) lines.push([{ text: note, kind: 'dim' }]);
  return { t: 'literal', head, lines };
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

/** Server text must not drive the terminal (ESC sequences, backspace): controls shown as `\xHH`. */
export function escapeControls(line: string): string {
  // Nearly every token has no control character: a plain scan answers that faster than the regex.
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) return line.replace(CONTROL_CHARACTERS, (ch) => displayByte(ch.charCodeAt(0)));
  }
  return line;
}

/** C0 (but tab), DEL and C1: the characters escapeControls shows as `\xHH`. */
const CONTROL_CHARACTERS = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

function changed(original: string, decoded: string): string | undefined {
  return decoded === original ? undefined : decoded;
}

// ---------------------------------------------------------------------------------------------
// Modified UTF-7 mailbox names (RFC 3501 section 5.1.3).

const MODIFIED_BASE64_SHIFT = /&[A-Za-z0-9+,]+-/;

function looksModifiedUtf7(s: string): boolean {
  return MODIFIED_BASE64_SHIFT.test(s);
}

/** The decoded name, when decoding changes it (decodeMailboxName returns invalid names as they are). */
function mailboxBeside(name: string): string | undefined {
  return name.includes('&') ? changed(name, decodeMailboxName(name)) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Responses as documents.

function responseDoc(r: ImapResponse, ctx: DocContext): Doc {
  switch (r.kind) {
    case 'status':
      return statusDoc(r, ctx);
    case 'data':
      return dataDoc(r, ctx);
    case 'continuation':
      return continuationDoc(r, ctx);
  }
}

function statusDoc(r: StatusResponse, ctx: DocContext): Doc {
  const start = r.tag === undefined ? leaf('*', 'untagged') : leaf(r.tag, 'tag');
  return seq([start, leaf(r.status, STATUS_TOKEN[r.status]), codeDoc(r.code, ctx), ...textDocs(r.text)]);
}

function dataDoc(r: DataResponse, ctx: DocContext): Doc {
  const roles = DATA_ROLES[r.name];
  const number = r.number === undefined ? undefined : leaf(String(r.number), 'number');
  const values = r.values.map((v, i) => valueDoc(v, roleAt(roles, i), ctx));
  return seq([leaf('*', 'untagged'), number, leaf(r.name, 'name'), ...values]);
}

function continuationDoc(r: ContinuationResponse, ctx: DocContext): Doc {
  return seq([leaf('+', 'continuation'), codeDoc(r.code, ctx), ...textDocs(r.text)]);
}

function seq(items: (Doc | undefined)[]): Doc {
  return { t: 'seq', items: items.filter((d): d is Doc => d !== undefined) };
}

/** `[NAME args]`: brackets and name in the code colour, arguments in their own. */
function codeDoc(code: ResponseCode | undefined, ctx: DocContext): Doc | undefined {
  if (code === undefined) return undefined;
  const role = CODE_ROLES[code.name] ?? 'plain';
  const items =
    code.args.length > 0
      ? code.args.map((v) => valueDoc(v, role, ctx))
      : code.argText !== ''
        ? [leaf(escapeControls(code.argText))]
        : [];
  const open: Seg[] = [{ text: '[' + code.name + (items.length > 0 ? ' ' : ''), kind: 'code' }];
  return { t: 'list', open, close: [{ text: ']', kind: 'code' }], items, fill: true };
}

/** Human-readable text, one leaf per word so a long text wraps like the rest. A run of
 * spaces stays as sent: the extra ones ride on the word before. */
function textDocs(text: string): Doc[] {
  if (text === '') return [];
  const words: string[] = [];
  for (const part of text.split(' ')) {
    if (part === '' && words.length > 0) words[words.length - 1] += ' ';
    else words.push(part);
  }
  return words.map((word) => leaf(escapeControls(word)));
}

// ---------------------------------------------------------------------------------------------
// Layout: flat when it fits, else broken with a hanging indent.

// Layout asks a node's flat width at every level above it too, so lists and seqs remember
// theirs (computed once, on first ask): without this, deep BODYSTRUCTUREs cost depth x size.
function flatWidth(d: Doc): number | undefined {
  switch (d.t) {
    case 'leaf':
      return segsWidth(d.segs);
    case 'literal':
      return d.lines.length === 0 ? segsWidth(d.head) : undefined;
    case 'list':
    case 'seq': {
      if (d.flat === undefined) d.flat = computeFlatWidth(d) ?? NO_FLAT_WIDTH;
      return d.flat === NO_FLAT_WIDTH ? undefined : d.flat;
    }
  }
}

function computeFlatWidth(d: Extract<Doc, { t: 'list' | 'seq' }>): number | undefined {
  const inner = sumWithSpaces(d.items);
  if (d.t === 'seq' || inner === undefined) return inner;
  return segsWidth(d.open) + inner + segsWidth(d.close);
}

function sumWithSpaces(items: Doc[]): number | undefined {
  let total = Math.max(0, items.length - 1);
  for (const item of items) {
    const w = flatWidth(item);
    if (w === undefined) return undefined;
    total += w;
  }
  return total;
}

function segsWidth(segs: Seg[]): number {
  let n = 0;
  for (const s of segs) n += s.text.length;
  return n;
}

class Layout {
  readonly lines: string[] = [];
  private line = '';
  col = 0;
  /** A literal's body ended the last line: whatever follows starts a new one. */
  breakPending = false;

  constructor(
    private readonly theme: Theme,
    readonly width: number,
  ) {}

  write(segs: Seg[]): void {
    for (const s of segs) {
      this.line += s.kind === undefined ? s.text : this.theme[s.kind](s.text);
      this.col += s.text.length;
    }
  }

  newline(indent: number): void {
    this.lines.push(withoutTrailingSpaces(this.line));
    this.line = ' '.repeat(Math.max(0, indent));
    this.col = Math.max(0, indent);
    this.breakPending = false;
  }

  fits(width: number): boolean {
    return this.col + width <= this.width;
  }

  finish(): string {
    this.lines.push(withoutTrailingSpaces(this.line));
    return this.lines.join('\n');
  }
}

/** `line.replace(/ +$/, '')` without a regex scan of the whole (colour-coded) line. */
function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 0x20) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** Lays out `d` at the cursor; `indent` is where its broken children's lines start. */
function emit(d: Doc, out: Layout, indent: number): void {
  const w = flatWidth(d);
  if (d.t === 'leaf' || (w !== undefined && out.fits(w))) return emitFlat(d, out);
  if (d.t === 'literal') return emitLiteral(d, out, indent);
  if (d.t === 'seq') return emitSeq(d.items, out, indent);
  out.write(d.open);
  d.items.forEach((item, i) => {
    if (i > 0) separate(item, out, indent, d.fill);
    emit(item, out, indent + INDENT);
  });
  if (out.breakPending) out.newline(indent - INDENT);
  out.write(d.close);
}

function emitFlat(d: Doc, out: Layout): void {
  switch (d.t) {
    case 'leaf':
      return out.write(d.segs);
    case 'literal':
      return out.write(d.head);
    case 'list':
      out.write(d.open);
      d.items.forEach((item, i) => {
        if (i > 0) out.write([{ text: ' ' }]);
        emitFlat(item, out);
      });
      return out.write(d.close);
    case 'seq':
      return d.items.forEach((item, i) => {
        if (i > 0) out.write([{ text: ' ' }]);
        emitFlat(item, out);
      });
  }
}

function emitLiteral(d: Extract<Doc, { t: 'literal' }>, out: Layout, indent: number): void {
  out.write(d.head);
  for (const line of d.lines) {
    out.newline(indent);
    out.write(line);
  }
  out.breakPending = true;
}

/** A sequence (a response's tokens, a FETCH pair) fills lines; a list that does not fit
 * starts on the current line and breaks inside, a word that does not fit starts a new line. */
function emitSeq(items: Doc[], out: Layout, indent: number): void {
  items.forEach((item, i) => {
    if (i > 0) {
      const w = flatWidth(item);
      const sameLine = !out.breakPending && (w === undefined ? true : out.fits(1 + w) || item.t === 'list');
      if (sameLine) out.write([{ text: ' ' }]);
      else out.newline(indent);
    }
    emit(item, out, indent);
  });
}

function separate(item: Doc, out: Layout, indent: number, fill: boolean): void {
  const w = flatWidth(item);
  if (!out.breakPending && fill && w !== undefined && out.fits(1 + w)) out.write([{ text: ' ' }]);
  else out.newline(indent);
}

// ---------------------------------------------------------------------------------------------
// Public API.

export function renderImapResponse(r: ImapResponse, theme: Theme, opts: RenderOptions = {}): string {
  const ctx: DocContext = { literalLines: opts.literalLines ?? DEFAULT_LITERAL_LINES };
  const out = new Layout(theme, opts.width ?? DEFAULT_WIDTH);
  emit(responseDoc(r, ctx), out, INDENT);
  return out.finish();
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

export function renderLiteralProgress(received: number, size: number): string {
  const percent = size === 0 ? 100 : Math.floor((received / size) * 100);
  return `{${size}} ${received} of ${size} bytes received (${percent}%)`;
}

/**
 * A line that breaks the grammar: the wire line holding `offset`, each byte shown (non-printable
 * ones as `\xHH`), the offending byte marked, and underneath a caret and the reason.
 * An offset at the line end (the line stopped too early) puts the caret after the last byte.
 */
export function renderMalformed(raw: Uint8Array, offset: number, reason: string, theme: Theme): string {
  const { start, end } = lineAround(raw, offset);
  let shown = '';
  let caretColumn = 0;
  for (let i = start; i < end; i++) {
    const text = displayByte(raw[i]);
    if (i < offset) caretColumn += text.length;
    shown += i === offset ? theme.error(text) : text;
  }
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
