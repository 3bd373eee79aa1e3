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
import { decodeMailboxName } from '../protocol/imap/mutf7.js';
import { decodeCharset, decodeEncodedWords } from '../mime/encoded-words.js';
import { displayByte } from './render-raw.js';
import { hexRows, looksBinary } from './binary-preview.js';
import { Doc, Leaf, LIST, LITERAL, SEQ } from './render-layout.js';
import { UNSTYLED, wrapsOf, type Wrap, type Wraps } from './render-style.js';
import { STATUS_TOKEN, type Theme, type TokenKind } from './theme.js';

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
// Roles: what a value means where it stands, from the RFC grammar.

/** Roles are small numbers: the printer looks them up in arrays on every value, not by name. */
const Role = {
  plain: 0,
  flags: 1,
  mailbox: 2,
  capability: 3,
  fetch: 4,
  envelope: 5,
  addresses: 6,
  address: 7,
  encoded: 8,
  thread: 9,
  /** Where a mailbox or an atom stands once names are UTF-8: nothing decoded beside it. */
  utf8Mailbox: 10,
  utf8Plain: 11,
  /** A list of `name value` pairs other than FETCH's: STATUS items, METADATA entries. */
  pairs: 12,
} as const;
type Role = (typeof Role)[keyof typeof Role];
const ROLE_COUNT = Object.keys(Role).length;

interface Roles {
  /** Role of the value at each position. */
  each: readonly Role[];
  /** Role of values past `each`. */
  rest?: Role;
}

/** Untagged data values (RFC 3501 section 7.2-7.4, RFC 9051 section 7.3, RFC 5161 ENABLED). */
const DATA_ROLES: Readonly<Record<string, Roles>> = {
  CAPABILITY: { each: [], rest: Role.capability },
  ENABLED: { each: [], rest: Role.capability },
  FLAGS: { each: [Role.flags] },
  LIST: { each: [Role.flags, Role.plain, Role.mailbox] },
  LSUB: { each: [Role.flags, Role.plain, Role.mailbox] },
  // Gmail's pre-RFC 6154 LIST variant.
  XLIST: { each: [Role.flags, Role.plain, Role.mailbox] },
  // RFC 3501 7.2.4 status-att-list and RFC 5464 4.4 entry-values: name value pairs.
  STATUS: { each: [Role.mailbox, Role.pairs] },
  METADATA: { each: [Role.mailbox, Role.pairs] },
  FETCH: { each: [Role.fetch] },
  // RFC 5256 4: thread-list, each a thread; nested threads written back to back.
  THREAD: { each: [], rest: Role.thread },
};

/** Response code arguments with a known shape (RFC 3501 section 7.1). */
const CODE_ROLES: Readonly<Record<string, Role>> = {
  PERMANENTFLAGS: Role.flags,
  CAPABILITY: Role.capability,
};

/** FETCH msg-att values with a known shape (RFC 3501 section 7.4.2). */
const FETCH_ROLES: Readonly<Record<string, Role>> = {
  FLAGS: Role.flags,
  ENVELOPE: Role.envelope,
};

/** Children of list-valued roles: ENVELOPE is date, subject, from, sender, reply-to, to, cc,
 * bcc, in-reply-to, message-id; an address is name, adl, mailbox, host (RFC 3501 7.4.2). */
const LIST_ROLES: Readonly<Partial<Record<Role, Roles>>> = {
  [Role.flags]: { each: [], rest: Role.flags },
  [Role.capability]: { each: [], rest: Role.capability },
  [Role.envelope]: { each: [Role.plain, Role.encoded, Role.addresses, Role.addresses, Role.addresses, Role.addresses, Role.addresses, Role.addresses], rest: Role.plain },
  [Role.addresses]: { each: [], rest: Role.address },
  [Role.address]: { each: [Role.encoded], rest: Role.plain },
  [Role.thread]: { each: [], rest: Role.thread },
};

function roleAt(roles: Roles | undefined, i: number): Role {
  return roles?.each[i] ?? roles?.rest ?? Role.plain;
}

// ---------------------------------------------------------------------------------------------
// Writing values: each token styled and written once, its place in the shape recorded.

/** Per theme: how to write its styles, and the leaves of tokens that come on every line, made once. */
class Palette {
  readonly wraps: Wraps;
  readonly untagged: Leaf;
  readonly continuation: Leaf;
  readonly nil: Leaf;
  readonly open = new Leaf('(', 1);
  readonly close = new Leaf(')', 1);
  readonly codeClose: Leaf;
  private readonly status = new Map<string, Leaf>();
  /** Atom leaves by role, then text as sent (`UID`, `FLAGS`, `\Seen`; the reader interns
   * atoms, so their hashes are known): bounded, servers send few distinct ones. */
  private readonly atoms: readonly Map<string, Leaf>[] = Array.from({ length: ROLE_COUNT }, () => new Map());
  /** Untagged response name leaves (`FETCH`, `EXISTS`). */
  private readonly names = new Map<string, Leaf>();
  /** Response code openings (`[UIDVALIDITY `), styled by the theme itself: the code name
   * is not escaped, so the fast styles may not take it. */
  private readonly codeOpens = new Map<string, Leaf>();

  constructor(readonly theme: Theme) {
    this.wraps = wrapsOf(theme);
    this.untagged = styledLeaf('*', this.wraps.untagged);
    this.continuation = styledLeaf('+', this.wraps.continuation);
    this.nil = styledLeaf('NIL', this.wraps.nil);
    this.codeClose = styledLeaf(']', this.wraps.code);
  }

  statusLeaf(word: StatusResponse['status']): Leaf {
    let leaf = this.status.get(word);
    if (leaf === undefined) {
      leaf = new Leaf(this.theme[STATUS_TOKEN[word]](word), word.length);
      this.status.set(word, leaf);
    }
    return leaf;
  }

  codeOpen(text: string): Leaf {
    let leaf = this.codeOpens.get(text);
    if (leaf === undefined) {
      leaf = new Leaf(this.theme.code(text), text.length);
      if (this.codeOpens.size < CACHE_LIMIT) this.codeOpens.set(text, leaf);
    }
    return leaf;
  }

  atom(raw: string, role: Role): Leaf {
    const byText = this.atoms[role];
    let leaf = byText.get(raw);
    if (leaf === undefined) {
      leaf = atomLeaf(raw, role, this.wraps);
      if (byText.size < CACHE_LIMIT) byText.set(raw, leaf);
    }
    return leaf;
  }

  /** An untagged response name: the server's text, not escaped, so the theme's own style takes it. */
  name(name: string): Leaf {
    let leaf = this.names.get(name);
    if (leaf === undefined) {
      leaf = new Leaf(this.theme.name(name), name.length);
      if (this.names.size < CACHE_LIMIT) this.names.set(name, leaf);
    }
    return leaf;
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

/** What writing one response needs; one is kept and reused (see renderImapResponse). */
class Context {
  readonly d = new Doc();
  p!: Palette;
  literalLines = DEFAULT_LITERAL_LINES;
  utf8Names = false;
  /** In use: a theme function that renders a response while this one is written gets a fresh Context. */
  busy = false;
}

function styledLeaf(text: string, wrap: Wrap): Leaf {
  return new Leaf(wrap.apply(text), text.length);
}

/** `text`, and after it, dimmed, the decoded form when there is one. */
function annotatedLeaf(text: string, wrap: Wrap, decoded: string | undefined, wraps: Wraps): Leaf {
  if (decoded === undefined) return styledLeaf(text, wrap);
  const note = noteOf(decoded);
  return new Leaf(wrap.apply(text) + wraps.dim.apply(note), text.length + note.length);
}

const noteOf = (decoded: string): string => ` (${escapeControls(decoded)})`;

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

/** The role that shows no modified UTF-7 decoding, for a session whose names are UTF-8. */
function utf8Role(role: Role): Role {
  return role === Role.mailbox ? Role.utf8Mailbox : role === Role.plain ? Role.utf8Plain : role;
}

function atomLeaf(raw: string, role: Role, wraps: Wraps): Leaf {
  const value = escapeControls(raw);
  if (role === Role.utf8Mailbox) return styledLeaf(value, wraps.mailbox);
  if (role === Role.utf8Plain) return styledLeaf(value, value.startsWith('\\') ? wraps.flag : wraps.atom);
  if (role === Role.flags) return styledLeaf(value, value.startsWith('\\') ? wraps.flag : wraps.keyword);
  if (role === Role.capability) return styledLeaf(value, wraps.capability);
  if (role === Role.mailbox) return annotatedLeaf(value, wraps.mailbox, mailboxBeside(value), wraps);
  if (value.startsWith('\\')) return styledLeaf(value, wraps.flag);
  return annotatedLeaf(value, wraps.atom, looksModifiedUtf7(value) ? mailboxBeside(value) : undefined, wraps);
}

function writeQuoted(value: string, role: Role, c: Context): void {
  const wraps = c.p.wraps;
  const wrap = role === Role.mailbox ? wraps.mailbox : wraps.quoted;
  const decoded = quotedBeside(value, c.utf8Names ? utf8Role(role) : role);
  if (decoded === undefined) c.d.quoted(value, wrap);
  else c.d.quoted(value, wrap, noteOf(decoded), wraps.dim);
}

/** The decoded form shown beside a quoted string, if any. */
function quotedBeside(value: string, role: Role): string | undefined {
  if (role === Role.mailbox) return mailboxBeside(value);
  if (role === Role.encoded) return encodedBeside(value);
  if (role === Role.utf8Mailbox || role === Role.utf8Plain) return undefined;
  return looksModifiedUtf7(value) ? mailboxBeside(value) : undefined;
}

/** RFC 2047 decoding beside, when it changes the text (an encoded word starts with `=?`). */
function encodedBeside(value: string): string | undefined {
  return value.includes('=?') ? changed(value, decodeEncodedWords(value)) : undefined;
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
  if (role === Role.thread && before.type === 'list' && value.type === 'list') d.tight();
  else d.space();
}

/** Lists whose positions carry meaning (a FETCH item, an ENVELOPE field) break one child per
 * line; any other list fills its lines like a paragraph (pairs kept whole: STATUS, METADATA). */
function onePerLine(role: Role): boolean {
  return role === Role.fetch || role === Role.envelope;
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

/** FETCH_ROLES by the item name as sent, remembered: the same few names come on every line. */
const fetchRoleByName = new Map<string, Role>();

function fetchRole(name: string): Role {
  let role = fetchRoleByName.get(name);
  if (role === undefined) {
    role = FETCH_ROLES[name.toUpperCase()] ?? Role.plain;
    if (fetchRoleByName.size < CACHE_LIMIT) fetchRoleByName.set(name, role);
  }
  return role;
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
  const c = shared.busy ? new Context() : shared;
  c.busy = true;
  try {
    // The palette first: making one calls the theme's functions, which may render too.
    c.p = paletteOf(theme);
    c.literalLines = opts.literalLines ?? DEFAULT_LITERAL_LINES;
    c.utf8Names = opts.utf8MailboxNames === true;
    c.d.reset();
    writeResponse(r, c);
    return c.d.layOut(opts.width ?? DEFAULT_WIDTH);
  } finally {
    c.busy = false;
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
