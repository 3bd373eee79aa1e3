// The interactive REPL on node:readline. Server output arriving while the user types is
// printed above the prompt and the half-typed line is drawn again; the prompt shows server,
// protocol, TLS, state and tags waiting.
import readline from 'node:readline';
import { completeForTab } from '../registry/completion.js';
import { historyEntry, HistoryFile } from './history.js';
import { controlEcho, SecretEcho, situationOf } from './mask-echo.js';
import { metaCommands, runMeta } from './meta-commands.js';
import { createPrintBatch, erasePromptEscapes } from './print-batch.js';
import { ownBytes, type Printable } from './byte-batch.js';
import { layoutWidth } from './width.js';
import { renderPrompt } from './prompt.js';
import type { SessionContext } from './context.js';
import type { Guard } from './guard.js';
import type { PromptInfo } from '../client/types.js';

export interface ReplIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  historyPath?: string;
  /** How long a second Ctrl-C at an empty prompt counts as "twice". */
  doubleInterruptMs?: number;
}

export interface Repl {
  /** Print a line above the prompt, keeping the half-typed line; bytes and written lines are read before it returns. */
  print(text: Printable): void;
  /** Resolves when the REPL ends (Ctrl-D, :quit, connection closed). */
  done: Promise<void>;
  /** The terminal went away (its input failed): the session ended as after SIGHUP. */
  readonly hungUp: boolean;
  close(): void;
  /** A line of text asked for (a user name). */
  question(text: string): Promise<string>;
  /**
   * A y/N question (a password about to cross in clear), answered by its first key: y is yes,
   * anything else (Enter, n, Ctrl-C, Esc) no. The rest of what is typed is not the answer.
   */
  confirm(text: string): Promise<boolean>;
  /** A masked prompt (enquirer) while readline steps aside; undefined when cancelled. */
  askSecret(text: string): Promise<string | undefined>;
  /**
   * Lines typed before `until` settles wait for it: during `--login`'s SASL exchange a typed
   * line would go out as the exchange's next response.
   */
  holdLinesUntil(until: Promise<unknown>): void;
}

const QUIT_WORDS = /^(quit|exit)$/i;
const NEWLINE = Buffer.from('\n');

export function startRepl(ctx: SessionContext, io: ReplIO, guard: Guard): Repl {
  const history = new HistoryFile(io.historyPath);
  const where = `${ctx.endpoint.host}:${ctx.endpoint.port}`;
  // The terminal's width now: a prompt too long for it drops the server's address.
  const prompt = () => renderPrompt(promptInfo(ctx), where, ctx.transport.encrypted, ctx.theme, layoutWidth(io.output as NodeJS.WriteStream, undefined));
  const rl = readline.createInterface({
    input: io.input,
    output: io.output,
    terminal: true,
    history: history.load(),
    historySize: 1000,
    removeHistoryDuplicates: true,
    prompt: prompt(),
    // No completion while a secret is typed: its list would show as stars, its insertion change the secret.
    completer: (line: string): [string[], string] => (typingSecret() ? [[], line] : completer(ctx, line)),
  });
  const rlHistory = (rl as unknown as { history: string[] }).history;
  let closed = false;
  let redraw: NodeJS.Immediate | undefined;
  let lastInterrupt = 0;
  // Whether the prompt and the line typed so far are on screen (Enter leaves them behind).
  let promptOnScreen = false;
  let asking = false;
  // The question waiting for its answer: Ctrl-C or Esc aborts it (readline's AbortSignal).
  let questionAbort: AbortController | undefined;
  // A y/N question open: hears the keys typed, the first deciding it.
  let answerKey: ((sequence: string | undefined, key: { name?: string } | undefined) => void) | undefined;
  // The Enter typed right after a y/N question's key (`y` then Enter, out of habit) ends that
  // answer: it is not an empty line for the session (during AUTHENTICATE it would go out).
  let enterEndsAnswer = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  // Secrets typed stay off the screen: masked as typed when the session knows the line is one
  // (a SASL response, a password literal), written again masked after Enter in any case.
  const secretEcho = new SecretEcho(ctx.protocol);
  // Lines entered whose turn has not come: the session has not seen them yet.
  let linesWaiting = 0;
  const typingSecret = () => !asking && secretEcho.typingSecret(situationOf(ctx.client));
  const echo = controlEcho(rl, typingSecret);

  // What a turn prints goes out in one write, the prompt's erasure first; whatever else writes
  // to the terminal (the prompt, a question, the masked prompt, the end) writes it first.
  const printed = createPrintBatch(
    (text) => io.output.write(text),
    () => {
      const escapes = erasePromptRows(rl, promptOnScreen);
      promptOnScreen = false;
      return escapes;
    },
  );
  const finish = () => {
    printed.flush();
    resolveDone();
  };

  const showPrompt = () => {
    printed.flush();
    if (closed) return;
    redraw = undefined;
    // A y/N question keeps its own text as the prompt until it is answered.
    if (!asking) rl.setPrompt(prompt());
    rl.prompt(true);
    promptOnScreen = true;
  };
  const print = (text: Printable) => {
    if (closed) {
      printed.flush();
      // The printer's bytes are its own again at the next response: the stream gets a copy.
      io.output.write(typeof text === 'string' ? `${text}\n` : Buffer.concat([ownBytes(text), NEWLINE]));
      return;
    }
    printed.add(text);
    redraw ??= setImmediate(showPrompt);
  };

  const keepHistory = (line: string, inContinuation: boolean) => {
    const entry = historyEntry(ctx.protocol, line, inContinuation);
    if (entry === undefined) return;
    if (rlHistory[0] !== entry) rlHistory.unshift(entry);
    history.append(entry);
  };

  // Lines are handled one after the other, each once the one before was sent. Pasted lines
  // arrive together: the second of `authenticate plain` / `<base64>` is a SASL response (kept
  // out of history) and `select` after `login` meets the state the login brings, only if each
  // is judged after the one before went out. A line waiting on a question goes first, too.
  let turn: Promise<void> = Promise.resolve();
  const inTurn = async (line: string): Promise<void> => {
    linesWaiting--;
    const inContinuation = ctx.client.continuing;
    keepHistory(line, inContinuation);
    await handleLine(line, inContinuation).finally(showPrompt);
  };

  rl.on('line', (line: string) => {
    if (enterEndsAnswer && line === '') {
      enterEndsAnswer = false;
      // readline ended the row: the prompt is drawn again below it.
      promptOnScreen = false;
      redraw ??= setImmediate(showPrompt);
      return;
    }
    // Before anything else is written: the line entered is still right above the cursor. What
    // the print batch holds goes out after it, as it would have without the rewrite.
    const shown = asking ? undefined : secretEcho.shown(line, linesWaiting === 0 ? situationOf(ctx.client) : undefined);
    if (shown !== undefined) io.output.write(echo.rewrite(promptOnScreen ? rl.getPrompt() : '', line, shown));
    linesWaiting++;
    promptOnScreen = false;
    // readline put the line at the front already; inTurn keeps it only as history may hold it.
    if (rlHistory[0] === line) rlHistory.shift();
    // :quit never waits behind a line still in progress (a meta-command on a server that hangs).
    if (line.trim() === ':quit') void inTurn(line);
    else turn = turn.then(() => inTurn(line)).catch((err: Error) => print(ctx.theme.problem(err.message)));
  });

  const handleLine = async (line: string, inContinuation: boolean): Promise<void> => {
    if (!inContinuation && line.startsWith(':')) return runMeta(ctx, line);
    const quitWord = !inContinuation && QUIT_WORDS.test(line.trim());
    // POP3 has a QUIT command of its own, sent as typed while the connection is up.
    if (quitWord && (ctx.protocol === 'imap' || ctx.transport.isClosed)) return ctx.quit();
    if (ctx.transport.isClosed) {
      if (line.trim() !== '') print(ctx.theme.no('not connected: :reconnect to open the connection again, :quit to leave'));
      return;
    }
    // DONE during IDLE is not a command to judge.
    if (!inContinuation && !ctx.client.wantsContinuationLine && !(await guard.allow(line))) return;
    ctx.client.submit(line);
  };

  // Esc at a question cancels it, as Ctrl-C does (enquirer's masked prompt does the same).
  // Heard after readline's own listener: a key that ended a line has been handled already.
  io.input.on('keypress', (s: string | undefined, key: { name?: string } | undefined) => {
    if (key?.name !== 'return' && key?.name !== 'enter') enterEndsAnswer = false;
    if (key?.name === 'escape') questionAbort?.abort();
    else answerKey?.(s, key);
  });

  rl.on('SIGINT', () => {
    if (questionAbort) {
      questionAbort.abort();
      return;
    }
    const info = ctx.client.promptInfo();
    if (info.continuation?.startsWith('IDLE')) {
      // The DONE it sends is shown, as the `done` typed instead would be (RFC 2177).
      ctx.ownLines(() => ctx.client.interrupt());
      return;
    }
    if (rl.line.length > 0) {
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (ctx.client.busy) {
      ctx.display.interrupt();
      print(ctx.theme.dim('display stopped until the command completes; the connection stays open'));
      return;
    }
    const now = Date.now();
    if (now - lastInterrupt < (io.doubleInterruptMs ?? 2000)) {
      void ctx.quit();
      return;
    }
    lastInterrupt = now;
    print(ctx.theme.dim('press Ctrl-C again (or Ctrl-D, or type :quit) to log out and exit'));
  });

  // A closed terminal (SIGHUP, a dropped ssh) fails the input with EIO when readline restores
  // it: the session ends as with Ctrl-D, and what it still prints goes nowhere, without an error.
  let hungUp = false;
  rl.on('error', () => {
    hungUp = true;
    io.output.on('error', () => {});
  });

  rl.on('close', () => {
    if (closed) return;
    printed.flush();
    closed = true;
    // Ctrl-D leaves the cursor after the prompt: what follows (the BYE) starts on its own line.
    io.output.write('\n');
    history.trim();
    void ctx.quit().finally(finish);
  });

  showPrompt();
  return {
    print,
    done,
    get hungUp() {
      return hungUp;
    },
    holdLinesUntil(until) {
      turn = turn.then(() => until).then(() => {}, () => {});
    },
    close() {
      printed.flush();
      if (closed) return;
      closed = true;
      rl.close();
      finish();
    },
    question: (text: string) =>
      new Promise((resolve, reject) => {
        printed.flush();
        const abort = new AbortController();
        const settle = () => {
          promptOnScreen = false;
          asking = false;
          questionAbort = undefined;
        };
        rl.question(text, { signal: abort.signal }, (answer) => {
          settle();
          resolve(answer);
        });
        // After readline's own abort listener (added by rl.question), which drops the question
        // and ends its line without calling back: the caller hears AbortError instead.
        abort.signal.addEventListener('abort', () => {
          settle();
          reject(Object.assign(new Error('question cancelled'), { name: 'AbortError' }));
        });
        promptOnScreen = true;
        asking = true;
        questionAbort = abort;
      }),
    confirm: (text: string) =>
      new Promise((resolve) => {
        printed.flush();
        const abort = new AbortController();
        let decided: boolean | undefined;
        const settle = () => {
          promptOnScreen = false;
          asking = false;
          questionAbort = undefined;
          answerKey = undefined;
        };
        // Enter first: readline gives the empty line, a no.
        rl.question(text, { signal: abort.signal }, (answer) => {
          settle();
          resolve(/^y(es)?$/i.test(answer.trim()));
        });
        // After readline's own abort listener, which ends the question's row with the key on it.
        abort.signal.addEventListener('abort', () => {
          settle();
          resolve(decided ?? false);
        });
        promptOnScreen = true;
        asking = true;
        questionAbort = abort;
        answerKey = (sequence) => {
          // Keys that type nothing (arrows, Tab) decide nothing.
          if (sequence === undefined || sequence.length !== 1 || sequence < ' ' || sequence === '\x7f') return;
          decided = /^y$/i.test(sequence);
          enterEndsAnswer = true;
          // The key is the answer: what is typed after it starts a new line at the prompt, so a
          // login typed again after `n` is never echoed, password and all, as the answer.
          abort.abort();
        };
      }),
    askSecret: (text: string) => {
      printed.flush();
      return maskedPrompt(io, text);
    },
  };
}

/** readline's record of the rows it drew above the cursor, which its next redraw climbs (internal, Node 12 on). */
type DrawnRows = { prevRows?: number };

/**
 * What clears the prompt and the half-typed line from the screen, every row of them, and leaves
 * the cursor at the start of the first, where the text printed above the prompt goes. A prompt
 * plus line wider than the terminal wraps onto several rows; clearing only the cursor's row
 * left the rows above on screen, and readline's next redraw, which climbs back the rows it
 * drew, then climbed into the printed text and erased it.
 */
function erasePromptRows(rl: readline.Interface, onScreen: boolean): string {
  // The rows above the cursor, counted afresh at the terminal's columns with readline's own
  // character widths (`·` one column, CJK two): readline's record is stale after a paste,
  // whose characters it writes without counting rows. After Enter only what was typed ahead
  // is on screen, on the cursor's row.
  const rowsAbove = onScreen ? rl.getCursorPos().rows : 0;
  // The prompt is redrawn from this row: nothing above the cursor is readline's any more.
  (rl as unknown as DrawnRows).prevRows = 0;
  return erasePromptEscapes(rowsAbove);
}

/**
 * enquirer's password prompt on the REPL's own streams. readline's keypress listener is
 * taken off the input meanwhile, so the secret never reaches readline's line or history.
 */
async function maskedPrompt(io: ReplIO, message: string): Promise<string | undefined> {
  const input = io.input as NodeJS.ReadStream;
  const saved = input.listeners('keypress') as Array<(...args: unknown[]) => void>;
  input.removeAllListeners('keypress');
  try {
    const { default: Enquirer } = await import('enquirer');
    const answer = (await new Enquirer({ stdin: input, stdout: io.output as NodeJS.WriteStream } as never).prompt({
      type: 'password',
      name: 'secret',
      message: message.replace(/:\s*$/, ''),
    })) as { secret: string };
    return answer.secret;
  } catch {
    return undefined; // Ctrl-C or Esc in the prompt
  } finally {
    input.removeAllListeners('keypress');
    for (const listener of saved) input.on('keypress', listener);
    // enquirer leaves the terminal in cooked mode, which would echo every key twice.
    if (input.isTTY && typeof input.setRawMode === 'function') input.setRawMode(true);
    input.resume();
  }
}

/** What the prompt shows; once the connection is gone, the session's state is gone with it. */
function promptInfo(ctx: SessionContext): PromptInfo {
  const info = ctx.client.promptInfo();
  return ctx.transport.isClosed ? { protocol: info.protocol, state: 'disconnected', waiting: [] } : info;
}

function completer(ctx: SessionContext, line: string): [string[], string] {
  const imap = ctx.client.protocol === 'imap' ? (ctx.client as import('../client/imap-client.js').ImapClient) : undefined;
  const state = imap ? imap.conversation.tracker.state : (ctx.client as import('../client/pop3-client.js').Pop3Client).conversation.state;
  const result = completeForTab(line, {
    protocol: ctx.protocol,
    state: state as never,
    capabilities: ctx.client.capabilities,
    mailboxes: imap?.conversation.tracker.mailboxes ?? [],
    metaCommands: metaCommands(ctx).map((m) => m.name),
  });
  return [result.candidates, line.slice(result.replaceFrom)];
}
