// Guard-rails before a typed command is sent: warnings as data. The REPL prints them, and asks
// for confirmation on 'plaintext-secret' (a password readable on the wire).
import { checkBalance } from '../protocol/imap/command-line.js';
import { unknownCommandText } from './unknown-command.js';
import {
  enabledBy, experimentalCommand, imapCommand, pop3Command,
  saslMechanism, secretsAsOf,
} from './index.js';
import type { ArgSpec, ImapState, Pop3State, StateSpec } from './types.js';

export type WarningKind =
  | 'unknown-command'
  | 'wrong-state'
  | 'capability-missing'
  | 'login-disabled'
  | 'plaintext-secret'
  | 'unbalanced'
  | 'mailbox-encoding';

export interface Warning {
  kind: WarningKind;
  message: string;
}

export interface GuardContext {
  protocol: 'imap' | 'pop3';
  state: ImapState | Pop3State;
  /** Announced capabilities, upper case; empty when not known yet (then no capability checks). */
  capabilities: ReadonlySet<string>;
  encrypted: boolean;
  loopback: boolean;
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
  };
}
