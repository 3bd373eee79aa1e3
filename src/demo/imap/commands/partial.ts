// The PARTIAL result option (RFC 9394): one window of a SEARCH or SORT result, by position in
// the result list (1 is the first match, -1 the last), answered as `PARTIAL (range set)` in
// the ESEARCH line. RFC 9394 3.3's PARTIAL fetch modifier takes the same range and window
// (fetch.ts, through condstore.ts's modifier reader).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { ArgumentError, atomOf } from '../args.js';
import { formatSet } from '../sequence-set.js';

/** A partial-range (RFC 9394 4), as positions in the result list. */
export interface PartialRange {
  /** The range as the client wrote it: the answer repeats it (RFC 9394 3.1, "the original range"). */
  text: string;
  /** partial-range-last (`-1:-100`): positions count back from the last match. */
  fromEnd: boolean;
  /** The nearer and the farther position, both >= 1 ("500:400 is the same as 400:500"). */
  low: number;
  high: number;
}

/** nz-number (RFC 9051 9): 1 to 4,294,967,295. */
const MAX_NZ_NUMBER = 4_294_967_295;
const EXAMPLE = 'like PARTIAL 1:100 (the first 100 matches) or PARTIAL -1:-100 (the last 100)';

/**
 * RFC 9394 4: partial-range-first = nz-number ":" nz-number;
 * partial-range-last = MINUS nz-number ":" MINUS nz-number. No "*", no 0, no mixed signs,
 * never a single number. Throws ArgumentError (the command is BAD) with what was wrong.
 */
export function parsePartialRange(v: ImapValue | undefined): PartialRange {
  if (v?.type === 'quoted' || v?.type === 'literal') throw new ArgumentError(`PARTIAL's range is written bare, not as a string, ${EXAMPLE}`);
  const text = v?.type === 'number' ? String(v.value) : atomOf(v);
  if (text === undefined || text.toUpperCase() === 'PARTIAL' || /^[A-Z]/i.test(text)) {
    throw new ArgumentError(`PARTIAL needs a range, ${EXAMPLE}`);
  }
  if (text.includes('*')) throw new ArgumentError(`PARTIAL ${text}: * is not allowed in a PARTIAL range (RFC 9394 4); write the position, ${EXAMPLE}`);
  const m = /^(-?)([0-9]+):(-?)([0-9]+)$/.exec(text);
  if (!m) throw new ArgumentError(`PARTIAL ${text} is not a range: two positions joined by ":", ${EXAMPLE}`);
  const [, sign1, a, sign2, b] = m;
  if (sign1 !== sign2) throw new ArgumentError(`PARTIAL ${text}: both ends must have the same sign, 1:5 from the start or -1:-5 from the end (RFC 9394 4)`);
  const ends = [Number(a), Number(b)];
  if (ends.some((n) => n === 0)) throw new ArgumentError(`PARTIAL ${text}: positions start at 1 (or -1 for the last match), 0 is none (RFC 9394 4)`);
  if (ends.some((n) => n > MAX_NZ_NUMBER)) throw new ArgumentError(`PARTIAL ${text}: a position is at most ${MAX_NZ_NUMBER}`);
  return { text, fromEnd: sign1 === '-', low: Math.min(...ends), high: Math.max(...ends) };
}

/**
 * The items at the range's positions, in the list's own order (mailbox order for SEARCH,
 * RFC 9394 3.1; sort order for SORT, RFC 5267 4.4). Positions past either end select
 * nothing: the window may be shorter than the range, or empty (RFC 9394 3.1).
 */
export function partialWindow<T>(items: readonly T[], range: PartialRange): T[] {
  const n = items.length;
  if (!range.fromEnd) return items.slice(range.low - 1, range.high);
  // -1 is the last item (index n-1), -high the farthest back.
  return items.slice(Math.max(0, n - range.high), Math.max(0, n - range.low + 1));
}

/**
 * RFC 9394 4: ret-data-partial = "PARTIAL" SP "(" partial-range SP partial-results ")";
 * partial-results = sequence-set / "NIL", NIL when no match falls in the range.
 * `numbers` are the window's, in order; ranges only where that order ascends (RFC 5267 3.2).
 */
export function partialData(range: PartialRange, numbers: readonly number[]): string {
  return `(${range.text} ${numbers.length ? formatSet(numbers) : 'NIL'})`;
}
