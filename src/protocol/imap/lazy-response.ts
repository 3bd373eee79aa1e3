// A data response whose values are built when first read. The reader has already checked the
// bytes with the value scanner (value-scanner.ts), so building them cannot fail; a consumer
// that never looks at them (a counter, the tape printer, raw mode) never pays for them. Most of
// a reader's time on FETCH data went to making values nobody read (BENCHMARKS.md).
//
// The bytes are the reader's views of the pushed chunks, kept until the values are built; the
// event's `raw` holds the same memory anyway.

import { ImapTokenizer, type LiteralFrame } from './tokenizer.js';
import type { DataResponse, ImapValue } from './types.js';

export class LazyDataResponse implements DataResponse {
  readonly kind = 'data' as const;
  name: string;
  number: number | undefined;
  // Private fields: not properties, so `{ ...response }`-free consumers and tests comparing
  // responses see kind, name, number and values only.
  #values: ImapValue[] | undefined;
  #bytes: Uint8Array | undefined;
  #start: number;
  #end: number;
  #literals: readonly LiteralFrame[];

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
    }
    return this.#values;
  }

  set values(values: ImapValue[]) {
    this.#values = values;
    this.#bytes = undefined;
  }

  /** The wire bytes of the values, while they are not built yet (for the tape printer). */
  get unbuilt(): { bytes: Uint8Array; start: number; end: number; literals: readonly LiteralFrame[] } | undefined {
    return this.#bytes && { bytes: this.#bytes, start: this.#start, end: this.#end, literals: this.#literals };
  }
}
