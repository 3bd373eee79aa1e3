// A data response whose values are built when first read. The reader has already checked the
// bytes with the value scanner (value-scanner.ts), so building them cannot fail; a consumer
// that never looks at them (raw mode, the session on a FETCH, a counter) never pays for them.
// Most of a reader's time on FETCH data went to making values nobody read (BENCHMARKS.md).
//
// The bytes are the reader's views of the pushed chunks, kept until the values are built; the
// event's `raw` holds the same memory anyway.

import { ImapTokenizer, type LiteralFrame } from './tokenizer.js';
import { TapeKind } from './value-scanner.js';
import type { DataResponse, ImapValue } from './types.js';

/** Values not built yet: their bytes, and the scanner's entries for them when kept (see readUnbuilt). */
export class UnbuiltValues {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  literals: readonly LiteralFrame[] = [];
  /** The scanner's entries, tape[tapeFrom, tapeTo), or undefined when not kept. */
  tape: Int32Array | undefined = undefined;
  tapeFrom = 0;
  tapeTo = 0;
}

export class LazyDataResponse implements DataResponse {
  readonly kind = 'data' as const;
  name: string;
  number: number | undefined;
  // Private fields are no properties: Object.keys and deep equality see kind, name and number,
  // and values through the getter (tests compare it so: test/support/lazy-responses.ts).
  #values: ImapValue[] | undefined;
  #bytes: Uint8Array | undefined;
  #start: number;
  #end: number;
  #literals: readonly LiteralFrame[];
  #tape: Int32Array | undefined;
  #tapeFrom = 0;
  #tapeTo = 0;

  constructor(name: string, number: number | undefined, bytes: Uint8Array, start: number, end: number, literals: readonly LiteralFrame[]) {
    this.name = name;
    this.number = number;
    this.#values = undefined;
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#literals = literals;
  }

  get values(): ImapValue[] {
    // A copy made with this prototype but without the private fields (as test frameworks make
    // to print a diff) has no values to give.
    if (!(#values in this)) return undefined as unknown as ImapValue[];
    if (this.#values === undefined) {
      this.#values = new ImapTokenizer(this.#bytes!, this.#start, this.#end, this.#literals).readValues();
      this.#bytes = undefined;
      this.#tape = undefined;
    }
    return this.#values;
  }

  set values(values: ImapValue[]) {
    this.#values = values;
    this.#bytes = undefined;
    this.#tape = undefined;
  }

  /** Whether any value is a literal: every literal is announced at a line end, so framed. */
  get hasLiterals(): boolean {
    return this.#literals.length > 0;
  }

  /**
   * False when the values surely hold no atom `word` (upper-case ASCII), read from the bytes
   * without building them: the session asks it of every FETCH before it looks for BODYSTRUCTURE.
   */
  mayHold(word: string): boolean {
    const b = this.#bytes;
    if (b === undefined) return true;
    // With the scanner's entries kept, only the atoms are looked at (a dozen on a FETCH line,
    // where the bytes are a hundred): one starting with `word` (BODY, BODYSTRUCTURE) may be it.
    const tape = this.#tape;
    if (tape === undefined) return includesIgnoringCase(b, this.#start, this.#end, word);
    for (let t = this.#tapeFrom; t < this.#tapeTo; t += 3) {
      if (tape[t] === TapeKind.Atom && tape[t + 2] - tape[t + 1] >= word.length && includesIgnoringCase(b, tape[t + 1], tape[t + 1] + word.length, word)) return true;
    }
    return false;
  }

  /** Keeps the value scanner's entries for these values: `tape[from, to)` (value-scanner.ts). */
  keepTape(tape: Int32Array, from: number, to: number): void {
    this.#tape = tape;
    this.#tapeFrom = from;
    this.#tapeTo = to;
  }

  /**
   * The wire bytes of the values while they are not built yet, into `into` (one reused object:
   * the printer asks it of every FETCH line): for the printer that lays them out from the bytes
   * (render-wire.ts). With the scanner's entries when the reader kept them (its `keepTapes`).
   * False once the values are built.
   */
  readUnbuilt(into: UnbuiltValues): boolean {
    if (this.#bytes === undefined) return false;
    into.bytes = this.#bytes;
    into.start = this.#start;
    into.end = this.#end;
    into.literals = this.#literals;
    into.tape = this.#tape;
    into.tapeFrom = this.#tapeFrom;
    into.tapeTo = this.#tapeTo;
    return true;
  }
}

/** ASCII case-insensitive search for upper-case `word` in b[start, end) (atoms are case-insensitive, RFC 3501 section 9). */
function includesIgnoringCase(b: Uint8Array, start: number, end: number, word: string): boolean {
  const first = word.charCodeAt(0);
  const last = end - word.length;
  for (let i = start; i <= last; i++) {
    if ((b[i] & 0xdf) !== first) continue;
    let k = 1;
    while (k < word.length && (b[i + k] & 0xdf) === word.charCodeAt(k)) k++;
    if (k === word.length) return true;
  }
  return false;
}
