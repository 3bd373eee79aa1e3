// The script `serve` plays, read as it is played: the client lines to expect and the server
// lines to send, in order, for one connection. Each connection reads the transcript from the
// start (a 200 MB literal's recording is 2.7 million lines; held as entries it took 9 times
// the file's size), holding only the lines read ahead of the one being played.

import { exchangeSteps, transcriptProtocol, type ExchangeStep, type Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { entryText } from './match.js';

export interface ScriptLine {
  entry: Entry;
  /** Index of the exchange the line belongs to. */
  exchange: number;
  /** That exchange's command (LOGOUT and QUIT close the connection after their answer). */
  command: string | undefined;
  /** A `= redacted` event came just before this client line: its secret cannot match. */
  redacted: boolean;
  /** The next client line of the same exchange is a redacted literal body: `{N}` varies. */
  secretLiteralFollows: boolean;
  /** A client line after its exchange's first: a literal's body or a SASL response. */
  continuation: boolean;
}

/** A transcript's entries, readable from the start once per connection. */
export interface ScriptSource {
  protocol: Protocol;
  /** The `#` header (a recording begun mid-session says so there: serve-login.ts). */
  header?: Record<string, string>;
  entries(): Iterable<Entry>;
}

/** A transcript held in memory (tests, import), or one read from its file anew per connection. */
export function scriptSource(t: Transcript | ScriptSource): ScriptSource {
  if (!Array.isArray(t.entries)) return t as ScriptSource;
  const entries = t.entries;
  return { protocol: transcriptProtocol(t as Transcript), header: (t as Transcript).header, entries: () => entries };
}

/** Events after which the server's byte stream changes layer. */
const TRANSPORT_EVENTS: ReadonlySet<string> = new Set(['starttls', 'compress']);

/** A client line announcing a literal (RFC 3501 4.3): a redacted body may follow, whose size varies. */
const LITERAL_END = /\{\d+[+-]?\}$/;

export class ScriptCursor {
  private readonly steps: Iterator<ExchangeStep>;
  /** Lines read and not yet played: ahead[head..]. */
  private ahead: ScriptLine[] = [];
  private head = 0;
  private exchange = -1;
  private command: string | undefined;
  /** A `= redacted` event came in this exchange, for the next client line. */
  private redacted = false;
  /** Client lines read in this exchange. */
  private clientLines = 0;
  private ended = false;

  constructor(source: ScriptSource) {
    this.steps = exchangeSteps(source.protocol, source.entries())[Symbol.iterator]();
  }

  /** The line to play now, read as far ahead as matching it needs; undefined at the end. */
  current(): ScriptLine | undefined {
    if (!this.fill(1)) return undefined;
    const line = this.ahead[this.head];
    if (line.entry.kind === 'client' && LITERAL_END.test(entryText(line.entry))) this.readPastLiteral(line, this.head);
    return line;
  }

  advance(): void {
    this.head++;
    if (this.head === this.ahead.length) {
      this.ahead = [];
      this.head = 0;
    }
  }

  /**
   * The first line of the exchange after the current one, read ahead (the current line stays
   * current); undefined at the end, or when the current exchange holds an event (a layer
   * change, a close), which a skip must not pass over.
   */
  nextExchange(): ScriptLine | undefined {
    const line = this.current();
    if (!line) return undefined;
    for (let i = this.head + 1; ; i++) {
      while (i >= this.ahead.length) if (!this.read()) return undefined;
      const next = this.ahead[i];
      if (next.exchange === line.exchange) {
        if (next.entry.kind === 'event') return undefined;
        continue;
      }
      if (next.entry.kind === 'client' && LITERAL_END.test(entryText(next.entry))) this.readPastLiteral(next, i);
      return next;
    }
  }

  /** Leaves the current exchange unplayed: its remaining lines are passed over. */
  skipExchange(): void {
    const exchange = this.current()?.exchange;
    while (exchange !== undefined && this.current()?.exchange === exchange) this.advance();
  }

  /** Stops reading (the connection ended): closes the file. */
  close(): void {
    this.ended = true;
    this.steps.return?.();
  }

  /** Reads until `n` lines are ahead, or the end; whether there are. */
  private fill(n: number): boolean {
    while (this.ahead.length - this.head < n && this.read());
    return this.ahead.length - this.head >= n;
  }

  /**
   * A `= redacted ... (literal)` event later in the exchange marks the line announcing the
   * literal: read on to the next client line of the exchange, or the exchange's end.
   */
  private readPastLiteral(line: ScriptLine, at: number): void {
    for (let i = at + 1; ; i++) {
      while (i >= this.ahead.length) if (this.exchange !== line.exchange || !this.read()) return;
      const next = this.ahead[i];
      if (next.entry.kind === 'client' && next.exchange === line.exchange) return;
    }
  }

  /** Takes the next entry; false at the end. */
  private read(): boolean {
    if (this.ended) return false;
    const next = this.steps.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.take(next.value);
    return true;
  }

  private take({ entry, exchange, first }: ExchangeStep): void {
    if (first) {
      this.exchange++;
      this.command = exchange.command;
      this.redacted = false;
      this.clientLines = 0;
    }
    const line = (kind: Partial<ScriptLine> = {}): ScriptLine => ({
      entry, exchange: this.exchange, command: this.command, redacted: false, secretLiteralFollows: false, continuation: false, ...kind,
    });
    if (entry.kind === 'event' && entry.name === 'redacted') {
      this.redacted = true;
      if (entry.value?.includes('(literal)')) {
        const previous = this.ahead.slice(this.head).reverse().find((l) => l.entry.kind === 'client' && l.exchange === this.exchange);
        if (previous) previous.secretLiteralFollows = true;
      }
      return;
    }
    // `= close client`: the client hung up, nothing for the server to do.
    const acts = entry.kind === 'event' && ((entry.name === 'close' && entry.value !== 'client') || TRANSPORT_EVENTS.has(entry.name));
    if (acts) this.ahead.push(line());
    if (entry.kind === 'server') this.ahead.push(line());
    if (entry.kind !== 'client') return;
    this.ahead.push(line({ redacted: this.redacted, continuation: this.clientLines++ > 0 }));
    this.redacted = false;
  }
}
