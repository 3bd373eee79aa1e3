// The POP3 pretty printer: `+OK` / `-ERR` coloured, RFC 2449 `[CODE]` coloured, multi-line
// bodies shown whole (the reader has dot-unstuffed them) and ended by a dimmed `.`, the
// terminator the server sent. Scan listings (RFC 1939 section 5: STAT, LIST, UIDL) get number
// colours and CAPA lines capability colours; which shape applies comes from the command sent.

import type { Pop3Event } from '../protocol/pop3/types.js';
import { displayLines, escapeControls } from './render-imap.js';
import { displayByte } from './render-raw.js';
import type { Theme, TokenKind } from './theme.js';

export interface Pop3RenderOptions {
  /** The command this response answers (`LIST`, `LIST 1`, `capa`...); only its name is used. */
  command?: string;
  /** Accepted for symmetry with IMAP; POP3 lines are never wrapped. */
  width?: number;
}

/** Words of a line, by position; the last kind repeats for the rest. */
type LineShape = readonly TokenKind[];

/** The first line of a single-line answer (RFC 1939 section 5: "+OK nn mm" scan listings). */
const STATUS_SHAPES: Readonly<Record<string, LineShape>> = {
  STAT: ['number', 'number', 'atom'],
  LIST: ['number', 'number', 'atom'],
  UIDL: ['number', 'atom'],
};

/** Each line of a multi-line answer (RFC 1939 section 7 UIDL, RFC 2449 section 5 CAPA). */
const BODY_SHAPES: Readonly<Record<string, LineShape>> = {
  LIST: ['number', 'number', 'atom'],
  UIDL: ['number', 'atom'],
  CAPA: ['capability', 'atom'],
};

export function renderPop3Event(ev: Pop3Event, theme: Theme, opts: Pop3RenderOptions = {}): string {
  const command = opts.command?.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  switch (ev.kind) {
    case 'response':
      return renderResponse(ev, theme, command);
    case 'continuation':
      return [theme.continuation('+'), escapeControls(ev.text)].filter((s) => s !== '').join(' ');
    case 'body-chunk':
      // Streamed past the reader's buffer; the REPL reports the size itself.
      return '';
    case 'malformed':
      return renderPop3Malformed(ev.raw, ev.reason, theme);
  }
}

function renderResponse(ev: Extract<Pop3Event, { kind: 'response' }>, theme: Theme, command: string): string {
  const status = ev.ok ? theme.pop3Ok('+OK') : theme.pop3Err('-ERR');
  const code = ev.code === undefined ? [] : [theme.code(`[${escapeControls(ev.code)}]`)];
  // A multi-line LIST/UIDL starts with free text ("+OK 2 messages"); only the single-line form
  // is a scan listing. STAT is always single-line.
  const shape = ev.ok && ev.lines === undefined ? STATUS_SHAPES[command] : undefined;
  const safe = escapeControls(ev.text);
  const text = safe === '' ? [] : [shape ? shapeLine(safe, shape, theme) : safe];
  const first = [status, ...code, ...text].join(' ');
  if (ev.lines === undefined) return first;
  const bodyShape = BODY_SHAPES[command];
  const body = ev.lines.map((line) => {
    const text = displayLines(line)[0] ?? '';
    return bodyShape ? shapeLine(text, bodyShape, theme) : text;
  });
  const end = ev.truncated
    ? theme.dim('… the rest of the body was streamed past the buffer and is not shown')
    : theme.dim('.');
  return [first, ...body, end].join('\n');
}

/** Colours the words of a line by position; a word meant as a number that is not one stays plain. */
function shapeLine(line: string, shape: LineShape, theme: Theme): string {
  return line
    .split(' ')
    .map((word, i) => {
      const kind = shape[Math.min(i, shape.length - 1)];
      if (word === '' || (kind === 'number' && !/^\d+$/.test(word))) return word;
      return theme[kind](word);
    })
    .join(' ');
}

/** The line as bytes (non-printable ones as `\xHH`), then the reason. */
function renderPop3Malformed(raw: Uint8Array, reason: string, theme: Theme): string {
  let end = raw.length;
  if (end > 0 && raw[end - 1] === 0x0a) end--;
  if (end > 0 && raw[end - 1] === 0x0d) end--;
  const shown = Array.from(raw.subarray(0, end), displayByte).join('');
  return `${shown}\n${theme.error('^')} malformed: ${reason}`;
}
