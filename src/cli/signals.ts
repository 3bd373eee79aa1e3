// The signals that end a session from outside: `kill` and `timeout(1)` send SIGTERM, a closed
// terminal or ssh session sends SIGHUP, and a reader of our output that went away (`| head`)
// stands for SIGPIPE: Node ignores that signal, so the write fails with EPIPE instead, an
// 'error' event that nobody handled, and the process died with a stack trace. Either way the
// session logs out as `:quit` does (DONE first during IDLE), so the server sees a LOGOUT and a
// recording its end, rather than a dropped connection; then the process exits as the shell
// expects of that signal.
import { constants } from 'node:os';
import type { CliIO } from './io.js';

export type EndingSignal = 'SIGTERM' | 'SIGHUP' | 'SIGPIPE';

const ENDING = ['SIGTERM', 'SIGHUP'] as const;
const TEST_REASONS: readonly EndingSignal[] = ['SIGHUP', 'SIGPIPE'];

/** Sessions to tell when our output's reader has gone (see watchOutputClosed). */
const outputClosedListeners = new Set<() => void>();

/**
 * Treats EPIPE on `stream` (stdout, stderr) as SIGPIPE: a session running logs out and ends
 * with 141; with none, the process ends at once with 141, quietly (as `yes | head` does). Later
 * errors on the closed stream are the same EPIPE again and change nothing. For the real process.
 */
export function watchOutputClosed(stream: NodeJS.WritableStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (outputClosedListeners.size === 0) process.exit(exitCodeOf('SIGPIPE'));
    for (const listener of outputClosedListeners) listener();
  });
}

/** 128 + the signal's number, as a shell reports a process that the signal ended (143, 129, 141). */
export function exitCodeOf(signal: EndingSignal): number {
  return 128 + constants.signals[signal];
}

export interface Termination {
  /** The signal that came, if one did. */
  readonly came: EndingSignal | undefined;
  /** Stops listening (the session ended by itself). */
  stop(): void;
}

/**
 * Calls `leave` once, on the first SIGTERM, SIGHUP or closed output, while a session runs.
 * With io.signal (tests) its abort stands for the signal: the reason 'SIGHUP' or 'SIGPIPE' for
 * those, else SIGTERM.
 */
export function onTerminate(io: CliIO, leave: (signal: EndingSignal) => void): Termination {
  let came: EndingSignal | undefined;
  const end = (signal: EndingSignal) => {
    if (came) return;
    came = signal;
    leave(signal);
  };
  const handlers = ENDING.map((s) => [s, () => end(s)] as const);
  const outputClosed = () => end('SIGPIPE');
  const fromTest = () => end(TEST_REASONS.find((s) => s === io.signal?.reason) ?? 'SIGTERM');
  if (io.signal) io.signal.addEventListener('abort', fromTest, { once: true });
  else {
    for (const [s, h] of handlers) process.on(s, h);
    outputClosedListeners.add(outputClosed);
  }
  return {
    get came() {
      return came;
    },
    stop() {
      if (io.signal) {
        io.signal.removeEventListener('abort', fromTest);
        return;
      }
      for (const [s, h] of handlers) process.off(s, h);
      outputClosedListeners.delete(outputClosed);
    },
  };
}

/**
 * Ends the process after its terminal hung up. At exit Node restores the terminal's settings and
 * aborts when the terminal is gone (nodejs/node#51519: an assertion in ResetStdio, still in
 * Node 20). The signal's default action skips that step, and the shell sees a process that
 * SIGHUP ended. Deferred, so the exit code's callers finish first. Not for tests (io.signal).
 */
export function endAfterHangup(io: CliIO): void {
  if (io.signal) return;
  process.removeAllListeners('SIGHUP');
  setImmediate(() => process.kill(process.pid, 'SIGHUP'));
}

/** After a hangup the terminal cannot show the logout: its writes fail (EIO) without ending the process. */
export function ignoreDeadTerminal(io: CliIO): void {
  for (const stream of [io.stdout, io.stderr]) stream.on('error', () => {});
}
