// Output that cannot keep up holds the server back. A script's stdout is often a pipe
// (`mailscope ... --raw | less`, `| gzip`), and Node does not block on a full pipe on Linux: it
// queues the write in memory. Raw mode printed a 200 MB literal into `| cat` at 1.5 GB of RSS.
// Now a write that finds the pipe full stops reading from the server until the pipe drains,
// and TCP's own flow control holds the server, so memory stays bounded by what one read gives.

import { ByteBatch, ownBytes, type Printable } from '../terminal/byte-batch.js';

/** Where text goes: a Writable's write() says false when it is full, then emits 'drain'. */
export interface OutputStream {
  write(text: string | Uint8Array): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed?: boolean;
}

/**
 * A print function for `out` (a line per call). `pauseReading` stops reading from the server
 * and returns what resumes it; it may return undefined before a connection exists. A stream
 * that closed (EPIPE: the reader went away) never drains: reading resumes then, so a logout
 * still gets its answer.
 */
export function printWithBackpressure(out: OutputStream | Batched, pauseReading: () => (() => void) | undefined): (text: Printable) => void {
  let waiting = false;
  return (text) => {
    if (waiting) {
      writeLine(out, text);
      return;
    }
    const drained = whenFull(out, writeLine(out, text));
    if (!drained) return;
    const resume = pauseReading();
    if (!resume) return;
    waiting = true;
    void drained.then(() => {
      waiting = false;
      resume();
    });
  };
}

/**
 * `text` and a line end: Batched takes bytes in (copied), a stream gets them with the line end
 * in a buffer of their own (a stream keeps what it cannot write yet, and the printer reuses its
 * bytes). Returns write()'s answer.
 */
function writeLine(out: OutputStream | Batched, text: Printable): boolean {
  if ('writeLine' in out) return out.writeLine(text);
  return out.write(typeof text === 'string' ? `${text}\n` : Buffer.concat([ownBytes(text), NEWLINE]));
}

const NEWLINE = Buffer.from('\n');

/** For an async writer (play): writes `text`, and when `out` is full returns what resolves at its drain or close. */
export function writeOrWait(out: OutputStream, text: string): Promise<void> | undefined {
  return whenFull(out, out.write(text));
}

/** After a write that answered `written`: undefined, or when `out` is full what resolves at its drain or close. */
function whenFull(out: OutputStream, written: boolean): Promise<void> | undefined {
  if (written || out.destroyed === true) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
  });
}

/** Bytes held before one write: about what a pipe takes at once. */
const BATCH_BYTES = 64 * 1024;

export interface Batched extends OutputStream {
  /** `text` and a line end (bytes are copied, a written line written, before it returns); write()'s answer. */
  writeLine(text: Printable): boolean;
  /** Writes what is held now (before text goes to another stream, so the order holds). */
  flush(): void;
}

/**
 * `out`, with the text of one turn of the event loop written at once. A script printing a
 * FETCH of 100,000 messages made 100,000 writes, each a system call on a pipe: a third of its
 * time (bench/end-to-end.js, fetchFlags). Text is held until the loop turns (setImmediate) or
 * BATCH_CHARS gather; write() says false while `out` is full, so the backpressure above holds.
 */
export function batched(out: OutputStream): Batched {
  const held = new ByteBatch();
  let scheduled = false;
  let full = false;
  const drained = () => {
    full = false;
  };
  const flush = () => {
    scheduled = false;
    if (held.size === 0) return;
    if (!out.write(held.take()) && out.destroyed !== true && !full) {
      full = true;
      out.once('drain', drained);
    }
  };
  const added = (): boolean => {
    if (held.size >= BATCH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return !full;
  };
  return {
    write(text) {
      held.add(text);
      return added();
    },
    writeLine(text) {
      held.addLine(text);
      return added();
    },
    once: (event, listener) => out.once(event, listener),
    off: (event, listener) => out.off(event, listener),
    get destroyed() {
      return out.destroyed;
    },
    flush,
  };
}
