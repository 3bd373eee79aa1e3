// Lookups over the registry tables. Names are matched without regard to case; the tables keep
// the usual spelling for display. Maps are built once, when the module is first imported.
import { ACL_RIGHTS } from './acl-rights.js';
import { CAPABILITIES, IMAP4REV2_INCLUDES } from './capabilities.js';
import { FETCH_ITEMS } from './fetch-items.js';
import { FLAGS_AND_ATTRIBUTES } from './flags.js';
import { IMAP_COMMANDS, STORE_ACTIONS } from './imap-commands.js';
import { nearestNames } from './distance.js';
import { POP3_CAPABILITIES, POP3_COMMANDS, POP3_RESPONSE_CODES, POP3_STATUS_INDICATORS } from './pop3.js';
import { RESPONSE_CODES } from './response-codes.js';
import { SASL_MECHANISMS } from './sasl.js';
import { SEARCH_KEYS } from './search-keys.js';
import { SEARCH_RETURN } from './search-return.js';
import { COMMAND_MODIFIERS } from './command-modifiers.js';
import { REQUIRED_CHARSETS, SORT_CRITERIA } from './sort-criteria.js';
import { STATUS_ITEMS } from './status-items.js';
import type {
  AclRightEntry, CapabilityEntry, NamedFact, StatusItemEntry, FetchItemEntry, FlagEntry, FlagKind, ImapCommandEntry,
  Pop3CapaEntry, Pop3CommandEntry, Pop3ResponseCodeEntry, ResponseCodeEntry, SaslMechanismEntry,
  SearchKeyEntry, SearchReturnEntry, SortCriterionEntry, UntaggedEntry, ModifierEntry, LoginStep,
} from './types.js';
import { UNTAGGED_RESPONSES } from './untagged.js';

export * from './types.js';
export {
  ACL_RIGHTS, CAPABILITIES, FETCH_ITEMS, FLAGS_AND_ATTRIBUTES, IMAP4REV2_INCLUDES, IMAP_COMMANDS,
  POP3_CAPABILITIES, POP3_COMMANDS, POP3_RESPONSE_CODES, RESPONSE_CODES, SASL_MECHANISMS,
  POP3_STATUS_INDICATORS, SEARCH_KEYS, STATUS_ITEMS, STORE_ACTIONS, UNTAGGED_RESPONSES,
};
export { SEARCH_RETURN };
export { COMMAND_MODIFIERS };
export { REQUIRED_CHARSETS, SORT_CRITERIA };

function byName<T>(entries: readonly T[], key: (e: T) => string): Map<string, T> {
  return new Map(entries.map((e) => [key(e).toUpperCase(), e]));
}
function grouped<T>(entries: readonly T[], key: (e: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const e of entries) {
    const k = key(e).toUpperCase();
    map.set(k, [...(map.get(k) ?? []), e]);
  }
  return map;
}
/** Upper case with runs of white space made one space: `uid  fetch` -> `UID FETCH`. */
function norm(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

const imapCommands = byName(IMAP_COMMANDS.filter((c) => !c.pattern), (c) => c.name);
const pop3Commands = byName(POP3_COMMANDS, (c) => c.name);
const pop3Capas = byName(POP3_CAPABILITIES, (c) => c.name);
const pop3Codes = byName(POP3_RESPONSE_CODES, (c) => c.name);
const capabilities = byName(CAPABILITIES, (c) => c.name);
const responseCodes = byName(RESPONSE_CODES, (c) => c.name);
const untagged = byName(UNTAGGED_RESPONSES, (u) => u.name);
const fetchItems = byName(FETCH_ITEMS, (f) => f.name);
const searchKeys = byName(SEARCH_KEYS, (s) => s.name);
const searchReturns = byName(SEARCH_RETURN, (s) => s.name);
const modifiers = byName(COMMAND_MODIFIERS, (m) => m.name);
const sortCriteria = byName(SORT_CRITERIA, (c) => c.name);
const flags = grouped(FLAGS_AND_ATTRIBUTES, (f) => f.name);
const statusItems = byName(STATUS_ITEMS, (s) => s.name);
const storeActions = byName(STORE_ACTIONS, (s) => s.name);
const pop3Statuses = byName(POP3_STATUS_INDICATORS, (s) => s.name);
const mechanisms = byName(SASL_MECHANISMS, (m) => m.name);
const aclRights = new Map(ACL_RIGHTS.map((r) => [r.letter, r]));
const rev2Includes = new Set(IMAP4REV2_INCLUDES);

// --- IMAP commands

/** True for every known command name, one or two words (`UID`, `uid fetch`); not for X<atom>. */
export function isImapCommandName(word: string): boolean {
  return imapCommands.has(norm(word));
}

/** A near miss of a command name (`selct`), worth a "did you mean"; short words never are. */
export function isMisspeltImapCommand(word: string): boolean {
  return word.length >= 3 && !isImapCommandName(word) && nearestNames(word, imapCommands.keys(), 1).length > 0;
}

export function imapCommand(name: string): ImapCommandEntry | undefined {
  return imapCommands.get(norm(name));
}

/** X<atom> (RFC 3501 6.5.1): the experimental-command pattern entry, for names starting with X. */
export function experimentalCommand(name: string): ImapCommandEntry | undefined {
  return /^X[A-Z0-9-]/i.test(name.trim()) ? IMAP_COMMANDS.find((c) => c.pattern) : undefined;
}

// --- POP3

export function pop3Command(name: string): Pop3CommandEntry | undefined {
  return pop3Commands.get(norm(name));
}
export function pop3Capability(name: string): Pop3CapaEntry | undefined {
  return pop3Capas.get(norm(name));
}
/** `[SYS/TEMP]`, `sys/temp` or `SYS/TEMP` all find the same entry. */
export function pop3ResponseCode(name: string): Pop3ResponseCodeEntry | undefined {
  return pop3Codes.get(stripBrackets(name).toUpperCase());
}

/**
 * Whether a +OK answer to this command is multi-line (RFC 1939 section 3). An -ERR answer is
 * always one line; callers check the status first.
 */
export function pop3ExpectsMultiline(name: string, args: string[]): boolean {
  const entry = pop3Command(name);
  if (!entry) return false;
  if (entry.multiline === 'always') return true;
  if (entry.multiline === 'never') return false;
  return args.every((arg) => arg.trim() === '');
}

/**
 * 0-based indexes, among the words after the command name, of arguments that are secrets.
 * For POP3 PASS the secret is the rest of the line, spaces included (RFC 1939 section 7).
 */
export function secretArgIndexes(protocol: 'imap' | 'pop3', name: string): number[] {
  const entry = secretsAsOf(protocol, name);
  if (!entry) return [];
  return entry.args.flatMap((arg, index) => (arg.secret ? [index] : []));
}

/** Commands that take a secret argument (LOGIN, AUTHENTICATE; PASS, APOP, AUTH), per protocol. */
const SECRET_BEARERS = {
  imap: IMAP_COMMANDS.filter((c) => !c.pattern && c.args.some((a) => a.secret)),
  pop3: POP3_COMMANDS.filter((c) => c.args.some((a) => a.secret)),
};

/**
 * The command whose secret arguments a typed name carries: the command itself when the
 * protocol has it, else the other protocol's command of that name, else the command with
 * secrets it is a near miss of (as "did you mean" finds them). `lgoin user pw` sends a password as LOGIN would, and is masked on screen, kept out of
 * history and recordings alike; a name near none is undefined.
 */
export function secretsAsOf(protocol: 'imap' | 'pop3', name: string): ImapCommandEntry | Pop3CommandEntry | undefined {
  const entry = protocol === 'imap' ? imapCommand(name) : pop3Command(name);
  if (entry || (protocol === 'imap' && isImapCommandName(name))) return entry;
  // The other protocol's command (PASS typed to IMAP, LOGIN to POP3) carries its secrets too.
  const other = protocol === 'imap' ? pop3Command(name) : imapCommand(name);
  if (other) return other;
  const bearers: ReadonlyArray<ImapCommandEntry | Pop3CommandEntry> = SECRET_BEARERS[protocol];
  const near = nearestNames(name.trim(), bearers.map((c) => c.name), 1)[0];
  return near === undefined ? undefined : bearers.find((c) => c.name === near);
}

/** How a command takes part in logging in (LoginStep), or undefined when it does not. */
export function loginStep(protocol: 'imap' | 'pop3', name: string): LoginStep | undefined {
  return (protocol === 'imap' ? imapCommand(name) : pop3Command(name))?.login;
}

/** Whether an accepted command ends the login (its LoginStep is `completes`). */
export function logsIn(protocol: 'imap' | 'pop3', name: string): boolean {
  return loginStep(protocol, name) === 'completes';
}

// --- capabilities

export interface CapabilityLookup {
  /** The name as asked, upper-cased. */
  name: string;
  /** The exact entry, or the family entry (`AUTH=`) when only the family is known. */
  entry: CapabilityEntry;
  /** The name matched a family only: `AUTH=FOO` -> `AUTH=` with value `FOO`. */
  familyOnly: boolean;
  /** The part after `=`, for family names. */
  value?: string;
  /** For AUTH=<mechanism>: the SASL mechanism entry, when known. */
  mechanism?: SaslMechanismEntry;
}

export function capability(name: string): CapabilityLookup | undefined {
  const upper = norm(name);
  const eq = upper.indexOf('=');
  const value = eq >= 0 ? upper.slice(eq + 1) : undefined;
  const mechanism = upper.startsWith('AUTH=') && value ? saslMechanism(value) : undefined;
  const exact = capabilities.get(upper);
  if (exact) return { name: upper, entry: exact, familyOnly: false, value, mechanism };
  const family = eq >= 0 ? capabilities.get(upper.slice(0, eq + 1)) : undefined;
  if (family) return { name: upper, entry: family, familyOnly: true, value, mechanism };
  return undefined;
}

/**
 * Whether `name` is announced in `caps` (upper-case names). A family name (`THREAD=`) matches
 * any member; IMAP4rev2 counts as announcing what RFC 9051 appendix E folded into it.
 */
export function capabilityAnnounced(caps: ReadonlySet<string>, name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.endsWith('=')) return [...caps].some((c) => c.startsWith(upper));
  return caps.has(upper) || (caps.has('IMAP4REV2') && rev2Includes.has(upper));
}

/** Whether an entry with `requires` is usable given the announced capabilities. */
export function enabledBy(caps: ReadonlySet<string>, requires: readonly string[] | undefined): boolean {
  return !requires || requires.some((name) => capabilityAnnounced(caps, name));
}

export function saslMechanism(name: string): SaslMechanismEntry | undefined {
  return mechanisms.get(norm(name));
}

// --- responses

function stripBrackets(text: string): string {
  return text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
}

/** `TRYCREATE`, `[UIDVALIDITY 1294991877]` or `uidvalidity`: the code's entry. */
export function responseCode(name: string): ResponseCodeEntry | undefined {
  const first = stripBrackets(name).split(/[\s(]/, 1)[0] ?? '';
  return responseCodes.get(first.toUpperCase());
}

export function untaggedResponse(name: string): UntaggedEntry | undefined {
  return untagged.get(norm(name));
}

/** `BODY.PEEK[HEADER.FIELDS (FROM)]<0.100>` -> `BODY.PEEK[]`; plain names are upper-cased. */
export function fetchItemBaseName(item: string): string {
  const upper = item.trim().toUpperCase();
  const bracket = upper.indexOf('[');
  return bracket < 0 ? upper.replace(/<.*$/, '') : `${upper.slice(0, bracket)}[]`;
}

export function fetchItem(name: string): FetchItemEntry | undefined {
  const base = fetchItemBaseName(name);
  // `BINARY.SIZE` or `BODY.PEEK` asked about without a section: the item that takes one.
  return fetchItems.get(base) ?? (base.endsWith(']') ? undefined : fetchItems.get(`${base}[]`));
}

export function statusItem(name: string): StatusItemEntry | undefined {
  return statusItems.get(norm(name));
}

export function storeAction(name: string): NamedFact | undefined {
  return storeActions.get(norm(name));
}

/** `+OK` or `-ERR` (RFC 1939 section 3). */
export function pop3StatusIndicator(name: string): NamedFact | undefined {
  return pop3Statuses.get(norm(name));
}

export function searchKey(name: string): SearchKeyEntry | undefined {
  return searchKeys.get(norm(name));
}

/** A SELECT parameter, FETCH/STORE modifier or response tag such as EARLIER (RFC 7162). */
export function commandModifier(name: string): ModifierEntry | undefined {
  return modifiers.get(norm(name));
}

/** A SEARCH result option (RETURN (MIN ...)) or ESEARCH return data name (RFC 4731 3.1). */
export function sortCriterion(name: string): SortCriterionEntry | undefined {
  return sortCriteria.get(norm(name));
}

export function searchReturn(name: string): SearchReturnEntry | undefined {
  return searchReturns.get(norm(name));
}

// --- flags, attributes, rights

/** Every entry with this name: `\Flagged` is both a system flag and a special-use attribute. */
export function flagsAndAttributes(name: string): readonly FlagEntry[] {
  return flags.get(name.trim().toUpperCase()) ?? [];
}

/**
 * One entry for a flag, keyword or mailbox attribute. `where` picks the reading when a name
 * has two: `flag` (FETCH FLAGS, PERMANENTFLAGS) or `attribute` (LIST).
 */
export function flagOrAttribute(name: string, where?: 'flag' | 'attribute'): FlagEntry | undefined {
  const all = flagsAndAttributes(name);
  const attributeKinds: readonly FlagKind[] = ['mailbox-attribute', 'special-use'];
  if (where) {
    const wanted = all.find((f) => attributeKinds.includes(f.kind) === (where === 'attribute'));
    if (wanted) return wanted;
  }
  return all[0];
}

/** One ACL letter (RFC 4314 2.1); any digit finds the `0-9` entry. */
export function aclRight(letter: string): AclRightEntry | undefined {
  if (/^[0-9]$/.test(letter)) return aclRights.get('0-9');
  return aclRights.get(letter.toLowerCase());
}
