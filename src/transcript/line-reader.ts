// Wire lines for replay: the connection pushes bytes in as they arrive (whatever layer they
// came through: TCP, TLS, DEFLATE), and the replayer awaits them line by line with a timeout.
// Being fed rather than reading a stream itself is what lets the layer under it change
// mid-session (STARTTLS, COMPRESS) without a reader that still holds the old one.

import { LineSplitter } from '../protocol/line-splitter.js';

export type ReadResult = { kind: 'line'; bytes: Uint8Array } | { kind: 'timeout' } | { kind: 'closed'; rest?: Uint8Array };

/**
 * Bytes waiting to be read above which reading from the server stops (`pause`), and below
 * which it goes on: a loopback server sends a 200 MB literal faster than replay compares it,
 * and every line waiting is a Buffer.
 */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 2 * 1024 * 1024;

export class LineReader {
  private readonly splitter = new LineSplitter();
  /** Lines not read yet: lines[head..]. */
  private lines: Uint8Array[] = [];
  private head = 0;
  private waitingBytes = 0;
  private ended = false;
  /** The replayer waiting for a line, woken by push() or end(). */
  private wake: (() => void) | undefined;
  /** Resumes reading, while paused. */
  private resume: (() => void) | undefined;

  /** `pause` stops reading from the server and returns what resumes it (Transport.pauseReading). */
  constructor(private readonly pause?: () => () => void) {}

  push(chunk: Uint8Array): void {
    // A loop, not push(...lines): a spread of some 120,000 values overflows V8's stack.
    for (const line of this.splitter.push(chunk)) {
      this.lines.push(line);
      this.waitingBytes += line.length;
    }
    if (this.pause && !this.resume && this.waitingBytes > HIGH_WATER) this.resume = this.pause();
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  async readLine(timeoutMs: number): Promise<ReadResult> {
    const deadline = Date.now() + timeoutMs;
    while (this.head === this.lines.length) {
      if (this.ended) {
        const rest = this.splitter.rest();
        return rest ? { kind: 'closed', rest } : { kind: 'closed' };
      }
      if (!(await this.arrival(deadline - Date.now()))) return { kind: 'timeout' };
    }
    return { kind: 'line', bytes: this.take() };
  }

  /**
   * Bytes received and not yet read as lines, removed: at a COMPRESS handover they are the
   * first compressed bytes (RFC 4978 4: compression starts right after the tagged OK's CRLF).
   */
  takeUnread(): Uint8Array {
    const rest = this.splitter.rest() ?? new Uint8Array(0);
    const unread = Buffer.concat([...this.lines.slice(this.head), rest]);
    this.lines = [];
    this.head = 0;
    this.waitingBytes = 0;
    this.release();
    return unread;
  }

  private take(): Uint8Array {
    const line = this.lines[this.head++];
    this.waitingBytes -= line.length;
    // Drop what was read now and then, not at every line (a shift moves the whole array).
    if (this.head === this.lines.length) {
      this.lines = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    if (this.waitingBytes < LOW_WATER) this.release();
    return line;
  }

  private release(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
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
