// Replaying a transcript against a live server: send the `C:` lines, read until each
// command's completion, and compare what came back with the `S:` lines, one diff per
// exchange. Redacted secrets are filled in from the credentials (transcripts/README.md).

import { pop3ExpectsMultiline } from '../registry/index.js';
import { clearTextAfterOk } from '../client/open.js';
import { transcriptProtocol, type Exchange, type Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { LineReader, type ReadResult } from './line-reader.js';
import { compilePattern, entryText, matchLine } from './match.js';
import { looseDiff, looseLine } from './loose.js';
import { diffLines, type DiffLine } from './diff.js';
import { ClientPlan, type LiveContext } from './replay-plan.js';
import { LiteralFramer, imapCompletionStatus, isPop3Terminator, pop3Status, scanPop3Words, wordText } from './wire.js';

export type { DiffLine };

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
}

export interface ExchangeResult {
  index: number;
  command?: string;
  ok: boolean;
  /** Client lines as sent (secrets shown as REDACTED). */
  sent: string[];
  diff: DiffLine[];
  /** Why the exchange could not finish: a timeout, a closed connection. */
  problem?: string;
}

export interface ReplaySummary {
  exchanges: number;
  matched: number;
  differed: number;
  results: ExchangeResult[];
}

interface Segment {
  kind: 'client' | 'server' | 'starttls' | 'compress';
  entries: Entry[];
}

function segmentsOf(exchange: Exchange): Segment[] {
  const segments: Segment[] = [];
  for (const entry of exchange.entries) {
    if (entry.kind === 'event' && (entry.name === 'starttls' || entry.name === 'compress')) {
      segments.push({ kind: entry.name, entries: [] });
      continue;
    }
    if (entry.kind !== 'client' && entry.kind !== 'server') continue;
    const last = segments[segments.length - 1];
    if (last && last.kind === entry.kind) last.entries.push(entry);
    else segments.push({ kind: entry.kind, entries: [entry] });
  }
  return segments;
}

function isContinuation(line: Uint8Array, protocol: Protocol): boolean {
  if (protocol === 'pop3') return pop3Status(line) === '+';
  return line[0] === 0x2b && (line[1] === 0x20 || line[1] === 0x0d || line[1] === 0x0a);
}

class Replayer {
  private readonly reader = new LineReader();
  private readonly ctx: LiveContext = { greeting: undefined, lastContinuation: undefined };
  private readonly serverFramer = new LiteralFramer();
  /**
   * The server's lines last read, and the tags they answer: a recorded `= starttls` or
   * `= compress` (grouped with the exchange after it) follows only an answer that accepted it.
   */
  private lastAnswer: { lines: readonly Uint8Array[]; tags: readonly string[] } = { lines: [], tags: [] };
  /** Nothing more can be compared: the connection closed, timed out, or cannot follow the recording. */
  private stopped = false;

  constructor(
    private readonly protocol: Protocol,
    private readonly conn: ReplayConnection,
    private readonly plan: ClientPlan,
    private readonly opts: ReplayOptions,
  ) {
    conn.receive((bytes) => this.reader.push(bytes), () => this.reader.end());
  }

  async run(): Promise<ReplaySummary> {
    const results: ExchangeResult[] = [];
    const exchanges = this.plan.exchanges;
    // A recording begun mid-session (`:record FILE`) holds no greeting; a fresh connection
    // still sends one, read here and not compared.
    if (exchanges[0] && exchanges[0].kind !== 'server-only') await this.skipGreeting();
    for (let index = 0; index < exchanges.length; index++) {
      const result = await this.runExchange(exchanges[index], index);
      results.push(result);
      this.opts.onExchange?.(result);
      if (this.stopped) break;
    }
    const matched = results.filter((r) => r.ok).length;
    return { exchanges: exchanges.length, matched, differed: results.length - matched, results };
  }

  private async skipGreeting(): Promise<void> {
    const r = await this.read(this.opts.timeoutMs ?? 10_000);
    if (r.kind === 'line' && this.protocol === 'imap') this.serverFramer.next(r.bytes);
  }

  private async runExchange(exchange: Exchange, index: number): Promise<ExchangeResult> {
    const result: ExchangeResult = { index, ok: true, sent: [], diff: [] };
    if (exchange.command !== undefined) result.command = exchange.command;
    const segments = segmentsOf(exchange);
    const tagMap = this.plan.tagMaps.get(exchange) ?? new Map<string, string>();
    const tags = exchange.tags.map((tag) => tagMap.get(tag) ?? tag);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      if ((segment.kind === 'compress' || segment.kind === 'starttls') && !this.accepted(this.lastAnswer)) {
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
        // Injected bytes make the exchange differ, and the replay goes on over TLS.
        result.problem = await this.startTls();
        continue;
      }
      if (segment.kind === 'client') {
        try {
          for (const entry of segment.entries) this.send(entry, result);
        } catch (e) {
          // A SASL answer could not be computed from the live challenge (a bad nonce, say).
          this.stopped = true;
          return this.fail(result, `cannot answer the server: ${e instanceof Error ? e.message : String(e)}`);
        }
        continue;
      }
      const last = !segments.slice(s + 1).some((x) => x.kind === 'client');
      const { lines, problem } = last ? await this.readUntilComplete(exchange, tags) : await this.readUntilContinuation(segment.entries, tags);
      this.lastAnswer = { lines, tags };
      // No push(...): a big literal's exchange compares millions of lines.
      for (const line of this.compare(segment.entries, lines, tagMap)) result.diff.push(line);
      if (problem) return this.fail(result, problem);
    }
    result.ok = result.problem === undefined && result.diff.every((d) => d.op === 'same');
    return result;
  }

  /** The answer accepted the command: its tagged OK (IMAP), or +OK (POP3 STLS). */
  private accepted({ lines, tags }: { lines: readonly Uint8Array[]; tags: readonly string[] }): boolean {
    if (this.protocol === 'pop3') return lines.some((line) => pop3Status(line) === '+OK');
    return lines.some((line) => tags.some((tag) => imapCompletionStatus(line, tag) === 'OK'));
  }

  private fail(result: ExchangeResult, problem: string): ExchangeResult {
    result.ok = false;
    result.problem = problem;
    return result;
  }

  private send(entry: Entry, result: ExchangeResult): void {
    const prepared = this.plan.prepared.get(entry);
    const bytes = prepared ? prepared(this.ctx) : (entry as { bytes: Uint8Array }).bytes;
    this.conn.write(bytes);
    result.sent.push(entryText(entry as Entry & { kind: 'client' }));
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
    const r = await this.reader.readLine(timeoutMs);
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
  private async readUntilComplete(exchange: Exchange, tags: string[]): Promise<{ lines: Uint8Array[]; problem?: string }> {
    const lines: Uint8Array[] = [];
    const pending = new Set(tags);
    let pop3Body = false;
    const multiline = this.protocol === 'pop3' && exchange.kind === 'command' && this.pop3Multiline(exchange);
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') {
        if (r.kind === 'closed' && r.rest) lines.push(r.rest);
        return { lines, problem: this.readProblem(r) };
      }
      lines.push(r.bytes);
      if (this.protocol === 'pop3') {
        if (exchange.kind === 'server-only') return { lines };
        if (pop3Body) { if (isPop3Terminator(r.bytes)) return { lines }; continue; }
        const status = pop3Status(r.bytes);
        if (status === '-ERR' || (status === '+OK' && !multiline)) return { lines };
        if (status === '+OK') pop3Body = true;
        continue;
      }
      const framed = this.serverFramer.next(r.bytes);
      if (exchange.kind === 'server-only') {
        if (!this.serverFramer.inMessage) return { lines };
        continue;
      }
      if (!framed.starts) continue;
      for (const tag of pending) if (imapCompletionStatus(framed.text, tag)) pending.delete(tag);
      if (pending.size === 0) return { lines };
    }
  }

  private pop3Multiline(exchange: Exchange): boolean {
    const first = exchange.entries.find((e) => e.kind === 'client');
    if (!first || first.kind !== 'client') return false;
    const words = scanPop3Words(first.bytes).map((w) => wordText(first.bytes, w));
    return pop3ExpectsMultiline((words[0] ?? '').toUpperCase(), words.slice(1));
  }

  /** Read up to the server's `+` continuation, then the lines the recording had after it. */
  private async readUntilContinuation(expected: Entry[], tags: string[]): Promise<{ lines: Uint8Array[]; problem?: string }> {
    const lines: Uint8Array[] = [];
    const lastPlus = expected.map((e) => isContinuation((e as { bytes: Uint8Array }).bytes, this.protocol)).lastIndexOf(true);
    const after = lastPlus < 0 ? 0 : expected.length - lastPlus - 1;
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') return { lines, problem: this.readProblem(r) };
      lines.push(r.bytes);
      const framed = this.protocol === 'imap' ? this.serverFramer.next(r.bytes) : undefined;
      if (framed && !framed.starts) continue;
      if (isContinuation(r.bytes, this.protocol)) break;
      // The server ended the command where the recording had it ask for more (a refused
      // literal, a failed AUTH step): the rest of this exchange cannot be sent.
      const finished = framed ? tags.some((tag) => imapCompletionStatus(framed.text, tag)) : pop3Status(r.bytes) !== undefined;
      if (finished) return { lines, problem: 'the server completed the command instead of asking for more' };
    }
    for (let i = 0; i < after; i++) {
      const r = await this.read(this.opts.quietMs ?? 1_000);
      if (r.kind !== 'line') break;
      lines.push(r.bytes);
      if (this.protocol === 'imap') this.serverFramer.next(r.bytes);
    }
    return { lines };
  }

  private compare(expected: Entry[], actual: Uint8Array[], tagMap: Map<string, string>): DiffLine[] {
    const framer = new LiteralFramer();
    let oneLineResponses = this.protocol === 'imap';
    const patterns = expected.map((entry) => {
      const e = entry as Entry & { kind: 'server' };
      let text = mapTag(entryText(e), tagMap);
      const framed = this.protocol === 'imap' ? framer.next(e.bytes) : undefined;
      if (!framed?.starts || framed.announced) oneLineResponses = false;
      if (this.opts.loose) return looseLine(text, this.protocol, framed?.starts ?? true);
      return { text, pattern: compilePattern(text) };
    });
    if (this.opts.loose) return looseDiff(patterns, actual, this.protocol, oneLineResponses);
    return diffLines(patterns, actual, matchLine);
  }

}

function mapTag(text: string, tagMap: Map<string, string>): string {
  const space = text.indexOf(' ');
  const mapped = space > 0 ? tagMap.get(text.slice(0, space)) : undefined;
  return mapped ? mapped + text.slice(space) : text;
}

/** Replay `t` over `conn`. Throws NO_SECRET before sending anything if a secret is missing. */
export async function replay(t: Transcript, conn: ReplayConnection, opts: ReplayOptions): Promise<ReplaySummary> {
  const protocol = transcriptProtocol(t);
  const plan = new ClientPlan(t, protocol, opts);
  return new Replayer(protocol, conn, plan, opts).run();
}
