// Wire-line framing shared by the recorder, exchange grouping, replay and serve: cutting a
// byte stream into lines, knowing which bytes of a line are IMAP literal body (RFC 3501
// section 4.3: `{N}` CRLF then N bytes), and splitting a command line into its words.

import { literalAnnouncementAt, type LiteralAnnouncement } from '../protocol/imap/literal-announcement.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LPAREN = 0x28;
const RPAREN = 0x29;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const NO_BYTES = new Uint8Array(0);


export interface FramedLine {
  /** The line begins a new command or response (it is not the tail of a literal or of a line before). */
  starts: boolean;
  /** Bytes at the start of the line that belong to a literal body. */
  literal: Uint8Array;
  /** The rest: command or response text, empty when the whole line is literal body. */
  text: Uint8Array;
  /** The text ends in a literal announcement: body lines follow. */
  announced?: LiteralAnnouncement;
}

/** Tracks literal bodies across the lines of one direction of an IMAP connection. */
export class LiteralFramer {
  private literalLeft = 0;
  private continuing = false;

  next(line: Uint8Array): FramedLine {
    const starts = !this.continuing;
    const inLiteral = Math.min(this.literalLeft, line.length);
    this.literalLeft -= inLiteral;
    // Views only where the line is cut: a line wholly literal body or wholly text (all but one
    // line of a recorded literal, millions for a big one) is taken as it is.
    const literal = inLiteral === 0 ? NO_BYTES : inLiteral === line.length ? line : line.subarray(0, inLiteral);
    const text = inLiteral === 0 ? line : inLiteral === line.length ? NO_BYTES : line.subarray(inLiteral);
    if (text.length === 0 && inLiteral > 0) {
      // The message goes on after the body, at least with its CRLF.
      this.continuing = true;
      return { starts, literal, text };
    }
    const announced = literalAnnouncementAt(text, 0, text.length);
    if (announced) {
      this.literalLeft = announced.size;
      this.continuing = true;
      return { starts, literal, text, announced };
    }
    this.continuing = false;
    return { starts, literal, text };
  }

  /** Inside a message (a literal announced or under way): the next line does not start one. */
  get inMessage(): boolean {
    return this.continuing;
  }
}

export interface Word {
  start: number;
  end: number;
  kind: 'atom' | 'quoted' | 'list' | 'literal';
}

function endOfQuoted(line: Uint8Array, i: number, end: number): number {
  for (let k = i + 1; k < end; k++) {
    if (line[k] === BACKSLASH) k++;
    else if (line[k] === DQUOTE) return k + 1;
  }
  return end;
}

function endOfList(line: Uint8Array, i: number, end: number): number {
  let depth = 0;
  for (let k = i; k < end; k++) {
    const b = line[k];
    if (b === DQUOTE) k = endOfQuoted(line, k, end) - 1;
    else if (b === LPAREN || b === LBRACKET) depth++;
    else if (b === RPAREN || b === RBRACKET) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return end;
}

function endOfAtom(line: Uint8Array, i: number, end: number): number {
  let k = i;
  // An atom may carry a bracketed section, `BODY[HEADER.FIELDS (FROM)]`: keep it whole.
  while (k < end && line[k] !== SP) {
    if (line[k] === LBRACKET) k = endOfList(line, k, end);
    else k++;
  }
  return k;
}

/** End of the line's content: before CRLF, or before a bare LF. */
export function contentEnd(line: Uint8Array): number {
  let end = line.length;
  if (end > 0 && line[end - 1] === LF) end--;
  if (end > 0 && line[end - 1] === CR) end--;
  return end;
}

/**
 * The words of an IMAP command text (RFC 3501 section 9 `command`): atoms, quoted strings,
 * parenthesised lists (one word), and a trailing literal announcement. Not a validator.
 */
export function scanImapWords(line: Uint8Array): Word[] {
  const end = contentEnd(line);
  const words: Word[] = [];
  let i = 0;
  while (i < end) {
    if (line[i] === SP) { i++; continue; }
    let wordEnd: number;
    let kind: Word['kind'];
    if (line[i] === DQUOTE) { wordEnd = endOfQuoted(line, i, end); kind = 'quoted'; }
    else if (line[i] === LPAREN) { wordEnd = endOfList(line, i, end); kind = 'list'; }
    else { wordEnd = endOfAtom(line, i, end); kind = /^~?\{\d+[+-]?\}$/.test(ascii(line.subarray(i, wordEnd))) ? 'literal' : 'atom'; }
    words.push({ start: i, end: wordEnd, kind });
    i = wordEnd;
  }
  return words;
}

/** The words of a POP3 command (RFC 1939 section 3: keyword and arguments separated by single spaces). */
export function scanPop3Words(line: Uint8Array): Word[] {
  const end = contentEnd(line);
  const words: Word[] = [];
  let i = 0;
  while (i < end) {
    if (line[i] === SP) { i++; continue; }
    let k = i;
    while (k < end && line[k] !== SP) k++;
    words.push({ start: i, end: k, kind: 'atom' });
    i = k;
  }
  return words;
}

export function ascii(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function wordText(line: Uint8Array, w: Word): string {
  return Buffer.from(line.buffer, line.byteOffset + w.start, w.end - w.start).toString('utf8');
}

/** `tag NAME` or `tag UID NAME` at the start of an IMAP command text. */
export function imapCommandHead(line: Uint8Array): { tag: string; name: string; argsFrom: number } | undefined {
  const words = scanImapWords(line);
  if (words.length < 2 || words[0].kind !== 'atom' || words[1].kind !== 'atom') return undefined;
  const tag = wordText(line, words[0]);
  let name = wordText(line, words[1]).toUpperCase();
  let argsFrom = 2;
  if (name === 'UID' && words[2]?.kind === 'atom') {
    name = `UID ${wordText(line, words[2]).toUpperCase()}`;
    argsFrom = 3;
  }
  if (!/^[A-Z][A-Z0-9-]*( [A-Z][A-Z0-9-]*)?$/.test(name) || !/^[\x21-\x7e]+$/.test(tag) || tag === '*' || tag === '+') return undefined;
  return { tag, name, argsFrom };
}

/** The status of an IMAP tagged completion for `tag` (RFC 3501 section 7.1), if this line is one. */
export function imapCompletionStatus(line: Uint8Array, tag: string): 'OK' | 'NO' | 'BAD' | undefined {
  const head = ascii(line.subarray(0, Math.min(contentEnd(line), tag.length + 5)));
  if (!head.startsWith(`${tag} `)) return undefined;
  const m = /^(OK|NO|BAD)(?: |$)/i.exec(head.slice(tag.length + 1));
  return m ? (m[1].toUpperCase() as 'OK' | 'NO' | 'BAD') : undefined;
}

/** POP3 `.` CRLF ends a multi-line response (RFC 1939 section 3). */
export function isPop3Terminator(line: Uint8Array): boolean {
  return line.length >= 2 && line[0] === 0x2e && contentEnd(line) === 1;
}

export function pop3Status(line: Uint8Array): '+OK' | '-ERR' | '+' | undefined {
  const head = ascii(line.subarray(0, 4)).toUpperCase();
  if (head.startsWith('+OK')) return '+OK';
  if (head.startsWith('-ERR')) return '-ERR';
  if (head.startsWith('+')) return '+';
  return undefined;
}
