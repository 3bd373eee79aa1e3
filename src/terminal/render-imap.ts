// The IMAP pretty printer: a ReaderEvent in, display text out (lines joined with '\n').
// Each response becomes a small tree of nodes (leaves, parenthesised lists, literals) that
// know their one-line width, then is laid out (render-layout.ts): a list that fits the width
// stays on one line, one that does not breaks: one child per line where positions carry
// meaning (FETCH items, ENVELOPE fields), else filled like a paragraph. A data response that
// fits the width whole (most FETCH lines) is written straight to its line, without nodes.
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
import { decodeMailboxName } from '../protocol/imap/mutf7.js';
import { decodeCharset, decodeEncodedWords } from '../mime/encoded-words.js';
import { displayByte } from './render-raw.js';
import { layOut, LineWriter, NO_FLAT_WIDTH, Node } from './render-layout.js';
import { UNSTYLED, wrapsOf, type Wraps } from './render-style.js';
import { STATUS_TOKEN, type Theme, type TokenKind } from './theme.js';

export interface RenderOptions {
  /** Columns before a structure is wrapped; default 100. */
  width?: number;
  /** Lines of a literal shown before "… N more lines"; default 20. */
  literalLines?: number;
}

const DEFAULT_WIDTH = 100;
const DEFAULT_LITERAL_LINES = 20;

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
// Nodes: what to print, styled, before deciding where lines break (render-layout.ts).

/** Per theme: how to write its styles, and the nodes of tokens that come on every line, made once. */
class Palette {
  readonly wraps: Wraps;
  readonly untagged: Node;
  readonly continuation: Node;
  readonly nil: Node;
  readonly open = Node.leaf('(', UNSTYLED);
  readonly close = Node.leaf(')', UNSTYLED);
  readonly codeClose: Node;
  private readonly status = new Map<string, Node>();
  /** Atom leaves by role, then text as sent (`UID`, `FLAGS`, `\Seen`; the reader interns
   * atoms, so their hashes are known): bounded, servers send few distinct ones. */
  private readonly atoms: Record<Role, Map<string, Node>> = {
    plain: new Map(),
    flags: new Map(),
    mailbox: new Map(),
    capability: new Map(),
    fetch: new Map(),
    envelope: new Map(),
    addresses: new Map(),
    address: new Map(),
    encoded: new Map(),
  };
  /** Untagged response name leaves (`FETCH`, `EXISTS`). */
  private readonly names = new Map<string, Node>();
  /** Response code openings (`[UIDVALIDITY `), styled by the theme itself: the code name
   * is not escaped, so the fast styles may not take it. */
  private readonly codeOpens = new Map<string, string>();

  constructor(readonly theme: Theme) {
    this.wraps = wrapsOf(theme);
    this.untagged = Node.styledOnce(this.leaf('*', 'untagged'));
    this.continuation = Node.styledOnce(this.leaf('+', 'continuation'));
    this.nil = Node.styledOnce(this.leaf('NIL', 'nil'));
    this.codeClose = Node.styledOnce(this.leaf(']', 'code'));
  }

  leaf(text: string, kind: TokenKind): Node {
    return Node.leaf(text, this.wraps[kind]);
  }

  statusLeaf(word: StatusResponse['status']): Node {
    let node = this.status.get(word);
    if (node === undefined) {
      node = Node.leaf(this.theme[STATUS_TOKEN[word]](word), UNSTYLED, word.length);
      this.status.set(word, node);
    }
    return node;
  }

  codeOpen(text: string): string {
    let styled = this.codeOpens.get(text);
    if (styled === undefined) {
      styled = this.theme.code(text);
      if (this.codeOpens.size < CACHE_LIMIT) this.codeOpens.set(text, styled);
    }
    return styled;
  }

  atom(raw: string, role: Role): Node {
    const byText = this.atoms[role];
    let node = byText.get(raw);
    if (node === undefined) {
      node = Node.styledOnce(atomNode(raw, role, this));
      if (byText.size < CACHE_LIMIT) byText.set(raw, node);
    }
    return node;
  }

  /** An untagged response name: the server's text, not escaped, so the theme's own style takes it. */
  name(name: string): Node {
    let node = this.names.get(name);
    if (node === undefined) {
      node = Node.leaf(this.theme.name(name), UNSTYLED, name.length);
      if (this.names.size < CACHE_LIMIT) this.names.set(name, node);
    }
    return node;
  }
}

const CACHE_LIMIT = 1024;

const palettes = new WeakMap<Theme, Palette>();

function paletteOf(theme: Theme): Palette {
  let palette = palettes.get(theme);
  if (palette === undefined) {
    palette = new Palette(theme);
    palettes.set(theme, palette);
  }
  return palette;
}

interface NodeContext {
  p: Palette;
  literalLines: number;
}

function annotated(text: string, kind: TokenKind, decoded: string | undefined, p: Palette): Node {
  if (decoded === undefined) return p.leaf(text, kind);
  return Node.annotated(text, p.wraps[kind], ` (${escapeControls(decoded)})`, p.wraps.dim);
}

function valueNode(v: ImapValue, role: Role, ctx: NodeContext): Node {
  switch (v.type) {
    case 'atom':
      return ctx.p.atom(v.value, role);
    case 'number':
      return ctx.p.leaf(String(v.value), 'number');
    case 'nil':
      return ctx.p.nil;
    case 'quoted':
      return quotedNode(v.value, role, ctx.p);
    case 'literal':
      return literalNode(v, ctx);
    case 'section':
      return ctx.p.leaf(escapeControls(sectionText(v.name, v.sectionText, v.partial)), 'atom');
    case 'list':
      return listNode(v.items, role, ctx);
  }
}

function atomNode(raw: string, role: Role, p: Palette): Node {
  const value = escapeControls(raw);
  if (role === 'flags') return p.leaf(value, value.startsWith('\\') ? 'flag' : 'keyword');
  if (role === 'capability') return p.leaf(value, 'capability');
  if (role === 'mailbox') return annotated(value, 'mailbox', mailboxBeside(value), p);
  if (value.startsWith('\\')) return p.leaf(value, 'flag');
  return annotated(value, 'atom', looksModifiedUtf7(value) ? mailboxBeside(value) : undefined, p);
}

function quotedNode(value: string, role: Role, p: Palette): Node {
  const text = quotedText(value);
  if (role === 'mailbox') return annotated(text, 'mailbox', mailboxBeside(value), p);
  if (role === 'encoded') return annotated(text, 'quoted', encodedBeside(value), p);
  return annotated(text, 'quoted', looksModifiedUtf7(value) ? mailboxBeside(value) : undefined, p);
}

/** The quoted string as sent: `"` and `\` escaped again, controls shown as `\xHH`. */
function quotedText(value: string): string {
  // Most quoted strings hold nothing to escape: one test tells, before the replacing.
  if (!NEEDS_QUOTED_ESCAPE.test(value)) return '"' + value + '"';
  return `"${escapeControls(value.replace(/[\\"]/g, (ch) => '\\' + ch))}"`;
}

/** `"`, `\` and what escapeControls escapes. */
const NEEDS_QUOTED_ESCAPE = /["\\\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** RFC 2047 decoding beside, when it changes the text (an encoded word starts with `=?`). */
function encodedBeside(value: string): string | undefined {
  return value.includes('=?') ? changed(value, decodeEncodedWords(value)) : undefined;
}

function sectionText(name: string, section: string, partial?: { origin: number; count?: number }): string {
  const range = partial ? `<${partial.origin}${partial.count !== undefined ? '.' + partial.count : ''}>` : '';
  return `${name}[${section}]${range}`;
}

function listNode(items: ImapValue[], role: Role, ctx: NodeContext): Node {
  let nodes: Node[];
  if (role === 'fetch') nodes = fetchPairs(items, ctx);
  else {
    const roles = LIST_ROLES[role];
    nodes = [];
    for (let i = 0; i < items.length; i++) nodes.push(valueNode(items[i], roleAt(roles, i), ctx));
  }
  return Node.list(ctx.p.open, ctx.p.close, nodes, !ONE_PER_LINE.has(role));
}

/** Lists whose positions carry meaning (a FETCH item, an ENVELOPE field) break one child per
 * line; any other list fills its lines like a paragraph. */
const ONE_PER_LINE: ReadonlySet<Role> = new Set(['fetch', 'envelope']);

/** msg-att is `name value` pairs (RFC 3501 section 7.4.2): one pair per line when broken. */
function fetchPairs(items: ImapValue[], ctx: NodeContext): Node[] {
  const pairs: Node[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const name = items[i];
    const value = items[i + 1];
    const nameNode = valueNode(name, 'plain', ctx);
    if (value === undefined) {
      pairs.push(nameNode);
      continue;
    }
    const role = name.type === 'atom' ? fetchRole(name.value) : 'plain';
    pairs.push(Node.seq([nameNode, valueNode(value, role, ctx)]));
  }
  return pairs;
}

/** FETCH_ROLES by the item name as sent, remembered: the same few names come on every line. */
const fetchRoleByName = new Map<string, Role>();

function fetchRole(name: string): Role {
  let role = fetchRoleByName.get(name);
  if (role === undefined) {
    role = FETCH_ROLES[name.toUpperCase()] ?? 'plain';
    if (fetchRoleByName.size < CACHE_LIMIT) fetchRoleByName.set(name, role);
  }
  return role;
}

function literalNode(lit: ImapLiteral, ctx: NodeContext): Node {
  const head = ctx.p.leaf(`${lit.binary ? '~' : ''}{${lit.size}}`, 'literal');
  const all = displayLines(lit.data);
  const shown = all.slice(0, ctx.literalLines).map((line) => Node.leaf(line, UNSTYLED));
  const note = literalNote(lit, all.length, ctx.literalLines);
  if (note !== undefined) shown.push(ctx.p.leaf(note, 'dim'));
  return Node.literal(head, shown);
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
  return s.includes('&') && MODIFIED_BASE64_SHIFT.test(s);
}

/** The decoded name, when decoding changes it (decodeMailboxName returns invalid names as they are). */
function mailboxBeside(name: string): string | undefined {
  return name.includes('&') ? changed(name, decodeMailboxName(name)) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Responses as nodes.

function responseNode(r: ImapResponse, ctx: NodeContext): Node {
  switch (r.kind) {
    case 'status':
      return statusNode(r, ctx);
    case 'data':
      return dataNode(r, ctx);
    case 'continuation':
      return continuationNode(r, ctx);
  }
}

function statusNode(r: StatusResponse, ctx: NodeContext): Node {
  const p = ctx.p;
  // A tag is the server's text, not escaped: the theme's own style takes it.
  const start = r.tag === undefined ? p.untagged : Node.leaf(p.theme.tag(r.tag), UNSTYLED, r.tag.length);
  const items = [start, p.statusLeaf(r.status)];
  const code = codeNode(r.code, ctx);
  if (code !== undefined) items.push(code);
  textNodes(r.text, items);
  return Node.seq(items);
}

function dataNode(r: DataResponse, ctx: NodeContext): Node {
  const p = ctx.p;
  const roles = DATA_ROLES[r.name];
  const items = [p.untagged];
  if (r.number !== undefined) items.push(p.leaf(String(r.number), 'number'));
  items.push(p.name(r.name));
  for (let i = 0; i < r.values.length; i++) items.push(valueNode(r.values[i], roleAt(roles, i), ctx));
  return Node.seq(items);
}

function continuationNode(r: ContinuationResponse, ctx: NodeContext): Node {
  const items = [ctx.p.continuation];
  const code = codeNode(r.code, ctx);
  if (code !== undefined) items.push(code);
  textNodes(r.text, items);
  return Node.seq(items);
}

/** `[NAME args]`: brackets and name in the code colour, arguments in their own. */
function codeNode(code: ResponseCode | undefined, ctx: NodeContext): Node | undefined {
  if (code === undefined) return undefined;
  const role = CODE_ROLES[code.name] ?? 'plain';
  const items =
    code.args.length > 0
      ? code.args.map((v) => valueNode(v, role, ctx))
      : code.argText !== ''
        ? [unstyledLeaf(escapeControls(code.argText))]
        : [];
  const open = '[' + code.name + (items.length > 0 ? ' ' : '');
  // The code name is not escaped: the theme's own style takes it.
  const openLeaf = Node.leaf(ctx.p.codeOpen(open), UNSTYLED, open.length);
  return Node.list(openLeaf, ctx.p.codeClose, items, true);
}

/** Human-readable text, one leaf per word so a long text wraps like the rest. A run of
 * spaces stays as sent: the extra ones ride on the word before. */
function textNodes(text: string, into: Node[]): void {
  if (text === '') return;
  const words: string[] = [];
  for (const part of text.split(' ')) {
    if (part === '' && words.length > 0) words[words.length - 1] += ' ';
    else words.push(part);
  }
  for (const word of words) into.push(unstyledLeaf(escapeControls(word)));
}

const unstyledLeaf = (text: string): Node => Node.leaf(text, UNSTYLED);

// ---------------------------------------------------------------------------------------------
// Data responses that fit the width (most FETCH lines): written straight to their one line,
// with no nodes for lists and pairs. The text is what layOut gives for responseNode's tree on
// one line: the same leaves, a space between items, `(` `)` around lists. It gives up
// (undefined) as soon as the line passes the width or a literal brings lines; then the
// response is laid out from nodes.

/** What the flat writer returns to give up (the line is too wide, or a literal brings lines). */
const GIVE_UP = -2;

function flatData(r: DataResponse, ctx: NodeContext, width: number): string | undefined {
  const p = ctx.p;
  const out = new LineWriter();
  out.leaf(p.untagged);
  if (r.number !== undefined) {
    out.space();
    const text = String(r.number);
    out.styled(text, p.wraps.number, text.length);
  }
  out.space();
  out.leaf(p.name(r.name));
  const roles = DATA_ROLES[r.name];
  for (let i = 0; i < r.values.length; i++) {
    out.space();
    if (flatValue(out, r.values[i], roleAt(roles, i), ctx, width) === GIVE_UP) return undefined;
  }
  return out.col <= width ? out.trimmed() : undefined;
}

/** Writes one value on the line; GIVE_UP when the line no longer fits or cannot be flat. */
function flatValue(out: LineWriter, v: ImapValue, role: Role, ctx: NodeContext, width: number): number {
  switch (v.type) {
    case 'atom':
      out.leaf(ctx.p.atom(v.value, role));
      break;
    case 'number': {
      const text = String(v.value);
      out.styled(text, ctx.p.wraps.number, text.length);
      break;
    }
    case 'nil':
      out.leaf(ctx.p.nil);
      break;
    case 'list':
      return flatList(out, v.items, role, ctx, width);
    case 'literal': {
      const node = literalNode(v, ctx);
      if (node.width === NO_FLAT_WIDTH) return GIVE_UP;
      out.flat(node);
      break;
    }
    default:
      out.leaf(valueNode(v, role, ctx));
  }
  return out.col > width ? GIVE_UP : 0;
}

function flatList(out: LineWriter, items: ImapValue[], role: Role, ctx: NodeContext, width: number): number {
  out.leaf(ctx.p.open);
  const roles = LIST_ROLES[role];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.space();
    const item = items[i];
    // FETCH pairs on one line are their names and values with a space between (fetchPairs).
    const itemRole = role === 'fetch' ? fetchItemRole(items, i) : roleAt(roles, i);
    if (flatValue(out, item, itemRole, ctx, width) === GIVE_UP) return GIVE_UP;
  }
  out.leaf(ctx.p.close);
  return out.col > width ? GIVE_UP : 0;
}

/** The role fetchPairs gives the i-th item of a msg-att list: names plain, values by name. */
function fetchItemRole(items: ImapValue[], i: number): Role {
  if (i % 2 === 0) return 'plain';
  const name = items[i - 1];
  return name.type === 'atom' ? fetchRole(name.value) : 'plain';
}

// ---------------------------------------------------------------------------------------------
// Public API.

export function renderImapResponse(r: ImapResponse, theme: Theme, opts: RenderOptions = {}): string {
  const ctx: NodeContext = { p: paletteOf(theme), literalLines: opts.literalLines ?? DEFAULT_LITERAL_LINES };
  const width = opts.width ?? DEFAULT_WIDTH;
  if (r.kind === 'data') {
    const flat = flatData(r, ctx, width);
    if (flat !== undefined) return flat;
  }
  return layOut(responseNode(r, ctx), width);
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
