// Renders explanation lines as text through an injected theme (the plain theme is identity
// functions, so golden tests compare plain text).
import { KIND_LABELS, type ExplainLine, type ExplainResult } from './explain-lines.js';

export interface ExplainTheme {
  bold(s: string): string;
  dim(s: string): string;
  /** The kind label (`IMAP command`). */
  accent(s: string): string;
  /** Unknown terms and obsolete notes. */
  warn(s: string): string;
}

export const plainTheme: ExplainTheme = { bold: (s) => s, dim: (s) => s, accent: (s) => s, warn: (s) => s };

/** Renders explanation lines as text, two spaces of indent per depth; with `width`, prose
 * wraps at word boundaries under its own indent (a terminal would cut words anywhere). */
export function formatLines(lines: readonly ExplainLine[], theme: ExplainTheme = plainTheme, width?: number): string {
  return lines.map((l) => formatLine(l, theme, width)).join('');
}

function formatLine(l: ExplainLine, theme: ExplainTheme, width: number | undefined): string {
  const indent = '  '.repeat(l.depth);
  if (l.kind === 'value') {
    // `term: text`, the text wrapped under the term's first letter plus two.
    const plain = wrapped(`${l.term}: ${l.text}`, indent, width, (s) => s, `${indent}  `);
    return `${indent}${theme.bold(l.term)}${plain.slice(indent.length + l.term.length)}`;
  }
  const unknown = l.kind === 'unknown';
  const labelText = unknown ? 'unknown' : KIND_LABELS[l.kind];
  const body = `${indent}  `;
  // The RFC reference goes under the heading when the heading would not fit on one line; a
  // label longer than the line (a term with several roles) wraps under the term.
  const headingWidth = `${indent}${l.term}: ${labelText} (${l.rfc})`.length;
  const rfc = !l.rfc ? '' : width !== undefined && headingWidth > width ? `\n${body}${theme.dim(`(${l.rfc})`)}` : ` ${theme.dim(`(${l.rfc})`)}`;
  const labelStyle = unknown ? theme.warn : theme.accent;
  const heading = wrapped(`${l.term}: ${labelText}`, indent, width, (t) => t, body).trimEnd().split('\n');
  const styledHeading = heading
    .map((line, i) => (i === 0 ? `${indent}${theme.bold(l.term)}: ${labelStyle(line.slice(indent.length + l.term.length + 2))}` : `${body}${labelStyle(line.slice(body.length))}`))
    .join('\n');
  let out = `${styledHeading}${rfc}\n${wrapped(l.text, body, width, unknown ? theme.warn : (s) => s)}`;
  for (const note of l.notes ?? []) out += wrapped(note, body, width, note.startsWith('obsolete') ? theme.warn : theme.dim);
  return out;
}

/**
 * `text` as lines of at most `width` columns, the first starting with `indent`, the others with
 * `next`, styled line by line. For explanations and :help.
 */
export function wrapped(text: string, indent: string, width: number | undefined, style: (s: string) => string, next = indent): string {
  const roomFor = (i: string) => (width === undefined ? Infinity : Math.max(10, width - i.length));
  let room = roomFor(indent);
  let out = '';
  let line = '';
  let lineIndent = indent;
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      out += `${lineIndent}${style(line)}\n`;
      lineIndent = next;
      room = roomFor(next);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return `${out}${lineIndent}${style(line)}\n`;
}

/**
 * A two-column table (a name, then its description) as :help and :caps print it: names padded to
 * one column, each description wrapped at `width` under the descriptions' column.
 */
export function nameColumns(rows: ReadonlyArray<readonly [name: string, text: string]>, width: number | undefined, styleName: (s: string) => string, styleText: (s: string) => string): string {
  const column = Math.max(...rows.map(([name]) => name.length));
  const row = ([name, text]: readonly [string, string]) =>
    `${styleName(name.padEnd(column))}  ${wrapped(text, ''.padEnd(column + 2), width, styleText).slice(column + 2)}`;
  return rows.map(row).join('').trimEnd();
}

/** Renders an explainTerm result, with "did you mean" for near misses. */
export function formatExplanation(result: ExplainResult, theme: ExplainTheme = plainTheme, width?: number): string {
  let out = formatLines(result.lines, theme, width);
  if (result.suggestions.length > 0) out += `  did you mean: ${result.suggestions.map((s) => theme.bold(s)).join(', ')}?\n`;
  return out;
}
