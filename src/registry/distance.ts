// Edit distance for "did you mean" (optimal string alignment: insertions, deletions,
// substitutions and swaps of two neighbouring letters each cost 1).

export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) { row.push(j); continue; }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * How far a word may be from a name to be suggested: at most half its letters changed (a
 * one-letter word is never a near miss: `k` is one edit from `+` and `OK`, and means neither),
 * one edit up to 4 letters, two from 5 (`CAPABILTY`).
 */
export function maxSuggestionDistance(word: string): number {
  return Math.min(word.length <= 4 ? 1 : 2, Math.floor(word.length / 2));
}

/** Names closest to `word` (case-insensitive), best first, within maxSuggestionDistance. */
export function nearestNames(word: string, names: Iterable<string>, limit = 3): string[] {
  const upper = word.toUpperCase();
  const max = maxSuggestionDistance(word);
  if (max === 0) return [];
  const scored: Array<{ name: string; d: number }> = [];
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toUpperCase();
    if (seen.has(key) || key === upper) continue;
    seen.add(key);
    if (Math.abs(key.length - upper.length) > max) continue;
    const d = editDistance(upper, key);
    if (d <= max) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
