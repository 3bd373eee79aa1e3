// hintForFailure: the likely cause of a NO, BAD or -ERR, from the response code, the command
// tables (legal states, capabilities, syntax) and near misses.
import { unknownCommandText } from './unknown-command.js';
import {
  enabledBy, experimentalCommand, imapCommand, pop3Command,
  pop3ResponseCode, responseCode,
} from './index.js';
import { pop3Failure } from './pop3-answers.js';
import type { ArgSpec, ImapState } from './types.js';

export interface FailedCommand { name: string; args: string }
export interface FailureResponse { status: 'NO' | 'BAD' | '-ERR'; code?: string; text: string }
export interface HintContext {
  capabilities?: ReadonlySet<string>;
  /** POP3: the message numbers marked with DELE in this session and not unmarked by RSET. */
  pop3Deleted?: ReadonlySet<number>;
}

/** Why a command most likely failed, or undefined when we cannot tell. */
export function hintForFailure(
  command: FailedCommand,
  resp: FailureResponse,
  state: ImapState | 'authorization' | 'transaction',
  ctx: HintContext = {},
): string | undefined {
  return resp.status === '-ERR' ? pop3Hint(command, resp, state, ctx) : imapHint(command, resp, state, ctx);
}

/**
 * What to do when a command is not valid in the current state: (needed state, current) ->
 * advice naming the state the command needs and what brings it. Nearest first: a command valid
 * once authenticated (SELECT, LIST) is told to log in, not to select a mailbox too.
 */
const STATE_ADVICE: ReadonlyArray<{ needs: string; now: string; advice: string }> = [
  { needs: 'selected', now: 'authenticated', advice: 'no mailbox is selected (CLOSE or UNSELECT ends a selection): SELECT or EXAMINE a mailbox first' },
  { needs: 'authenticated', now: 'not-authenticated', advice: 'it needs the authenticated state; log in first with LOGIN or AUTHENTICATE' },
  { needs: 'selected', now: 'not-authenticated', advice: 'it needs the selected state; log in (LOGIN or AUTHENTICATE), then SELECT or EXAMINE a mailbox' },
  { needs: 'not-authenticated', now: 'authenticated', advice: 'it is valid only before login, and you are already logged in' },
  { needs: 'not-authenticated', now: 'selected', advice: 'it is valid only before login, and you are already logged in' },
  { needs: 'authenticated', now: 'selected', advice: 'it is valid only in the authenticated state, before any mailbox is selected (ENABLE must come before any SELECT)' },
  { needs: 'transaction', now: 'authorization', advice: 'it needs the TRANSACTION state; log in first with USER and PASS (or APOP, AUTH)' },
  { needs: 'authorization', now: 'transaction', advice: 'it is valid only in the AUTHORIZATION state, before login, and you are already logged in' },
];

function stateAdvice(states: readonly string[] | 'any', now: string): string | undefined {
  if (states === 'any' || states.includes(now)) return undefined;
  const found = STATE_ADVICE.find((a) => states.includes(a.needs) && a.now === now);
  return found?.advice ?? `the command is valid only in: ${states.join(', ')}`;
}

function fullImapName(command: FailedCommand): string {
  const name = command.name.trim().toUpperCase();
  if (name !== 'UID') return name;
  const sub = command.args.trim().split(/\s+/, 1)[0] ?? '';
  return imapCommand(`UID ${sub}`) ? `UID ${sub.toUpperCase()}` : name;
}

function imapHint(command: FailedCommand, resp: FailureResponse, state: string, ctx: HintContext): string | undefined {
  const name = fullImapName(command);
  const code = resp.code ? responseCode(resp.code) : undefined;
  if (code) return `${code.name}: ${code.explanation}`;
  const entry = imapCommand(name);
  if (!entry) {
    if (experimentalCommand(name)) return `${name} is not a standard command; this server may not know it.`;
    return unknownCommandText(name, 'imap');
  }
  const advice = stateAdvice(entry.states, state);
  if (advice) return `${name} failed in the ${state} state: ${advice}.`;
  const caps = ctx.capabilities;
  if (name === 'LOGIN' && caps?.has('LOGINDISABLED')) {
    return 'The server announced LOGINDISABLED: use STARTTLS first (or connect with TLS on port 993), then LOGIN.';
  }
  if (caps && caps.size > 0 && !enabledBy(caps, entry.requires)) {
    return `The server did not announce ${(entry.requires ?? []).join(' or ')}, which ${name} needs.`;
  }
  if (resp.status === 'BAD') return `The server could not parse the arguments. Syntax: ${entry.syntax}`;
  return undefined;
}

function pop3Hint(command: FailedCommand, resp: FailureResponse, state: string, ctx: HintContext): string | undefined {
  const codeName = resp.code ?? /^\[([^\]]+)\]/.exec(resp.text.trim())?.[1];
  const code = codeName ? pop3ResponseCode(codeName) ?? pop3ResponseCode(codeName.split('/')[0]!) : undefined;
  if (code) return `[${codeName}]: ${code.explanation}`;
  const name = command.name.trim().toUpperCase();
  const entry = pop3Command(name);
  if (!entry) {
    return unknownCommandText(name, 'pop3');
  }
  const advice = stateAdvice(entry.states, state);
  if (advice) return `${name} failed in the ${state} state: ${advice}.`;
  // A command carrying a secret (PASS, APOP, AUTH) is a login attempt.
  if (entry.args.some((arg) => arg.secret)) return 'The user name or password was refused (or this login method is disabled without TLS).';
  const args = command.args.trim() === '' ? [] : command.args.trim().split(/\s+/);
  if (args.length < entry.args.filter((arg) => !arg.optional).length) return `${name} needs its arguments: ${entry.syntax} (${entry.rfc}).`;
  return pop3ArgumentHint(entry.args, args, ctx) ?? tableHint(name, name, {});
}

/** The first message-number argument's likely fault: not a number, marked as deleted, or either of no such message and deleted. */
function pop3ArgumentHint(specs: readonly ArgSpec[], args: readonly string[], ctx: HintContext): string | undefined {
  const at = specs.findIndex((spec) => spec.kind === 'message-number');
  const msg = at < 0 ? undefined : args[at];
  if (msg === undefined) return undefined;
  // RFC 1939 4: message-numbers are decimal, the first message's is 1.
  if (!/^[1-9][0-9]*$/.test(msg)) return `${msg} is not a message number: message numbers are decimal, from 1 (RFC 1939 4).`;
  return tableHint(ctx.pop3Deleted?.has(Number(msg)) ? 'deleted' : 'message-number', undefined, { msg });
}

/** A POP3_FAILURES entry as a hint, `{msg}` filled in; prefixed with the command when `name`. */
function tableHint(applies: string, name: string | undefined, values: Record<string, string>): string | undefined {
  const entry = pop3Failure(applies);
  if (!entry) return undefined;
  const text = entry.explanation.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);
  const sentence = name ? `${name}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  return `${sentence} (${entry.rfc}).`;
}
