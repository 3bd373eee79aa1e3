// Non-interactive use: lines from a pipe or from -c, each sent once the previous command
// completed, or at once when the server's `+` asked for more (IDLE's DONE, a literal's
// bytes, a SASL response). Exit 0 when every command completed OK/+OK, 1 when any got
// NO/BAD/-ERR, 2 when the connection failed or dropped.
import { errnoText } from '../errors.js';
import { MailscopeError } from '../errors.js';
import type { ProtocolClient } from './types.js';
import { bidFarewell, farewellUnanswered, showingCommands } from './answers.js';

export const EXIT = { ok: 0, commandFailed: 1, connectionFailed: 2 } as const;

/** Wakes the runner whenever something happened on the connection. */
export class Progress {
  private waiters: Array<() => void> = [];
  failed = false;
  closed = false;
  closeError: Error | undefined;
  lastActivity = Date.now();
  /** Work the connection must finish before the next line (a STARTTLS handshake). */
  private holds = 0;

  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    this.poke();
  }

  get held(): boolean {
    return this.holds > 0;
  }

  /** A line went out: the answer's deadline counts from now, however long the script paused. */
  sent(): void {
    this.lastActivity = Date.now();
  }

  poke(): void {
    this.lastActivity = Date.now();
    // Called for every server event (100,000 for a big FETCH): no array made when none waits.
    if (this.waiters.length === 0) return;
    for (const w of this.waiters.splice(0)) w();
  }

  completed(ok: boolean): void {
    if (!ok) this.failed = true;
    this.poke();
  }

  close(err?: Error): void {
    this.closed = true;
    this.closeError = err;
    this.poke();
    this.onClose?.();
  }

  private onClose: (() => void) | undefined;

  /** Resolves when the connection closes (a script waiting for its next line stops waiting). */
  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const before = this.onClose;
      this.onClose = () => {
        before?.();
        resolve();
      };
    });
  }

  /** A new connection replaces the closed one (:reconnect): its end is forgotten. */
  reopened(): void {
    this.closed = false;
    this.closeError = undefined;
  }

  /**
   * Resolves when `ready()` holds; rejects after `timeoutMs` without any server activity, unless
   * `quietIsNormal()` says silence is expected now (IDLE).
   */
  async until(ready: () => boolean, timeoutMs: number, what: () => string, quietIsNormal: () => boolean = () => false): Promise<void> {
    while (!ready()) {
      // While silence is normal, look again after a whole timeout rather than spin.
      const left = quietIsNormal() ? timeoutMs : this.lastActivity + timeoutMs - Date.now();
      const woke = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, Math.max(left, 0)).unref();
        const waiter = () => {
          clearTimeout(timer);
          resolve(true);
        };
        this.waiters.push(waiter);
      });
      if (!woke && Date.now() - this.lastActivity >= timeoutMs && !quietIsNormal()) {
        throw new MailscopeError('READ_TIMEOUT', `no answer to ${what()} after ${timeoutMs / 1000}s (--timeout)`);
      }
    }
  }
}

export interface RunOptions {
  readTimeoutMs: number;
  /** Lines starting with ':' are meta-commands; the front end runs them. */
  meta?(line: string): Promise<void>;
  /** How a line is named in an error (no answer to it): the caller masks its secrets. */
  describe?(line: string): string;
  /** Shows what is about to be sent (secrets masked by the caller). */
  echo?(line: string, continuation: boolean): void;
  /**
   * In echo's place: shows a line and sends it by calling `send`, so the front end can show it
   * once sent, with the tag it got.
   */
  show?(line: string, continuation: boolean, send: () => void): void;
  /**
   * What the command in progress still needs from the script (a literal complete, its line end
   * not sent), added to the no-answer error: else that error blames the server.
   */
  stillWanted?(): string | undefined;
  /** Guard-rails: false means the line is not sent (a refused plaintext password). */
  guard?(line: string): Promise<boolean>;
  /** Sent when the script ends and the connection is still open (LOGOUT / QUIT). */
  farewell: string;
  /** The farewell got no answer in time: told why the connection is closed (by us, not the server). */
  farewellUnanswered?(text: string): void;
  /** The script's own LOGOUT / QUIT completed: the server's close is on its way, no farewell. */
  left?(): boolean;
  /** A signal ends the script (SIGTERM, SIGHUP): no more lines, then the farewell. */
  stop?: AbortSignal;
  /** How often a script that ends in IDLE renews it (default IDLE_RENEW_MS; tests shorten it). */
  idleRenewMs?: number;
}

/**
 * RFC 2177 3: a client should end IDLE and issue it again at least every 29 minutes, since a
 * server may log out a client inactive for 30 (RFC 3501 5.4), IDLE or not.
 */
export const IDLE_RENEW_MS = 29 * 60 * 1000;

export async function runLines(client: ProtocolClient, lines: AsyncIterable<string> | Iterable<string>, progress: Progress, opts: RunOptions): Promise<number> {
  let last = '';
  const stopped = () => opts.stop?.aborted === true;
  opts.stop?.addEventListener('abort', () => progress.poke(), { once: true });
  const idle = () => stopped() || progress.closed || (!progress.held && (!client.busy || client.wantsContinuationLine));
  const end: { why: 'lines' | 'stopped' | 'closed' } = { why: 'lines' };
  const closing = progress.whenClosed().then(() => 'closed' as const);
  for await (const line of untilStopped(lines, opts.stop, closing, (why) => (end.why = why))) {
    await progress.until(idle, opts.readTimeoutMs, () => last);
    if (stopped()) break;
    if (progress.closed) return closedEarly(progress, line);
    if (line.startsWith(':') && !client.wantsContinuationLine && opts.meta) {
      await opts.meta(line);
      continue;
    }
    if (!client.wantsContinuationLine && opts.guard && !(await opts.guard(line))) {
      progress.failed = true;
      continue;
    }
    // Named in errors, so never with a password (a LOGIN that gets no answer is a common case).
    last = client.wantsContinuationLine ? last : (opts.describe ? opts.describe(line.trim()) : line.trim()) || last;
    sendShown(opts, line, client.wantsContinuationLine, () => client.submit(line));
    progress.sent();
  }
  if (stopped()) return leaveOnSignal(client, progress, opts);
  // The server closed the connection while the script waited for its next line (a BYE, a
  // drop): nothing more can be sent. After the script's own LOGOUT / QUIT, that is the end.
  if (end.why === 'closed' && !opts.left?.()) {
    if (progress.closeError) throw new MailscopeError('CONNECTION_CLOSED', `connection lost: ${errnoText(progress.closeError)}`);
    throw new MailscopeError('CONNECTION_CLOSED', 'the server closed the connection while the script waited for its next line');
  }
  await untilLastCompleted(client, progress, opts, stopped, () => last).catch((err: unknown) => {
    throw withWanted(err, opts.stillWanted?.());
  });
  if (stopped()) return leaveOnSignal(client, progress, opts);
  if (progress.closeError) throw new MailscopeError('CONNECTION_CLOSED', `connection lost: ${errnoText(progress.closeError)}`);
  if (progress.closed && client.busy) throw new MailscopeError('CONNECTION_CLOSED', `the server closed the connection before answering "${last}"`);
  const failed = progress.failed;
  // A polite LOGOUT/QUIT when the script did not end with one; its answer does not count.
  if (!progress.closed && !opts.left?.()) await farewell(client, opts);
  return failed ? EXIT.commandFailed : EXIT.ok;
}

/**
 * Waits for the last command's completion. A script that ends in IDLE watches the mailbox until
 * a signal or the server's BYE, silence being normal there, and renews IDLE as RFC 2177 asks.
 */
async function untilLastCompleted(client: ProtocolClient, progress: Progress, opts: RunOptions, stopped: () => boolean, what: () => string): Promise<void> {
  const renewMs = opts.idleRenewMs ?? IDLE_RENEW_MS;
  let idleSince: number | undefined;
  const renewDue = () => {
    if (!client.idling) return false;
    if (idleSince === undefined) {
      idleSince = Date.now();
      // Wakes the wait below when the renewal is due, whatever the server says meanwhile.
      setTimeout(() => progress.poke(), renewMs).unref();
    }
    return Date.now() - idleSince >= renewMs;
  };
  for (;;) {
    const ended = () => stopped() || progress.closed || (!progress.held && !client.busy);
    await progress.until(() => ended() || renewDue(), opts.readTimeoutMs, what, () => client.idling);
    if (ended()) return;
    await renewIdle(client, progress, opts, what);
    idleSince = undefined;
  }
}

/** DONE, the IDLE's completion, then IDLE again; shown as the script's own lines are. */
async function renewIdle(client: ProtocolClient, progress: Progress, opts: RunOptions, what: () => string): Promise<void> {
  sendShown(opts, 'DONE', true, () => client.interrupt());
  progress.sent();
  await progress.until(() => progress.closed || !client.busy, opts.readTimeoutMs, what);
  if (progress.closed) return;
  sendShown(opts, 'IDLE', false, () => client.submit('IDLE'));
  progress.sent();
}

/** Sends a line, shown as the front end asks. */
function sendShown(opts: RunOptions, line: string, continuation: boolean, send: () => void): void {
  if (opts.show) return opts.show(line, continuation, send);
  opts.echo?.(line, continuation);
  send();
}

/** A no-answer error told what the script left unsent (a script that timed out after a literal). */
function withWanted(err: unknown, wanted: string | undefined): unknown {
  if (!wanted || !(err instanceof MailscopeError) || err.code !== 'READ_TIMEOUT') return err;
  return new MailscopeError('READ_TIMEOUT', `${err.message}: ${wanted}`);
}

/**
 * The script's lines until `stop` aborts or the connection closes: a wait for the next stdin
 * line ends at once. `ended` hears why the lines stopped, when not by running out.
 */
async function* untilStopped(
  lines: AsyncIterable<string> | Iterable<string>,
  stop: AbortSignal | undefined,
  closed: Promise<'closed'>,
  ended: (why: 'stopped' | 'closed') => void,
): AsyncGenerator<string> {
  const it: Iterator<string> | AsyncIterator<string> =
    Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  const stopping = new Promise<'stopped'>((resolve) => {
    if (stop?.aborted) resolve('stopped');
    stop?.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([it.next(), stopping, closed]);
      if (next === 'stopped' || next === 'closed') {
        ended(next);
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Closes a readline on stdin, which would otherwise keep the process alive.
    void it.return?.();
  }
}

/**
 * A signal came: leave IDLE with DONE, then LOGOUT / QUIT, given a few seconds. In the middle of
 * a literal or a SASL exchange the next line would be taken as its bytes, so the connection just
 * closes.
 */
async function leaveOnSignal(client: ProtocolClient, progress: Progress, opts: RunOptions): Promise<number> {
  if (!progress.closed && !opts.left?.() && !client.continuing) {
    // IDLE's DONE is a line we send too: shown as the renewal's is.
    if (client.idling) sendShown(opts, 'DONE', true, () => client.interrupt());
    else client.interrupt();
    await farewell(client, opts);
  }
  return progress.failed ? EXIT.commandFailed : EXIT.ok;
}

/**
 * LOGOUT / QUIT, given a few seconds: a server that went silent must not hold the end. Shown as
 * the script's own lines are (with its tag), since it is a line we send.
 */
async function farewell(client: ProtocolClient, opts: RunOptions): Promise<void> {
  const shown = showingCommands(client, (line, send) => sendShown(opts, line, false, send));
  if (!(await bidFarewell(shown, opts.farewell))) opts.farewellUnanswered?.(farewellUnanswered(opts.farewell));
}

function closedEarly(progress: Progress, line: string): number {
  if (progress.closeError) throw new MailscopeError('CONNECTION_CLOSED', `connection lost with lines still to send: ${errnoText(progress.closeError)}`);
  // The server ended the session (after LOGOUT/QUIT, or a BYE): lines left over are not sent.
  if (line.trim() !== "") throw new MailscopeError("CONNECTION_CLOSED", "the server closed the connection with lines still to send");
  return progress.failed ? EXIT.commandFailed : EXIT.ok;
}
