// The replay's line diff: one extra or missing line shows as one, in bounded memory whatever
// the exchange's size, and long runs of matching lines are cut to context when shown.
import { describe, expect, it } from 'vitest';
import { diffLines, MAX_DIFF_CELLS, withContext, type DiffLine } from '../../src/transcript/diff.js';
import { compilePattern, matchLine } from '../../src/transcript/match.js';

const expected = (lines: string[]) => lines.map((text) => ({ text, pattern: compilePattern(text) }));
const received = (lines: string[]) => lines.map((l) => new Uint8Array(Buffer.from(`${l}\r\n`)));
const ops = (diff: DiffLine[]) => diff.map((d) => `${d.op === 'same' ? ' ' : d.op === 'expected' ? '-' : '+'}${d.text}`);

describe('diffLines', () => {
  it('shows a missing line and an extra line each as one', () => {
    const diff = diffLines(expected(['* 1 EXISTS', '* 0 RECENT', 'a1 OK done']), received(['* 1 EXISTS', '* 9 EXPUNGE', 'a1 OK done']), matchLine);
    expect(ops(diff)).toEqual([' * 1 EXISTS', '-* 0 RECENT', '+* 9 EXPUNGE', ' a1 OK done']);
  });

  it('diffs 130,000 lines that differ in one (a big literal) as one change, without the n x m table', () => {
    const lines = Array.from({ length: 130_000 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[65_000] = 'a different line';
    const diff = diffLines(expected(lines), received(changed), matchLine);
    expect(diff).toHaveLength(130_001);
    expect(diff.filter((d) => d.op !== 'same').map((d) => `${d.op} ${d.text}`)).toEqual(['expected line 65000', 'actual a different line']);
  });

  it('a middle too big for the table is shown as the expected lines, then the received ones', () => {
    const n = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 1;
    const diff = diffLines(expected(['first', ...Array.from({ length: n }, (_, i) => `old ${i}`)]), received(['first', ...Array.from({ length: n }, (_, i) => `new ${i}`)]), matchLine);
    expect(diff[0]).toEqual({ op: 'same', text: 'first' });
    expect(diff.slice(1, n + 1).every((d) => d.op === 'expected')).toBe(true);
    expect(diff.slice(n + 1).every((d) => d.op === 'actual')).toBe(true);
    expect(diff).toHaveLength(2 * n + 1);
  });
});

describe('withContext', () => {
  const same = (n: number, from = 0): DiffLine[] => Array.from({ length: n }, (_, i) => ({ op: 'same', text: `s${from + i}` }));

  it('keeps three lines each side of a difference, and the last three, and counts the rest', () => {
    const diff: DiffLine[] = [...same(20), { op: 'expected', text: 'x' }, { op: 'actual', text: 'y' }, ...same(20, 20)];
    expect(withContext(diff)).toEqual([
      { op: 'skip', count: 17 }, ...same(3, 17), { op: 'expected', text: 'x' }, { op: 'actual', text: 'y' },
      ...same(3, 20), { op: 'skip', count: 14 }, ...same(3, 37),
    ]);
  });

  it('a diff with no difference (the exchange failed otherwise: a timeout) keeps both of its ends', () => {
    expect(withContext(same(20))).toEqual([...same(3), { op: 'skip', count: 14 }, ...same(3, 17)]);
    expect(withContext(same(2))).toEqual(same(2));
  });

  it('leaves a short exchange whole, and a run between two differences short enough whole', () => {
    const diff: DiffLine[] = [...same(3), { op: 'expected', text: 'x' }, ...same(7, 3), { op: 'actual', text: 'y' }];
    expect(withContext(diff)).toEqual(diff);
  });
});
