// Guard-rails before a typed command is sent: warnings as data. The REPL prints them, and asks
// for confirmation on 'plaintext-secret' (a password readable on the wire).
import { checkBalance } from '../protocol/imap/command-line.js';
import { unknownCommandText } from './unknown-command.js';
import {
  enabledBy, experimentalCommand, imapCommand, pop3Command,
  fetchItem, saslMechanism, secretsAsOf,
} from './index.js';
import type { ArgSpec, ImapState, Pop3State, StateSpec } from './types.js';
import { nearestNames } from './distance.js';
import { FETCH_ITEM_WORDS } from './fetch-items.js';
import { systemFlagMeantBy } from './flags.js';

export type WarningKind =
  | 'unknown-command'
  | 'wrong-state'
  | 'capability-missing'
  | 'login-disabled'
  | 'plaintext-secret'
  | 'unbalanced'
  | 'mailbox-encoding'
  | 'keyword-not-flag'
  | 'read-only'
  | 'fetch-item'
  | 'done-without-idle';

/**
 * What each kind of warning is about, one line each (`:help guard` lists them): a Record, so
 * that a kind added above fails the type check until it is described here.
 */
export const WARNING_KINDS: Record<WarningKind, string> = {
  'unknown-command': 'a command name the protocol does not have: misspelt (did you mean SELECT?), the other protocol\'s (CAPA in IMAP), or a word meant for mailscope (its help is :help)',
  'wrong-state': 'a command not valid in the state it would meet (FETCH with no mailbox selected, SELECT before login)',
  'capability-missing': 'a command that needs a capability the server did not announce',
  'login-disabled': 'LOGIN after the server announced LOGINDISABLED (STARTTLS first)',
  unbalanced: 'unbalanced quotes or parentheses',
  'mailbox-encoding': 'a mailbox named decoded (INBOX.Entwürfe) where the server knows it in modified UTF-7 (INBOX.Entw&APw-rfe)',
  'keyword-not-flag': 'a system flag without its backslash (+FLAGS Deleted sets a keyword, not \\Deleted)',
  'read-only': 'STORE, EXPUNGE or MOVE in a mailbox opened read-only (EXAMINE, or [READ-ONLY])',
  'fetch-item': 'a FETCH item that is none (flagz: did you mean FLAGS?)',
  'done-without-idle': 'DONE with no IDLE to end',
  'plaintext-secret': 'a password about to cross an unencrypted connection to a host that is not loopback: asked first, and that question stays with :guard off',
};

export interface Warning {
  kind: WarningKind;
  message: string;
  /** 'plaintext-secret': what the line would carry (`password`, `PLAIN credentials`), never the secret. */
  secret?: string;
}

export interface GuardContext {
  protocol: 'imap' | 'pop3';
  state: ImapState | Pop3State;
  /** Announced capabilities, upper case; empty when not known yet (then no capability checks). */
  capabilities: ReadonlySet<string>;
  encrypted: boolean;
  loopback: boolean;
  /** The mailbox selected (or about to be, after the commands waiting) is read-only: EXAMINE, or SELECT's [READ-ONLY]. */
  readOnly?: boolean;
  /** An IDLE is in progress or sent and waiting for its `+`: a DONE now ends it (RFC 2177 3). */
  idle?: boolean;
}

export interface CommandParts {
  tag?: string;
  name: string;
  args: string;
}

interface CommandFacts {
  name: string;
  states: StateSpec<string>;
  requires?: readonly string[];
  args: readonly ArgSpec[];
  duringIdle?: boolean;
}

export function checkCommand(parts: CommandParts, ctx: GuardContext): Warning[] {
  const warnings: Warning[] = [];
  const balance = ctx.protocol === 'imap' ? checkBalance(`${parts.name} ${parts.args}`) : { ok: true as const };
  if (!balance.ok) warnings.push({ kind: 'unbalanced', message: `Unbalanced line: ${balance.reason}.` });
  const entry = ctx.protocol === 'imap' ? imapFacts(parts) : pop3Command(parts.name);
  const words = parts.args.trim() === '' ? [] : parts.args.trim().split(/\s+/);
  if (!entry) {
    const unknown = unknownCommand(parts.name, ctx.protocol);
    // A near miss of LOGIN or PASS (`lgoin user pw`) still sends the password: asked about as theirs would be.
    const meant = secretsAsOf(ctx.protocol, parts.name);
    const secret = meant && plaintextSecret(meant, words, ctx);
    return [...(unknown ? [unknown] : []), ...warnings, ...(secret ? [secret] : [])];
  }
  const argWords = entry.name.startsWith('UID ') ? words.slice(1) : words;
  warnings.push(...stateWarnings(entry, ctx), ...capabilityWarnings(entry, ctx));
  if (ctx.protocol === 'imap') warnings.push(...beginnerWarnings(entry.name, argWords, ctx));
  const secret = plaintextSecret(entry, argWords, ctx);
  if (secret) warnings.push(secret);
  return warnings;
}

function imapFacts(parts: CommandParts): CommandFacts | undefined {
  const name = parts.name.toUpperCase();
  if (name === 'UID') {
    const sub = parts.args.trim().split(/\s+/, 1)[0] ?? '';
    return imapCommand(`UID ${sub}`) ?? imapCommand('UID');
  }
  return imapCommand(name);
}

function unknownCommand(name: string, protocol: 'imap' | 'pop3'): Warning | undefined {
  if (protocol === 'imap' && experimentalCommand(name)) return undefined;
  return { kind: 'unknown-command', message: unknownCommandText(name, protocol) };
}

function stateWarnings(entry: CommandFacts, ctx: GuardContext): Warning[] {
  if (entry.duringIdle || entry.states === 'any' || entry.states.includes(ctx.state)) return [];
  return [{
    kind: 'wrong-state',
    message: `${entry.name} is not valid in the ${ctx.state} state (only in: ${entry.states.join(', ')}).`,
  }];
}

function capabilityWarnings(entry: CommandFacts, ctx: GuardContext): Warning[] {
  const caps = ctx.protocol === 'pop3' ? pop3Tags(ctx.capabilities) : ctx.capabilities;
  const warnings: Warning[] = [];
  if (caps.size > 0 && !enabledBy(caps, entry.requires)) {
    warnings.push({ kind: 'capability-missing', message: `The server did not announce ${entry.requires!.join(' or ')}, which ${entry.name} needs.` });
  }
  if (ctx.protocol === 'imap' && entry.name === 'LOGIN' && caps.has('LOGINDISABLED')) {
    warnings.push({ kind: 'login-disabled', message: 'The server announced LOGINDISABLED: LOGIN will be refused; use STARTTLS first.' });
  }
  return warnings;
}

/** POP3 CAPA lines (`SASL PLAIN LOGIN`) reduced to their tags (`SASL`). */
function pop3Tags(caps: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...caps].map((c) => c.split(/\s+/)[0]!));
}

/**
 * A password (LOGIN, PASS) or a SASL mechanism that sends the password or token itself
 * (PLAIN, LOGIN, XOAUTH2...), over an unencrypted connection to a host that is not loopback.
 */
function plaintextSecret(entry: CommandFacts, words: string[], ctx: GuardContext): Warning | undefined {
  if (ctx.encrypted || ctx.loopback) return undefined;
  const password = entry.args.some((arg, i) => arg.clearPassword && words[i] !== undefined);
  const mechanismArg = entry.args.findIndex((arg) => arg.kind === 'mechanism');
  const mechanism = mechanismArg >= 0 && words[mechanismArg] ? saslMechanism(words[mechanismArg]) : undefined;
  if (!password && !mechanism?.revealsSecret) return undefined;
  const what = password ? 'password' : `${mechanism!.name} credentials`;
  return {
    kind: 'plaintext-secret',
    message: `This sends your ${what} unencrypted to a remote host; anyone on the path can read it.`,
    secret: what,
  };
}

/** Commands that change the selected mailbox's messages: refused in a read-only one (RFC 3501 6.3.2, RFC 6851 3.3). */
const WRITES_MAILBOX = new Set(['STORE', 'UID STORE', 'EXPUNGE', 'UID EXPUNGE', 'MOVE', 'UID MOVE']);

/**
 * Mistakes a newcomer makes that the server answers without saying why, or not at all: a
 * system flag without its backslash, a change in a read-only mailbox, a misspelt FETCH item,
 * DONE with no IDLE to end.
 */
function beginnerWarnings(name: string, words: string[], ctx: GuardContext): Warning[] {
  const warnings: Warning[] = [];
  if (name === 'DONE' && !ctx.idle) {
    // The REPL and scripts send a `done` typed during IDLE as IDLE's end, unjudged: one judged
    // here goes to the server as a command of its own, tagged.
    warnings.push({ kind: 'done-without-idle', message: 'No IDLE is in progress: DONE only ends IDLE (RFC 2177 3); sent now, it goes to the server as a command.' });
  }
  if (ctx.readOnly && ctx.state === 'selected' && WRITES_MAILBOX.has(name)) {
    warnings.push({ kind: 'read-only', message: `The selected mailbox is read-only (EXAMINE, or [READ-ONLY] from SELECT): ${name} will be refused (RFC 3501 6.3.2); SELECT it read-write first.` });
  }
  if (name === 'STORE' || name === 'UID STORE') warnings.push(...keywordsMeantAsFlags(words));
  if (name === 'FETCH' || name === 'UID FETCH') warnings.push(...misspeltFetchItems(words.slice(1).join(' ')));
  return warnings;
}

/** `STORE 1 +FLAGS Deleted`: the words after the action, without parentheses (RFC 3501 6.4.6). */
function keywordsMeantAsFlags(words: string[]): Warning[] {
  const action = words.findIndex((w) => /^[+-]?FLAGS(\.SILENT)?$/i.test(w));
  if (action < 0) return [];
  const flags = words.slice(action + 1).join(' ').replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  return flags.flatMap((word) => {
    const flag = systemFlagMeantBy(word);
    return flag ? [{ kind: 'keyword-not-flag' as const, message: `${word} is a keyword here; the system flag is ${flag} (RFC 3501 2.3.2).` }] : [];
  });
}

/**
 * FETCH items (RFC 3501 6.4.5) that are none but near one: `flagz`, did you mean FLAGS? Only
 * the list's own words are judged: not sections (`[HEADER.FIELDS (FROM)]`), partials (`<0.100>`),
 * an item's own parenthesised arguments (`PREVIEW (LAZY)`) nor the modifiers after the list.
 */
function misspeltFetchItems(items: string): Warning[] {
  const text = items.trim();
  const list = text.startsWith('(') ? outerGroup(text) : text.split(/\s+/, 1)[0] ?? '';
  return topLevelWords(list).flatMap((word) => {
    const bare = word.replace(/\[.*$/s, '').replace(/<.*$/s, '');
    if (!/^[A-Za-z][A-Za-z0-9.-]*$/.test(bare) || fetchItem(word)) return [];
    const near = nearestNames(bare, FETCH_ITEM_WORDS, 1);
    return near.length ? [{ kind: 'fetch-item' as const, message: `${bare.toUpperCase()} is not a FETCH item; did you mean ${near[0]}?` }] : [];
  });
}

/** The inside of the parenthesised group `text` starts with. */
function outerGroup(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(1, i);
  }
  return text.slice(1);
}

/**
 * The words of `text` split at spaces outside brackets, so a section stays with its item
 * (`BODY.PEEK[HEADER.FIELDS (FROM TO)]`); an item's own arguments (`(LAZY)`) are left out.
 */
function topLevelWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '<') depth++;
    if (ch === ')' || ch === ']' || ch === '>') depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      words.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  words.push(word);
  return words.filter((w) => w !== '' && !w.startsWith('('));
}
