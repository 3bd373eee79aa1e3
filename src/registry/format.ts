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

/** Renders explanation lines as text, two spaces of indent per depth. */
export function formatLines(lines: readonly ExplainLine[], theme: ExplainTheme = plainTheme): string {
  return lines.map((l) => formatLine(l, theme)).join('');
}

function formatLine(l: ExplainLine, theme: ExplainTheme): string {
  const indent = '  '.repeat(l.depth);
  const label = l.kind === 'unknown' ? theme.warn('unknown') : theme.accent(KIND_LABELS[l.kind]);
  const rfc = l.rfc ? ` ${theme.dim(`(${l.rfc})`)}` : '';
  if (l.kind === 'value') return `${indent}${theme.bold(l.term)}: ${l.text}\n`;
  let out = `${indent}${theme.bold(l.term)}: ${label}${rfc}\n${indent}  ${l.kind === 'unknown' ? theme.warn(l.text) : l.text}\n`;
  for (const note of l.notes ?? []) {
    out += `${indent}  ${note.startsWith('obsolete') ? theme.warn(note) : theme.dim(note)}\n`;
  }
  return out;
}

/** Renders an explainTerm result, with "did you mean" for near misses. */
export function formatExplanation(result: ExplainResult, theme: ExplainTheme = plainTheme): string {
  let out = formatLines(result.lines, theme);
  if (result.suggestions.length > 0) out += `  did you mean: ${result.suggestions.map((s) => theme.bold(s)).join(', ')}?\n`;
  return out;
}
