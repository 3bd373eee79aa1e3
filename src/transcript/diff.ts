// A line diff between expected transcript lines (patterns) and the lines a server sent:
// longest common subsequence, so one extra or missing line shows as one line, not a cascade.

import { escapeWireLine } from '../protocol/wire-escape.js';
import type { LinePattern } from './match.js';

export interface DiffLine {
  /** same: matched; expected: in the transcript, not received; actual: received, not expected. */
  op: 'same' | 'expected' | 'actual';
  /** Transcript text: the pattern for `expected`, the escaped received line otherwise. */
  text: string;
}

export function diffLines(
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
