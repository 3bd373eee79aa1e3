// SORT and UID SORT (RFC 5256 section 3): `SORT (criteria) charset search-keys` answers
// `* SORT n n n`, the messages SEARCH would find, in the order the criteria give. What each
// criterion compares is the SORT_KEYS table; REVERSE turns one criterion around; messages
// equal under every criterion stay in sequence-number order (never reversed).
// With RETURN (options) first (ESORT, RFC 5267 3) the answer is an ESEARCH line instead, its
// MIN, MAX, ALL and PARTIAL taken in sort order (esearch.ts).

import type { ImapValue } from '../../../protocol/imap/types.js';
import type { StoredMessage } from '../../store/mailbox.js';
import type { MailboxView } from '../../store/view.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import { ok, type Completion, type Handler, type ImapContext } from '../context.js';
import { saveSearchResult } from '../search-result.js';
import { selectedView } from '../selection.js';
import type { Hit } from './search.js';
import { esearchLine, readReturnOptions, returnedHits, type ReturnOptions } from './esearch.js';
import { enableCondstore, highestOf } from './condstore.js';
import { asciiCasemap, compareValues, firstAddrMailbox, searchAfterCharset, sentDate, subjectOf, type SortValue } from './sort-keys.js';

/** RFC 5256 3, sort-key: what each criterion compares. */
const SORT_KEYS: Record<string, (m: StoredMessage) => SortValue> = {
  // Internal date and time, not just the day as SEARCH ON uses.
  ARRIVAL: (m) => m.internalDate.ms,
  CC: (m) => asciiCasemap(firstAddrMailbox(m, 'Cc')),
  DATE: sentDate,
  FROM: (m) => asciiCasemap(firstAddrMailbox(m, 'From')),
  // RFC822.SIZE: the message's octets.
  SIZE: (m) => m.raw.length,
  SUBJECT: (m) => asciiCasemap(subjectOf(m).baseSubject),
  TO: (m) => asciiCasemap(firstAddrMailbox(m, 'To')),
};

export interface SortCriterion {
  key: string;
  reverse: boolean;
}

/** sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"; sort-criterion = ["REVERSE" SP] sort-key. */
export function parseSortCriteria(v: ImapValue | undefined): SortCriterion[] {
  if (!isList(v) || v.items.length === 0) throw new ArgumentError('sort criteria expected, like (REVERSE DATE)');
  const criteria: SortCriterion[] = [];
  let reverse = false;
  for (const item of v.items) {
    const word = atomOf(item)?.toUpperCase();
    if (word === 'REVERSE' && !reverse) {
      reverse = true;
      continue;
    }
    if (word === undefined || !Object.hasOwn(SORT_KEYS, word)) {
      const what = word === undefined ? 'a sort criterion must be an atom' : `unknown sort criterion ${word}`;
      throw new ArgumentError(`${what}: one of ${Object.keys(SORT_KEYS).join(' ')}, each may follow REVERSE`);
    }
    criteria.push({ key: word, reverse });
    reverse = false;
  }
  if (reverse) throw new ArgumentError('REVERSE must be followed by a sort criterion');
  return criteria;
}

/** The hits in the criteria's order; ties keep sequence-number order (RFC 5256 3). */
export function sortHits(hits: Hit[], criteria: SortCriterion[]): Hit[] {
  const rows = hits.map((hit) => ({ hit, values: criteria.map((c) => SORT_KEYS[c.key](hit.message)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < criteria.length; i++) {
      const d = compareValues(a.values[i], b.values[i]);
      if (d !== 0) return criteria[i].reverse ? -d : d;
    }
    return a.hit.seq - b.hit.seq;
  });
  return rows.map((r) => r.hit);
}

function sortHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    const view = selectedView(ctx);
    // RFC 5267 3: extended-sort = ["UID" SP] "SORT" search-return-opts SP sort-criteria SP search-criteria.
    const { options, rest } = readReturnOptions(call.args);
    const criteria = parseSortCriteria(rest[0]);
    const save = options?.names.has('SAVE') ?? false;
    const found = searchAfterCharset(view, rest.slice(1));
    if (!('hits' in found)) {
      // RFC 5182 2.1: a SAVE that fails with NO leaves `$` empty, as after SEARCH.
      if (save) saveSearchResult(view, []);
      return found;
    }
    // RFC 7162 3.1: a MODSEQ search key makes this a CONDSTORE enabling command.
    if (found.usedModseq) enableCondstore(ctx);
    const sorted = sortHits(found.hits, criteria);
    const label = uidForm ? 'UID SORT' : 'SORT';
    if (options) return answerExtended(ctx, view, call.tag, uidForm, options, sorted, label, found.usedModseq);
    // RFC 7162 7: sort-data = "SORT" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"].
    const modseq = found.usedModseq && sorted.length > 0 ? ` (MODSEQ ${highestOf(sorted.map((h) => h.message))})` : '';
    ctx.untagged(['SORT', ...sorted.map((h) => (uidForm ? h.message.uid : h.seq))].join(' ') + modseq);
    return ok(`${label} completed`);
  };
}

/**
 * RFC 5267 3: with RETURN the answer is one ESEARCH line, "otherwise identical" to an
 * extended SEARCH's, over the hits in sort order. SAVE keeps them for `$`, since RFC 5182 1
 * saves the result of "any command based on SEARCH, e.g., SORT and THREAD".
 */
function answerExtended(ctx: ImapContext, view: MailboxView, tag: string, uidForm: boolean, options: ReturnOptions, sorted: Hit[], label: string, usedModseq: boolean): Completion {
  const save = options.names.has('SAVE');
  if (save) saveSearchResult(view, returnedHits(options, sorted).map((h) => h.message));
  const line = esearchLine(tag, uidForm, options, sorted, usedModseq);
  if (line) ctx.untagged(line);
  return ok(save ? `${label} completed, result saved` : `${label} completed`);
}

export const SORT = sortHandler(false);
export const UID_SORT = sortHandler(true);
