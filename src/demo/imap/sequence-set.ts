// sequence-set (RFC 3501 section 9: "1:3,5,7:*"), for message numbers and UIDs. `*` is the
// largest number in use; a range's ends may come in either order ("4:2" is "2:4").

export interface Range { from: number; to: number }

const SEQ_NUMBER = /^(?:[1-9][0-9]*|\*)$/;

/** Parses a sequence-set; undefined when it breaks the grammar (the caller answers BAD). */
export function parseSequenceSet(text: string, star: number): Range[] | undefined {
  if (text === '') return undefined;
  const ranges: Range[] = [];
  for (const part of text.split(',')) {
    const ends = part.split(':');
    if (ends.length > 2 || !ends.every((e) => SEQ_NUMBER.test(e))) return undefined;
    const [a, b = a] = ends.map((e) => (e === '*' ? star : Number(e)));
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return undefined;
    ranges.push({ from: Math.min(a, b), to: Math.max(a, b) });
  }
  return ranges;
}

export function inRanges(n: number, ranges: Range[]): boolean {
  for (const r of ranges) if (n >= r.from && n <= r.to) return true;
  return false;
}

/** The message numbers 1..count that fall in the ranges, ascending. */
export function numbersIn(ranges: Range[], count: number): number[] {
  const seen = new Set<number>();
  for (const r of ranges) for (let n = Math.max(1, r.from); n <= Math.min(count, r.to); n++) seen.add(n);
  return [...seen].sort((a, b) => a - b);
}

/** True when every number of the ranges is within 1..count (RFC 3501 9: invalid message numbers). */
export function allWithin(ranges: Range[], count: number): boolean {
  return ranges.every((r) => r.from >= 1 && r.to <= count);
}

/** Writes ascending numbers as a compact uid-set ("1:3,5"), as COPYUID/APPENDUID want (RFC 4315). */
export function formatSet(numbers: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < numbers.length) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    parts.push(i === j ? String(numbers[i]) : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
