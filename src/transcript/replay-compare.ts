// Comparing one run of a server's answer with the recording's lines as the answer arrives.
// Exact matching goes line by line while the two agree (a replay mostly does), keeping
// nothing (the expected lines are read in order, as they are compared: replay-exchange.ts);
// from the first difference on, the rest of both is kept and diffed whole (diff.ts),
// so the diff is the one diffLines gives for the whole run. Loose matching needs the whole
// answer (its lines may come in any order), so it keeps it.

import { escapeWireLine } from '../protocol/wire-escape.js';
import { ContextDiff, diffLines, type DiffLine } from './diff.js';
import type { Protocol } from './exchange.js';
import { protectWildcards } from './format.js';
import type { ExpectedLines } from './replay-exchange.js';
import { looseDiff, looseLine } from './loose.js';
import { compilePattern, greetingForm, matchLine, type LinePattern } from './match.js';
import { LiteralFramer } from './wire.js';

/** Where a diff's lines go: a whole diff (DiffLines) or one cut to its context (ContextDiff). */
export interface DiffSink {
  same(line: Uint8Array): void;
  push(line: DiffLine): void;
}

/** Every line of the diff. */
export class WholeDiff implements DiffSink {
  readonly lines: DiffLine[] = [];

  same(line: Uint8Array): void {
    this.lines.push({ op: 'same', text: escapeWireLine(line) });
  }

  push(line: DiffLine): void {
    this.lines.push(line);
  }
}

export { ContextDiff };

function mapTag(text: string, tagMap: ReadonlyMap<string, string>): string {
  const space = text.indexOf(' ');
  const mapped = space > 0 ? tagMap.get(text.slice(0, space)) : undefined;
  return mapped ? mapped + text.slice(space) : text;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export class AnswerCheck {
  /** Received lines matched one for one with the recording's, from the start. */
  private aligned = 0;
  private diverged = false;
  /** The received lines from the first difference on (all of them in loose mode). */
  private readonly rest: Uint8Array[] = [];

  constructor(
    private readonly expected: Pick<ExpectedLines, 'length' | 'bytes' | 'pattern'>,
    private readonly tagMap: ReadonlyMap<string, string>,
    private readonly protocol: Protocol,
    private readonly loose: boolean,
    private readonly sink: DiffSink,
    /** The lines are the server's greeting: its per-connection values are compared by form (greetingForm). */
    private readonly greeting = false,
  ) {}

  /** The next line the server sent. */
  take(line: Uint8Array): void {
    if (!this.loose && !this.diverged && this.aligned < this.expected.length && this.matches(this.aligned, line)) {
      this.aligned++;
      this.sink.same(line);
      return;
    }
    this.diverged = true;
    this.rest.push(line);
  }

  /** The answer is over: the diff of what was not matched goes to the sink. */
  finish(): void {
    if (this.loose) {
      for (const d of this.looseCompare()) this.sink.push(d);
      return;
    }
    const expected: Array<{ text: string; pattern: LinePattern }> = [];
    for (let i = this.aligned; i < this.expected.length; i++) {
      const text = this.text(i);
      expected.push({ text, pattern: compilePattern(text) });
    }
    for (const d of diffLines(expected, this.rest, matchLine)) this.sink.push(d);
  }

  /** Expected line `i` as the transcript writes it, with the tag the replay sent (and the greeting's form). */
  private text(i: number): string {
    let text = this.expected.pattern(i) ?? protectWildcards(escapeWireLine(this.expected.bytes(i)));
    if (this.isGreeting(i)) text = greetingForm(text, this.protocol);
    return this.tagMap.size > 0 ? mapTag(text, this.tagMap) : text;
  }

  private isGreeting(i: number): boolean {
    return this.greeting && i === 0;
  }

  private matches(i: number, line: Uint8Array): boolean {
    // A line without a wildcard, a renumbered tag or a per-connection value matches its own
    // bytes only: compared as bytes, not through a pattern made for each of millions of lines.
    if (this.expected.pattern(i) === undefined && this.tagMap.size === 0 && !this.isGreeting(i)) return sameBytes(this.expected.bytes(i), line);
    return matchLine(compilePattern(this.text(i)), line);
  }

  private looseCompare(): DiffLine[] {
    const framer = new LiteralFramer();
    let oneLineResponses = this.protocol === 'imap';
    const patterns = [];
    for (let i = 0; i < this.expected.length; i++) {
      const framed = this.protocol === 'imap' ? framer.next(this.expected.bytes(i)) : undefined;
      if (!framed?.starts || framed.announced) oneLineResponses = false;
      patterns.push(looseLine(this.text(i), this.protocol, framed?.starts ?? true));
    }
    return looseDiff(patterns, this.rest, this.protocol, oneLineResponses);
  }
}
