// The transcript file format (transcripts/README.md): one wire line per `C:`/`S:` line,
// `#` lines for the header and for narration, `=` lines for events. Parsing and
// serializing are exact inverses for the wire bytes; blank lines only help the reader.

import { MailscopeError } from '../errors.js';
import { escapeWireLine, unescapeWireLine } from '../protocol/wire-escape.js';

export type Entry =
  | { kind: 'client'; bytes: Uint8Array; pattern?: string }
  | { kind: 'server'; bytes: Uint8Array; pattern?: string }
  | { kind: 'narration'; text: string }
  | { kind: 'event'; name: string; value?: string };

export interface Transcript {
  /** `# key: value` lines at the top. A key given twice keeps both values, joined by `\n`. */
  header: Record<string, string>;
  entries: Entry[];
}

/**
 * Wildcards (transcripts/README.md, "Matching"): braces, since IMAP owns `*`. A wire line
 * whose text holds one keeps that text as `pattern`; `bytes` is then the text taken literally
 * (what `serve` sends).
 */
export const WILDCARD_TOKEN = '{*}';
export const WILDCARD_REST = '{...}';

export function hasWildcard(text: string): boolean {
  // One scan for the brace rules out nearly every line (this runs for each line read).
  if (!text.includes('{')) return false;
  return text.includes(WILDCARD_TOKEN) || text.includes(WILDCARD_REST);
}

const HEADER_LINE = /^# ([A-Za-z][A-Za-z0-9-]*): ?(.*)$/;
const EVENT_LINE = /^= ?([A-Za-z][A-Za-z0-9-]*)(?: (.*))?$/;
const TIME_EVENT_LINE = /^= ?(\+\d+(?:\.\d+)?m?s)$/;

function syntaxError(lineNumber: number, message: string): MailscopeError {
  return new MailscopeError('TRANSCRIPT_SYNTAX', `line ${lineNumber}: ${message}`);
}

/** U+FEFF at the start of a file: a byte-order mark, not text. */
const BOM = '\uFEFF';

/** The header key naming the protocol, and the protocols a transcript can hold (transcripts/README.md, "The header"). */
export const PROTOCOL_KEY = 'protocol';
export const KNOWN_PROTOCOLS = ['imap', 'pop3'] as const;

/** An unknown protocol (`smtp`) is said, not taken for IMAP: serve and replay would speak the wrong one. */
function checkProtocol(value: string, lineNumber: number): void {
  const name = value.trim().toLowerCase();
  if ((KNOWN_PROTOCOLS as readonly string[]).includes(name)) return;
  throw syntaxError(lineNumber, `unknown protocol "${value}" in the header (mailscope knows ${KNOWN_PROTOCOLS.join(' and ')})`);
}

function wireEntry(kind: 'client' | 'server', rest: string, lineNumber: number): Entry {
  if (rest.length > 0 && !rest.startsWith(' ')) {
    throw syntaxError(lineNumber, `"${kind === 'client' ? 'C:' : 'S:'}" must be followed by a space`);
  }
  const text = rest.slice(1);
  try {
    const bytes = unescapeWireLine(text);
    return hasWildcard(text) ? { kind, bytes, pattern: text } : { kind, bytes };
  } catch (e) {
    throw syntaxError(lineNumber, e instanceof Error ? e.message : String(e));
  }
}

function parseEntryLine(line: string, lineNumber: number): Entry | undefined {
  if (line === '') return undefined;
  if (line.startsWith('C:')) return wireEntry('client', line.slice(2), lineNumber);
  if (line.startsWith('S:')) return wireEntry('server', line.slice(2), lineNumber);
  if (line.startsWith('#')) return { kind: 'narration', text: line.startsWith('# ') ? line.slice(2) : line.slice(1) };
  const time = TIME_EVENT_LINE.exec(line);
  if (time) return { kind: 'event', name: 'time', value: time[1] };
  const event = EVENT_LINE.exec(line);
  if (event) return event[2] === undefined ? { kind: 'event', name: event[1] } : { kind: 'event', name: event[1], value: event[2] };
  throw syntaxError(lineNumber, `expected "C: ", "S: ", "# " or "= " at the start, got ${JSON.stringify(line.slice(0, 20))}`);
}

/**
 * Reads a transcript a line at a time (without its LF): the `#` header lines at the top, then
 * entries. What parseTranscript and the streaming file reader (read-file.ts) share.
 */
export class TranscriptLineParser {
  readonly header: Record<string, string> = {};
  private inHeader = true;
  private lines = 0;

  /** The entry this line holds, if any (header and blank lines hold none). Throws TRANSCRIPT_SYNTAX. */
  line(raw: string): Entry | undefined {
    this.lines++;
    // A file saved on Windows ends its lines in CRLF; the escaper never writes a raw CR.
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Editors on Windows put a byte-order mark at the start of a UTF-8 file: it is no part of the text.
    if (this.lines === 1 && line.startsWith(BOM)) line = line.slice(BOM.length);
    if (this.inHeader) {
      const m = HEADER_LINE.exec(line);
      if (m) {
        const key = m[1].toLowerCase();
        if (key === PROTOCOL_KEY) checkProtocol(m[2], this.lines);
        this.header[key] = key in this.header ? `${this.header[key]}\n${m[2]}` : m[2];
        return undefined;
      }
      this.inHeader = false;
    }
    return parseEntryLine(line, this.lines);
  }

  /** The number of the last line read (1-based): the line of the entry line() just returned. */
  get lineNumber(): number {
    return this.lines;
  }

  /** Whether the header may still go on (no entry or blank line seen yet). */
  get readingHeader(): boolean {
    return this.inHeader;
  }
}

/** Parse a transcript file's text. Throws TRANSCRIPT_SYNTAX naming the line number. */
export function parseTranscript(text: string): Transcript {
  const parser = new TranscriptLineParser();
  const entries: Entry[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); start < text.length; end = text.indexOf('\n', start)) {
    const stop = end < 0 ? text.length : end;
    const entry = parser.line(text.slice(start, stop));
    if (entry) entries.push(entry);
    start = stop + 1;
  }
  return { header: parser.header, entries };
}

/** `{*}` and `{...}` recorded from a real server are not wildcards: hide their brace. */
export function protectWildcards(text: string): string {
  if (!text.includes('{')) return text; // nearly every line: no split and join
  return text.split(WILDCARD_TOKEN).join('\\x7b*}').split(WILDCARD_REST).join('\\x7b...}');
}

export function serializeEntry(entry: Entry): string {
  switch (entry.kind) {
    case 'client':
    case 'server': {
      const prefix = entry.kind === 'client' ? 'C:' : 'S:';
      const shown = entry.pattern ?? protectWildcards(escapeWireLine(entry.bytes));
      return shown === '' ? prefix : `${prefix} ${shown}`;
    }
    case 'narration':
      // One `#` line per line of text: a narration entry never spans file lines.
      return entry.text.split(/\r?\n/).map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
    case 'event':
      if (entry.name === 'time' && entry.value !== undefined) return `= ${entry.value}`;
      return entry.value === undefined ? `= ${entry.name}` : `= ${entry.name} ${entry.value}`;
  }
}

export function serializeHeader(header: Record<string, string>): string {
  let out = '';
  for (const [key, value] of Object.entries(header)) {
    for (const v of value.split('\n')) out += `# ${key}: ${v}\n`;
  }
  // The blank line ends the header, so narration such as "# Note: ..." after it stays narration.
  return out + '\n';
}

/** Lines that open an exchange in the file: a blank line goes before them after server lines. */
export function opensExchange(entry: Entry): boolean {
  return entry.kind === 'client' || entry.kind === 'narration' || (entry.kind === 'event' && entry.name === 'redacted');
}

/**
 * Writes entries one at a time with the blank line between exchanges; parseTranscript
 * ignores blank lines. The recorder and serializeTranscript both use it.
 */
export class EntryWriter {
  private afterServer = false;

  line(entry: Entry): string {
    const gap = this.afterServer && opensExchange(entry) ? '\n' : '';
    if (entry.kind === 'server') this.afterServer = true;
    else if (opensExchange(entry)) this.afterServer = false;
    return gap + serializeEntry(entry) + '\n';
  }
}

/** The file text: the header, then one line per entry. */
export function serializeTranscript(t: Transcript): string {
  const writer = new EntryWriter();
  let out = serializeHeader(t.header);
  for (const entry of t.entries) out += writer.line(entry);
  return out;
}

/** The wire bytes of one side, concatenated: what the connection carried. */
export function sideBytes(t: Transcript, kind: 'client' | 'server'): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of t.entries) if (e.kind === kind) parts.push(e.bytes);
  return Buffer.concat(parts);
}
