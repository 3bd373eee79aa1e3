// SEARCH result options (`SEARCH RETURN (MIN MAX COUNT ALL SAVE) keys`): which were asked
// for, the ESEARCH line that answers them (RFC 4731 3.1), and which messages SAVE keeps
// (RFC 5182 2.4). The names and their meaning are the registry's; this file says how the
// demo writes each one.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { quoted } from '../../../protocol/imap/writer.js';
import { searchReturn } from '../../../registry/index.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import { formatSet } from '../sequence-set.js';
import { highestOf } from './condstore.js';
import type { Hit } from './search.js';

/**
 * The return data the demo writes, in the order written. RFC 4466 2.6.2 fixes no order
 * (and RFC 4731 3.1 warns clients to assume none); this is the order of the RFC 4731
 * examples (`MIN 2 COUNT 3`, `MIN 7 MAX 3800`). Each gives its value, or undefined when it
 * must be left out: MIN, MAX and ALL when nothing matched (RFC 4731 3.1), while COUNT is
 * always there.
 */
const RETURN_DATA: ReadonlyArray<[string, (numbers: readonly number[]) => string | undefined]> = [
  ['MIN', (n) => (n.length ? String(n[0]) : undefined)],
  ['MAX', (n) => (n.length ? String(n[n.length - 1]) : undefined)],
  ['COUNT', (n) => String(n.length)],
  // ALL is a sequence-set, "1:3,7", never the plain list of SEARCH (RFC 4731 3.1).
  ['ALL', (n) => (n.length ? formatSet(n) : undefined)],
];

/** Result options the demo implements: the data above, and SEARCHRES's SAVE (RFC 5182 2). */
const IMPLEMENTED = new Set([...RETURN_DATA.map(([name]) => name), 'SAVE']);

/** The result options of one SEARCH, upper case. */
export type ReturnOptions = ReadonlySet<string>;

/**
 * Reads `RETURN (options)` at the start of the arguments (RFC 4466 2.6: before CHARSET and
 * the keys). `options` is undefined when there is no RETURN: the answer is a plain SEARCH.
 */
export function readReturnOptions(args: ImapValue[]): { options?: ReturnOptions; rest: ImapValue[] } {
  if (atomOf(args[0])?.toUpperCase() !== 'RETURN') return { rest: args };
  const list = args[1];
  if (!isList(list)) throw new ArgumentError('RETURN needs a list of result options, like RETURN (MIN MAX COUNT)');
  const options = new Set<string>();
  for (const item of list.items) {
    const name = atomOf(item)?.toUpperCase() ?? '';
    const entry = searchReturn(name);
    if (!entry || entry.where === 'data') throw new ArgumentError(`unknown result option ${name || 'in RETURN'}: use ${[...IMPLEMENTED].join(' ')}`);
    if (!IMPLEMENTED.has(name)) throw new ArgumentError(`result option ${name} is not supported by this server (it needs ${entry.requires?.join(' or ') ?? 'an extension'})`);
    options.add(name);
  }
  // RFC 4731 3.1: an empty list asks for an ESEARCH answer, and is the same as (ALL).
  if (options.size === 0) options.add('ALL');
  return { options, rest: args.slice(2) };
}

/**
 * The messages a result option set is about (RFC 5182 2.4, the SAVE table, and RFC 4731 3.2
 * for MODSEQ): with MIN and/or MAX but neither ALL nor COUNT, only the lowest and highest
 * match; otherwise every match.
 */
export function returnedHits(options: ReturnOptions, hits: readonly Hit[]): Hit[] {
  const min = options.has('MIN');
  const max = options.has('MAX');
  if (options.has('ALL') || options.has('COUNT') || (!min && !max) || hits.length === 0) return [...hits];
  const first = hits[0];
  const last = hits[hits.length - 1];
  if (min && max) return first === last ? [first] : [first, last];
  return [min ? first : last];
}

/**
 * `ESEARCH (TAG "a1") [UID] MIN n MAX n COUNT n ALL set [MODSEQ n]`, or undefined when only
 * SAVE was asked for: RFC 5182 2 says SAVE alone suppresses the answer.
 * `usedModseq`: a MODSEQ key was searched, so the answer carries the highest mod-sequence
 * of the messages it returns (RFC 4731 3.2; RFC 7162 3.1.5), when it returns any.
 */
export function esearchLine(tag: string, uidForm: boolean, options: ReturnOptions, hits: readonly Hit[], usedModseq: boolean): string | undefined {
  const wanted = RETURN_DATA.filter(([name]) => options.has(name));
  if (wanted.length === 0) return undefined;
  const numbers = hits.map((h) => (uidForm ? h.message.uid : h.seq));
  const parts = [`ESEARCH (TAG ${quoted(tag)})`];
  // RFC 4731 3.1: the answer to UID SEARCH says UID, and every number in it is a UID.
  if (uidForm) parts.push('UID');
  for (const [name, value] of wanted) {
    const text = value(numbers);
    if (text !== undefined) parts.push(`${name} ${text}`);
  }
  if (usedModseq && hits.length > 0) parts.push(`MODSEQ ${highestOf(returnedHits(options, hits).map((h) => h.message))}`);
  return parts.join(' ');
}
