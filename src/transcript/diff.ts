// A line diff between expected transcript lines (patterns) and the lines a server sent:
// longest common subsequence, so one extra or missing line shows as one line, not a cascade;
// in bounded memory, whatever the exchange's size.

import { escapeWireLine } from '../protocol/wire-escape.js';
import type { LinePattern } from './match.js';

export interface DiffLine {
  /** same: matched; expected: in the transcript, not received; actual: received, not expected. */
  op: 'same' | 'expected' | 'actual';
  /** Transcript text: the pattern for `expected`, the escaped received line otherwise. */
  text: string;
}

/**
 * Above this many table cells (expected x actual lines left after the common ends are trimmed),
 * the middle is shown as its expected lines, then its received lines, unaligned: the table
 * would take n x m memory (a replay of a 28 MB literal's exchange, 380,000 lines, ran out of
 * heap at 4 GB building it).
 */
export const MAX_DIFF_CELLS = 4_000_000;

export function diffLines(
  expected: ReadonlyArray<{ text: string; pattern: LinePattern }>,
  actual: readonly Uint8Array[],
  match: (pattern: LinePattern, line: Uint8Array) => boolean,
): DiffLine[] {
  // The lines alike at both ends are matched as they stand (a replay mostly is): only the middle
  // needs the table.
  let head = 0;
  while (head < expected.length && head < actual.length && match(expected[head].pattern, actual[head])) head++;
  let tail = 0;
  while (
    tail < expected.length - head && tail < actual.length - head &&
    match(expected[expected.length - 1 - tail].pattern, actual[actual.length - 1 - tail])
  ) tail++;
  const out: DiffLine[] = [];
  for (let j = 0; j < head; j++) out.push({ op: 'same', text: escapeWireLine(actual[j]) });
  const middle = { expected: expected.slice(head, expected.length - tail), actual: actual.slice(head, actual.length - tail) };
  if (middle.expected.length * middle.actual.length > MAX_DIFF_CELLS) {
    for (const e of middle.expected) out.push({ op: 'expected', text: e.text });
    for (const line of middle.actual) out.push({ op: 'actual', text: escapeWireLine(line) });
  } else {
    for (const d of tableDiff(middle.expected, middle.actual, match)) out.push(d);
  }
  for (let j = actual.length - tail; j < actual.length; j++) out.push({ op: 'same', text: escapeWireLine(actual[j]) });
  return out;
}

/** Longest common subsequence over the whole table: one extra or missing line shows as one. */
function tableDiff(
  expected: ReadonlyArray<{ text: string; pattern: LinePattern }>,
  actual: readonly Uint8Array[],
  match: (pattern: LinePattern, line: Uint8Array) => boolean,
): DiffLine[] {
  const n = expected.length;
  const m = actual.length;
  // lcs[i][j]: length of the longest common subsequence of expected[i..] and actual[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const same: boolean[][] = Array.from({ length: n }, (_, i) => actual.map((line) => match(expected[i].pattern, line)));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = same[i][j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same[i][j]) {
      out.push({ op: 'same', text: escapeWireLine(actual[j]) });
      i++; j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: 'expected', text: expected[i].text });
      i++;
    } else {
      out.push({ op: 'actual', text: escapeWireLine(actual[j]) });
      j++;
    }
  }
  return out;
}

/** Matching lines left out of a diff cut to its context. */
export interface DiffSkip {
  op: 'skip';
  count: number;
}

/** Lines alike kept around each difference, as `diff -u` keeps them. */
export const DIFF_CONTEXT = 3;

/**
 * The diff with long runs of matching lines cut to DIFF_CONTEXT lines at each side of a difference:
 * an exchange that differs in one line of a big literal showed all its 380,000 lines.
 */
export function withContext(diff: ReadonlyArray<DiffLine | DiffSkip>, context = DIFF_CONTEXT): Array<DiffLine | DiffSkip> {
  const out: Array<DiffLine | DiffSkip> = [];
  for (let i = 0; i < diff.length; ) {
    if (diff[i].op !== 'same') {
      out.push(diff[i++]);
      continue;
    }
    let end = i;
    while (end < diff.length && diff[end].op === 'same') end++;
    // Lines after a difference, and the last lines of all: where a failure that is no line
    // (a timeout, a dropped connection) came. A diff with no difference keeps both ends.
    const keepBefore = i === 0 && end < diff.length ? 0 : context;
    const keepAfter = context;
    if (end - i > keepBefore + keepAfter + 1) {
      for (let k = i; k < i + keepBefore; k++) out.push(diff[k]);
      out.push({ op: 'skip', count: end - i - keepBefore - keepAfter });
      for (let k = end - keepAfter; k < end; k++) out.push(diff[k]);
    } else for (let k = i; k < end; k++) out.push(diff[k]);
    i = end;
  }
  return out;
}

/**
 * Builds withContext's result a line at a time, keeping only the context of each run of
 * matching lines (their text made only for the lines kept): a replay of a 200 MB literal's
 * exchange matches 2.7 million lines, and the whole diff held them all.
 */
export class ContextDiff {
  private readonly out: Array<DiffLine | DiffSkip> = [];
  private pushed = 0;
  /** The run of matching lines under way: where it started, its first lines and its last ones. */
  private runStart = 0;
  private runCount = 0;
  private runHead: Array<Uint8Array | DiffLine> = [];
  private runTail: Array<Uint8Array | DiffLine> = [];

  constructor(private readonly context = DIFF_CONTEXT) {}

  /** A line received as expected (its bytes, or its diff line). */
  same(line: Uint8Array | DiffLine): void {
    if (this.runCount === 0) this.runStart = this.pushed;
    this.runCount++;
    this.pushed++;
    if (this.runHead.length < this.context) this.runHead.push(line);
    this.runTail.push(line);
    // One more than the context: a run no longer than both contexts and a line is kept whole.
    if (this.runTail.length > this.context + 1) this.runTail.shift();
  }

  push(line: DiffLine): void {
    if (line.op === 'same') return this.same(line);
    this.endRun(false);
    this.out.push(line);
    this.pushed++;
  }

  /** The diff, as withContext cuts it. */
  finish(): Array<DiffLine | DiffSkip> {
    this.endRun(true);
    return this.out;
  }

  private endRun(atEnd: boolean): void {
    const count = this.runCount;
    if (count === 0) return;
    const same = (line: Uint8Array | DiffLine): DiffLine => (line instanceof Uint8Array ? { op: 'same', text: escapeWireLine(line) } : line);
    const keepBefore = this.runStart === 0 && !atEnd ? 0 : this.context;
    const keepAfter = this.context;
    if (count > keepBefore + keepAfter + 1) {
      for (const line of this.runHead.slice(0, keepBefore)) this.out.push(same(line));
      this.out.push({ op: 'skip', count: count - keepBefore - keepAfter });
      for (const line of this.runTail.slice(this.runTail.length - keepAfter)) this.out.push(same(line));
    } else {
      // The whole run: its first lines, then the rest from the tail.
      const head = this.runHead.slice(0, Math.min(count, this.context));
      const rest = this.runTail.slice(this.runTail.length - (count - head.length));
      for (const line of [...head, ...rest]) this.out.push(same(line));
    }
    this.runCount = 0;
    this.runHead = [];
    this.runTail = [];
  }
}
