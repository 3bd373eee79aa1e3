// Reading wire lines from a socket-like async source, with a timeout per line. Used by
// replay; the line cutting itself is LineSplitter's.

import { LineSplitter } from '../protocol/line-splitter.js';

export type ByteSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export type ReadResult = { kind: 'line'; bytes: Uint8Array } | { kind: 'timeout' } | { kind: 'closed'; rest?: Uint8Array };

export class LineReader {
  private readonly iterator: AsyncIterator<Uint8Array | string>;
  private readonly splitter = new LineSplitter();
  private readonly lines: Uint8Array[] = [];
  /** A read that outlived its timeout; the next read waits for it instead of starting another. */
  private pending: Promise<IteratorResult<Uint8Array | string>> | undefined;
  private ended = false;

  constructor(source: ByteSource) {
    this.iterator = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  }

  async readLine(timeoutMs: number): Promise<ReadResult> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.ended) {
        const rest = this.splitter.rest();
        return rest ? { kind: 'closed', rest } : { kind: 'closed' };
      }
      this.pending ??= this.iterator.next();
      const result = await raceTimeout(this.pending, deadline - Date.now());
      if (result === 'timeout') return { kind: 'timeout' };
      this.pending = undefined;
      if (result.done) {
        this.ended = true;
        continue;
      }
      const chunk = typeof result.value === 'string' ? Buffer.from(result.value, 'latin1') : result.value;
      this.lines.push(...this.splitter.push(chunk));
    }
    return { kind: 'line', bytes: this.lines.shift()! };
  }

  /** Lines already received and not yet read: for a handover (STARTTLS must see none). */
  get buffered(): number {
    return this.lines.length;
  }
}

async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  if (ms <= 0) ms = 1;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
