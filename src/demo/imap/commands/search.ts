// SEARCH and UID SEARCH (RFC 3501 6.4.4). Each key's arguments come from the registry's
// search-key table (how many, of which kind); what a key tests is the MATCHERS table below.
// Keys side by side are ANDed, a parenthesized list is one key, NOT and OR take keys.
// CONDSTORE's MODSEQ key (RFC 7162 3.1.5) has its own reader: its entry-name form is not
// the registry's plain argument list.
// With RETURN (...) first (ESEARCH, RFC 4731; PARTIAL, RFC 9394) the answer is one ESEARCH line (esearch.ts);
// RETURN (SAVE) keeps the result for `$` (SEARCHRES, RFC 5182), which is also a key here.
// RETURN (UPDATE) keeps the search alive (CONTEXT=SEARCH, RFC 5267 4.3; context-search.ts).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { searchKey } from '../../../registry/index.js';
import type { ArgKind } from '../../../registry/types.js';
import { bodyContains, headerContains, messageDate, textContains } from '../../../mime/search-support.js';
import { parseSearchDate, utcDay } from '../../store/date-time.js';
import type { StoredMessage } from '../../store/mailbox.js';
import { parsed } from '../../store/parsed.js';
import type { MailboxView } from '../../store/view.js';
import { ArgumentError, atomOf, isList, textOf } from '../args.js';
import { no, ok, type Completion, type Handler } from '../context.js';
import { inRanges, parseSequenceSet } from '../sequence-set.js';
import { isSearchResultMarker, inSavedResult, saveSearchResult, SEARCH_RESULT_MARKER } from '../search-result.js';
import { parseSet, refuseMarkerInSet, selectedView } from '../selection.js';
import { enableCondstore, highestOf, modSequence } from './condstore.js';
import { esearchLine, readReturnOptions, returnedHits, type ReturnOptions } from './esearch.js';
import { noUpdateLine, openSearchContext, refuseTagInUse } from './context-search.js';
import { REMOVED_SEARCH_KEYS, removedInRev2 } from '../rev2.js';
import { OBJECTID_SEARCH_KEYS } from './objectid.js';
import { SAVEDATE_SEARCH_KEYS } from './savedate.js';
import { WITHIN_SEARCH_KEYS } from './within.js';

export type Test = (m: StoredMessage, seq: number) => boolean;
type Arg = string | number | Test;
/** Builds a key's test from its arguments (read as the registry says); throws ArgumentError for BAD. */
export type Matcher = (args: Arg[], view: MailboxView) => Test;

const flag = (name: string, want = true): Matcher => () => (m) => m.flags.has(name) === want;
const keyword = (want: boolean): Matcher => ([k]) => (m) => [...m.flags].some((f) => f.toLowerCase() === String(k).toLowerCase()) === want;
const header = (name: string): Matcher => ([s]) => (m) => headerContains(parsed(m), name, String(s));
const sentDay = (m: StoredMessage): number | undefined => {
  const date = messageDate(parsed(m));
  return date ? utcDay(date.getTime()) : undefined;
};
const sent = (cmp: (day: number, d: number) => boolean): Matcher => ([d]) => (m) => {
  const day = sentDay(m);
  return day !== undefined && cmp(day, d as number);
};

/**
 * What each search key tests: RFC 3501's, then the extensions' (objectid.ts, savedate.ts,
 * within.ts). Keys the registry lists but this table lacks are refused.
 */
const MATCHERS: Record<string, Matcher> = {
  ALL: () => () => true,
  ANSWERED: flag('\\Answered'), UNANSWERED: flag('\\Answered', false),
  DELETED: flag('\\Deleted'), UNDELETED: flag('\\Deleted', false),
  DRAFT: flag('\\Draft'), UNDRAFT: flag('\\Draft', false),
  FLAGGED: flag('\\Flagged'), UNFLAGGED: flag('\\Flagged', false),
  SEEN: flag('\\Seen'), UNSEEN: flag('\\Seen', false),
  KEYWORD: keyword(true), UNKEYWORD: keyword(false),
  RECENT: (_, view) => (m) => view.recent.has(m.uid),
  OLD: (_, view) => (m) => !view.recent.has(m.uid),
  NEW: (_, view) => (m) => view.recent.has(m.uid) && !m.flags.has('\\Seen'),
  BCC: header('Bcc'), CC: header('Cc'), FROM: header('From'), TO: header('To'), SUBJECT: header('Subject'),
  HEADER: ([name, s]) => (m) => headerContains(parsed(m), String(name), String(s)),
  BODY: ([s]) => (m) => bodyContains(parsed(m), String(s)),
  TEXT: ([s]) => (m) => textContains(parsed(m), String(s)),
  // Internal date, "disregarding time and timezone" (RFC 3501 6.4.4): the day in its own zone.
  BEFORE: ([d]) => (m) => m.internalDate.day < (d as number),
  ON: ([d]) => (m) => m.internalDate.day === d,
  SINCE: ([d]) => (m) => m.internalDate.day >= (d as number),
  SENTBEFORE: sent((day, d) => day < d),
  SENTON: sent((day, d) => day === d),
  SENTSINCE: sent((day, d) => day >= d),
  LARGER: ([n]) => (m) => m.raw.length > (n as number),
  SMALLER: ([n]) => (m) => m.raw.length < (n as number),
  UID: ([t]) => t as Test,
  NOT: ([t]) => (m, seq) => !(t as Test)(m, seq),
  OR: ([a, b]) => (m, seq) => (a as Test)(m, seq) || (b as Test)(m, seq),
  ...OBJECTID_SEARCH_KEYS,
  ...SAVEDATE_SEARCH_KEYS,
  ...WITHIN_SEARCH_KEYS,
};

const SEQUENCE_SET = /^[0-9*][0-9*:,]*$/;
/** NOT NOT NOT ... or deep parentheses: a bound, so hostile input cannot exhaust the stack. */
const MAX_KEY_DEPTH = 64;

/** RFC 7162 3.1.5 entry-type-req: whose flag annotation the mod-sequence is about. */
const ENTRY_TYPES = ['priv', 'shared', 'all'];
const FLAG_ENTRY = /^\/flags\/./i;

/** What reading the keys noticed, shared by nested readers. */
interface KeyNotes {
  /** A MODSEQ key was used: the response ends with (MODSEQ n) (RFC 7162 3.1.6). */
  modseq: boolean;
}

class KeyReader {
  private pos = 0;
  constructor(
    private readonly tokens: ImapValue[],
    private readonly view: MailboxView,
    private readonly notes: KeyNotes,
    private readonly depth = 0,
  ) {
    if (depth > MAX_KEY_DEPTH) throw new ArgumentError(`search keys nested deeper than ${MAX_KEY_DEPTH}`);
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  key(): Test {
    const token = this.tokens[this.pos++];
    if (!token) throw new ArgumentError('search key expected');
    if (isList(token)) {
      return new KeyReader(token.items, this.view, this.notes, this.depth + 1).all();
    }
    const word = atomOf(token);
    if (word === undefined) throw new ArgumentError('search key expected, got a string');
    // RFC 5182 2.1: `$` is a sequence-set, so a key: the messages of the saved result.
    if (word === SEARCH_RESULT_MARKER) return (m) => inSavedResult(this.view, m);
    if (SEQUENCE_SET.test(word)) {
      const ranges = parseSequenceSet(word, this.view.messages.length);
      if (!ranges) throw new ArgumentError(`invalid sequence set ${word}`);
      return (_m, seq) => inRanges(seq, ranges);
    }
    const name = word.toUpperCase();
    // RFC 9051 9: RECENT, NEW and OLD are not search keys in IMAP4rev2 (Appendix E item 12);
    // a view that hides \Recent belongs to a session that enabled it.
    if (this.view.hideRecent && REMOVED_SEARCH_KEYS.has(name)) throw new ArgumentError(removedInRev2(`The search key ${name}`));
    if (name === 'MODSEQ') return this.modseqKey();
    if (name === 'RETURN') throw new ArgumentError('RETURN (options) comes first, before CHARSET and the search keys (RFC 4466 2.6)');
    refuseMarkerInSet(word);
    const entry = searchKey(name);
    const matcher = Object.hasOwn(MATCHERS, name) ? MATCHERS[name] : undefined;
    // MATCHERS has an extension's keys only where the demo implements (and announces) it.
    if (!entry || !matcher) throw new ArgumentError(`unknown search key ${word}`);
    return matcher(entry.args.map((kind) => this.arg(kind, name)), this.view);
  }

  /**
   * MODSEQ [entry-name entry-type-req] mod-sequence-valzer (RFC 7162 3.1.5): messages whose
   * MODSEQ is at least the value. The demo keeps one mod-sequence per message, not one per
   * flag, so the entry (`"/flags/\\draft" all`) is checked and then ignored, as the RFC allows.
   */
  private modseqKey(): Test {
    let token = this.tokens[this.pos++];
    if (token?.type === 'quoted' || token?.type === 'literal') {
      if (!FLAG_ENTRY.test(textOf(token) ?? '')) throw new ArgumentError('a MODSEQ entry name is "/flags/<flag>", like "/flags/\\\\draft"');
      const type = atomOf(this.tokens[this.pos++])?.toLowerCase() ?? '';
      if (!ENTRY_TYPES.includes(type)) throw new ArgumentError(`a MODSEQ entry type is one of ${ENTRY_TYPES.join(', ')}`);
      token = this.tokens[this.pos++];
    }
    const least = modSequence(token, 'MODSEQ', true);
    this.notes.modseq = true;
    return (m) => m.modseq >= least;
  }

  /** Reads one key and reports how many tokens it used (NOT and OR arguments). */
  keyAt(consumed: (n: number) => void): Test {
    const test = this.key();
    consumed(this.pos);
    return test;
  }

  all(): Test {
    const tests: Test[] = [];
    while (!this.atEnd()) tests.push(this.key());
    if (tests.length === 0) throw new ArgumentError('empty search key list');
    return (m, seq) => tests.every((t) => t(m, seq));
  }

  private arg(kind: ArgKind, key: string): Arg {
    if (kind === 'search-keys') return new KeyReader(this.tokens.slice(this.pos), this.view, this.notes, this.depth + 1).keyAt((n) => (this.pos += n));
    const token = this.tokens[this.pos++];
    const text = textOf(token);
    if (text === undefined) throw new ArgumentError(`${key} needs an argument`);
    switch (kind) {
      case 'date': {
        const day = parseSearchDate(text);
        if (day === undefined) throw new ArgumentError(`${key} needs a date like 1-Feb-2011`);
        return day;
      }
      case 'number': {
        if (!/^[0-9]+$/.test(text)) throw new ArgumentError(`${key} needs a number`);
        return Number(text);
      }
      case 'sequence-set': {
        if (isSearchResultMarker(token)) return (m: StoredMessage) => inSavedResult(this.view, m);
        const ranges = parseSet(token, this.view.maxUid());
        return (m: StoredMessage) => inRanges(m.uid, ranges);
      }
      default:
        return text;
    }
  }
}

const CHARSETS = ['US-ASCII', 'UTF-8'];

/** RFC 3501 6.4.4: an unsupported charset is NO [BADCHARSET (supported...)]; undefined when supported. */
export function refuseCharset(charset: string): Completion | undefined {
  return CHARSETS.includes(charset.toUpperCase()) ? undefined : no(`${charset} is not supported`, `BADCHARSET (${CHARSETS.join(' ')})`);
}

/** A message of the selected mailbox with its sequence number (1-based). */
export interface Hit { message: StoredMessage; seq: number }

/** What a search found, and whether a MODSEQ key was among the keys (RFC 7162 3.1.5). */
export interface SearchResult {
  hits: Hit[];
  usedModseq: boolean;
  /** The search program, for testing messages again later (RFC 5267 4.3 UPDATE). */
  test: Test;
}

/** Like matching(), and says whether a MODSEQ key was used (SORT's `(MODSEQ n)`, RFC 7162 3.1.9). */
export function search(view: MailboxView, keys: ImapValue[]): SearchResult {
  const notes: KeyNotes = { modseq: false };
  const test = new KeyReader(keys, view, notes).all();
  const hits: Hit[] = [];
  view.messages.forEach((message, i) => {
    if (test(message, i + 1)) hits.push({ message, seq: i + 1 });
  });
  return { hits, usedModseq: notes.modseq, test };
}

/** The messages that match the search keys, in mailbox order (throws ArgumentError on bad keys). */
export function matching(view: MailboxView, keys: ImapValue[]): Hit[] {
  return search(view, keys).hits;
}

/** What an IMAP4rev2 SEARCH without RETURN returns (RFC 9051 6.4.4). */
const REV2_DEFAULT_RETURN: ReturnOptions = { names: new Set(['ALL']) };

function searchHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    const view = selectedView(ctx);
    const read = readReturnOptions(call.args, true);
    const update = read.options?.names.has('UPDATE') ?? false;
    if (update) refuseTagInUse(view, call.tag);
    // RFC 9051 6.4.4: in IMAP4rev2 SEARCH always answers with ESEARCH; no RETURN means
    // RETURN (ALL) (Appendix E item 4).
    const options = read.options ?? (ctx.rev2 ? REV2_DEFAULT_RETURN : undefined);
    let tokens = read.rest;
    const save = options?.names.has('SAVE') ?? false;
    if (atomOf(tokens[0])?.toUpperCase() === 'CHARSET') {
      const charset = textOf(tokens[1]);
      if (!charset) return { status: 'BAD', text: 'CHARSET needs a name' };
      const refused = refuseCharset(charset);
      // RFC 5182 2.1: a SEARCH with SAVE that fails with NO leaves `$` empty (a BAD leaves it alone).
      if (refused && save) saveSearchResult(view, []);
      if (refused) return refused;
      tokens = tokens.slice(2);
    }
    const { hits, usedModseq, test } = search(view, tokens);
    // RFC 7162 3.1: SEARCH MODSEQ is a CONDSTORE enabling command.
    if (usedModseq) enableCondstore(ctx);
    const label = uidForm ? 'UID SEARCH' : 'SEARCH';
    if (options) {
      // Saved after the search ran, so `SEARCH RETURN (SAVE) $ ...` reads the previous result.
      if (save) saveSearchResult(view, returnedHits(options, hits).map((h) => h.message));
      const line = esearchLine(call.tag, uidForm, options, hits, usedModseq);
      if (line) ctx.untagged(line);
      // RFC 5267 4.3.1: a refused UPDATE is an untagged NO [NOUPDATE]; the other options stand.
      const kept = update && openSearchContext(view, call.tag, uidForm, test, hits);
      if (update && !kept) ctx.untagged(noUpdateLine(call.tag));
      // The wordings of RFC 5267 4.3's and 4.3.1's examples, and of RFC 5182 2.2's.
      if (update) return ok(`${label} completed, ${kept ? 'will notify' : 'will not notify'}`);
      return ok(save ? `${label} completed, result saved` : `${label} completed`);
    }
    const numbers = hits.map((h) => (uidForm ? h.message.uid : h.seq));
    // RFC 7162 3.1.6: a non-empty result of a MODSEQ search ends with its highest MODSEQ.
    const highest = usedModseq && hits.length > 0 ? ` (MODSEQ ${highestOf(hits.map((h) => h.message))})` : '';
    ctx.untagged(numbers.length ? `SEARCH ${numbers.join(' ')}${highest}` : 'SEARCH');
    return ok(`${label} completed`);
  };
}

export const SEARCH = searchHandler(false);
export const UID_SEARCH = searchHandler(true);
