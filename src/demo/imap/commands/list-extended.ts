// LIST with LIST-EXTENDED (RFC 5258; RFC 9051 6.3.9): selection options before the reference,
// one pattern or a parenthesized list of them, return options after RETURN; LIST-STATUS
// (RFC 5819) and SPECIAL-USE's options (RFC 6154 3). The basic form `LIST reference pattern`
// is the same command with no options, and answers exactly as it always did.
// Other users' mailboxes on which this user holds `l` (RFC 4314 4) are listed under their
// #Users.<localpart>. names (RFC 2342 5, shared-mailboxes.ts); their children are counted
// among the names this user may see, and the levels above them (#Users, #Users.test77) are
// listed as \Noselect \HasChildren, so `LIST "" %` leads a client into the namespace.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { quoted } from '../../../protocol/imap/writer.js';
import { ArgumentError, atomOf, isList, requireText, textOf } from '../args.js';
import { accountOf, type CommandCall, type ImapContext } from '../context.js';
import { listMatcher, parentsOf } from '../mailbox-names.js';
import { HIERARCHY_SEPARATOR, type Account } from '../../store/store.js';
import type { Mailbox } from '../../store/mailbox.js';
import { readStatusItems, writeStatus } from './status-items.js';
import { wireName } from '../rev2.js';
import { OTHER_USERS_PREFIX, listableShared, type Reached } from '../shared-mailboxes.js';

/**
 * RFC 5258 6 grammar: list-select-base-opt (SUBSCRIBED), list-select-independent-opt (REMOTE;
 * SPECIAL-USE, RFC 6154 6) and list-select-mod-opt (RECURSIVEMATCH), which needs a base option.
 */
const SELECTION_OPTIONS: Record<string, 'base' | 'independent' | 'mod'> = {
  SUBSCRIBED: 'base',
  REMOTE: 'independent',
  'SPECIAL-USE': 'independent',
  RECURSIVEMATCH: 'mod',
};

export interface ListRequest {
  /** Upper-cased selection options (RFC 5258 3.1). */
  selection: Set<string>;
  reference: string;
  patterns: string[];
  /** The patterns came in parentheses (RFC 5258 3: multiple mailbox patterns). */
  patternList: boolean;
  /** \Subscribed on each subscribed name: the SUBSCRIBED return option, implied by the selection option (RFC 5258 3.1, 3.2). */
  returnSubscribed: boolean;
  /** STATUS items after each selectable mailbox (RFC 5819 2), or undefined. */
  status?: string[];
}

/**
 * Return options (RFC 5258 3.2, RFC 5819 2, RFC 6154 3), each with the reader of its value if it
 * takes one. CHILDREN and SPECIAL-USE ask for what this server always sends (\HasChildren or
 * \HasNoChildren, since it announces CHILDREN; the special-use attributes), so they change nothing.
 */
const RETURN_OPTIONS: Record<string, (into: ListRequest, value: () => ImapValue | undefined, ctx: ImapContext) => void> = {
  SUBSCRIBED: (into) => { into.returnSubscribed = true; },
  CHILDREN: () => {},
  'SPECIAL-USE': () => {},
  STATUS: (into, value, ctx) => { into.status = readStatusItems(ctx, value(), 'RETURN (STATUS ...)'); },
};

const SYNTAX = 'expected: LIST [(selection-options)] reference mailbox-pattern [RETURN (return-options)], patterns alone or in parentheses';

function optionNames(value: ImapValue, what: string): string[] {
  if (!isList(value)) throw new ArgumentError(SYNTAX);
  return value.items.map((v) => {
    const name = atomOf(v)?.toUpperCase();
    if (name === undefined) throw new ArgumentError(`${what} options are atoms`);
    return name;
  });
}

function readSelection(value: ImapValue): Set<string> {
  const names = optionNames(value, 'selection');
  const unknown = names.find((n) => !Object.hasOwn(SELECTION_OPTIONS, n));
  if (unknown !== undefined) throw new ArgumentError(`unknown LIST selection option ${unknown}: use ${Object.keys(SELECTION_OPTIONS).join(' ')}`);
  const kinds = names.map((n) => SELECTION_OPTIONS[n]);
  // RFC 5258 3.1: RECURSIVEMATCH alone (or only with REMOTE) is BAD.
  if (kinds.includes('mod') && !kinds.includes('base')) throw new ArgumentError('RECURSIVEMATCH needs a selection option such as SUBSCRIBED (RFC 5258 3.1)');
  return new Set(names);
}

function readReturn(ctx: ImapContext, into: ListRequest, value: ImapValue | undefined): void {
  if (!isList(value)) throw new ArgumentError('RETURN needs a list of return options, like RETURN (SUBSCRIBED CHILDREN)');
  const items = value.items;
  for (let i = 0; i < items.length; i++) {
    const name = atomOf(items[i])?.toUpperCase() ?? '';
    if (!Object.hasOwn(RETURN_OPTIONS, name)) throw new ArgumentError(`unknown LIST return option ${name || '(not an atom)'}: use ${Object.keys(RETURN_OPTIONS).join(' ')}`);
    RETURN_OPTIONS[name]!(into, () => items[++i], ctx);
  }
}

function readPatterns(value: ImapValue | undefined): { patterns: string[]; patternList: boolean } {
  if (!isList(value)) return { patterns: [requireText(value ? [value] : [], 0, 'mailbox pattern')], patternList: false };
  // RFC 5258 6: patterns = "(" list-mailbox *(SP list-mailbox) ")", at least one.
  if (value.items.length === 0) throw new ArgumentError('the pattern list needs at least one pattern');
  const patterns = value.items.map((v) => textOf(v));
  if (patterns.some((p) => p === undefined)) throw new ArgumentError('each pattern is a string');
  return { patterns: patterns as string[], patternList: true };
}

/** Reads LIST's arguments, basic or extended; anything else is BAD (RFC 5258 3: unknown options too). */
export function readListRequest(ctx: ImapContext, call: CommandCall): ListRequest {
  let args = call.args;
  let selection = new Set<string>();
  if (isList(args[0])) {
    selection = readSelection(args[0]);
    args = args.slice(1);
  }
  if (args.length !== 2 && !(args.length === 4 && atomOf(args[2])?.toUpperCase() === 'RETURN')) throw new ArgumentError(SYNTAX);
  const into: ListRequest = {
    selection,
    reference: requireText(args, 0, 'reference'),
    ...readPatterns(args[1]),
    returnSubscribed: selection.has('SUBSCRIBED'),
  };
  if (args.length === 4) readReturn(ctx, into, args[3]);
  return into;
}

/** Mailbox attributes (RFC 3501 7.2.2, RFC 3348 CHILDREN, RFC 6154 SPECIAL-USE) of an existing mailbox. */
export function attributes(account: Account, mailbox: Mailbox, hasChildren = account.hasChildren(mailbox.name)): string[] {
  const out: string[] = [];
  if (mailbox.noSelect) out.push('\\Noselect');
  else out.push(mailbox.unclaimedRecent.size > 0 ? '\\Marked' : '\\Unmarked');
  out.push(hasChildren ? '\\HasChildren' : '\\HasNoChildren');
  if (mailbox.specialUse) out.push(mailbox.specialUse);
  return out;
}

/** One LIST answer: the name, and whether it is there for its own sake or only for CHILDINFO. */
interface Listed {
  name: string;
  mailbox?: Mailbox;
  /** Set for another user's mailbox: the rights this user holds on it. */
  shared?: Reached;
  /** A level of the Other Users namespace above a shared mailbox: no mailbox of its own. */
  level?: boolean;
  /** RFC 5258 3.5: a descendant outside the patterns meets the selection criteria. */
  childInfo: boolean;
}

/** INBOX first, then by name: the order account.list() uses. */
function byListOrder(a: string, b: string): number {
  return a === 'INBOX' ? -1 : b === 'INBOX' ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** The names LIST picks (RFC 5258 3.1): selection criteria, the patterns, RECURSIVEMATCH. */
function select(ctx: ImapContext, account: Account, request: ListRequest, shared: Map<string, Reached>): Listed[] {
  const matchers = request.patterns.map((p) => listMatcher(request.reference, p));
  // Patterns come in the session's spelling (UTF-8 for IMAP4rev2), so names are matched in it.
  const matches = (name: string) => matchers.some((m) => m(wireName(ctx, name)));
  const subscribedOnly = request.selection.has('SUBSCRIBED');
  const specialUseOnly = request.selection.has('SPECIAL-USE');
  // Under SUBSCRIBED a subscribed name counts whether or not it exists (RFC 5258 3.1).
  const find = (name: string) => account.find(name) ?? shared.get(name)?.mailbox;
  const levels = new Set([...shared.keys()].flatMap((name) => parentsOf(name)).filter((name) => !shared.has(name)));
  const meetsCriteria = (name: string) => {
    if (levels.has(name)) return !subscribedOnly && !specialUseOnly;
    const mailbox = find(name);
    if (subscribedOnly ? !account.subscriptions.has(name) : !mailbox) return false;
    return !specialUseOnly || mailbox?.specialUse !== undefined;
  };
  const names = new Set<string>(account.mailboxes.keys());
  // A subscribed name of another's mailbox counts only while the user holds `l` on it.
  const subscribed = [...account.subscriptions].filter((name) => !name.startsWith(OTHER_USERS_PREFIX) || shared.has(name));
  for (const name of subscribed) names.add(name);
  for (const name of [...shared.keys(), ...levels]) names.add(name);
  const recursive = request.selection.has('RECURSIVEMATCH');
  // RECURSIVEMATCH may name a parent that exists only as the path to a subscribed name.
  if (recursive) for (const name of subscribed) for (const parent of parentsOf(name)) names.add(parent);
  const chosen = [...names].filter((n) => meetsCriteria(n));
  const out: Listed[] = [];
  for (const name of [...names].sort(byListOrder)) {
    if (!matches(name)) continue;
    const prefix = name + HIERARCHY_SEPARATOR;
    const childInfo = recursive && chosen.some((d) => d.startsWith(prefix) && !matches(d));
    if (childInfo || meetsCriteria(name)) out.push({ name, mailbox: find(name), shared: shared.get(name), level: levels.has(name), childInfo });
  }
  return out;
}

/**
 * Answers LIST: one `* LIST` per name, `\NonExistent` for a name that is listed but not there
 * (RFC 5258 3.1, RFC 9051 7.3.1), `\Subscribed` when asked, the CHILDINFO extended data item
 * (RFC 5258 3.5) and, with RETURN (STATUS ...), a `* STATUS` after each selectable mailbox
 * (RFC 5819 2: none for \Noselect or \NonExistent ones).
 */
export function writeListing(ctx: ImapContext, request: ListRequest): void {
  const account = accountOf(ctx);
  const shared = listableShared(ctx);
  const sharedChildren = (name: string) => [...shared.keys()].some((n) => n.startsWith(name + HIERARCHY_SEPARATOR));
  for (const { name, mailbox, shared: other, level, childInfo } of select(ctx, account, request, shared)) {
    const attrs = level ? ['\\Noselect', '\\HasChildren'] : mailbox ? attributes(account, mailbox, other ? sharedChildren(name) : undefined) : ['\\NonExistent', account.hasChildren(name) ? '\\HasChildren' : '\\HasNoChildren'];
    if (request.returnSubscribed && account.subscriptions.has(name)) attrs.push('\\Subscribed');
    // RFC 5258 3.5: CHILDINFO names the selection criteria the descendants meet; RECURSIVEMATCH
    // needs a base option, and SUBSCRIBED is the only one, so that is always the criterion.
    const extended = childInfo ? ' ("CHILDINFO" ("SUBSCRIBED"))' : '';
    ctx.untagged(`LIST (${attrs.join(' ')}) ${quoted(HIERARCHY_SEPARATOR)} ${quoted(wireName(ctx, name))}${extended}`);
    // RFC 4314 4: STATUS of another's mailbox needs `r`.
    const readable = !other || other.rights.includes('r');
    if (request.status && mailbox && !mailbox.noSelect && readable) writeStatus(ctx, mailbox, request.status, name);
  }
}

/**
 * The LIST response SELECT and EXAMINE send in IMAP4rev2 (RFC 9051 6.3.2): the attributes a
 * basic LIST would show, and OLDNAME (RFC 9051 6.3.9.7) when `supplied` is not the name's
 * canonical spelling.
 */
export function listLine(ctx: ImapContext, mailbox: Mailbox, supplied: string, stored = mailbox.name, owner = accountOf(ctx)): string {
  const name = wireName(ctx, stored);
  const oldName = supplied === name ? '' : ` ("OLDNAME" (${quoted(supplied)}))`;
  return `LIST (${attributes(owner, mailbox).join(' ')}) ${quoted(HIERARCHY_SEPARATOR)} ${quoted(name)}${oldName}`;
}
