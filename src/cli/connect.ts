// `mailscope [options] HOST[:PORT]`: connect, then the REPL (a terminal) or the
// non-interactive runner (a pipe, or -c).
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openClient, type OpenClient, type OpenSettings, type Security } from '../client/open.js';
import { EXIT, Progress, runLines } from '../client/runner.js';
import type { Transport } from '../client/transport.js';
import type { ClientListener } from '../client/types.js';
import { ImapClient } from '../client/imap-client.js';
import { answeredInTime, bidFarewell, farewellUnanswered, showingCommands } from '../client/answers.js';
import { Pop3Client } from '../client/pop3-client.js';
import { isMailscopeError, MailscopeError } from '../errors.js';
import type { Protocol } from '../net/target.js';
import { isLoopback, parseTarget } from '../net/target.js';
import type { SessionContext } from '../terminal/context.js';
import { createDisplay, type Display } from '../terminal/display.js';
import { createGuard, type Guard } from '../terminal/guard.js';
import { runMeta } from '../terminal/meta-commands.js';
import { startRepl } from '../terminal/repl.js';
import { ownBytes, type Printable } from '../terminal/byte-batch.js';
import { columnsFromEnv, layoutWidth } from '../terminal/width.js';
import { renderClientLine } from '../terminal/render-imap.js';
import { maskSecrets } from '../session/secrets.js';
import { SecretEcho, situationOf } from '../terminal/mask-echo.js';
import { splitComment } from '../session/comments.js';
import { colorEnabled, createTheme, type Theme } from '../terminal/theme.js';
import { createRedactor } from '../transcript/redact.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { trailingLiteral } from '../protocol/imap/command-line.js';
import { startRecording } from '../transcript/record-session.js';
import { createAnnotator, type Annotator } from '../terminal/features/explain.js';
import { ResponseLog } from '../terminal/response-log.js';
import { runLogin } from '../terminal/features/login.js';
import { afterCommand, startCompression, tlsTheme } from '../terminal/features/transport.js';
import { describeTls, formatTlsCompact } from '../net/tls-info.js';
import { where } from '../net/connect.js';
import { wrapped } from '../registry/format.js';
import { errnoText } from '../errors.js';
import type { CliIO } from './io.js';
import { endAfterHangup, exitCodeOf, ignoreDeadTerminal, onTerminate } from './signals.js';
import { watchSilence } from './silence.js';
import { renewIdleAtPrompt } from './idle-renewal.js';
import { batched, printWithBackpressure, type Batched, type OutputStream } from './backpressure.js';

export interface ConnectOptions {
  imap?: boolean;
  pop3?: boolean;
  tls?: boolean;
  starttls?: boolean;
  plain?: boolean;
  insecure?: boolean;
  ca?: string;
  servername?: string;
  cert?: string;
  key?: string;
  tlsMin?: string;
  timeout: string;
  tagPrefix: string;
  raw?: boolean;
  json?: boolean;
  /** A malformed server line fails a script (exit 1), as a NO does: for checks in CI and monitoring. */
  strict?: boolean;
  color?: boolean;
  command?: string[];
  explain?: boolean;
  guard?: boolean;
  history?: boolean;
  record?: string;
  recordSecrets?: boolean;
  allowPlaintextAuth?: boolean;
  user?: string;
  login?: boolean;
  auth?: string;
  authzid?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  tokenFile?: string;
  unsafePassword?: string;
  compress?: boolean;
}

export function settingsFrom(targetText: string, opts: ConnectOptions): OpenSettings {
  const chosen = [opts.tls && 'tls', opts.starttls && 'starttls', opts.plain && 'plain'].filter(Boolean) as Security[];
  if (chosen.length > 1) throw new MailscopeError('BAD_ARGUMENT', `--${chosen.join(' and --')} exclude each other: pick one`);
  if (opts.imap && opts.pop3) throw new MailscopeError('BAD_ARGUMENT', '--imap and --pop3 exclude each other: pick one');
  const seconds = Number(opts.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new MailscopeError('BAD_ARGUMENT', `--timeout takes seconds > 0, not "${opts.timeout}"`);
  const tlsMin = opts.tlsMin === undefined ? undefined : ({ '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' } as const)[opts.tlsMin as '1.2' | '1.3'];
  if (opts.tlsMin !== undefined && !tlsMin) throw new MailscopeError('BAD_ARGUMENT', `--tls-min takes 1.2 or 1.3, not "${opts.tlsMin}"`);
  if (!/^[A-Za-z0-9._-]{1,20}$/.test(opts.tagPrefix)) {
    throw new MailscopeError('BAD_ARGUMENT', `--tag-prefix "${opts.tagPrefix}" is not a valid IMAP tag start (letters, digits, . _ -)`);
  }
  return {
    target: parseTarget(targetText),
    protocol: opts.imap ? 'imap' : opts.pop3 ? 'pop3' : undefined,
    security: chosen[0],
    tls: {
      insecure: opts.insecure === true,
      caFile: opts.ca,
      servername: opts.servername,
      certFile: opts.cert,
      keyFile: opts.key,
      minVersion: tlsMin,
    },
    timeoutMs: seconds * 1000,
    tagPrefix: opts.tagPrefix,
  };
}

/** Hides secrets in the client lines raw mode shows, with the same redactor transcripts use. */
function rawRedaction(transport: Transport, protocol: () => Protocol) {
  let redactor: ReturnType<typeof createRedactor> | undefined;
  const server = new LineSplitter();
  transport.addTap({
    server(bytes) {
      for (const line of server.push(bytes)) redactor?.server(line);
    },
  });
  return (line: Uint8Array): Uint8Array => {
    redactor ??= createRedactor(protocol());
    return redactor.client(line).bytes;
  };
}

/**
 * --login and --compress, once connected (and after STARTTLS). Their commands are ours, not the
 * user's, so each answer gets --timeout (as the greeting does): a server that greets and then
 * goes silent ends the run with READ_TIMEOUT, not a hang.
 */
async function afterConnect(session: SessionContext, opts: ConnectOptions, progress: Progress): Promise<{ loginFailed: boolean }> {
  if (session.tlsSocket) session.print(formatTlsCompact(describeTls(session.tlsSocket, { verified: !session.settings.tls.insecure, caFile: session.settings.tls.caFile }), tlsTheme(session.theme)));
  const inTime = <T>(work: Promise<T>) => answeredInTime(session.client, session.transport, session.settings.timeoutMs, work);
  let loginFailed = false;
  if (opts.login) {
    try {
      const result = await inTime(runLogin(session));
      if (!result?.ok) loginFailed = true;
    } catch (err) {
      if (isMailscopeError(err) && err.code === 'READ_TIMEOUT') throw err;
      // A login that cannot even start (no mechanism, LOGINDISABLED) is a failed command: exit 1.
      session.problem('error', `login: ${(err as Error).message}`);
      loginFailed = true;
    }
    if (loginFailed) progress.failed = true;
  }
  if (opts.compress && !loginFailed) await inTime(startCompression(session));
  return { loginFailed };
}

/** Resolves when `signal` aborts: a signal stops waiting for the setup (a login the server leaves unanswered). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * The state a `:record` starts in, and the selected mailbox, for the recording's header: replay
 * logs in and selects that mailbox before the first command (transcripts/README.md).
 */
function recordingStart(client: SessionContext['client']): { state?: 'not authenticated' | 'authenticated' | 'selected'; mailbox?: string; exists?: number; uidValidity?: number } {
  if (client instanceof ImapClient) {
    const { state, selected, exists, uidValidity } = client.conversation.tracker;
    if (state === 'selected') return { state, mailbox: selected?.name, exists, uidValidity };
    return { state: state === 'authenticated' ? 'authenticated' : 'not authenticated' };
  }
  if (client instanceof Pop3Client) return { state: client.conversation.state === 'authorization' ? 'not authenticated' : 'authenticated' };
  return {};
}

/** The mutable parts shared by the listener, the display and the session once it exists. */
interface Wiring {
  protocol: Protocol;
  /** A line out; bytes and written lines (the pretty printer's) are read before it returns: ownBytes keeps them. */
  print: (text: Printable) => void;
  /** Warnings and errors: the REPL's print, or stderr in a script (SessionContext.problem). */
  printProblem: (text: string) => void;
  redactLine: (line: Uint8Array) => Uint8Array;
  ctx?: SessionContext;
  onClosed: () => void;
  /** LOGOUT/QUIT completed, or the user asked to leave: the server's close is expected. */
  leaving?: boolean;
  stopRecording?: () => void;
  tlsSocket?: import('node:tls').TLSSocket;
  /** The connection now (:reconnect replaces it): output that falls behind pauses its reading. */
  transport?: Transport;
  /** --record could not write its file: a script then ends with 2, after its commands. */
  recordingFailed?: boolean;
  /** Errors reported so far (SessionContext.problem): a script's meta-command that reported one failed. */
  errors: number;
  /** The connection is being opened: what mailscope sends now (--starttls) is echoed from the wire. */
  opening?: boolean;
  /** Sends of mailscope's own under way (SessionContext.ownLines): echoed from the wire as opening's are. */
  ownSends: number;
  /** A script's echo of a line mailscope sends by itself (`:quit`'s LOGOUT): sends it and shows it with its tag. */
  showSent?: (line: string, send: () => void) => void;
  /** We closed the connection because the farewell got no answer (said so already): not "the server closed". */
  gaveUp?: boolean;
  /**
   * The REPL's connection ended unasked (a drop, a BYE, a failed TLS upgrade; not LOGOUT/QUIT)
   * and no :reconnect has opened it again: leaving then exits 2, however it ended.
   */
  lost?: boolean;
}

const pop3CommandOf = (w: Wiring) => (w.ctx?.client as { currentCommand?: { name: string } } | undefined)?.currentCommand?.name;

function createListener(w: Wiring, display: Display, responses: ResponseLog, annotator: Annotator, progress: Progress, strict: boolean): ClientListener {
  return {
    ...display.listener,
    serverEvent(ev) {
      // With the hint worked out now, while the failed command is still the one pending.
      responses.add(ev as never, pop3CommandOf(w), annotator.hint(ev as never));
      display.listener.serverEvent(ev);
      if (strict && (ev as { kind: string }).kind === 'malformed') progress.failed = true;
      progress.poke();
    },
    completed(info) {
      display.resume();
      if (/^(LOGOUT|QUIT)$/i.test(info.name)) w.leaving = true;
      const ctx = w.ctx;
      ctx?.roundTrips.push(info.elapsedMs);
      if (!ctx) return progress.completed(info.ok);
      progress.hold();
      void afterCommand(ctx, info.name, info.ok).finally(() => {
        progress.release();
        progress.completed(info.ok);
      });
    },
    closed(err) {
      progress.close(err);
      w.onClosed();
    },
  };
}

function createSession(opened: OpenClient, w: Wiring, parts: { settings: OpenSettings; display: Display; theme: Theme; responses: ResponseLog }, opts: ConnectOptions, io: CliIO, interactive: boolean): SessionContext {
  let quitting: Promise<void> | undefined;
  const session: SessionContext = {
    ...opened,
    ...parts,
    interactive,
    print: (t) => w.print(t),
    problem: (level, text) => {
      if (level === 'error') w.errors++;
      w.printProblem(level === 'warn' ? parts.theme.no(text) : parts.theme.problem(text));
    },
    tlsSocket: w.tlsSocket,
    explainOn: opts.explain === true,
    upgrading: false,
    keepSecrets: opts.recordSecrets === true,
    guardOn: opts.guard !== false,
    confirm: async (_question, fallback) => fallback,
    credentialOptions: {
      user: opts.user,
      auth: opts.auth,
      authzid: opts.authzid,
      passwordEnv: opts.passwordEnv,
      tokenEnv: opts.tokenEnv,
      tokenFile: opts.tokenFile,
      unsafePassword: opts.unsafePassword,
    },
    allowPlaintextAuth: opts.allowPlaintextAuth === true,
    loopback: (io.isLoopbackAddress ?? isLoopback)(opened.transport.socket.remoteAddress ?? opened.endpoint.host),
    env: io.env,
    home: io.home,
    askSecret: async () => undefined,
    askText: async () => undefined,
    recording: opts.record ? { path: opts.record, stop: () => w.stopRecording?.() } : undefined,
    startRecording: (path, failed) => startRecording(path, session.transport, {
      keepSecrets: session.keepSecrets,
      target: `${session.endpoint.host}:${session.endpoint.port}`,
      encrypted: () => session.transport.encrypted,
      protocol: session.protocol,
      ...recordingStart(session.client),
      failed,
    }),
    ownLines: (send) => ownLines(w, send),
    roundTrips: [],
    quit() {
      w.leaving = true;
      quitting ??= (async () => {
        // The session's connection now, which :reconnect may have replaced.
        if (!session.transport.isClosed) {
          // RFC 2177: IDLE ends with DONE before any other command, LOGOUT included.
          session.ownLines(() => session.client.interrupt());
          const farewell = farewellOf(session.protocol);
          // Said now, before the close it explains: not "the server closed the connection".
          // A script's echo shows it as the lines it sends; the REPL, as its other own lines.
          // Shown while it is sent, not until answered: a line still typed meanwhile is the user's.
          const client = showingCommands(session.client, w.showSent ?? ((_line, send) => session.ownLines(() => void send())));
          if (!(await bidFarewell(client, farewell))) {
            w.gaveUp = true;
            session.problem('warn', farewellUnanswered(farewell));
          }
        }
        session.transport.close();
        session.recording?.stop();
      })();
      return quitting;
    },
  };
  return session;
}

const farewellOf = (protocol: Protocol) => (protocol === 'imap' ? 'LOGOUT' : 'QUIT');

export async function runConnect(targetText: string, opts: ConnectOptions, io: CliIO): Promise<number> {
  const interactive = io.stdin.isTTY === true && !(opts.command && opts.command.length > 0);
  // A script's stdout takes a turn's text in one write; what goes to stderr writes it first,
  // and what is held is written before the run's end is known (an error line, the exit).
  const stdout = interactive ? undefined : batched(io.stdout as OutputStream);
  try {
    return await connectAndRun(targetText, opts, io, interactive, stdout);
  } finally {
    stdout?.flush();
  }
}

async function connectAndRun(targetText: string, opts: ConnectOptions, io: CliIO, interactive: boolean, stdout: Batched | undefined): Promise<number> {
  const settings = settingsFrom(targetText, opts);
  const theme = createTheme({ color: colorEnabled(io.env, io.stdout.isTTY === true, opts.color) });
  // A --json script keeps stdout to JSON objects, one per line, for jq: its other text
  // (warnings, meta-command output) goes to stderr.
  const dataOut = stdout ?? (io.stdout as OutputStream);
  const textOut = opts.json && !interactive ? (io.stderr as OutputStream) : dataOut;
  const pauseReading = () => w.transport?.pauseReading();
  const printData = printWithBackpressure(dataOut, pauseReading);
  const printStderr = printWithBackpressure(io.stderr as OutputStream, pauseReading);
  const w: Wiring = {
    protocol: settings.protocol ?? 'imap',
    print: printWithBackpressure(textOut, pauseReading),
    printProblem: interactive ? (t) => w.print(t) : (t) => (stdout?.flush(), printStderr(t)),
    redactLine: (l) => l,
    onClosed: () => {},
    errors: 0,
    ownSends: 0,
  };
  // The terminal's width, read at each response: the greeting's notes come before the session.
  // $COLUMNS, for a terminal that reports 0 columns: read once (widths are asked per response).
  const envColumns = columnsFromEnv(io.env);
  const annotator = createAnnotator(() => w.ctx?.explainOn ?? opts.explain === true, () => w.ctx, theme, () => layoutWidth(io.stdout, envColumns));
  const responses = new ResponseLog();
  const display = createDisplay({
    print: (t) => w.print(t),
    printLine: (line) => w.print(line),
    printData: (t) => (interactive ? w.print(t) : printData(t)),
    printProblem: (t) => w.printProblem(t),
    theme,
    protocol: () => w.protocol,
    mode: opts.json ? 'json' : opts.raw ? 'raw' : 'pretty',
    // Read at each response: a terminal that is resized gets responses broken at its new width.
    get width() {
      return layoutWidth(io.stdout, envColumns);
    },
    pop3Command: () => pop3CommandOf(w),
    redactClientLine: (line) => w.redactLine(line),
    annotate: (ev) => annotator.annotate(ev),
    utf8MailboxNames: () => w.ctx?.client.utf8MailboxNames === true,
  });
  const progress = new Progress();
  const listener = createListener(w, display, responses, annotator, progress, opts.strict === true);
  const open = () => opening(w, openClient(settings, {
      listener,
      onTransport(transport) {
        w.transport = transport;
        display.attach(transport);
        w.redactLine = rawRedaction(transport, () => w.protocol);
        echoOwnLines(transport, w, display, theme);
        // --record covers the first connection; a reconnect must not start the file over.
        if (opts.record && !w.stopRecording) {
          w.stopRecording = startRecording(opts.record, transport, {
            keepSecrets: opts.recordSecrets === true,
            target: targetText,
            encrypted: () => transport.encrypted,
            // The header is written at the greeting, before --starttls upgrades: it says it will.
            startTls: settings.security === 'starttls',
            failed: (message) => {
              w.recordingFailed = true;
              display.listener.note('error', message);
            },
          }).stop;
        }
      },
      onProtocol: (known) => (w.protocol = known),
      onTls: (socket) => (w.ctx ? (w.ctx.tlsSocket = socket) : (w.tlsSocket = socket)),
    }));
  const opened = await open();
  w.protocol = opened.protocol;
  const session = createSession(opened, w, { settings, display, theme, responses }, opts, io, interactive);
  w.ctx = session;
  const guard = createGuard(session, { allowPlaintextAuth: opts.allowPlaintextAuth === true });
  if (!interactive) return runScript(session, w, progress, guard, opts, io);
  session.reconnect = () => reconnect(session, w, progress, open, opts);
  return runInteractive(session, w, progress, guard, opts, io);
}

/** :reconnect: the same settings, a new connection in the session's place, then --login and
 * --compress again. The old connection must be closed (a drop, a BYE). */
async function reconnect(session: SessionContext, w: Wiring, progress: Progress, open: () => Promise<OpenClient>, opts: ConnectOptions): Promise<void> {
  if (!session.transport.isClosed) {
    session.print(session.theme.dim(`still connected to ${where(session.endpoint)} (:quit leaves)`));
    return;
  }
  session.tlsSocket = undefined;
  const fresh = await open();
  progress.reopened();
  w.leaving = false;
  w.lost = false;
  w.protocol = fresh.protocol;
  Object.assign(session, fresh);
  await afterConnect(session, opts, progress);
}

async function runInteractive(session: SessionContext, w: Wiring, progress: Progress, guard: Guard, opts: ConnectOptions, io: CliIO): Promise<number> {
  const historyPath = opts.history === false ? undefined : join(io.home, '.mailscope_history');
  const repl = startRepl(session, { input: io.stdin, output: io.stdout, historyPath }, guard);
  w.print = repl.print;
  // Answered by its first key; Enter, Ctrl-C or Esc is a no.
  session.confirm = (question) => repl.confirm(question);
  session.askSecret = (prompt) => repl.askSecret(prompt);
  session.askText = async (prompt) => (await repl.question(prompt)).trim() || undefined;
  const connected = afterConnect(session, opts, progress);
  repl.holdLinesUntil(connected);
  try {
    await connected;
  } catch (err) {
    // The login got no answer in --timeout: the run ends as a silent greeting's does, one line and 2.
    session.transport.close();
    repl.close();
    throw err;
  }
  const silence = watchSilence(session, progress, session.settings.timeoutMs);
  const idleRenewal = renewIdleAtPrompt(session, progress, io.idleRenewMs);
  // Leaving ends the REPL even when there is no close left to wait for (after a drop).
  const quit = session.quit;
  session.quit = async () => {
    await quit();
    repl.close();
  };
  w.onClosed = () => {
    const text = closedText(progress.closeError, session.client.promptInfo().waiting);
    // The recording ends with the connection it recorded, flushed now whatever comes next.
    if (session.recording) {
      session.recording.stop();
      if (!w.leaving) repl.print(session.theme.dim(`recording saved to ${session.recording.path}`));
      session.recording = undefined;
    }
    if (w.leaving) {
      if (!w.gaveUp) repl.print(session.theme.dim(text));
      repl.close();
      return;
    }
    // Not asked for (a drop, a BYE on idle): the REPL stays, so the user can look back and go on.
    w.lost = true;
    // Wrapped here at the terminal's width, between words: wrapped by the terminal, a long TLS
    // error broke mid-word, and a row could begin with the space between two words.
    const why = text === 'connection closed' ? 'the server closed the connection' : text;
    // A connection that failed (a reset, a TLS error) is an error; a close the server chose is not.
    const style = progress.closeError ? session.theme.problem : session.theme.no;
    repl.print(wrapped(`${why} (:reconnect to open it again, :quit to leave)`, '', session.display.width, style).trimEnd());
  };
  if (progress.closed) w.onClosed();
  const terminated = onTerminate(io, (signal) => {
    if (signal === 'SIGHUP') ignoreDeadTerminal(io);
    // After SIGPIPE nobody reads what we print.
    if (signal !== 'SIGPIPE') session.print(session.theme.dim(`${signal}: logging out`));
    void session.quit();
  });
  await repl.done;
  silence.stop();
  idleRenewal.stop();
  terminated.stop();
  const ended = repl.hungUp ? 'SIGHUP' : terminated.came;
  if (ended === 'SIGHUP') endAfterHangup(io);
  if (ended) return exitCodeOf(ended);
  // One rule, whatever ended the connection (a reset, a clean close, a TLS failure): a session
  // left while its connection is lost failed; one that logged out, or reconnected, did not.
  return w.lost ? EXIT.connectionFailed : EXIT.ok;
}

/** Why an interactive session ended, in one line: the socket's error if any, and which
 * commands got no answer (so a drop in the middle of a command is not mistaken for a logout). */
function closedText(err: Error | undefined, waiting: readonly string[]): string {
  const unanswered = waiting.length > 0 ? ` (no answer to ${waiting.join(', ')})` : '';
  if (err) return `connection lost: ${errnoText(err)}${unanswered}`;
  return unanswered ? `the server closed the connection${unanswered}` : 'connection closed';
}

async function runScript(session: SessionContext, w: Wiring, progress: Progress, guard: Guard, opts: ConnectOptions, io: CliIO): Promise<number> {
  const lines = opts.command && opts.command.length > 0 ? opts.command : createInterface({ input: io.stdin, terminal: false });
  // Iterated from now on: readline drops the lines it reads while no iterator is listening, and
  // --login awaits the server before the first line is wanted (a piped first line was lost).
  const script = Array.isArray(lines) ? lines : heldLines(lines);
  const stop = new AbortController();
  const echoState: EchoState = { literalLeft: 0, secrets: new SecretEcho(session.protocol) };
  w.showSent = (line, send) => echoLine(session, w, echoState, line, false, send);
  // On stderr: a script's stdout may be JSON for jq.
  const terminated = onTerminate(io, (signal) => {
    if (signal === 'SIGHUP') ignoreDeadTerminal(io);
    // After SIGPIPE quietly, as `yes | head` ends: the reader went away on purpose.
    if (signal !== 'SIGPIPE') io.stderr.write(`mailscope: ${signal}: logging out\n`);
    stop.abort();
  });
  try {
    // A signal during the setup stops waiting for it (a login the server does not answer):
    // runLines then sees the signal and leaves at once, with a bounded farewell.
    const setup = afterConnect(session, opts, progress);
    setup.catch(() => {});
    const ready = await Promise.race([setup, aborted(stop.signal)]);
    // The script's lines were written for a logged-in session: after a failed --login they would
    // only meet NO after NO (or do, unauthenticated, what was meant for the account). The run
    // stops there, logs out, and exits 1 as a failed command does.
    const loginFailed = ready?.loginFailed === true;
    if (loginFailed) session.problem('warn', "--login failed: the script's lines were not sent");
    const code = await runLines(session.client, loginFailed ? [] : script, progress, {
      readTimeoutMs: session.settings.timeoutMs,
      farewell: farewellOf(session.protocol),
      farewellUnanswered: (text) => session.problem('warn', text),
      left: () => w.leaving === true,
      // A meta-command that fails (unknown, a file that cannot be written) fails the script, as a NO does.
      meta: async (line) => {
        const before = w.errors;
        await runMeta(session, line);
        if (w.errors > before) progress.failed = true;
      },
      guard: (line) => guard.allow(line),
      show: (line, continuation, send) => echoLine(session, w, echoState, line, continuation, send),
      stillWanted: () => stillWanted(session, echoState),
      describe: (line) => maskSecrets(w.protocol, splitComment(line).text).masked,
      stop: stop.signal,
      idleRenewMs: io.idleRenewMs,
    });
    if (terminated.came === 'SIGHUP') endAfterHangup(io);
    if (terminated.came) return exitCodeOf(terminated.came);
    return w.recordingFailed ? Math.max(code, EXIT.connectionFailed) : code;
  } finally {
    terminated.stop();
    session.transport.close();
    session.recording?.stop();
    // Stop reading stdin: a pipe still open (a FIFO, `(echo ...; sleep 60) |`) kept the process
    // alive after a signal ended the script, until its writer closed it.
    if (!Array.isArray(lines)) lines.close();
  }
}

/** The lines of `rl` from now on, held until asked for. */
function heldLines(rl: AsyncIterable<string>): AsyncIterable<string> {
  const iterator = rl[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => iterator };
}

/** `w.opening` while `work` (opening a connection) runs. */
async function opening<T>(w: Wiring, work: Promise<T>): Promise<T> {
  w.opening = true;
  try {
    return await work;
  } finally {
    w.opening = false;
  }
}

/** Runs `send` with what it writes echoed (SessionContext.ownLines); a promise keeps the echo on until it settles. */
function ownLines<T>(w: Wiring, send: () => T): T {
  w.ownSends++;
  let result: T;
  try {
    result = send();
  } catch (err) {
    w.ownSends--;
    throw err;
  }
  if (result instanceof Promise) result.then(() => w.ownSends--, () => w.ownSends--);
  else w.ownSends--;
  return result;
}

/**
 * The commands mailscope sends by itself, as dimmed `C:` lines with the tags they went out
 * with, so that nothing on the wire is hidden: while it opens the connection (--starttls:
 * CAPABILITY, STARTTLS or STLS, and the capabilities after it) and within ownLines (DONE,
 * LOGOUT/QUIT, COMPRESS, :starttls). Secrets masked as a typed line's are (maskSecrets).
 */
function echoOwnLines(transport: Transport, w: Wiring, display: Display, theme: Theme): void {
  const lines = new LineSplitter();
  transport.addTap({
    client(bytes) {
      // Raw mode shows them already; JSON mode has no C: lines.
      if (!(w.opening || w.ownSends > 0) || display.mode !== 'pretty') return;
      for (const line of lines.push(bytes)) {
        const { masked, hasSecret } = maskSecrets(w.protocol, Buffer.from(line).toString('latin1').replace(/\r?\n$/, ''));
        w.print(theme.dim(renderClientLine(masked, theme, { redacted: hasSecret })));
      }
    },
  });
}

/** What the echo knows of the literal a script's lines fill (RFC 3501 4.3): its bytes still to come. */
interface EchoState {
  literalLeft: number;
  /** Follows the script's lines as the REPL's screen does: a LOGIN cut by a literal has its password on a later line. */
  secrets: SecretEcho;
}

/**
 * What a script sends, shown as `C:` lines once sent: the tag mailscope added, comments
 * stripped, secrets masked, a literal's lines by the bytes they gave it. What sending said (a
 * note) is held until the line it is about has been shown.
 */
function echoLine(session: SessionContext, w: Wiring, state: EchoState, line: string, continuation: boolean, send: () => void): void {
  // Counted in every mode: the no-answer error tells what a literal still wants.
  const pretty = session.display.mode === 'pretty';
  const imap = session.client instanceof ImapClient ? session.client.conversation : undefined;
  const before = { mode: imap?.mode, tags: imap?.pendingTags.length ?? 0 };
  const masked = state.secrets.shown(splitComment(line).text, situationOf(session.client));
  const said = pretty ? heldWhile(w, send) : (send(), () => {});
  const shown = continuation && before.mode !== 'idle' ? continuationShown(session, w, state, line, before.mode, masked) : commandShown(session, w, line, before);
  if (pretty && shown !== undefined) w.print(shown);
  said();
  if (imap && (imap.mode === 'literal-body' || imap.mode === 'literal-wait')) state.literalLeft = literalAnnounced(line, before.mode, state);
}

/** A line that starts a command (or DONE during IDLE): shown with the tag it went out with. */
function commandShown(session: SessionContext, w: Wiring, line: string, before: { mode?: string; tags: number }): string | undefined {
  const typed = splitComment(line).text.trim();
  if (typed === '') return undefined;
  // RFC 2177: `done` (the tutorial types `. done`) goes out untagged, as DONE.
  if (before.mode === 'idle' && /^(\S+\s+)?done$/i.test(typed)) return renderClientLine('DONE', session.theme);
  const tagsBefore = before.tags;
  const masked = maskSecrets(w.protocol, typed);
  const tags = session.client instanceof ImapClient ? session.client.conversation.pendingTags : [];
  // A tag that came with this line and is not its first word is one mailscope added.
  const tag = tags.length > tagsBefore ? tags[tags.length - 1] : undefined;
  const text = tag !== undefined && typed.split(/\s/)[0] !== tag ? `${tag} ${masked.masked}` : masked.masked;
  return renderClientLine(text, session.theme, { redacted: masked.hasSecret });
}

/** A line that continues a command: a literal's bytes, the command line after a literal, a SASL response. */
function continuationShown(session: SessionContext, w: Wiring, state: EchoState, line: string, mode: string | undefined, masked: string | undefined): string | undefined {
  const theme = session.theme;
  const bytes = Buffer.byteLength(line) + 2;
  if (mode === 'continue-line') {
    const typed = splitComment(line).text;
    return typed.trim() === '' ? undefined : renderClientLine(masked ?? typed, theme, { redacted: masked !== undefined });
  }
  if (mode !== 'literal-body') return renderClientLine(`… ${bytes} bytes`, theme);
  const took = Math.min(bytes, state.literalLeft);
  state.literalLeft -= took;
  if (took === bytes) return renderClientLine(`… ${bytes} bytes`, theme);
  // RFC 3501 4.3: the literal ends inside the line; the rest is the command's (a note says so when it is more than CRLF).
  const ended = took === bytes - 2 ? ', then the line end, which ends the command' : '';
  return renderClientLine(`… ${took} bytes`, theme) + theme.dim(ended);
}

/** The size of the literal this line announced (or the rest of a literal line did). */
function literalAnnounced(line: string, mode: string | undefined, state: EchoState): number {
  if (mode !== 'literal-body') return trailingLiteral(splitComment(line).text)?.size ?? 0;
  return state.literalLeft > 0 ? state.literalLeft : trailingLiteral(line)?.size ?? 0;
}

/** Runs `work` with what it prints held; returns the printing of it. */
function heldWhile(w: Wiring, work: () => void): () => void {
  const held: Array<() => void> = [];
  const { print, printProblem } = w;
  w.print = (t) => {
    // The printer's bytes are its own again at the next response: held, they are copied.
    const kept = typeof t === 'string' ? t : ownBytes(t);
    held.push(() => print(kept));
  };
  w.printProblem = (t) => held.push(() => printProblem(t));
  try {
    work();
  } finally {
    w.print = print;
    w.printProblem = printProblem;
  }
  return () => held.forEach((show) => show());
}

/** What the IMAP command in progress still needs from the script, for the no-answer error. */
function stillWanted(session: SessionContext, state: EchoState): string | undefined {
  if (!(session.client instanceof ImapClient)) return undefined;
  const mode = session.client.conversation.mode;
  if (mode === 'continue-line') return "the literal ended; the command goes on until an empty line (-c '', or a blank line on stdin)";
  if (mode === 'literal-body') return `the literal still wants ${state.literalLeft} bytes`;
  return undefined;
}
