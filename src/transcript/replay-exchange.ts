// A transcript read for replay an exchange at a time, in file order: what the replayer sends
// for one command, held only while it runs. Its expected server lines are not held at all (a
// 200 MB literal's exchange is 2.7 million of them): a second reading of the transcript,
// following the first an exchange behind, gives them as they are compared (ServerLines).

import { StartStateFinder, type StartState } from './mid-session.js';
import { exchangeSteps, type Exchange, type Protocol } from './exchange.js';
import type { Entry } from './format.js';
import { ClientPlan, type PlanOptions } from './replay-plan.js';
import { imapCompletionStatus, pop3Status } from './wire.js';
import { loginStep } from '../registry/index.js';

type ServerEntry = Entry & { kind: 'server' };

/** A continuation request (RFC 3501 7.5 `+ `, RFC 5034 `+` for POP3 AUTH). */
export function isContinuation(line: Uint8Array, protocol: Protocol): boolean {
  if (protocol === 'pop3') return pop3Status(line) === '+';
  return line[0] === 0x2b && (line[1] === 0x20 || line[1] === 0x0d || line[1] === 0x0a);
}

/** Whether a server line completes a command by accepting or refusing it (IMAP: the line of `tag`). */
export function completionOf(line: Uint8Array, protocol: Protocol, tag: string | undefined): 'accepted' | 'refused' | undefined {
  if (protocol === 'pop3') {
    const status = pop3Status(line);
    return status === '+OK' ? 'accepted' : status === '-ERR' ? 'refused' : undefined;
  }
  const status = tag === undefined ? undefined : imapCompletionStatus(line, tag);
  return status === undefined ? undefined : status === 'OK' ? 'accepted' : 'refused';
}

export { greetingProtocol } from '../protocol/name.js';

/**
 * The transcript's server lines by their number in the file, read forward only from a
 * reading of their own: the line asked for, and nothing before it, is held.
 */
export class ServerLines {
  private readonly entries: Iterator<Entry>;
  private number = -1;
  private current: ServerEntry | undefined;

  constructor(entries: Iterable<Entry>) {
    this.entries = entries[Symbol.iterator]();
  }

  /** Server line `n` (from 0), at or after the last one asked for. */
  at(n: number): ServerEntry {
    if (n < this.number) throw new Error(`server line ${n} was passed already (at ${this.number})`);
    while (this.number < n) {
      const next = this.entries.next();
      if (next.done) throw new Error(`the transcript has no server line ${n}: it changed while replayed`);
      if (next.value.kind !== 'server') continue;
      this.number++;
      this.current = next.value;
    }
    return this.current!;
  }

  close(): void {
    this.entries.return?.();
  }
}

/** One run of expected server lines, line `i` read from ServerLines when asked for (in order). */
export class ExpectedLines {
  length = 0;
  /** The index of the last continuation request among them, or -1. */
  lastContinuation = -1;

  constructor(private readonly from: ServerLines, private readonly first: number) {}

  bytes(i: number): Uint8Array {
    return this.from.at(this.first + i).bytes;
  }

  pattern(i: number): string | undefined {
    return this.from.at(this.first + i).pattern;
  }
}

/** A run of one side's lines, or a recorded change of layer between them. */
export type Segment =
  | { kind: 'client'; entries: Entry[] }
  | { kind: 'server'; lines: ExpectedLines }
  | { kind: 'starttls' | 'compress' };

export interface ReplayExchange {
  /** Kind, tags and command; its entries are the client lines and events only (what planning reads). */
  exchange: Exchange;
  segments: Segment[];
  /**
   * Set for a command that logs in or begins to (the registry's `login` step): whether its
   * recorded answer accepted it. When the server refuses one the recording had accepted,
   * nothing after it can be compared in the state the recording had, so the replay ends
   * there (exit 2, one line).
   */
  loginAccepted?: boolean;
}

/** Numbers the server lines as they pass, for ServerLines. */
interface ServerCount {
  protocol: Protocol;
  next: number;
  /** Where the lines are read from; undefined: they are passed over (the secrets check needs none). */
  lines: ServerLines | undefined;
}

class ExchangeBuilder {
  private readonly planned: Entry[] = [];
  private readonly segments: Segment[] = [];
  /** How the recording's last completion line of a login command answered it. */
  private loginOutcome: 'accepted' | 'refused' | undefined;

  constructor(private readonly exchange: Exchange, private readonly count: ServerCount) {}

  add(entry: Entry): void {
    if (entry.kind === 'narration') return;
    if (entry.kind === 'event') {
      this.planned.push(entry);
      if (entry.name === 'starttls' || entry.name === 'compress') this.segments.push({ kind: entry.name });
      return;
    }
    // Other events and narration do not end a run: the lines on both sides of them are one segment.
    const last = this.segments[this.segments.length - 1];
    if (entry.kind === 'client') {
      this.planned.push(entry);
      if (last?.kind === 'client') last.entries.push(entry);
      else this.segments.push({ kind: 'client', entries: [entry] });
      return;
    }
    const number = this.count.next++;
    this.noteLoginOutcome(entry.bytes);
    if (!this.count.lines) return;
    let lines: ExpectedLines;
    if (last?.kind === 'server') lines = last.lines;
    else {
      lines = new ExpectedLines(this.count.lines, number);
      this.segments.push({ kind: 'server', lines });
    }
    if (isContinuation(entry.bytes, this.count.protocol)) lines.lastContinuation = lines.length;
    lines.length++;
  }

  private noteLoginOutcome(line: Uint8Array): void {
    const { protocol } = this.count;
    if (this.exchange.command === undefined || loginStep(protocol, this.exchange.command) === undefined) return;
    this.loginOutcome = completionOf(line, protocol, this.exchange.tags[0]) ?? this.loginOutcome;
  }

  build(): ReplayExchange {
    const built: ReplayExchange = { exchange: { ...this.exchange, entries: this.planned }, segments: this.segments };
    if (this.loginOutcome !== undefined) built.loginAccepted = this.loginOutcome === 'accepted';
    return built;
  }
}

/**
 * The exchanges one at a time, each given once the next one begins (or the entries end).
 * `lines`: a second reading of the same entries, for the expected server lines.
 */
export function* replayExchanges(protocol: Protocol, entries: Iterable<Entry>, lines: ServerLines | undefined): Generator<ReplayExchange> {
  const count: ServerCount = { protocol, next: 0, lines };
  let builder: ExchangeBuilder | undefined;
  for (const { entry, exchange, first } of exchangeSteps(protocol, entries)) {
    if (first) {
      if (builder) yield builder.build();
      builder = new ExchangeBuilder(exchange, count);
    }
    builder!.add(entry);
  }
  if (builder) yield builder.build();
}

/** What replay must know before it connects, from a first pass over the entries. */
export interface ReplaySurvey {
  exchanges: number;
  /** The first exchange's kind: `command` when the recording starts after the greeting. */
  firstKind: Exchange['kind'] | undefined;
  /** A `= redacted` event: the replay needs a password. */
  redacted: boolean;
  /**
   * The state the first commands need (mid-session.ts): `fresh` for a recording with its
   * greeting, or one whose commands start before login.
   */
  startState: StartState;
}

export function surveyReplay(protocol: Protocol, entries: Iterable<Entry>): ReplaySurvey {
  const survey: ReplaySurvey = { exchanges: 0, firstKind: undefined, redacted: false, startState: 'fresh' };
  const start = new StartStateFinder(protocol);
  for (const { entry, exchange, first } of exchangeSteps(protocol, entries)) {
    if (first) {
      survey.exchanges++;
      survey.firstKind ??= exchange.kind;
    }
    // A command's name is known once its first line is read.
    if (entry.kind === 'client' && survey.firstKind === 'command' && exchange.command !== undefined) start.command(exchange.command);
    if (entry.kind === 'event' && entry.name === 'redacted') survey.redacted = true;
  }
  if (survey.firstKind === 'command') survey.startState = start.state;
  return survey;
}

/** Plans every exchange once, without sending: throws NO_SECRET before anything is sent if a secret is missing. */
export function checkSecrets(protocol: Protocol, entries: Iterable<Entry>, opts: PlanOptions): void {
  const plan = new ClientPlan(protocol, opts);
  for (const x of replayExchanges(protocol, entries, undefined)) plan.plan(x.exchange);
}
