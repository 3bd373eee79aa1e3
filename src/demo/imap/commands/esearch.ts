// SEARCH and SORT result options (`SEARCH RETURN (MIN MAX COUNT ALL SAVE) keys`, PARTIAL of
// RFC 9394, and the same after SORT, ESORT of RFC 5267 3): which were asked for, the ESEARCH
// line that answers them (RFC 4731 3.1), and which messages SAVE keeps (RFC 5182 2.4,
// RFC 9394 3.2). The names and their meaning are the registry's; this file says how the
// demo writes each one.
// The hits come in result order: mailbox order after SEARCH, sort order after SORT. So MIN
// and MAX are the first and last of the list, which after SORT are "the lowest/highest
// sorted message" (RFC 5267 3.1), and ALL keeps the list's order (ranges only where it
// ascends, RFC 5267 3.2).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { quoted } from '../../../protocol/imap/writer.js';
import { searchReturn } from '../../../registry/index.js';
import type { SearchReturnEntry } from '../../../registry/types.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import { formatSet } from '../sequence-set.js';
import { highestOf } from './condstore.js';
import { parsePartialRange, partialData, partialWindow, type PartialRange } from './partial.js';
import type { Hit } from './search.js';

/** The result options of one SEARCH or SORT: names upper case, and PARTIAL's range. */
export interface ReturnOptions {
  names: ReadonlySet<string>;
  partial?: PartialRange;
}

type ReturnDatum = (numbers: readonly number[], options: ReturnOptions) => string | undefined;

/**
 * The return data the demo writes, in the order written. RFC 4466 2.6.2 fixes no order
 * (and RFC 4731 3.1 warns clients to assume none); this is the order of the RFC 4731
 * examples (`MIN 2 COUNT 3`, `MIN 7 MAX 3800`). Each gives its value, or undefined when it
 * must be left out: MIN, MAX and ALL when nothing matched (RFC 4731 3.1), while COUNT is
 * always there, and so is PARTIAL (with NIL, RFC 9394 3.1).
 */
const RETURN_DATA: ReadonlyArray<[string, ReturnDatum]> = [
  ['MIN', (n) => (n.length ? String(n[0]) : undefined)],
  ['MAX', (n) => (n.length ? String(n[n.length - 1]) : undefined)],
  ['COUNT', (n) => String(n.length)],
  // ALL is a sequence-set, "1:3,7", never the plain list of SEARCH (RFC 4731 3.1).
  ['ALL', (n) => (n.length ? formatSet(n) : undefined)],
  ['PARTIAL', (n, o) => partialData(o.partial!, partialWindow(n, o.partial!))],
];

/** Result options the demo implements: the data above, and SEARCHRES's SAVE (RFC 5182 2). */
const IMPLEMENTED = new Set([...RETURN_DATA.map(([name]) => name), 'SAVE']);

/**
 * RFC 5267 4.1: CONTEXT=SEARCH adds these result options to SEARCH only (after SORT they need
 * CONTEXT=SORT, which the demo does not have). PARTIAL, the third, is RFC 9394's here.
 */
const SEARCH_CONTEXT_OPTIONS = new Set(['CONTEXT', 'UPDATE']);
/**
 * Options that ask for no data: a list of only these is answered as an empty one, with ALL
 * (RFC 4731 3.1), as Dovecot does. CONTEXT is a hint (RFC 5267 4.2). UPDATE is not here: like
 * Dovecot, `RETURN (UPDATE)` answers an ESEARCH line with no data, and then the updates.
 */
const HINTS = new Set(['CONTEXT']);

/** The result options a searching command takes, for the BAD of an unknown one. */
function optionNames(searchContexts: boolean): string[] {
  return [...IMPLEMENTED, ...(searchContexts ? SEARCH_CONTEXT_OPTIONS : [])];
}

/** Whether the searching command may take `name`: context options only after SEARCH (RFC 5267 4.1). */
function implemented(name: string, searchContexts: boolean): boolean {
  return IMPLEMENTED.has(name) || (searchContexts && SEARCH_CONTEXT_OPTIONS.has(name));
}

/** Why a registered result option is refused here: CONTEXT and UPDATE after SORT, or another extension's. */
function unsupported(name: string, entry: SearchReturnEntry): string {
  if (SEARCH_CONTEXT_OPTIONS.has(name)) return `result option ${name} is not supported after SORT by this server (it needs CONTEXT=SORT)`;
  return `result option ${name} is not supported by this server (it needs ${entry.requires?.join(' or ') ?? 'an extension'})`;
}

/**
 * RFC 9394 3.1 (and RFC 5267 4.4): "A single command MUST NOT contain more than one PARTIAL
 * or ALL search return option". A command that does is BAD.
 */
function refuseSecondWindow(names: ReadonlySet<string>, name: string): void {
  if (name !== 'ALL' && name !== 'PARTIAL') return;
  if (names.has('ALL') && name === 'ALL') throw new ArgumentError('ALL may be asked for once (RFC 9394 3.1)');
  if (names.has('PARTIAL') && name === 'PARTIAL') throw new ArgumentError('PARTIAL may be asked for once per command (RFC 9394 3.1)');
  if (names.has('ALL') || names.has('PARTIAL')) {
    throw new ArgumentError('PARTIAL and ALL cannot be combined: PARTIAL already returns a part of what ALL would (RFC 9394 3.1)');
  }
}

/**
 * Reads `RETURN (options)` at the start of the arguments (RFC 4466 2.6: before CHARSET and
 * the keys; RFC 5267 3: before SORT's criteria). `options` is undefined when there is no
 * RETURN: the answer is a plain SEARCH (or SORT).
 */
export function readReturnOptions(args: ImapValue[], searchContexts = false): { options?: ReturnOptions; rest: ImapValue[] } {
  if (atomOf(args[0])?.toUpperCase() !== 'RETURN') return { rest: args };
  const list = args[1];
  if (!isList(list)) throw new ArgumentError('RETURN needs a list of result options, like RETURN (MIN MAX COUNT)');
  const names = new Set<string>();
  let partial: PartialRange | undefined;
  for (let i = 0; i < list.items.length; i++) {
    const name = atomOf(list.items[i])?.toUpperCase() ?? '';
    const entry = searchReturn(name);
    if (!entry || entry.where === 'data') throw new ArgumentError(`unknown result option ${name || 'in RETURN'}: use ${optionNames(searchContexts).join(' ')}`);
    if (!implemented(name, searchContexts)) throw new ArgumentError(unsupported(name, entry));
    refuseSecondWindow(names, name);
    // RFC 9394 4: modifier-partial = "PARTIAL" SP partial-range, the range is mandatory.
    if (name === 'PARTIAL') partial = parsePartialRange(list.items[++i]);
    names.add(name);
  }
  // RFC 4731 3.1: an empty list asks for an ESEARCH answer, and is the same as (ALL).
  if ([...names].every((n) => HINTS.has(n))) names.add('ALL');
  return { options: { names, partial }, rest: args.slice(2) };
}

/**
 * The messages a result option set is about: which SAVE keeps (RFC 5182 2.4, RFC 9394 3.2
 * table 1) and whose MODSEQ is reported (RFC 4731 3.2). With ALL or COUNT, or with none of
 * MIN, MAX and PARTIAL: every match. Otherwise the PARTIAL window, and the MIN and/or MAX
 * match, together.
 */
export function returnedHits(options: ReturnOptions, hits: readonly Hit[]): Hit[] {
  const has = (name: string) => options.names.has(name);
  if (has('ALL') || has('COUNT') || !(has('MIN') || has('MAX') || options.partial) || hits.length === 0) return [...hits];
  const kept = new Set<Hit>(options.partial ? partialWindow(hits, options.partial) : []);
  if (has('MIN')) kept.add(hits[0]);
  if (has('MAX')) kept.add(hits[hits.length - 1]);
  return hits.filter((h) => kept.has(h));
}

/**
 * `ESEARCH (TAG "a1") [UID] MIN n MAX n COUNT n ALL set [MODSEQ n]`, or undefined when only
 * SAVE was asked for: RFC 5182 2 says SAVE alone suppresses the answer. UPDATE's later
 * ADDTO and REMOVEFROM lines are context-search.ts's.
 * `usedModseq`: a MODSEQ key was searched, so the answer carries the highest mod-sequence
 * of the messages it returns (RFC 4731 3.2; RFC 7162 3.1.5), when it returns any.
 */
export function esearchLine(tag: string, uidForm: boolean, options: ReturnOptions, hits: readonly Hit[], usedModseq: boolean): string | undefined {
  const wanted = RETURN_DATA.filter(([name]) => options.names.has(name));
  // UPDATE (RFC 5267 4.3) with no data still answers: the line says the context began.
  if (wanted.length === 0 && !options.names.has('UPDATE')) return undefined;
  const numbers = hits.map((h) => (uidForm ? h.message.uid : h.seq));
  const parts = [`ESEARCH (TAG ${quoted(tag)})`];
  // RFC 4731 3.1: the answer to UID SEARCH says UID, and every number in it is a UID.
  if (uidForm) parts.push('UID');
  for (const [name, value] of wanted) {
    const text = value(numbers, options);
    if (text !== undefined) parts.push(`${name} ${text}`);
  }
  const returned = returnedHits(options, hits);
  if (usedModseq && returned.length > 0) parts.push(`MODSEQ ${highestOf(returned.map((h) => h.message))}`);
  return parts.join(' ');
}
