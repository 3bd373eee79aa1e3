// The pretty printer's palette, per theme: tokens that come on every line styled once and kept
// (`*`, `NIL`, `UID`, `\Seen`), and how a token's role and text choose its style and the
// decoded form shown beside it (modified UTF-7 names, RFC 2047 encoded words). Both writers
// read it: from built values (render-imap.ts) and from wire bytes (render-wire.ts).

import type { StatusResponse } from '../protocol/imap/types.js';
import { decodeMailboxName } from '../protocol/imap/mutf7.js';
import { decodeEncodedWords } from '../mime/encoded-words.js';
import { displayByte } from './render-raw.js';
import { Leaf } from './render-layout.js';
import { quotedText } from './render-text-buffer.js';
import { wrapsOf, type Wrap, type Wraps } from './render-style.js';
import { CACHE_LIMIT, ROLE_COUNT, Role, utf8Role } from './render-roles.js';
import { STATUS_TOKEN, type Theme } from './theme.js';

// ---------------------------------------------------------------------------------------------
// Writing values: each token styled and written once, its place in the shape recorded.

/** Per theme: how to write its styles, and the leaves of tokens that come on every line, made once. */
export class Palette {
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

  /** Whether the styles a value written from wire bytes takes are plain wrappers (render-wire.ts). */
  readonly wireable: boolean;

  constructor(readonly theme: Theme) {
    this.wraps = wrapsOf(theme);
    const w = this.wraps;
    this.wireable = !w.quoted.call && !w.mailbox.call && !w.number.call;
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

const palettes = new WeakMap<Theme, Palette>();

export function paletteOf(theme: Theme): Palette {
  let palette = palettes.get(theme);
  if (palette === undefined) {
    palette = new Palette(theme);
    palettes.set(theme, palette);
  }
  return palette;
}

export function styledLeaf(text: string, wrap: Wrap): Leaf {
  return new Leaf(wrap.apply(text), text.length);
}

/** `text`, and after it, dimmed, the decoded form when there is one. */
function annotatedLeaf(text: string, wrap: Wrap, decoded: string | undefined, wraps: Wraps): Leaf {
  if (decoded === undefined) return styledLeaf(text, wrap);
  const note = noteOf(decoded);
  return new Leaf(wrap.apply(text) + wraps.dim.apply(note), text.length + note.length);
}

export const noteOf = (decoded: string): string => ` (${escapeControls(decoded)})`;

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

/** The decoded form shown beside a quoted string, if any. */
export function quotedBeside(value: string, role: Role): string | undefined {
  if (role === Role.mailbox) return mailboxBeside(value);
  if (role === Role.encoded) return encodedBeside(value);
  if (role === Role.utf8Mailbox || role === Role.utf8Plain) return undefined;
  return looksModifiedUtf7(value) ? mailboxBeside(value) : undefined;
}

/** RFC 2047 decoding beside, when it changes the text (an encoded word starts with `=?`). */
function encodedBeside(value: string): string | undefined {
  return value.includes('=?') ? changed(value, decodeEncodedWords(value)) : undefined;
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

/**
 * A quoted string as one leaf, as the values writer shows it (render-imap.ts writeQuoted): the
 * text re-escaped, in the mailbox or string style, and the decoded form beside when there is
 * one. For the few strings the wire writer does not copy as sent.
 */
export function quotedLeaf(value: string, role: Role, utf8Names: boolean, wraps: Wraps): Leaf {
  const text = quotedText(value);
  const wrap = role === Role.mailbox ? wraps.mailbox : wraps.quoted;
  const decoded = quotedBeside(value, utf8Names ? utf8Role(role) : role);
  return decoded === undefined ? styledLeaf(text, wrap) : annotatedLeaf(text, wrap, decoded, wraps);
}
