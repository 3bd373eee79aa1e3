// METADATA (RFC 5464): GETMETADATA and SETMETADATA on server entries (mailbox "") and on
// mailbox entries. Where each entry lives is in store/metadata.ts. Announced as METADATA,
// which covers server and mailbox annotations (RFC 5464 1). No unsolicited METADATA
// responses: ENABLE METADATA is not answered with ENABLED (RFC 5464 4.1 makes them optional).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { astring, quoted } from '../../../protocol/imap/writer.js';
import { ArgumentError, atomOf, isList, requireCount, textOf } from '../args.js';
import { accountOf, bad, no, ok, type Completion, type Handler, type ImapContext } from '../context.js';
import { requireMailbox, wireName } from '../rev2.js';
import { literalPart, type Part } from '../wire.js';
import { ALL_RIGHTS } from './acl.js';
import type { Mailbox } from '../../store/mailbox.js';
import { ENTRY_SEPARATOR, METADATA_MAX_ENTRIES, METADATA_MAX_VALUE_SIZE, entriesBelow, type Annotations } from '../../store/metadata.js';

/** The scopes an entry name starts with (RFC 5464 3.2); no other first component is defined. */
const SCOPES = ['shared', 'private'] as const;
type Scope = (typeof SCOPES)[number];

/** RFC 5464 3.2: vendor entries (/shared/vendor/<vendor-token>/...) have at least 4 components. */
const VENDOR_COMPONENT = 'vendor';
const VENDOR_MIN_COMPONENTS = 4;

/** Server entries no client may change (RFC 5464 3.2.1.1), with why. */
const READ_ONLY_SERVER_ENTRIES: Readonly<Record<string, string>> = {
  '/shared/admin': '/shared/admin is read-only: the server administrator sets it (RFC 5464 3.2.1.1)',
};

/**
 * Mailbox entries another RFC defines as a view of mailbox state, read from that state.
 * RFC 6154 4: with SPECIAL-USE and METADATA, /private/specialuse holds the mailbox's special-use
 * attributes as LIST shows them (NIL without one).
 */
const DERIVED_MAILBOX_ENTRIES: Readonly<Record<string, (m: Mailbox) => string | undefined>> = {
  '/private/specialuse': (m) => m.specialUse,
};

/** Why a client cannot set a derived entry: the demo has no CREATE-SPECIAL-USE to change it. */
const READ_ONLY_MAILBOX_ENTRIES: Readonly<Record<string, string>> = {
  '/private/specialuse': '/private/specialuse mirrors the mailbox\'s special-use attribute (RFC 6154 4), which the demo does not let clients change',
};

/** The derived entries a target has a value for (lower-cased names). */
function derivedEntries(target: Target): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  if (target.kind !== 'mailbox') return found;
  for (const [name, of] of Object.entries(DERIVED_MAILBOX_ENTRIES)) {
    const value = of(target.mailbox);
    if (value !== undefined) found.set(name, Buffer.from(value, 'utf8'));
  }
  return found;
}

/** RFC 5464 3.3: with ACL, mailbox annotations need the "l" right and any one of these. */
export const ANNOTATION_RIGHTS = { required: 'l', anyOf: 'rswip' } as const;

export function mayAnnotate(rights: string): boolean {
  return rights.includes(ANNOTATION_RIGHTS.required) && [...ANNOTATION_RIGHTS.anyOf].some((r) => rights.includes(r));
}

/** DEPTH values (RFC 5464 4.2.2, scope-opt); "infinity" is case-insensitive (section 5). */
const DEPTHS: Readonly<Record<string, number>> = { '0': 0, '1': 1, INFINITY: Infinity };

/** The number production (RFC 3501 9): 32 bits. */
const MAX_NUMBER = 0xffffffff;

interface GetOptions {
  maxSize?: number;
  depth: number;
}

/** getmetadata-option readers by name (RFC 5464 4.2.1 MAXSIZE, 4.2.2 DEPTH). */
const GET_OPTIONS: Readonly<Record<string, (into: GetOptions, value: ImapValue | undefined) => void>> = {
  MAXSIZE: (into, value) => {
    const text = atomOf(value);
    if (text === undefined || !/^\d+$/.test(text) || Number(text) > MAX_NUMBER) throw new ArgumentError('MAXSIZE takes a number of octets, like (MAXSIZE 1024)');
    into.maxSize = Number(text);
  },
  DEPTH: (into, value) => {
    const text = atomOf(value)?.toUpperCase();
    if (text === undefined || !Object.hasOwn(DEPTHS, text)) throw new ArgumentError('DEPTH is 0, 1 or infinity (RFC 5464 4.2.2)');
    into.depth = DEPTHS[text];
  },
};

// --- entry names (RFC 5464 3.2)

/** Why an entry name is invalid, or undefined when it is valid. `forSet` asks for a name that can hold a value. */
export function entryNameProblem(name: string, forSet: boolean): string | undefined {
  if (!name.startsWith(ENTRY_SEPARATOR)) return 'an entry name starts with /, like /shared/comment';
  if (/[*%]/.test(name)) return 'an entry name must not contain * or %';
  // RFC 5464 3.2 names the range 0x00-0x19 (not 0x1f) and bans all non-ASCII.
  if (/[\x00-\x19\x80-\uffff]/.test(name)) return 'an entry name holds ASCII only, no control characters';
  if (name.includes(ENTRY_SEPARATOR + ENTRY_SEPARATOR)) return 'an entry name must not contain //';
  if (name.endsWith(ENTRY_SEPARATOR)) return 'an entry name must not end with /';
  const components = name.slice(1).split(ENTRY_SEPARATOR);
  if (!(SCOPES as readonly string[]).includes(components[0].toLowerCase())) return 'an entry name starts with /shared or /private';
  if (!forSet) return undefined;
  // A bare /shared or /private names a whole scope: GETMETADATA may ask for what lies below
  // it (Dovecot allows that too), but it holds no value of its own.
  if (components.length < 2) return 'an entry name has at least two components, like /shared/comment';
  if (components[1].toLowerCase() === VENDOR_COMPONENT && components.length < VENDOR_MIN_COMPONENTS) {
    return 'a vendor entry has at least four components: /shared/vendor/<vendor-token>/<name>';
  }
  return undefined;
}

/** An entry argument (astring, RFC 5464 5), lower-cased; BAD when invalid (3.2). */
function entryArg(value: ImapValue | undefined, forSet: boolean): string {
  const name = value?.type === 'list' || value?.type === 'nil' ? undefined : textOf(value);
  if (name === undefined) throw new ArgumentError('expected an entry name, like /shared/comment');
  const problem = entryNameProblem(name, forSet);
  if (problem) throw new ArgumentError(`${name}: ${problem} (RFC 5464 3.2)`);
  return name.toLowerCase();
}

function scopeOf(entry: string): Scope {
  return entry.split(ENTRY_SEPARATOR)[1] as Scope;
}

// --- where entries live

/** The annotated object: the server (mailbox "") or one mailbox of the logged-in account. */
type Target = { kind: 'server' } | { kind: 'mailbox'; mailbox: Mailbox };

/** The target of a mailbox argument, or the NO to answer (RFC 5464 3.3). */
function targetOf(ctx: ImapContext, name: string): Target | Completion {
  if (name === '') return { kind: 'server' };
  const mailbox = accountOf(ctx).find(name);
  if (!mailbox) return no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
  // The demo's user owns each mailbox it sees and holds every right on it (acl.ts).
  if (!mayAnnotate(ALL_RIGHTS)) return no(`annotations on ${name} need the l right and one of r s w i p (RFC 5464 3.3)`, 'NOPERM');
  return { kind: 'mailbox', mailbox };
}

function isCompletion(t: Target | Completion): t is Completion {
  return 'status' in t;
}

/** The set holding an entry of that scope: shared server entries are every user's, private ones the user's own. */
function annotationsFor(ctx: ImapContext, target: Target, scope: Scope): Annotations {
  if (target.kind === 'mailbox') return target.mailbox.annotations;
  return scope === 'shared' ? ctx.store.serverAnnotations : accountOf(ctx).serverAnnotations;
}

function mailboxField(ctx: ImapContext, target: Target): string {
  return quoted(target.kind === 'server' ? '' : wireName(ctx, target.mailbox.name));
}

/** An entry the demo refuses to hold on this target, with why; undefined when it may. */
function refusal(target: Target, entry: string): string | undefined {
  const table = target.kind === 'server' ? READ_ONLY_SERVER_ENTRIES : READ_ONLY_MAILBOX_ENTRIES;
  return Object.hasOwn(table, entry) ? table[entry] : undefined;
}

// --- values (RFC 5464 5: value = nstring / literal8)

/** A value argument: octets, or undefined for NIL (remove the entry, RFC 5464 4.3). */
function valueArg(value: ImapValue | undefined, entry: string): Uint8Array | undefined {
  if (value?.type === 'nil') return undefined;
  if (value?.type === 'literal') return value.data;
  if (value?.type === 'quoted') return Buffer.from(value.value, 'utf8');
  throw new ArgumentError(`the value of ${entry} is a quoted string, a literal {n} or NIL (RFC 5464 5: value = nstring / literal8)`);
}

/**
 * A value on the wire: quoted when it is printable ASCII, else a literal (quoted strings are
 * 7-bit without CR or LF, RFC 3501 9), and literal8 `~{n}` when it holds a NUL (RFC 3516 4.1).
 */
function valuePart(value: Uint8Array | undefined): Part {
  if (value === undefined) return 'NIL';
  if (value.every((b) => b >= 0x20 && b <= 0x7e)) return quoted(Buffer.from(value).toString('latin1'));
  if (!value.includes(0)) return literalPart(value);
  return Buffer.concat([Buffer.from(`~{${value.length}}\r\n`), value]);
}

// --- GETMETADATA (RFC 5464 4.2)

interface GetRequest {
  mailbox: string;
  options: GetOptions;
  entries: string[];
}

function readGetOptions(list: ImapValue[]): GetOptions {
  const into: GetOptions = { depth: 0 };
  for (let i = 0; i < list.length; i += 2) {
    const name = atomOf(list[i])?.toUpperCase();
    if (name === undefined || !Object.hasOwn(GET_OPTIONS, name)) throw new ArgumentError(`unknown GETMETADATA option ${textOf(list[i]) ?? ''} (this server has MAXSIZE and DEPTH)`);
    GET_OPTIONS[name](into, list[i + 1]);
  }
  return into;
}

const GET_SYNTAX = 'GETMETADATA [(MAXSIZE n DEPTH 0|1|infinity)] mailbox entry | (entry ...)';

/**
 * The ABNF puts the options before the mailbox (RFC 5464 5); the examples of 4.2.1 and 4.2.2
 * put them after it, and Cyrus accepts that order too, so both are read. Entries come as one
 * entry or a parenthesised list; 4.4.1's example sends several bare ones, also accepted.
 */
function readGetRequest(ctx: ImapContext, args: ImapValue[]): GetRequest {
  let rest = args;
  let optionList: ImapValue[] | undefined;
  if (isList(rest[0])) {
    optionList = rest[0].items;
    rest = rest.slice(1);
  } else if (rest.length === 3 && isList(rest[1])) {
    optionList = rest[1].items;
    rest = [rest[0], rest[2]];
  }
  if (rest.length < 2) throw new ArgumentError(`expected: ${GET_SYNTAX}`);
  const mailbox = requireMailbox(ctx, rest, 0, 'mailbox');
  const entryValues = rest.length === 2 && isList(rest[1]) ? rest[1].items : rest.slice(1);
  if (entryValues.length === 0) throw new ArgumentError(`expected: ${GET_SYNTAX}`);
  return { mailbox, options: readGetOptions(optionList ?? []), entries: entryValues.map((v) => entryArg(v, false)) };
}

/** What GETMETADATA found: entries in order (NIL for a requested one without value) and LONGENTRIES. */
interface Found {
  values: Map<string, Uint8Array | undefined>;
  /** The biggest value left out by MAXSIZE (RFC 5464 4.2.1), or 0. */
  longest: number;
}

function lookUp(ctx: ImapContext, target: Target, request: GetRequest): Found {
  const found: Found = { values: new Map(), longest: 0 };
  const { maxSize, depth } = request.options;
  const add = (entry: string, value: Uint8Array | undefined) => {
    if (found.values.has(entry)) return;
    if (value !== undefined && maxSize !== undefined && value.length > maxSize) found.longest = Math.max(found.longest, value.length);
    else found.values.set(entry, value);
  };
  const derived = derivedEntries(target);
  for (const entry of request.entries) {
    const annotations = annotationsFor(ctx, target, scopeOf(entry));
    const value = derived.get(entry.toLowerCase()) ?? annotations.get(entry);
    const below = depth > 0 ? mergeByName(annotations.below(entry, depth), entriesBelow(derived, entry, depth)) : [];
    // A requested entry without value answers NIL, as Cyrus and Dovecot do, unless DEPTH
    // found entries below it.
    if (value !== undefined || below.length === 0) add(entry, value);
    for (const [name, v] of below) add(name, v);
  }
  return found;
}

function mergeByName(a: Array<[string, Uint8Array]>, b: Array<[string, Uint8Array]>): Array<[string, Uint8Array]> {
  return [...a, ...b].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

export const GETMETADATA: Handler = (ctx, call) => {
  const request = readGetRequest(ctx, call.args);
  const target = targetOf(ctx, request.mailbox);
  if (isCompletion(target)) return target;
  const found = lookUp(ctx, target, request);
  if (found.values.size > 0) {
    const parts: Part[] = [];
    for (const [entry, value] of found.values) parts.push(parts.length === 0 ? '' : ' ', astring(entry), ' ', valuePart(value));
    ctx.untagged(`METADATA ${mailboxField(ctx, target)} (`, ...parts, ')');
  }
  if (found.longest > 0) return ok(`GETMETADATA completed; values over MAXSIZE ${request.options.maxSize} were left out`, `METADATA LONGENTRIES ${found.longest}`);
  return ok('GETMETADATA completed');
};

// --- SETMETADATA (RFC 5464 4.3)

const SET_SYNTAX = 'SETMETADATA mailbox (entry value ...)';

function readSetPairs(list: ImapValue | undefined): Map<string, Uint8Array | undefined> {
  if (!isList(list) || list.items.length === 0 || list.items.length % 2 !== 0) throw new ArgumentError(`expected: ${SET_SYNTAX}, each entry with a value or NIL`);
  const pairs = new Map<string, Uint8Array | undefined>();
  for (let i = 0; i < list.items.length; i += 2) {
    const entry = entryArg(list.items[i], true);
    pairs.set(entry, valueArg(list.items[i + 1], entry));
  }
  return pairs;
}

/** The first reason the whole command must fail (RFC 5464 4.3: then nothing changes), or undefined. */
function setFailure(ctx: ImapContext, target: Target, pairs: Map<string, Uint8Array | undefined>): Completion | undefined {
  for (const entry of pairs.keys()) {
    const why = refusal(target, entry);
    if (why) return no(why, 'CANNOT');
  }
  for (const [entry, value] of pairs) {
    if (value && value.length > METADATA_MAX_VALUE_SIZE) {
      return no(`the value of ${entry} has ${value.length} octets; this server takes at most ${METADATA_MAX_VALUE_SIZE}`, `METADATA MAXSIZE ${METADATA_MAX_VALUE_SIZE}`);
    }
  }
  // Count each set as it would be after the whole command: new entries in, removed ones out.
  const after = new Map<Annotations, number>();
  for (const [entry, value] of pairs) {
    const set = annotationsFor(ctx, target, scopeOf(entry));
    const change = value === undefined ? -Number(set.has(entry)) : Number(!set.has(entry));
    after.set(set, (after.get(set) ?? set.size) + change);
  }
  if ([...after.values()].some((count) => count > METADATA_MAX_ENTRIES)) {
    return no(`at most ${METADATA_MAX_ENTRIES} entries on a mailbox, on the shared server or in one user's private server entries; remove some with NIL first`, 'METADATA TOOMANY');
  }
  return undefined;
}

export const SETMETADATA: Handler = (ctx, call) => {
  requireCount(call.args, 2, SET_SYNTAX);
  const mailbox = requireMailbox(ctx, call.args, 0, 'mailbox');
  const pairs = readSetPairs(call.args[1]);
  const target = targetOf(ctx, mailbox);
  if (isCompletion(target)) return target;
  const failure = setFailure(ctx, target, pairs);
  if (failure) return failure;
  for (const [entry, value] of pairs) annotationsFor(ctx, target, scopeOf(entry)).set(entry, value);
  return ok('SETMETADATA completed');
};
