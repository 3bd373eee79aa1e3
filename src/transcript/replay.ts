// Replaying a transcript against a live server: send the `C:` lines, read until each
// command's completion, and compare what came back with the `S:` lines, one diff per
// exchange. Redacted secrets are filled in from the credentials (transcripts/README.md).
// The transcript is read as a stream, never whole (a 200 MB literal's recording is 2.7 million
// lines): a survey first (what must be known before connecting), then one exchange at a time,
// planned, sent and compared as the answer comes (replay-exchange.ts, replay-compare.ts).

import { MailscopeError } from '../errors.js';
import { pop3ExpectsMultiline } from '../registry/index.js';
import { clearTextAfterOk } from '../client/open.js';
import { escapeWireLine } from '../protocol/wire-escape.js';
import { transcriptProtocol, type Exchange, type Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { LineReader, type ReadResult } from './line-reader.js';
import { entryText } from './match.js';
import { ContextDiff, type DiffLine, type DiffSkip } from './diff.js';
import { AnswerCheck, WholeDiff } from './replay-compare.js';
import {
  ServerLines, checkSecrets, completionOf, greetingProtocol, isContinuation, replayExchanges, surveyReplay,
  type ExpectedLines, type ReplayExchange, type ReplaySurvey, type Segment,
} from './replay-exchange.js';
import { ClientPlan, type LiveContext, type Prepared } from './replay-plan.js';
import { LiteralFramer, imapCompletionStatus, isPop3Terminator, pop3Status, scanPop3Words, wordText } from './wire.js';

export type { DiffLine, DiffSkip, ReplaySurvey };

/** A live connection as replay uses it; replay-connection.ts makes one from a socket. */
export interface ReplayConnection {
  write(bytes: Uint8Array): void;
  /** Where the server's bytes go, after whatever layers are on (TLS, DEFLATE); onEnd once it closes. */
  receive(onBytes: (bytes: Uint8Array) => void, onEnd: () => void): void;
  close(): void;
  /** Upgrade to TLS after a recorded `= starttls`; later bytes still go to `receive`'s callback. */
  startTls?(): Promise<void>;
  /** Deflate both ways after a recorded `= compress` (RFC 4978); `leftover`: bytes already read past the OK. */
  startCompression?(leftover: Uint8Array): void;
  /** Stops reading from the server until the returned function is called: replay compares slower than loopback sends. */
  pauseReading?(): () => void;
}

export interface ReplayOptions {
  loose: boolean;
  renumberTags: boolean;
  credentials: { user?: string; password?: string };
  onExchange?: (r: ExchangeResult) => void;
  /** How long to wait for each server line (default 10 s). */
  timeoutMs?: number;
  /** How long to wait for server lines that may never come, after a `+` (IDLE updates). Default 1 s. */
  quietMs?: number;
  /**
   * Cut each exchange's diff to this many matching lines around each difference as it is made
   * (withContext's cut, with `skip` lines): a 200 MB literal matches 2.7 million lines. Default: the whole diff.
   */
  diffContext?: number;
  /** Keep every exchange's result in the summary (default true; onExchange sees each either way). */
  keepResults?: boolean;
  /** The recording starts after login (mid-session.ts): log in (and select) first, not compared. */
  loginFirst?: LoginFirst;
  /** How the transcript and the server are named in a message (the file and HOST:PORT in the CLI). */
  names?: { transcript: string; server: string };
}

export interface LoginFirst {
  user: string;
  password: string;
  /** Selected after login, for a recording that starts in the selected state. */
  mailbox?: string;
}

export interface ExchangeResult {
  index: number;
  command?: string;
  ok: boolean;
  /** Client lines as sent (secrets shown as REDACTED). */
  sent: string[];
  /** The whole diff; empty when the replay ran with diffContext (see cutDiff). */
  diff: DiffLine[];
  /** With diffContext: the diff cut to its context as it was made (withContext's result). */
  cutDiff?: Array<DiffLine | DiffSkip>;
  /** Why the exchange could not finish: a timeout, a closed connection. */
  problem?: string;
  /**
   * The recording holds no answer to the exchange's last client lines (it ends with a command):
   * the live answer was read and is in the diff, but nothing could be compared.
   */
  notCompared?: boolean;
  /** The server refused this login, which the recording had accepted: the replay ended here (ReplaySummary.loginRefused). */
  loginRefused?: boolean;
}

export interface ReplaySummary {
  exchanges: number;
  matched: number;
  differed: number;
  /** Exchanges sent whose answer the recording lacks (ExchangeResult.notCompared): neither matched nor differed. */
  notCompared: number;
  /** Exchanges after the one where the replay had to stop: not sent, so neither matched nor differed. */
  notReplayed: number;
  /**
   * The server refused a login (the recording's own, or the one made before a mid-session
   * recording): the replay ended there, and this says so in one line.
   */
  loginRefused?: MailscopeError;
  /**
   * The replay ended at an error of the connection, not a difference: the TLS upgrade at a
   * recorded `= starttls` failed (a certificate that did not verify). The counts still add up.
   */
  failure?: Error;
  /** Empty with keepResults false. */
  results: ExchangeResult[];
}

class Replayer {
  private readonly reader: LineReader;
  private readonly ctx: LiveContext = { greeting: undefined, lastContinuation: undefined };
  private readonly serverFramer = new LiteralFramer();
  /** The recording's greeting has been compared (or there was none): it is the first server-only exchange. */
  private greeted = false;
  /**
   * The server's lines last read accepted their command (a tagged OK, +OK): a recorded
   * `= starttls` or `= compress` (grouped with the exchange after it) follows only an answer that accepted it.
   */
  private lastAccepted = false;
  /** Nothing more can be compared: the connection closed, timed out, or cannot follow the recording. */
  private stopped = false;
  /** The live greeting, read before anything is sent (greet) and then given to the first read. */
  private held: ReadResult | undefined;
  /** The exchange being replayed is a login the recording accepted: a refusal of it is watched for. */
  private watchingLogin = false;
  /** The live line that refused that login. */
  private loginRefusal: Uint8Array | undefined;
  private loginRefused: MailscopeError | undefined;
  /** The error that ended the replay (ReplaySummary.failure). */
  private failure: Error | undefined;

  constructor(
    private readonly protocol: Protocol,
    private readonly conn: ReplayConnection,
    private readonly plan: ClientPlan,
    private readonly opts: ReplayOptions,
  ) {
    this.reader = new LineReader(conn.pauseReading ? () => conn.pauseReading!() : undefined);
    conn.receive((bytes) => this.reader.push(bytes), () => this.reader.end());
  }

  async run(exchanges: Iterable<ReplayExchange>, survey: ReplaySurvey): Promise<ReplaySummary> {
    const results: ExchangeResult[] = [];
    let index = 0;
    let matched = 0;
    let notCompared = 0;
    if (survey.firstKind !== undefined) await this.greet(survey.firstKind === 'server-only');
    if (this.opts.loginFirst) await this.logInFirst(this.opts.loginFirst);
    for (const exchange of this.loginRefused ? [] : exchanges) {
      const result = await this.runExchange(exchange, index++);
      if (result.ok) matched++;
      if (result.notCompared) notCompared++;
      if (this.opts.keepResults !== false) results.push(result);
      this.opts.onExchange?.(result);
      if (this.stopped) break;
    }
    const summary: ReplaySummary = {
      exchanges: survey.exchanges, matched, differed: index - matched - notCompared, notCompared, notReplayed: survey.exchanges - index, results,
    };
    if (this.loginRefused) summary.loginRefused = this.loginRefused;
    if (this.failure) summary.failure = this.failure;
    return summary;
  }

  /**
   * Reads the live greeting before anything is sent, and checks that it speaks the transcript's
   * protocol: an IMAP LOGIN sent to a POP3 server hands it the password, and a POP3 command sent
   * to an IMAP server waits for an answer that never comes. `compared`: the recording has the
   * greeting, and the first exchange compares it (the line is held for it); else (a recording
   * begun mid-session with `:record FILE`) it is read and not compared.
   */
  private async greet(compared: boolean): Promise<void> {
    const r = await this.reader.readLine(this.opts.timeoutMs ?? 10_000);
    if (r.kind === 'line') this.checkProtocol(r.bytes);
    this.held = r;
    this.greeted = !compared;
    if (compared) return;
    const greeting = await this.read(0);
    if (greeting.kind !== 'line') {
      // Nothing greeted: what would come to a login cannot be told apart from anything else.
      throw new MailscopeError(greeting.kind === 'timeout' ? 'READ_TIMEOUT' : 'CONNECTION_CLOSED', `${this.names.server} sent no greeting: ${this.readProblem(greeting)}`);
    }
    if (this.protocol === 'imap') this.serverFramer.next(greeting.bytes);
  }

  private get names(): { transcript: string; server: string } {
    return this.opts.names ?? { transcript: 'the recording', server: 'the server' };
  }

  private checkProtocol(greeting: Uint8Array): void {
    const live = greetingProtocol(greeting);
    if (live === this.protocol) return;
    const { transcript, server } = this.names;
    const greeted = live === undefined ? `with "${shortLine(greeting)}", neither IMAP nor POP3` : `as ${PROTOCOL_NAME[live].name}`;
    throw new MailscopeError('PROTOCOL_UNKNOWN', `${transcript} is ${PROTOCOL_NAME[this.protocol].a} transcript, but ${server} greeted ${greeted}: nothing was sent`);
  }

  /**
   * The login (and SELECT) a mid-session recording lacks, before its first command. Its
   * answers are read, not compared; a refused login ends the replay (loginRefused).
   */
  private async logInFirst(login: LoginFirst): Promise<void> {
    const commands = this.protocol === 'pop3'
      ? [`USER ${login.user}`, `PASS ${login.password}`]
      : [`ml1 LOGIN ${imapQuoted(login.user)} ${imapQuoted(login.password)}`,
        ...(login.mailbox === undefined ? [] : [`ml2 SELECT ${imapQuoted(login.mailbox)}`])];
    const where = 'before the recording\'s first command';
    for (const [i, command] of commands.entries()) {
      this.conn.write(Buffer.from(`${command}\r\n`, 'utf8'));
      const selecting = this.protocol === 'imap' && i === 1;
      const answer = await this.readCompletion(this.protocol === 'imap' ? `ml${i + 1}` : undefined);
      if (answer.kind === 'timeout' || answer.kind === 'closed') {
        throw new MailscopeError(answer.kind === 'timeout' ? 'READ_TIMEOUT' : 'CONNECTION_CLOSED', `could not ${selecting ? 'select' : 'log in'} ${where}: ${this.readProblem(answer)}`);
      }
      if (answer.outcome === 'accepted') continue;
      if (selecting) throw new MailscopeError('BAD_ARGUMENT', `could not select "${login.mailbox}" ${where}: ${escapeWireLine(answer.bytes)}`);
      this.loginRefused = loginRefused(where, answer.bytes, login.password);
      return;
    }
  }

  /** Reads to the completion of the command tagged `tag` (IMAP) or to the status line (POP3). */
  private async readCompletion(tag: string | undefined): Promise<Exclude<ReadResult, { kind: 'line' }> | { kind: 'completion'; bytes: Uint8Array; outcome: 'accepted' | 'refused' }> {
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') return r;
      const framed = this.protocol === 'imap' ? this.serverFramer.next(r.bytes) : undefined;
      if (framed && !framed.starts) continue;
      const outcome = completionOf(framed?.text ?? r.bytes, this.protocol, tag);
      if (outcome !== undefined) return { kind: 'completion', bytes: r.bytes, outcome };
    }
  }

  private async runExchange(x: ReplayExchange, index: number): Promise<ExchangeResult> {
    const { exchange, segments } = x;
    const result: ExchangeResult = { index, ok: true, sent: [], diff: [] };
    if (exchange.command !== undefined) result.command = exchange.command;
    const sink = this.opts.diffContext === undefined ? new WholeDiff() : new ContextDiff(this.opts.diffContext);
    const { prepared, tagMap, sentTags } = this.plan.plan(exchange);
    this.watchingLogin = x.loginAccepted === true;
    this.loginRefusal = undefined;
    await this.runSegments(exchange, segments, result, { prepared, tagMap, sentTags, sink });
    if (this.loginRefusal) {
      this.refuseLogin(result, `at exchange ${index + 1} (${exchange.command})`, this.loginRefusal);
    } else if (!this.stopped && result.problem === undefined && endsUnanswered(segments)) {
      await this.readUnrecordedAnswer(exchange, exchange.tags.map((tag) => tagMap.get(tag) ?? tag), sink, result);
    }
    const lines = sink instanceof WholeDiff ? (result.diff = sink.lines) : (result.cutDiff = sink.finish());
    if (result.ok) result.ok = result.problem === undefined && lines.every((d) => d.op === 'same' || d.op === 'skip');
    return result;
  }

  private async runSegments(
    exchange: Exchange,
    segments: ReplayExchange['segments'],
    result: ExchangeResult,
    { prepared, tagMap, sentTags, sink }: { prepared: Map<Entry, Prepared>; tagMap: Map<string, string>; sentTags: Map<Entry, string>; sink: WholeDiff | ContextDiff },
  ): Promise<void> {
    const tags = exchange.tags.map((tag) => tagMap.get(tag) ?? tag);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      if ((segment.kind === 'compress' || segment.kind === 'starttls') && !this.lastAccepted) {
        // Upgrading anyway would speak TLS or DEFLATE to a server that did not agree to it.
        this.stopped = true;
        const what = segment.kind === 'compress' ? 'COMPRESS' : 'the TLS upgrade';
        return this.fail(result, `the server did not accept ${what}, which the transcript goes on with: the rest is not replayed`);
      }
      if (segment.kind === 'compress') {
        const problem = this.startCompression();
        if (problem) return this.fail(result, problem);
        continue;
      }
      if (segment.kind === 'starttls') {
        if (!this.conn.startTls) return this.fail(result, 'the transcript upgrades to TLS here, and this connection cannot');
        try {
          // Injected bytes make the exchange differ, and the replay goes on over TLS.
          result.problem = await this.startTls();
        } catch (e) {
          // No TLS, no way on: the exchanges after this one are counted as not replayed.
          this.stopped = true;
          this.failure = e instanceof Error ? e : new Error(String(e));
          return this.fail(result, 'the TLS upgrade failed: the rest is not replayed');
        }
        continue;
      }
      if (segment.kind === 'client') {
        try {
          for (const entry of segment.entries) this.send(entry, prepared, result, sentTags.get(entry));
        } catch (e) {
          // A SASL answer could not be computed from the live challenge (a bad nonce, say).
          this.stopped = true;
          return this.fail(result, `cannot answer the server: ${e instanceof Error ? e.message : String(e)}`);
        }
        continue;
      }
      if (segment.kind !== 'server') continue; // told apart above: for the type checker
      const last = !segments.slice(s + 1).some((x) => x.kind === 'client');
      const greeting = exchange.kind === 'server-only' && !this.greeted;
      this.greeted = true;
      const check = new AnswerCheck(segment.lines, tagMap, this.protocol, this.opts.loose, sink, greeting);
      this.lastAccepted = false;
      const problem = last ? await this.readUntilComplete(exchange, tags, check) : await this.readUntilContinuation(segment.lines, tags, check);
      check.finish();
      if (problem) return this.fail(result, problem);
    }
  }

  /** A line of the answer: compared, and noted if it accepts the command (or refuses a login). */
  private take(line: Uint8Array, tags: readonly string[], check: AnswerCheck): void {
    check.take(line);
    if (!this.lastAccepted && this.accepts(line, tags)) this.lastAccepted = true;
    if (this.watchingLogin && completionOf(line, this.protocol, tags[0]) === 'refused') this.loginRefusal = line;
  }

  /**
   * The server refused a login the recording had accepted: whatever came after it in the
   * recording needs the state it gave, so comparing more would show every later exchange
   * as a difference. The replay stops, and says so in one line (loginRefused).
   */
  private refuseLogin(result: ExchangeResult, where: string, answer: Uint8Array): void {
    this.stopped = true;
    this.loginRefused = loginRefused(where, answer, this.opts.credentials.password);
    result.loginRefused = true;
    this.fail(result, this.loginRefused.message);
  }

  /**
   * The recording ends with client lines and no answer to them (it was cut there): the live
   * answer is read, so the diff shows it, but there is nothing to compare it with. Counted
   * apart, not as matched: a ✓ would vouch for an answer no one recorded.
   */
  private async readUnrecordedAnswer(exchange: Exchange, tags: string[], sink: WholeDiff | ContextDiff, result: ExchangeResult): Promise<void> {
    const check = new AnswerCheck(NO_LINES, new Map(), this.protocol, false, sink);
    const problem = await this.readUntilComplete(exchange, tags, check);
    check.finish();
    result.notCompared = true;
    this.fail(result, `the recording holds no answer to this, so it is not compared${problem ? `; ${problem}` : ''}`);
  }

  /** The line accepts the command: its tagged OK (IMAP), or +OK (POP3 STLS). */
  private accepts(line: Uint8Array, tags: readonly string[]): boolean {
    if (this.protocol === 'pop3') return pop3Status(line) === '+OK';
    return tags.some((tag) => imapCompletionStatus(line, tag) === 'OK');
  }

  private fail(result: ExchangeResult, problem: string): void {
    result.ok = false;
    result.problem = problem;
  }

  /** Sends a client line; it is shown as sent (a renumbered tag: `sentTag`), its secret still masked. */
  private send(entry: Entry, plan: Map<Entry, Prepared>, result: ExchangeResult, sentTag?: string): void {
    const prepared = plan.get(entry);
    const bytes = prepared ? prepared(this.ctx) : (entry as { bytes: Uint8Array }).bytes;
    this.conn.write(bytes);
    const text = entryText(entry as Entry & { kind: 'client' });
    result.sent.push(sentTag === undefined ? text : sentTag + text.slice(text.indexOf(' ')));
  }

  /** Returns what is wrong when bytes came in clear after the OK: they are dropped, as the REPL drops them (open.ts). */
  private async startTls(): Promise<string | undefined> {
    const injected = this.reader.takeUnread().length;
    await this.conn.startTls!();
    return injected > 0 ? clearTextAfterOk(injected, this.protocol === 'pop3' ? 'STLS' : 'STARTTLS') : undefined;
  }

  /** The recording holds the uncompressed text, so it is sent and compared through a deflate layer. */
  private startCompression(): string | undefined {
    if (!this.conn.startCompression) {
      this.stopped = true;
      return 'the transcript starts COMPRESS=DEFLATE here, and this connection cannot';
    }
    this.conn.startCompression(this.reader.takeUnread());
    return undefined;
  }

  private async read(timeoutMs: number): Promise<ReadResult> {
    const r = this.held ?? await this.reader.readLine(timeoutMs);
    this.held = undefined;
    if (r.kind === 'line') {
      this.ctx.greeting ??= r.bytes;
      if (isContinuation(r.bytes, this.protocol)) this.ctx.lastContinuation = r.bytes;
    }
    if (r.kind === 'closed') this.stopped = true;
    return r;
  }

  private readProblem(r: ReadResult): string {
    // After a timeout the answers could belong to any command: comparing more would mislead.
    this.stopped = true;
    return r.kind === 'timeout' ? `no answer within ${this.opts.timeoutMs ?? 10_000} ms` : 'the server closed the connection';
  }

  /** Read one whole exchange's answer: to the tagged completion, or POP3 status (+ body). */
  private async readUntilComplete(exchange: Exchange, tags: string[], check: AnswerCheck): Promise<string | undefined> {
    const pending = new Set(tags);
    let pop3Body = false;
    const multiline = this.protocol === 'pop3' && exchange.kind === 'command' && this.pop3Multiline(exchange);
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') {
        if (r.kind === 'closed' && r.rest) this.take(r.rest, tags, check);
        return this.readProblem(r);
      }
      this.take(r.bytes, tags, check);
      if (this.protocol === 'pop3') {
        if (exchange.kind === 'server-only') return undefined;
        if (pop3Body) { if (isPop3Terminator(r.bytes)) return undefined; continue; }
        const status = pop3Status(r.bytes);
        if (status === '-ERR' || (status === '+OK' && !multiline)) return undefined;
        if (status === '+OK') pop3Body = true;
        continue;
      }
      const framed = this.serverFramer.next(r.bytes);
      if (exchange.kind === 'server-only') {
        if (!this.serverFramer.inMessage) return undefined;
        continue;
      }
      if (!framed.starts) continue;
      for (const tag of pending) if (imapCompletionStatus(framed.text, tag)) pending.delete(tag);
      if (pending.size === 0) return undefined;
    }
  }

  private pop3Multiline(exchange: Exchange): boolean {
    const first = exchange.entries.find((e) => e.kind === 'client');
    if (!first || first.kind !== 'client') return false;
    const words = scanPop3Words(first.bytes).map((w) => wordText(first.bytes, w));
    return pop3ExpectsMultiline((words[0] ?? '').toUpperCase(), words.slice(1));
  }

  /** Read up to the server's `+` continuation, then the lines the recording had after it. */
  private async readUntilContinuation(expected: ExpectedLines, tags: string[], check: AnswerCheck): Promise<string | undefined> {
    const lastPlus = expected.lastContinuation;
    const after = lastPlus < 0 ? 0 : expected.length - lastPlus - 1;
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') return this.readProblem(r);
      this.take(r.bytes, tags, check);
      const framed = this.protocol === 'imap' ? this.serverFramer.next(r.bytes) : undefined;
      if (framed && !framed.starts) continue;
      if (isContinuation(r.bytes, this.protocol)) break;
      // The server ended the command where the recording had it ask for more (a refused
      // literal, a failed AUTH step): the rest of this exchange cannot be sent.
      const finished = framed ? tags.some((tag) => imapCompletionStatus(framed.text, tag)) : pop3Status(r.bytes) !== undefined;
      if (finished) return 'the server completed the command instead of asking for more';
    }
    for (let i = 0; i < after; i++) {
      const r = await this.read(this.opts.quietMs ?? 1_000);
      if (r.kind !== 'line') break;
      this.take(r.bytes, tags, check);
      if (this.protocol === 'imap') this.serverFramer.next(r.bytes);
    }
    return undefined;
  }

}

const PROTOCOL_NAME: Readonly<Record<Protocol, { name: string; a: string }>> = {
  imap: { name: 'IMAP', a: 'an IMAP' },
  pop3: { name: 'POP3', a: 'a POP3' },
};

/** No expected lines: the recording holds no answer (readUnrecordedAnswer). */
const NO_LINES: Pick<ExpectedLines, 'length' | 'bytes' | 'pattern'> = {
  length: 0,
  bytes: () => { throw new Error('the recording holds no answer here'); },
  pattern: () => undefined,
};

/** The exchange's last lines are the client's: the recording holds no answer to them. */
function endsUnanswered(segments: readonly Segment[]): boolean {
  const lines = segments.filter((s) => s.kind === 'client' || s.kind === 'server');
  return lines[lines.length - 1]?.kind === 'client';
}

/** A line of a greeting as shown in a message: escaped, and cut if long. */
function shortLine(line: Uint8Array): string {
  const text = escapeWireLine(line);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * A refused login ends the replay, the recording's own as well as the one made before a
 * mid-session recording: the one line that says so, with the server's answer.
 */
function loginRefused(where: string, answer: Uint8Array, password: string | undefined): MailscopeError {
  // A server may echo what it was sent (the demo's BAD names the arguments): the password is never shown.
  const echoed = password !== undefined && password !== '' && Buffer.from(answer).includes(Buffer.from(password, 'utf8'));
  const shown = echoed ? '(its answer is not shown: it holds the password)' : escapeWireLine(answer);
  return new MailscopeError('AUTH_FAILED', `could not log in ${where}, the server refused it: ${shown}`);
}

/** A quoted string (RFC 3501 section 4.3); CR, LF, NUL and 8-bit text cannot be one. */
function imapQuoted(text: string): string {
  if (/[\0\r\n\x80-\u{10ffff}]/u.test(text)) {
    throw new MailscopeError('BAD_ARGUMENT', 'the user name or password holds a character an IMAP quoted string cannot carry');
  }
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** The entries of a transcript, readable from the start as often as needed (read-file.ts TranscriptSource). */
export interface ReplaySource {
  protocol: Protocol;
  entries(): Iterable<Entry>;
}

/**
 * What replay must know before it connects: the survey, and NO_SECRET thrown if a secret is
 * missing (a second pass, made only when the transcript has redactions).
 */
export function prepareReplay(source: ReplaySource, opts: Pick<ReplayOptions, 'renumberTags' | 'credentials'>, survey?: ReplaySurvey): ReplaySurvey {
  const surveyed = survey ?? surveyReplay(source.protocol, source.entries());
  if (surveyed.redacted) checkSecrets(source.protocol, source.entries(), opts);
  return surveyed;
}

/** Replay `source` over `conn`, an exchange at a time; `prepared` from prepareReplay. */
export async function replayStream(source: ReplaySource, conn: ReplayConnection, opts: ReplayOptions, prepared: ReplaySurvey): Promise<ReplaySummary> {
  const plan = new ClientPlan(source.protocol, opts);
  const lines = new ServerLines(source.entries());
  try {
    return await new Replayer(source.protocol, conn, plan, opts).run(replayExchanges(source.protocol, source.entries(), lines), prepared);
  } finally {
    lines.close();
  }
}

/** Replay `t` over `conn`. Throws NO_SECRET before sending anything if a secret is missing. */
export async function replay(t: Transcript, conn: ReplayConnection, opts: ReplayOptions): Promise<ReplaySummary> {
  const source: ReplaySource = { protocol: transcriptProtocol(t), entries: () => t.entries };
  return replayStream(source, conn, opts, prepareReplay(source, opts));
}
