// What the user types, turned into POP3 wire lines, and the POP3 state (RFC 1939 section 3:
// AUTHORIZATION, TRANSACTION, UPDATE). POP3 has no tags: one response per command, in order,
// and whether a response has a multi-line body depends on the command sent (registry).
import type { Pop3Event } from '../protocol/pop3/types.js';
import { logsIn, pop3ExpectsMultiline } from '../registry/index.js';
import { splitComment } from './comments.js';

export type Pop3State = 'authorization' | 'transaction' | 'update';

export interface Pop3Pending {
  name: string;
  args: string[];
  line: string;
  multiline: boolean;
  startedAt: number;
}

export type Pop3Effect =
  | { kind: 'send'; bytes: Buffer; command?: Pop3Pending }
  | { kind: 'note'; level: 'info' | 'warn'; text: string };

/**
 * The state after `command` got +OK (RFC 1939 3): a command that completes a login (the
 * registry's `login` step: PASS, APOP, AUTH) moves AUTHORIZATION to TRANSACTION; AUTH without a
 * mechanism only lists them (RFC 5034 4).
 */
function stateAfterOk(state: Pop3State, command: Pop3Pending): Pop3State {
  if (logsIn('pop3', command.name) && !(command.name === 'AUTH' && command.args.length === 0)) return 'transaction';
  if (command.name === 'QUIT') return 'update';
  return state;
}

export class Pop3Conversation {
  state: Pop3State = 'authorization';
  capabilities = new Set<string>();
  previousCapabilities: Set<string> | undefined;
  /** Each upper-cased CAPA line as the server spelt it (`SASL PLAIN`, `IMPLEMENTATION Dovecot`), for display. */
  readonly capabilitySpelling = new Map<string, string>();
  /** True after `AUTH MECH` until the final +OK/-ERR: lines typed are SASL responses. */
  authenticating = false;
  private readonly pending: Pop3Pending[] = [];
  /** The first response is the greeting (RFC 1939 section 4), not an answer to a command. */
  private greeted = false;
  private readonly now: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Where the first command of this name waits in the queue of answers to come, or -1. */
  pendingIndex(name: string): number {
    return this.pending.findIndex((p) => p.name === name);
  }

  get oldestPending(): Pop3Pending | undefined {
    return this.pending[0];
  }

  get inContinuation(): boolean {
    return this.authenticating;
  }

  submit(rawLine: string): Pop3Effect[] {
    if (this.authenticating) return [{ kind: 'send', bytes: Buffer.from(`${rawLine}\r\n`) }];
    const { text, comment } = splitComment(rawLine);
    const effects: Pop3Effect[] = [];
    if (comment !== undefined) effects.push({ kind: 'note', level: 'info', text: `comment not sent: ${comment}` });
    if (text.trim() === '') return effects;
    const [word, ...args] = text.trim().split(/\s+/);
    const name = word.toUpperCase();
    const command: Pop3Pending = { name, args, line: text, multiline: pop3ExpectsMultiline(name, args), startedAt: this.now() };
    this.pending.push(command);
    if (name === 'AUTH' && args.length > 0) this.authenticating = true;
    effects.push({ kind: 'send', bytes: Buffer.from(`${text}\r\n`), command });
    return effects;
  }

  /** Feed every POP3 event; returns the command a final response completes. */
  onEvent(ev: Pop3Event): { command: Pop3Pending | undefined; ok: boolean } | undefined {
    if (ev.kind !== 'response') return undefined;
    if (!this.greeted) {
      this.greeted = true;
      return undefined;
    }
    const command = this.pending.shift();
    if (command?.name === 'AUTH') this.authenticating = false;
    if (ev.ok && command) {
      this.state = stateAfterOk(this.state, command);
      if (command.name === 'CAPA' && ev.lines) this.setCapabilities(ev.lines);
    }
    return { command, ok: ev.ok };
  }

  /**
   * What a command typed now will meet if the commands still waiting succeed. Capabilities are
   * unknown (empty) while STLS or a login waits: CAPA may differ after them (RFC 2449 4).
   */
  ahead(): { state: Pop3State; capabilities: ReadonlySet<string> } {
    const state = this.pending.reduce(stateAfterOk, this.state);
    const changing = this.pending.some((p) => p.name === 'STLS' || stateAfterOk('authorization', p) === 'transaction');
    return { state, capabilities: changing ? new Set() : this.capabilities };
  }

  /** RFC 2595 section 4: after STLS the client must discard what it knew of CAPA. */
  forgetCapabilities(): void {
    // Nothing known before (no CAPA asked) is no list to compare the next one with.
    if (this.capabilities.size > 0) this.previousCapabilities = this.capabilities;
    this.capabilities = new Set();
  }

  private setCapabilities(lines: Uint8Array[]): void {
    if (this.capabilities.size > 0) this.previousCapabilities = this.capabilities;
    this.capabilities = new Set();
    for (const line of lines) {
      const name = Buffer.from(line).toString('latin1').trim();
      if (!name) continue;
      const upper = name.toUpperCase();
      this.capabilities.add(upper);
      this.capabilitySpelling.set(upper, name);
    }
  }
}
