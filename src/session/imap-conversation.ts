// What the user types, turned into IMAP wire bytes, and what the server's answers mean for
// the next line: the sans-I/O heart of the IMAP REPL and of non-interactive runs.
//
// Modes follow the RFC's continuation points:
//  - ready: a line is a new command (tagged automatically unless the user typed a tag);
//  - literal-wait: a synchronizing literal `{N}` was announced; the server's `+` is awaited
//    (RFC 3501 section 7.5);
//  - literal-body: typed lines are the literal's bytes, CRLF counted, as in telnet;
//  - continue-line: the literal ended on a line end, so the next line continues the command;
//  - idle-wait / idle: IDLE sent, then `+` received; `done` (any case, the tutorial types
//    `. done`) sends the untagged DONE (RFC 2177);
//  - authenticate: after a `+ challenge`, lines go out untagged (RFC 3501 section 6.2.2).
import { trailingLiteral } from '../protocol/imap/command-line.js';
import type { ImapResponse } from '../protocol/imap/types.js';
import { splitTypedLine } from './typed-line.js';
import { splitComment } from './comments.js';
import { ImapStateTracker, changesCapabilities, stateAfterOk, type ImapState, type SentCommand } from './imap-state.js';
import { TagAllocator } from './tags.js';

export type ConversationMode =
  | 'ready'
  | 'literal-wait'
  | 'literal-body'
  | 'continue-line'
  | 'idle-wait'
  | 'idle'
  | 'authenticate';

export type Effect =
  | { kind: 'send'; bytes: Buffer; command?: PendingCommand }
  | { kind: 'note'; level: 'info' | 'warn'; text: string };

export interface PendingCommand extends SentCommand {
  /** The command line as typed, after comment stripping, with its tag. */
  line: string;
  args: string;
  startedAt: number;
  /** Sent during this IDLE, where only DONE may go (RFC 2177 3): the server takes it as IDLE's end, not as a command. */
  duringIdle?: PendingCommand;
}

export interface Completion {
  command: PendingCommand | undefined;
  status: 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';
  response: ImapResponse;
  /**
   * Commands sent during the IDLE this completes, forgotten now: a server ends IDLE at the first
   * line that is not DONE (Dovecot: `BAD Expected DONE.`) and never answers that line's tag.
   */
  endedIdle?: PendingCommand[];
}

const CRLF = Buffer.from('\r\n');
const DONE_LINE = /^(\S+\s+)?done$/i;

export class ImapConversation {
  mode: ConversationMode = 'ready';
  readonly tracker = new ImapStateTracker();
  private readonly tags: TagAllocator;
  private readonly pending: PendingCommand[] = [];
  private literalRemaining = 0;
  /** The command whose literal or continuation is in progress. */
  private current: PendingCommand | undefined;

  constructor(opts: { tagPrefix?: string; now?: () => number } = {}) {
    this.tags = new TagAllocator(opts.tagPrefix ?? 'a');
    this.now = opts.now ?? Date.now;
  }
  private readonly now: () => number;

  /** Tags sent and not yet completed, oldest first. */
  get pendingTags(): string[] {
    return this.pending.map((p) => p.tag);
  }

  /**
   * What a command typed now will meet if the commands still waiting succeed: pasted lines
   * (`login`, `select INBOX`, `fetch 1 all`) are judged against the state their turn brings.
   * Capabilities are unknown (empty) while a command that may change them waits.
   */
  ahead(): { state: ImapState; capabilities: ReadonlySet<string> } {
    const state = this.pending.reduce(stateAfterOk, this.tracker.state);
    return { state, capabilities: this.pending.some((p) => changesCapabilities(p.name)) ? new Set() : this.tracker.capabilities };
  }

  /** True while a command of one of these names waits for its completion. */
  awaits(names: ReadonlySet<string>): boolean {
    return this.pending.some((p) => names.has(p.name));
  }

  /** The oldest command still waiting under this tag. */
  pendingByTag(tag: string): PendingCommand | undefined {
    return this.pending.find((p) => p.tag === tag);
  }

  /** True while a line typed now would be part of a command in progress, not a new one. */
  get inContinuation(): boolean {
    return this.mode !== 'ready';
  }

  /** Turn one typed line into effects. */
  submit(rawLine: string): Effect[] {
    switch (this.mode) {
      case 'literal-body':
        return this.literalLine(rawLine);
      case 'continue-line':
        return this.continueLine(rawLine);
      case 'idle':
      case 'idle-wait':
        return this.idleLine(rawLine);
      case 'authenticate':
        return [{ kind: 'send', bytes: Buffer.concat([Buffer.from(rawLine), CRLF]) }];
      case 'literal-wait':
        return [{ kind: 'note', level: 'warn', text: 'waiting for the server\'s "+" before the literal; line not sent' }];
      default:
        return this.commandLine(rawLine);
    }
  }

  /** Ctrl-C: leave IDLE politely; otherwise nothing to send. */
  interrupt(): Effect[] {
    if (this.mode === 'idle' || this.mode === 'idle-wait') return this.sendDone();
    return [];
  }

  /** Feed every parsed server response. Returns the completion when one is tagged. */
  onResponse(resp: ImapResponse): Completion | undefined {
    if (resp.kind === 'continuation') {
      this.onContinuation();
      this.tracker.onResponse(resp);
      return undefined;
    }
    if (resp.kind !== 'status' || resp.tag === undefined) {
      this.tracker.onResponse(resp);
      return undefined;
    }
    const index = this.pending.findIndex((p) => p.tag === resp.tag);
    const command = index >= 0 ? this.pending.splice(index, 1)[0] : undefined;
    this.tracker.onResponse(resp, command);
    if (command && command === this.current) {
      this.current = undefined;
      this.mode = 'ready';
    }
    const endedIdle = command?.name === 'IDLE' ? this.forgetSentDuring(command) : [];
    return endedIdle.length > 0 ? { command, status: resp.status, response: resp, endedIdle } : { command, status: resp.status, response: resp };
  }

  /** Removes from the pending commands those sent during `idle`, and returns them. */
  private forgetSentDuring(idle: PendingCommand): PendingCommand[] {
    const ended = this.pending.filter((p) => p.duringIdle === idle);
    for (const p of ended) this.pending.splice(this.pending.indexOf(p), 1);
    return ended;
  }

  private commandLine(rawLine: string): Effect[] {
    const split = splitComment(rawLine);
    const comment = split.comment;
    // Trailing blanks (Tab completion leaves one) are not sent: RFC 3501's command grammar ends
    // in CRLF right after the last argument, and strict servers answer BAD to a space there.
    const text = split.text.replace(/[ \t]+$/, '');
    const effects: Effect[] = [];
    if (comment !== undefined) effects.push({ kind: 'note', level: 'info', text: `comment not sent: ${comment}` });
    if (text.trim() === '') return effects;
    const parts = splitTypedLine('imap', text);
    if (parts.tag !== undefined) this.tags.used(parts.tag);
    const tag = parts.tag ?? this.tags.next();
    const line = parts.tag ? text : `${tag} ${text}`;
    const name = parts.name.toUpperCase();
    const command: PendingCommand = {
      tag,
      name,
      args: parts.args,
      line,
      mailbox: name === 'SELECT' || name === 'EXAMINE' ? firstArgument(parts.args) : undefined,
      startedAt: this.now(),
    };
    this.pending.push(command);
    if (name === 'LIST' || name === 'LSUB') this.tracker.beginList();
    effects.push({ kind: 'send', bytes: Buffer.concat([Buffer.from(line), CRLF]), command });
    if (name === 'IDLE') this.enter('idle-wait', command);
    else if (name === 'AUTHENTICATE') this.enter('authenticate', command);
    effects.push(...this.afterLineSent(line, command));
    return effects;
  }

  /** A line of a command was sent: does it announce a literal? */
  private afterLineSent(line: string, command: PendingCommand): Effect[] {
    const literal = trailingLiteral(line);
    if (!literal) {
      if (this.current === command && (this.mode === 'literal-body' || this.mode === 'continue-line')) this.mode = 'ready';
      return [];
    }
    this.literalRemaining = literal.size;
    const literalPlus = this.tracker.capabilities.has('LITERAL+') || (this.tracker.capabilities.has('LITERAL-') && literal.size <= 4096);
    if (literal.nonSync && literalPlus) {
      this.enter(literal.size === 0 ? 'continue-line' : 'literal-body', command);
      return [];
    }
    this.enter('literal-wait', command);
    if (literal.nonSync) {
      return [{ kind: 'note', level: 'warn', text: 'the server did not announce LITERAL+ (RFC 7888): waiting for "+" as for a synchronizing literal' }];
    }
    return [];
  }

  private literalLine(rawLine: string): Effect[] {
    const bytes = Buffer.concat([Buffer.from(rawLine), CRLF]);
    const command = this.current!;
    if (bytes.length <= this.literalRemaining) {
      this.literalRemaining -= bytes.length;
      if (this.literalRemaining === 0) this.mode = 'continue-line';
      return [{ kind: 'send', bytes }];
    }
    // The literal ends inside this line: the rest continues the command line, as telnet would
    // send it. Said, since it is mostly a miscount; by its size only, as it may be a password's end.
    const tail = bytes.subarray(this.literalRemaining, bytes.length - 2).toString();
    const said = `the literal ended ${this.literalRemaining} bytes into this line; its other ${bytes.length - 2 - this.literalRemaining} bytes go on as the rest of the command (RFC 3501 4.3: {N} counts CRLF too)`;
    this.literalRemaining = 0;
    this.mode = 'ready';
    this.current = command;
    const effects: Effect[] = [{ kind: 'send', bytes }];
    if (tail.length > 0) effects.push({ kind: 'note', level: 'info', text: said });
    const more = this.afterLineSent(tail, command);
    if (this.mode === 'ready' && command.name !== 'IDLE' && command.name !== 'AUTHENTICATE') this.current = undefined;
    return effects.concat(more);
  }

  private continueLine(rawLine: string): Effect[] {
    const command = this.current!;
    this.mode = 'ready';
    const effects: Effect[] = [{ kind: 'send', bytes: Buffer.concat([Buffer.from(rawLine), CRLF]) }];
    return effects.concat(this.afterLineSent(rawLine, command));
  }

  private idleLine(rawLine: string): Effect[] {
    const { text } = splitComment(rawLine);
    if (DONE_LINE.test(text.trim())) return this.sendDone();
    const effects: Effect[] = [
      { kind: 'note', level: 'warn', text: 'IDLE is active: RFC 2177 expects DONE before any other command; sent anyway' },
    ];
    const idle = this.current;
    const before = this.pending.length;
    this.mode = 'ready';
    const sent = this.commandLine(rawLine);
    if (idle && this.pending.length > before) this.pending[this.pending.length - 1].duringIdle = idle;
    return effects.concat(sent);
  }

  private sendDone(): Effect[] {
    this.mode = 'ready';
    return [{ kind: 'send', bytes: Buffer.from('DONE\r\n') }];
  }

  private onContinuation(): void {
    if (this.mode === 'literal-wait') this.mode = this.literalRemaining === 0 ? 'continue-line' : 'literal-body';
    else if (this.mode === 'idle-wait') this.mode = 'idle';
  }

  private enter(mode: ConversationMode, command: PendingCommand): void {
    this.mode = mode;
    this.current = command;
  }
}

/** The first argument of a command line, unquoted: enough for SELECT/EXAMINE's mailbox. */
function firstArgument(args: string): string | undefined {
  const trimmed = args.trim();
  if (trimmed.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(trimmed);
    return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
  }
  return trimmed.split(/\s+/)[0] || undefined;
}
