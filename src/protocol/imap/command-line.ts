// What the REPL needs to know about a command line the user typed, as pure string
// functions: where the tag and command name are, whether the line ends in a literal
// announcement, and whether its quotes and brackets balance (guard-rails).

export interface SplitCommandLine {
  tag?: string;
  /** The command word as typed ('' for an empty line). */
  name: string;
  /** The rest of the line after the name, verbatim. */
  args: string;
}

/**
 * The first word is a tag unless it is a command name: the tutorial types `. login ...`
 * and `a list "" "*"`, while mailscope users may type just `list "" "*"`. A word alone is a
 * command, known or not (`help`, `capa`): a tag with no command would get an untagged BAD
 * that completes nothing, and the line would wait forever.
 */
export function splitCommandLine(line: string, isCommandName: (word: string) => boolean): SplitCommandLine {
  const words = /^\s*(\S*)\s*(\S*)(?:\s(.*))?$/s.exec(line);
  const first = words?.[1] ?? '';
  if (first === '') return { name: '', args: '' };
  if (isCommandName(first) || (words?.[2] ?? '') === '') {
    const rest = line.replace(/^\s*\S+\s?/s, '');
    return { name: first, args: rest };
  }
  return { tag: first, name: words?.[2] ?? '', args: words?.[3] ?? '' };
}

export interface TrailingLiteral {
  size: number;
  /** `{N+}` (RFC 7888). */
  nonSync: boolean;
  /** `~{N}` literal8 (RFC 3516). */
  binary: boolean;
}

/** The literal announcement `{N}`, `{N+}` or `~{N}` a line ends with, if any. */
export function trailingLiteral(line: string): TrailingLiteral | undefined {
  const m = /(~?)\{(\d{1,16})(\+?)\}\s*$/.exec(line.replace(/\r?\n$/, ''));
  if (!m) return undefined;
  const size = Number(m[2]);
  if (!Number.isSafeInteger(size)) return undefined;
  return { size, nonSync: m[3] === '+', binary: m[1] === '~' };
}

export type Balance = { ok: true } | { ok: false; offset: number; reason: string };

const CLOSERS: Record<string, string> = { ')': '(', ']': '[' };

/**
 * Checks quotes (with `\"` and `\\` escapes), parentheses and brackets balance. A `{N}`
 * at the end is a literal announcement, not a bracket problem.
 */
export function checkBalance(line: string): Balance {
  const open: { ch: string; at: number }[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      const close = closingQuote(line, i);
      if (close < 0) return { ok: false, offset: i, reason: 'quoted string is not closed' };
      i = close;
    } else if (ch === '(' || ch === '[') {
      open.push({ ch, at: i });
    } else if (ch === ')' || ch === ']') {
      const top = open.pop();
      if (!top) return { ok: false, offset: i, reason: `"${ch}" has no matching "${CLOSERS[ch]}"` };
      if (top.ch !== CLOSERS[ch]) return { ok: false, offset: i, reason: `"${ch}" closes "${top.ch}" opened at ${top.at}` };
    }
  }
  const unclosed = open.pop();
  if (unclosed) return { ok: false, offset: unclosed.at, reason: `"${unclosed.ch}" is not closed` };
  return { ok: true };
}

function closingQuote(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}
