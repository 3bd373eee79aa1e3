// Shapes of the knowledge registry. Every table in this folder is data of one of these types;
// the lookups (index.ts), the explainer, completion and guard read them and spell no fact again.

/** IMAP connection states (RFC 3501 section 3, RFC 9051 section 3). */
export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';
/** POP3 session states (RFC 1939 section 3); UPDATE is never seen by a client typing commands. */
export type Pop3State = 'authorization' | 'transaction';

/** Where a command is legal: a list of states, or every state. */
export type StateSpec<S extends string> = readonly S[] | 'any';

/** What an argument is, so completion can offer the right words and the guard can hide secrets. */
export type ArgKind =
  | 'tag'
  | 'mailbox'
  | 'pattern'
  | 'sequence-set'
  | 'flag-list'
  | 'store-action'
  | 'fetch-items'
  | 'search-keys'
  | 'search-return'
  | 'status-items'
  | 'mechanism'
  | 'base64'
  | 'astring'
  | 'literal'
  | 'date'
  | 'number'
  | 'charset'
  | 'capability'
  | 'sort-criteria'
  | 'thread-algorithm'
  | 'acl-identifier'
  | 'acl-rights'
  | 'quota-root'
  | 'quota-resources'
  | 'metadata-entries'
  | 'options'
  | 'id-params'
  | 'url'
  | 'language'
  | 'comparator'
  | 'notify-events'
  | 'message-number'
  | 'secret';

export interface ArgSpec {
  /** The RFC grammar's name for the argument (`userid`, `password`, `sequence-set`). */
  name: string;
  kind: ArgKind;
  optional?: boolean;
  /** The argument may repeat (`CAPABILITY`-style lists, several mailboxes). */
  repeat?: boolean;
  /** A password, token or SASL response: never print, log or record it. */
  secret?: boolean;
  /** The secret is the password itself, readable by anyone on an unencrypted path. */
  clearPassword?: boolean;
}

interface Explained {
  /** Our own words, for a learner: 1-3 sentences. */
  explanation: string;
  /** `RFC 3501 6.3.1; RFC 9051 6.3.2`, or `vendor: Gmail` / `draft-...` for non-standard names. */
  rfc: string;
  /** Set when the name is not an IETF standard: who uses it. */
  vendor?: string;
  /** Set when the name is obsolete: what replaced it, in words. */
  obsolete?: string;
}

/**
 * How a command takes part in logging in (RFC 3501 6.2.2, 6.2.3; RFC 1939 7; RFC 5034 4).
 * `completes`: its OK (+OK) ends the login, the session is authenticated; `begins`: it starts
 * a login another command completes (POP3 USER, then PASS). A refusal of either is a failed login.
 */
export type LoginStep = 'begins' | 'completes';

export interface ImapCommandEntry extends Explained {
  /** Upper case; two words for UID forms (`UID FETCH`). */
  name: string;
  /** One-line syntax with the RFC's argument names. */
  syntax: string;
  states: StateSpec<ImapState>;
  /** The command is only sent while IDLE is running (DONE). */
  duringIdle?: boolean;
  /** Capabilities of which any one enables the command. */
  requires?: readonly string[];
  args: readonly ArgSpec[];
  /** A pattern, not a name (`X<atom>`): never matched by isImapCommandName. */
  pattern?: boolean;
  /** How the command takes part in logging in; absent when it does not. */
  login?: LoginStep;
}

export interface CapabilityEntry extends Explained {
  /** Upper case. A name ending in `=` is a family: `AUTH=`, `THREAD=`. */
  name: string;
  /** Other capabilities this one includes (IMAP4rev2 includes IDLE, MOVE...). */
  implies?: readonly string[];
  /** Can be switched on with ENABLE (RFC 5161 and the extension's RFC). */
  enableable?: boolean;
}

export type ResponseCodeArgKind =
  | 'none'
  | 'number'
  | 'flag-list'
  | 'capability-list'
  | 'astring'
  | 'url-list'
  | 'uid-set'
  | 'acl-rights'
  | 'structured';

export interface ResponseCodeEntry extends Explained {
  name: string;
  /** The argument shape: `<uidvalidity> <source-uids> <dest-uids>`, or empty. */
  argSyntax: string;
  argKind: ResponseCodeArgKind;
}

export interface UntaggedEntry extends Explained {
  name: string;
  /** `* <n> NAME`: the response starts with a number (EXISTS, FETCH...). */
  numbered: boolean;
  syntax: string;
}

export interface FetchItemEntry extends Explained {
  /** Upper case; section items are written with empty brackets: `BODY[]`, `BINARY.PEEK[]`. */
  name: string;
  /** ALL, FAST, FULL: the items the macro stands for. */
  expands?: readonly string[];
  requires?: readonly string[];
}

/** A SORT criterion (RFC 5256 3). */
export interface SortCriterionEntry extends Explained {
  name: string;
  requires?: readonly string[];
}

export interface SearchKeyEntry extends Explained {
  name: string;
  args: readonly ArgKind[];
  requires?: readonly string[];
}

export type FlagKind =
  | 'system-flag'
  | 'permanentflags-marker'
  | 'keyword'
  | 'mailbox-attribute'
  | 'special-use';

export interface FlagEntry extends Explained {
  /** As usually written (`\Seen`, `$Junk`, `NonJunk`); lookups ignore case. */
  name: string;
  kind: FlagKind;
}

export interface AclRightEntry extends Explained {
  /** One letter, or `0-9` for the digit rights of RFC 2086. */
  letter: string;
}

export type Pop3Multiline = 'always' | 'without-argument' | 'never';

export interface Pop3CommandEntry extends Explained {
  name: string;
  syntax: string;
  states: StateSpec<Pop3State>;
  /** Whether a +OK answer goes on over several lines ending in `.` (RFC 1939 section 3). */
  multiline: Pop3Multiline;
  args: readonly ArgSpec[];
  /** CAPA tag that announces the command (RFC 2449). */
  requires?: readonly string[];
  /** How the command takes part in logging in; absent when it does not. */
  login?: LoginStep;
}

export interface Pop3CapaEntry extends Explained {
  name: string;
  syntax: string;
}

export interface Pop3ResponseCodeEntry extends Explained {
  /** Without brackets: `IN-USE`, `SYS/TEMP`. */
  name: string;
}

export interface SaslMechanismEntry extends Explained {
  name: string;
  /** What an observer or server learns, and what the mechanism protects. */
  security: string;
  /** The client may send its first message with the command (SASL-IR, RFC 4959). */
  clientFirst: boolean;
  /** Sends the password or token itself (base64 is not encryption). */
  revealsSecret: boolean;
}

/**
 * A SEARCH result option (`RETURN (MIN COUNT)`, RFC 4466 2.6 search-return-opt) and/or the
 * ESEARCH return data it produces (search-return-data, RFC 4731 3.1).
 */
export interface SearchReturnEntry extends Explained {
  name: string;
  /** `option`: only asked for in RETURN; `data`: only in the ESEARCH answer; `both`. */
  where: 'option' | 'data' | 'both';
  /** The value's form in the ESEARCH answer (`nz-number`, `sequence-set`), if it has one. */
  value?: string;
  requires?: readonly string[];
}

export interface StatusItemEntry extends Explained {
  /** STATUS data item (RFC 3501 6.3.10, RFC 9051 6.3.11). */
  name: string;
  requires?: readonly string[];
}

/** A status indicator: `+OK` / `-ERR` (POP3), or a STORE action. */
export interface NamedFact extends Explained {
  name: string;
}

/** A SELECT parameter, FETCH/STORE modifier or response tag (RFC 4466 2.1, 2.4, 2.5; RFC 7162). */
export interface ModifierEntry extends Explained {
  name: string;
  where: 'select-param' | 'fetch-modifier' | 'store-modifier' | 'response-tag'
    // LIST-EXTENDED (RFC 5258 3.1, 3.5): selection options (SUBSCRIBED is a return option too), extended data items.
    | 'list-select-opt' | 'list-extended-item';
  /** Where it goes, as a command or response would carry it. */
  syntax: string;
  requires?: readonly string[];
}
