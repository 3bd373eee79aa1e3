// Wire lines for replay: the connection pushes bytes in as they arrive (whatever layer they
// came through: TCP, TLS, DEFLATE), and the replayer awaits them line by line with a timeout.
// Being fed rather than reading a stream itself is what lets the layer under it change
// mid-session (STARTTLS, COMPRESS) without a reader that still holds the old one.

import { LineSplitter } from '../protocol/line-splitter.js';

export type ReadResult = { kind: 'line'; bytes: Uint8Array } | { kind: 'timeout' } | { kind: 'closed'; rest?: Uint8Array };

export class LineReader {
  private readonly splitter = new LineSplitter();
  private readonly lines: Uint8Array[] = [];
  private ended = false;
  /** The replayer waiting for a line, woken by push() or end(). */
  private wake: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    // A loop, not push(...lines): a spread of some 120,000 values overflows V8's stack.
    for (const line of this.splitter.push(chunk)) this.lines.push(line);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  async readLine(timeoutMs: number): Promise<ReadResult> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.ended) {
        const rest = this.splitter.rest();
        return rest ? { kind: 'closed', rest } : { kind: 'closed' };
      }
      if (!(await this.arrival(deadline - Date.now()))) return { kind: 'timeout' };
    }
    return { kind: 'line', bytes: this.lines.shift()! };
  }

  /**
   * Bytes received and not yet read as lines, removed: at a COMPRESS handover they are the
   * first compressed bytes (RFC 4978 4: compression starts right after the tagged OK's CRLF).
   */
  takeUnread(): Uint8Array {
    const rest = this.splitter.rest() ?? new Uint8Array(0);
    const unread = Buffer.concat([...this.lines.splice(0), rest]);
    return unread;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves true when bytes or the end arrive, false when `ms` pass first. */
  private arrival(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = undefined; resolve(false); }, Math.max(ms, 1));
      this.wake = () => { clearTimeout(timer); resolve(true); };
    });
  }
}
