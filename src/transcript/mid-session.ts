// A recording begun mid-session (`:record FILE` after login) holds no greeting and no login:
// its first commands need a state (RFC 3501 section 3, RFC 1939 section 3) that a fresh
// connection is not in. Replay tells so before connecting, and logs in first when the user
// gives the credentials (transcripts/README.md, "Recordings that start mid-session").

import { imapCommand, pop3Command } from '../registry/index.js';
import type { Protocol } from './exchange.js';

/** The state the recording's first commands need on a fresh connection. */
export type StartState = 'fresh' | 'authenticated' | 'selected';

/** The header key a mid-session recording is marked with, and its keys for the state. */
export const START_KEY = 'start';
export const START_MID_SESSION = 'mid-session (:record): what came before, the login included, is not in this file';
/** The same, for a recording begun before login: the login is in the file, only the greeting is not. */
export const START_BEFORE_LOGIN = 'mid-session (:record): what came before, the greeting, is not in this file';
export const STATE_KEY = 'state';
export const MAILBOX_KEY = 'mailbox';
/** The selected mailbox's EXISTS and UIDVALIDITY then, for serve's stand-in SELECT (serve-login.ts). */
export const EXISTS_KEY = 'exists';
export const UIDVALIDITY_KEY = 'uidvalidity';

/**
 * What one command tells of the state it was sent in: undefined when it is valid in any state
 * (CAPABILITY, NOOP, an unknown command), `fresh` when valid before login (LOGIN, STARTTLS),
 * else the lowest state it needs (`UID` counts as a selected-state command).
 */
export function stateNeeded(protocol: Protocol, command: string): StartState | undefined {
  const name = command.split(' ')[0].toUpperCase();
  if (protocol === 'pop3') {
    const states = pop3Command(name)?.states;
    if (states === undefined || states === 'any') return undefined;
    return states.includes('authorization') ? 'fresh' : 'authenticated';
  }
  const states = imapCommand(name)?.states;
  if (states === undefined || states === 'any') return undefined;
  if (states.includes('not-authenticated')) return 'fresh';
  return states.includes('authenticated') ? 'authenticated' : 'selected';
}

/** Follows the commands of a recording without a greeting until one tells the start state. */
export class StartStateFinder {
  private found: StartState | undefined;

  constructor(private readonly protocol: Protocol) {}

  command(name: string): void {
    this.found ??= stateNeeded(this.protocol, name);
  }

  /** The state found; `fresh` when no command needed more. */
  get state(): StartState {
    return this.found ?? 'fresh';
  }
}

/** The one-line reason a recording cannot be replayed as it is, said before connecting. */
export function needsLoginMessage(file: string, state: StartState, mailbox: string | undefined): string {
  const where = state === 'selected' ? ` with ${mailbox === undefined ? 'a mailbox' : `"${mailbox}"`} selected` : '';
  return `${file} starts after login${where} (recorded with :record): replay logs in first with --user USER and the password from --password-env VAR (or MAILSCOPE_PASSWORD)`;
}
