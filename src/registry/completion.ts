// Tab completion for the REPL: command names, then arguments by their kind in the command
// table (mailboxes, flags, fetch items, search keys...), filtered by state and capabilities.
// Pure and fast: one pass over the line, then a prefix filter over small lists.
import {
  CAPABILITIES, FETCH_ITEMS, FLAGS_AND_ATTRIBUTES, IMAP_COMMANDS, POP3_COMMANDS, REQUIRED_CHARSETS,
  SASL_MECHANISMS, SEARCH_KEYS, SEARCH_RETURN, SORT_CRITERIA, STATUS_ITEMS, STORE_ACTIONS, enabledBy,
  imapCommand, isImapCommandName, pop3Command, searchKey,
} from './index.js';
import type { ArgKind, ArgSpec, ImapCommandEntry, ImapState, Pop3State, StateSpec } from './types.js';

export interface CompletionContext {
  protocol: 'imap' | 'pop3';
  state: ImapState | Pop3State;
  /** Announced capabilities, upper case (POP3: CAPA lines, e.g. `SASL PLAIN LOGIN`). Empty = unknown. */
  capabilities: ReadonlySet<string>;
  /** Mailbox names from the last LIST/LSUB. */
  mailboxes: readonly string[];
  /** REPL meta-command names, with or without the leading `:`. */
  metaCommands: readonly string[];
}

export interface Completion {
  candidates: string[];
  /** Offset in the line where the word being completed starts: candidates replace line.slice(replaceFrom). */
  replaceFrom: number;
}

interface LineScan {
  /** Finished top-level words (a parenthesised group is one word). */
  words: string[];
  /** Index among top-level words of the word being typed. */
  index: number;
  /** The partial word being completed (innermost, inside parentheses too). */
  prefix: string;
  replaceFrom: number;
  inParens: boolean;
}

/** One pass over the line: quotes and parentheses keep their contents together. */
function scan(line: string): LineScan {
  const words: string[] = [];
  let depth = 0;
  let tokenStart = -1;
  let wordStart = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (tokenStart < 0 && ch !== ' ') tokenStart = i;
    if (ch === '"') {
      i = closingQuote(line, i);
    } else if (ch === '(') {
      depth++;
      wordStart = i + 1;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      wordStart = i + 1;
    } else if (ch === ' ') {
      if (depth === 0 && tokenStart >= 0) {
        words.push(line.slice(tokenStart, i));
        tokenStart = -1;
      }
      wordStart = i + 1;
    }
  }
  const replaceFrom = Math.min(wordStart, line.length);
  return { words, index: words.length, prefix: line.slice(replaceFrom), replaceFrom, inParens: depth > 0 };
}

function closingQuote(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return line.length;
}

/** Keeps candidates starting with the prefix; lower-cases them when the user types lower case. */
function keywords(names: Iterable<string>, prefix: string): string[] {
  const upper = prefix.toUpperCase();
  const lower = /[a-z]/.test(prefix) && prefix === prefix.toLowerCase();
  const out = new Set<string>();
  for (const name of names) {
    if (name.toUpperCase().startsWith(upper)) out.add(lower ? name.toLowerCase() : name);
  }
  return [...out].sort();
}

/** Exact-case matches first; if none, case-insensitive ones (flags and INBOX ignore case). */
function caseKept(names: Iterable<string>, prefix: string): string[] {
  const all = [...names];
  const exact = all.filter((n) => n.startsWith(prefix));
  if (exact.length > 0 || prefix === '') return exact;
  const upper = prefix.toUpperCase();
  return all.filter((n) => n.toUpperCase().startsWith(upper));
}

function legalIn<S extends string>(states: StateSpec<S>, state: string): boolean {
  return states === 'any' || (states as readonly string[]).includes(state);
}

function usable(caps: ReadonlySet<string>, requires: readonly string[] | undefined): boolean {
  return caps.size === 0 || enabledBy(caps, requires);
}

export function complete(line: string, ctx: CompletionContext): Completion {
  const meta = /^(\s*):/.exec(line);
  if (meta) return completeMeta(line, meta[1]!.length + 1, ctx.metaCommands);
  const s = scan(line);
  const candidates = ctx.protocol === 'imap' ? completeImap(s, ctx) : completePop3(s, ctx);
  return { candidates, replaceFrom: s.replaceFrom };
}

/**
 * What Tab inserts: complete()'s candidates, with a space after a single candidate that ends a
 * word, as shells do, so `sel<Tab>INBOX` reads `select INBOX`. No space where the word may go
 * on or nothing may follow: see endsWord.
 */
export function completeForTab(line: string, ctx: CompletionContext): Completion {
  const result = complete(line, ctx);
  const only = result.candidates.length === 1 ? result.candidates[0]! : undefined;
  return only !== undefined && endsWord(line, only, ctx) ? { ...result, candidates: [`${only} `] } : result;
}

/**
 * A fetch item whose section or partial may be filled in (`BODY.PEEK[]`, `BINARY[]`), or a
 * word cut at a hierarchy or option separator, may go on: the cursor stays on it.
 */
const GOES_ON = /(\[\]|[[(<.=/])$/;

/**
 * Whether a single candidate is a whole word a space may follow. Not inside parentheses: a
 * space before `)` breaks the list grammar (RFC 3501 9, flag-list, fetch-att list), so the user
 * types the space or the `)`. Not after a command that takes no argument (or only optional
 * ones): the line is complete, and a trailing space is no part of the grammar. Several
 * candidates (a mailbox and its children) need no rule: readline then inserts only their
 * common beginning.
 */
function endsWord(line: string, word: string, ctx: CompletionContext): boolean {
  if (GOES_ON.test(word)) return false;
  if (/^\s*:/.test(line)) return true; // a meta-command name; its arguments are not completed
  const s = scan(line);
  if (s.inParens) return false;
  if (ctx.protocol === 'pop3') return s.index > 0 || takesArguments(pop3Command(word)?.args);
  const commandAt = imapCommandAt(s);
  if (s.index === commandAt) return takesArguments(imapCommand(word)?.args);
  if (s.index === commandAt + 1 && s.words[commandAt]!.toUpperCase() === 'UID') return takesArguments(imapCommand(`UID ${word}`)?.args);
  return true;
}

function takesArguments(args: readonly ArgSpec[] | undefined): boolean {
  return args?.some((a) => !a.optional) ?? false;
}

function completeMeta(line: string, from: number, names: readonly string[]): Completion {
  const typed = line.slice(from);
  if (/\s/.test(typed)) return { candidates: [], replaceFrom: line.length };
  return { candidates: caseKept(names.map((n) => n.replace(/^:/, '')), typed).sort(), replaceFrom: from };
}

// --- IMAP

const IMAP_FIRST_WORDS = IMAP_COMMANDS.filter((c) => !c.pattern && !c.name.includes(' ') && !c.duringIdle);
const UID_FORMS = IMAP_COMMANDS.filter((c) => c.name.startsWith('UID '));

function completeImap(s: LineScan, ctx: CompletionContext): string[] {
  if (ctx.state === 'logout') return [];
  const commandAt = imapCommandAt(s);
  if (s.index === commandAt) return commandNames(s.prefix, ctx);
  const name = s.words[commandAt]!.toUpperCase();
  if (name === 'UID') {
    if (s.index === commandAt + 1) return keywords(UID_FORMS.filter((c) => usable(ctx.capabilities, c.requires)).map((c) => c.name.slice(4)), s.prefix);
    const entry = imapCommand(`UID ${s.words[commandAt + 1] ?? ''}`);
    return entry ? commandArguments(entry, s, commandAt + 2, ctx) : [];
  }
  const entry = imapCommand(name);
  return entry ? commandArguments(entry, s, commandAt + 1, ctx) : [];
}

/** The first word is a tag unless it is a command name (`. sel` vs `sel`). */
function imapCommandAt(s: LineScan): number {
  return s.index === 0 || isImapCommandName(s.words[0]!) ? 0 : 1;
}

/** SEARCH and SORT may open with `RETURN (options)` (RFC 4731 3.1, RFC 5267 3): its syntax says so. */
const RETURN_FIRST = /^(UID )?\w+ \[RETURN \(options\)\]/;

/** The arguments; before them, RETURN and its options where the command takes them. */
function commandArguments(entry: ImapCommandEntry, s: LineScan, argStart: number, ctx: CompletionContext): string[] {
  if (!RETURN_FIRST.test(entry.syntax)) return argumentCandidates(entry.args, s, argStart, ctx);
  const caps = ctx.capabilities;
  if (s.words[argStart]?.toUpperCase() === 'RETURN') {
    if (s.index > argStart + 1) return argumentCandidates(entry.args, s, argStart + 2, ctx);
    const options = SEARCH_RETURN.filter((r) => r.where !== 'data' && usable(caps, r.requires)).map((r) => r.name);
    return s.index === argStart + 1 && s.inParens ? keywords(options, s.prefix) : [];
  }
  const args = argumentCandidates(entry.args, s, argStart, ctx);
  // RETURN is offered where it may stand: first, once the server announced ESEARCH (or ESORT);
  // SEARCH's keys offer it already.
  const offered = s.index === argStart && (caps.has('ESEARCH') || caps.has('ESORT'));
  const returns = offered ? keywords(['RETURN'], s.prefix).filter((r) => !args.includes(r)) : [];
  return [...returns, ...args];
}

function commandNames(prefix: string, ctx: CompletionContext): string[] {
  const names = IMAP_FIRST_WORDS
    .filter((c) => legalIn(c.states, ctx.state) && usable(ctx.capabilities, c.requires))
    .map((c) => c.name);
  return keywords(names, prefix);
}

/** The argument spec at a position; a repeating or search-keys argument covers all later words. */
function argAt(args: readonly ArgSpec[], index: number): ArgSpec | undefined {
  if (index < args.length) return args[index];
  const last = args[args.length - 1];
  return last && (last.repeat || last.kind === 'search-keys') ? last : undefined;
}

function argumentCandidates(args: readonly ArgSpec[], s: LineScan, argStart: number, ctx: CompletionContext): string[] {
  const arg = argAt(args, s.index - argStart);
  if (!arg) return [];
  if (arg.kind === 'search-keys' && !s.inParens && expectsValue(s.words[s.index - 1])) return [];
  return candidatesFor(arg.kind, s.prefix, ctx);
}

/** After FROM, SINCE... the next word is the key's value, not another key. */
function expectsValue(previous: string | undefined): boolean {
  const key = previous ? searchKey(previous) : undefined;
  return key !== undefined && key.args.length > 0 && !key.args.includes('search-keys');
}

const SETTABLE_FLAGS = FLAGS_AND_ATTRIBUTES
  .filter((f) => (f.kind === 'system-flag' || f.kind === 'keyword') && !f.obsolete && !f.vendor)
  .map((f) => f.name);

function candidatesFor(kind: ArgKind, prefix: string, ctx: CompletionContext): string[] {
  const caps = ctx.capabilities;
  switch (kind) {
    case 'mailbox':
      return mailboxCandidates(ctx.mailboxes, prefix);
    case 'flag-list':
      return caseKept(SETTABLE_FLAGS, prefix);
    case 'store-action':
      return keywords(STORE_ACTIONS.map((a) => a.name), prefix);
    case 'fetch-items':
      return keywords(FETCH_ITEMS.filter((f) => usable(caps, f.requires)).map((f) => f.name), prefix);
    case 'search-keys':
      return keywords(SEARCH_KEYS.filter((k) => usable(caps, k.requires)).map((k) => k.name), prefix);
    case 'status-items':
      return keywords(STATUS_ITEMS.filter((i) => usable(caps, i.requires)).map((i) => i.name), prefix);
    case 'mechanism':
      return keywords(mechanismNames(caps), prefix);
    case 'capability':
      return keywords(enableableNames(caps), prefix);
    case 'thread-algorithm':
      return keywords(familyValues(caps, 'THREAD='), prefix);
    case 'sort-criteria':
      return keywords(SORT_CRITERIA.filter((k) => usable(caps, k.requires)).map((k) => k.name), prefix);
    case 'charset':
      return keywords(REQUIRED_CHARSETS, prefix);
    default:
      return [];
  }
}

/** Mailboxes in server order with their upper-case keys and typed forms, for prefix search. */
interface MailboxIndex {
  length: number;
  keys: string[];
  /** Typed forms, filled in as names are first offered. */
  typed: Array<string | undefined>;
}

// Built once per LIST result (the array the session hands in), not on every Tab press. A
// linear scan of precomputed keys beats sorting: building stays one cheap pass, and the
// candidates keep the server's order.
const mailboxIndexes = new WeakMap<readonly string[], MailboxIndex>();

function mailboxIndex(mailboxes: readonly string[]): MailboxIndex {
  const cached = mailboxIndexes.get(mailboxes);
  if (cached && cached.length === mailboxes.length) return cached;
  const index: MailboxIndex = { length: mailboxes.length, keys: mailboxes.map((m) => m.toUpperCase()), typed: [] };
  mailboxIndexes.set(mailboxes, index);
  return index;
}

/** A mailbox as typed: quoted when it holds spaces or IMAP specials (RFC 3501 9, astring). */
function quoteMailbox(name: string): string {
  const needsQuotes = name === '' || /[\s"\\(){%*\]]/.test(name);
  return needsQuotes ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
}

/** Mailboxes starting with the prefix: exact-case matches if any, else case-insensitive ones. */
function mailboxCandidates(mailboxes: readonly string[], prefix: string): string[] {
  const index = mailboxIndex(mailboxes);
  const quotedPrefix = prefix.startsWith('"');
  const bare = quotedPrefix ? prefix.slice(1) : prefix;
  const upper = bare.toUpperCase();
  const range: number[] = [];
  for (let i = 0; i < index.keys.length; i++) if (index.keys[i]!.startsWith(upper)) range.push(i);
  const exact = range.filter((i) => mailboxes[i]!.startsWith(bare));
  const typed = (i: number) => (index.typed[i] ??= quoteMailbox(mailboxes[i]!));
  // A name typed without quotes holds no `"` or `\`, so quoting it needs no escapes.
  const quoted = (i: number) => (typed(i).startsWith('"') ? typed(i) : `"${mailboxes[i]!}"`);
  return (exact.length > 0 ? exact : range).map((i) => (quotedPrefix ? quoted(i) : typed(i)));
}

function familyValues(caps: ReadonlySet<string>, family: string): string[] {
  return [...caps].filter((c) => c.startsWith(family)).map((c) => c.slice(family.length));
}

function mechanismNames(caps: ReadonlySet<string>): string[] {
  const fromImap = familyValues(caps, 'AUTH=');
  const fromPop3 = [...caps].filter((c) => c.startsWith('SASL ')).flatMap((c) => c.split(/\s+/).slice(1));
  const announced = [...fromImap, ...fromPop3];
  return announced.length > 0 || caps.size > 0 ? announced : SASL_MECHANISMS.map((m) => m.name);
}

function enableableNames(caps: ReadonlySet<string>): string[] {
  const names = CAPABILITIES.filter((c) => c.enableable).map((c) => c.name);
  return caps.size === 0 ? names : names.filter((n) => caps.has(n.toUpperCase()));
}

// --- POP3

function completePop3(s: LineScan, ctx: CompletionContext): string[] {
  const tags = new Set([...ctx.capabilities].map((c) => c.split(/\s+/)[0]!));
  if (s.index === 0) {
    const names = POP3_COMMANDS
      .filter((c) => !c.obsolete && legalIn(c.states, ctx.state) && usable(tags, c.requires))
      .map((c) => c.name);
    return keywords(names, s.prefix);
  }
  const entry = pop3Command(s.words[0]!);
  const arg = entry?.args[s.index - 1];
  return arg?.kind === 'mechanism' ? keywords(mechanismNames(ctx.capabilities), s.prefix) : [];
}
