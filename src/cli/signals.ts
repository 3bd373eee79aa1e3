// The signals that end a session from outside: `kill` and `timeout(1)` send SIGTERM, a closed
// terminal or ssh session sends SIGHUP. Either way the session logs out as `:quit` does (DONE
// first during IDLE), so the server sees a LOGOUT and a recording its end, rather than a
// dropped connection; then the process exits as the shell expects of that signal.
import { constants } from 'node:os';
import type { CliIO } from './io.js';

export type EndingSignal = 'SIGTERM' | 'SIGHUP';

const ENDING: readonly EndingSignal[] = ['SIGTERM', 'SIGHUP'];

/** 128 + the signal's number, as a shell reports a process that the signal ended (143, 129). */
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
 * Calls `leave` once, on the first SIGTERM or SIGHUP, while a session runs. With io.signal
 * (tests) its abort stands for the signal: the reason 'SIGHUP' for a hangup, else SIGTERM.
 */
export function onTerminate(io: CliIO, leave: (signal: EndingSignal) => void): Termination {
  let came: EndingSignal | undefined;
  const end = (signal: EndingSignal) => {
    if (came) return;
    came = signal;
    leave(signal);
  };
  const handlers = ENDING.map((s) => [s, () => end(s)] as const);
  const fromTest = () => end(io.signal?.reason === 'SIGHUP' ? 'SIGHUP' : 'SIGTERM');
  if (io.signal) io.signal.addEventListener('abort', fromTest, { once: true });
  else for (const [s, h] of handlers) process.on(s, h);
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
