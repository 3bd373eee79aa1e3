// Replaying a transcript against a live server: send the `C:` lines, read until each
// command's completion, and compare what came back with the `S:` lines, one diff per
// exchange. Redacted secrets are filled in from the credentials (transcripts/README.md).

import { MailscopeError } from '../errors.js';
import { apopDigest, createSaslClient, greetingTimestamp } from '../protocol/sasl/index.js';
import { pop3ExpectsMultiline } from '../registry/index.js';
import { groupExchanges, transcriptProtocol, type Exchange, type Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { LineReader, type ByteSource, type ReadResult } from './line-reader.js';
import { compilePattern, entryText, loosen, matchLine, type LinePattern } from './match.js';
import { escapeWireLine } from './escape.js';
import { REDACTED, SASL_COMMAND } from './redact.js';
import { diffLines, type DiffLine } from './diff.js';
import {
  LiteralFramer, ascii, contentEnd, imapCommandHead, imapCompletionStatus, isPop3Terminator, pop3Status, scanPop3Words, wordText,
} from './wire.js';

export type { DiffLine };

export interface ReplayConnection {
  write(bytes: Uint8Array): void;
  readable: ByteSource;
  close(): void;
  /** Upgrade to TLS after a recorded `= starttls`; `readable` must then yield the TLS bytes. */
  startTls?(): Promise<void>;
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

/** What a client line needs from the live session when it is sent. */
interface LiveContext {
  greeting: Uint8Array | undefined;
  lastContinuation: Uint8Array | undefined;
}

type Prepared = (ctx: LiveContext) => Uint8Array;

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

/** RFC 3501 section 4.3: a password that needs no literal goes as a quoted string. */
function imapQuoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

function replaceRedacted(line: Uint8Array, by: Uint8Array): Uint8Array {
  const i = Buffer.from(line).indexOf(REDACTED);
  if (i < 0) return line;
  return Buffer.concat([line.subarray(0, i), by, line.subarray(i + REDACTED.length)]);
}

function withLineEnd(line: Uint8Array, content: Uint8Array): Uint8Array {
  return Buffer.concat([content, line.subarray(contentEnd(line))]);
}

function requirePassword(credentials: ReplayOptions['credentials'], what: string): string {
  if (credentials.password === undefined) {
    throw new MailscopeError('NO_SECRET', `the transcript has a redacted secret (${what}): give a password (--password-env, MAILSCOPE_PASSWORD or the prompt)`);
  }
  return credentials.password;
}

function saslUser(credentials: ReplayOptions['credentials'], what: string): string {
  if (credentials.user === undefined) throw new MailscopeError('NO_SECRET', `the transcript has a redacted ${what}: give --user`);
  return credentials.user;
}

/** Decides, once, how every client line is sent: tags renumbered, secrets filled in. */
class ClientPlan {
  readonly prepared = new Map<Entry, Prepared>();
  /** Per exchange: recorded tag -> tag sent. Per exchange, since a tag may be reused (the tutorial's `.`). */
  readonly tagMaps = new Map<Exchange, Map<string, string>>();
  readonly exchanges: Exchange[];
  private nextTag = 1;

  constructor(t: Transcript, private readonly protocol: Protocol, private readonly opts: ReplayOptions) {
    this.exchanges = groupExchanges(t);
    for (const exchange of this.exchanges) this.planExchange(exchange);
  }

  private newTag(exchange: Exchange, recorded: string): string {
    if (!this.opts.renumberTags) return recorded;
    const tag = `r${this.nextTag++}`;
    const map = this.tagMaps.get(exchange) ?? new Map<string, string>();
    map.set(recorded, tag);
    this.tagMaps.set(exchange, map);
    return tag;
  }

  private planExchange(exchange: Exchange): void {
    const framer = new LiteralFramer();
    const sasl = this.saslPlan(exchange);
    let redaction: string | undefined;
    let previousClient: Entry | undefined;
    let continued = false;
    for (const entry of exchange.entries) {
      if (entry.kind === 'event' && entry.name === 'redacted') redaction = entry.value ?? 'secret';
      if (entry.kind !== 'client') continue;
      const framed = this.protocol === 'imap' ? framer.next(entry.bytes) : undefined;
      // Lines after AUTHENTICATE / IDLE answer continuations: DONE is not a tag.
      const head: ReturnType<typeof imapCommandHead> = framed?.starts && !continued ? imapCommandHead(entry.bytes) : undefined;
      let bytes = entry.bytes;
      if (head) {
        bytes = Buffer.concat([enc(this.newTag(exchange, head.tag)), bytes.subarray(Buffer.from(bytes).indexOf(0x20))]);
        continued = head.name === SASL_COMMAND.imap || head.name === 'IDLE';
      }
      let plan: Prepared;
      if (sasl) plan = sasl(entry, bytes);
      else if (redaction) plan = this.secretPlan(redaction, bytes, previousClient);
      else { const fixed = bytes; plan = () => fixed; }
      this.prepared.set(entry, plan);
      redaction = undefined;
      previousClient = entry;
    }
  }

  /** Password and APOP lines: the secret goes where the recording has the mask. */
  private secretPlan(what: string, bytes: Uint8Array, previous: Entry | undefined): Prepared {
    const password = requirePassword(this.opts.credentials, what);
    if (what.startsWith('APOP')) {
      return (ctx) => replaceRedacted(bytes, enc(apopDigest(greetingTimestamp(ascii(ctx.greeting ?? new Uint8Array())) ?? '', password)));
    }
    if (what.includes('(literal)') && previous) {
      // The `{N}` line went before the body: give it the password's length.
      const before = this.prepared.get(previous);
      const size = Buffer.byteLength(password);
      if (before) this.prepared.set(previous, (ctx) => {
        const line = before(ctx);
        const text = ascii(line.subarray(0, contentEnd(line))).replace(/\{\d+([+-]?)\}$/, `{${size}$1}`);
        return withLineEnd(line, Buffer.from(text, 'latin1'));
      });
      return () => replaceRedacted(bytes, enc(password));
    }
    return () => replaceRedacted(bytes, enc(this.protocol === 'imap' ? imapQuoted(password) : password));
  }

  /**
   * A SASL exchange with a redacted step: every client line is computed again by the SASL
   * client from the live challenges, since a mechanism's steps depend on each other
   * (LOGIN sends the user, then the password). Undefined when nothing was redacted.
   */
  private saslPlan(exchange: Exchange): ((entry: Entry, bytes: Uint8Array) => Prepared) | undefined {
    if (exchange.command !== SASL_COMMAND[this.protocol]) return undefined;
    if (!exchange.entries.some((e) => e.kind === 'event' && e.name === 'redacted')) return undefined;
    const first = exchange.entries.find((e): e is Entry & { kind: 'client' } => e.kind === 'client');
    if (!first) return undefined;
    const words = scanPop3Words(first.bytes).map((w) => wordText(first.bytes, w));
    // IMAP: tag AUTHENTICATE mech [ir]; POP3: AUTH mech [ir].
    const [mech = '', initial] = words.slice(this.protocol === 'imap' ? 2 : 1);
    const what = `${mech} response`;
    const secret = requirePassword(this.opts.credentials, what);
    // XOAUTH2 and OAUTHBEARER take the token where the others take the password.
    const client = createSaslClient(mech, { user: saslUser(this.opts.credentials, what), password: secret, token: secret });
    return (entry, bytes) => {
      if (entry === first) {
        if (initial === undefined) return () => bytes;
        const text = ascii(bytes.subarray(0, contentEnd(bytes)));
        return () => {
          const response = client.initialResponse();
          const encoded = response && response.length > 0 ? Buffer.from(response).toString('base64') : '=';
          return withLineEnd(bytes, Buffer.from(text.slice(0, text.lastIndexOf(' ') + 1) + encoded, 'latin1'));
        };
      }
      return (ctx) => {
        if (ascii(bytes).trim() === '*') return bytes;
        const challenge = ascii(ctx.lastContinuation ?? new Uint8Array()).replace(/^\+ ?/, '').trim();
        const answer = client.respond(Buffer.from(challenge, 'base64'));
        return withLineEnd(bytes, Buffer.from(Buffer.from(answer).toString('base64'), 'latin1'));
      };
    };
  }
}

interface Segment {
  kind: 'client' | 'server' | 'starttls';
  entries: Entry[];
}

function segmentsOf(exchange: Exchange): Segment[] {
  const segments: Segment[] = [];
  for (const entry of exchange.entries) {
    if (entry.kind === 'event' && entry.name === 'starttls') {
      segments.push({ kind: 'starttls', entries: [] });
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
  private reader: LineReader;
  private readonly ctx: LiveContext = { greeting: undefined, lastContinuation: undefined };
  private readonly serverFramer = new LiteralFramer();
  private closed = false;

  constructor(
    private readonly protocol: Protocol,
    private readonly conn: ReplayConnection,
    private readonly plan: ClientPlan,
    private readonly opts: ReplayOptions,
  ) {
    this.reader = new LineReader(conn.readable);
  }

  async run(): Promise<ReplaySummary> {
    const results: ExchangeResult[] = [];
    const exchanges = this.plan.exchanges;
    for (let index = 0; index < exchanges.length; index++) {
      const result = await this.runExchange(exchanges[index], index);
      results.push(result);
      this.opts.onExchange?.(result);
      if (result.problem && this.closed) break;
    }
    const matched = results.filter((r) => r.ok).length;
    return { exchanges: exchanges.length, matched, differed: results.length - matched, results };
  }

  private async runExchange(exchange: Exchange, index: number): Promise<ExchangeResult> {
    const result: ExchangeResult = { index, ok: true, sent: [], diff: [] };
    if (exchange.command !== undefined) result.command = exchange.command;
    const segments = segmentsOf(exchange);
    const tagMap = this.plan.tagMaps.get(exchange) ?? new Map<string, string>();
    const tags = exchange.tags.map((tag) => tagMap.get(tag) ?? tag);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      if (segment.kind === 'starttls') {
        const problem = await this.startTls();
        if (problem) return this.fail(result, problem);
        continue;
      }
      if (segment.kind === 'client') {
        for (const entry of segment.entries) this.send(entry, result);
        continue;
      }
      const last = !segments.slice(s + 1).some((x) => x.kind === 'client');
      const { lines, problem } = last ? await this.readUntilComplete(exchange, tags) : await this.readUntilContinuation(segment.entries);
      result.diff.push(...this.compare(segment.entries, lines, tagMap));
      if (problem) return this.fail(result, problem);
    }
    result.ok = result.diff.every((d) => d.op === 'same');
    return result;
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

  private async startTls(): Promise<string | undefined> {
    if (!this.conn.startTls) return 'the transcript upgrades to TLS here, and this connection cannot';
    await this.conn.startTls();
    this.reader = new LineReader(this.conn.readable);
    return undefined;
  }

  private async read(timeoutMs: number): Promise<ReadResult> {
    const r = await this.reader.readLine(timeoutMs);
    if (r.kind === 'line') {
      this.ctx.greeting ??= r.bytes;
      if (isContinuation(r.bytes, this.protocol)) this.ctx.lastContinuation = r.bytes;
    }
    if (r.kind === 'closed') this.closed = true;
    return r;
  }

  private readProblem(r: ReadResult): string {
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
  private async readUntilContinuation(expected: Entry[]): Promise<{ lines: Uint8Array[]; problem?: string }> {
    const lines: Uint8Array[] = [];
    const lastPlus = expected.map((e) => isContinuation((e as { bytes: Uint8Array }).bytes, this.protocol)).lastIndexOf(true);
    const after = lastPlus < 0 ? 0 : expected.length - lastPlus - 1;
    for (;;) {
      const r = await this.read(this.opts.timeoutMs ?? 10_000);
      if (r.kind !== 'line') return { lines, problem: this.readProblem(r) };
      lines.push(r.bytes);
      const framed = this.protocol === 'imap' ? this.serverFramer.next(r.bytes) : undefined;
      if ((framed === undefined || framed.starts) && isContinuation(r.bytes, this.protocol)) break;
      // A completion instead of `+`: the server refused; the next segment's read will not come.
      if (lines.length > expected.length + 50) break;
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
      if (this.opts.loose) text = loosen(text, this.protocol, framed?.starts ?? true);
      return { text, pattern: compilePattern(text) };
    });
    const diff = diffLines(patterns, actual, matchLine);
    if (!this.opts.loose || !oneLineResponses || diff.every((d) => d.op === 'same')) return diff;
    return sameInAnyOrder(patterns, actual) ? actual.map((line) => ({ op: 'same', text: escapeWireLine(line) })) : diff;
  }

}

/**
 * Loose mode: untagged responses may come in another order (RFC 3501 section 7 fixes no
 * order among them; servers differ), as long as each matches one expected line and the last
 * line, the completion, stays last.
 */
function sameInAnyOrder(patterns: ReadonlyArray<{ pattern: LinePattern }>, actual: readonly Uint8Array[]): boolean {
  if (patterns.length !== actual.length || patterns.length === 0) return false;
  const last = patterns.length - 1;
  if (!matchLine(patterns[last].pattern, actual[last])) return false;
  const unused = actual.slice(0, last);
  return patterns.slice(0, last).every(({ pattern }) => {
    const i = unused.findIndex((line) => matchLine(pattern, line));
    if (i < 0) return false;
    unused.splice(i, 1);
    return true;
  });
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
