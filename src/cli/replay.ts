// `mailscope replay FILE HOST[:PORT]`: send a transcript's client lines to a server and
// show, per exchange, whether the answers match. Exit 0 all matched, 1 differences,
// 2 no connection, a server of the other protocol, a login refused (or a usage error).

import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { MailscopeError } from '../errors.js';
import { connectPlain, connectTls, upgradeToTls, where, type Endpoint, type TlsSettings } from '../net/connect.js';
import { defaultPort, parseTarget } from '../net/target.js';
import { colorEnabled } from '../terminal/theme.js';
import type { Protocol } from '../transcript/exchange.js';
import { DIFF_CONTEXT, withContext } from '../transcript/diff.js';
import { openTranscriptSource, type TranscriptSource } from '../transcript/read-file.js';
import { prepareReplay, replayStream, type ExchangeResult, type LoginFirst, type ReplayConnection, type ReplaySummary, type ReplaySurvey } from '../transcript/replay.js';
import { MAILBOX_KEY, needsLoginMessage } from '../transcript/mid-session.js';
import { surveyReplay } from '../transcript/replay-exchange.js';
import { replayConnection } from '../transcript/replay-connection.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';

export interface DiffTheme {
  green(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export interface ReplayCliOptions {
  tls?: boolean;
  insecure?: boolean;
  ca?: string;
  servername?: string;
  loose?: boolean;
  renumberTags?: boolean;
  user?: string;
  /** Name of the environment variable holding the password. */
  passwordEnv?: string;
  /** Seconds to wait for each server line. */
  timeout?: string;
  color?: boolean;
}

export interface ReplayIO extends CliIO {
  theme?: DiffTheme;
  /** Asks for the password without echo; the default reads the terminal. */
  readPassword?: (prompt: string) => Promise<string>;
}

/** The environment variable read when --password-env is not given. */
export const PASSWORD_ENV = 'MAILSCOPE_PASSWORD';

export function diffTheme(color: boolean): DiffTheme {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return { green: chalk.green, red: chalk.red, dim: chalk.dim, bold: chalk.bold };
}

async function credentialsFor(redacted: boolean, opts: ReplayCliOptions, io: ReplayIO): Promise<{ user?: string; password?: string }> {
  const credentials: { user?: string; password?: string } = {};
  if (opts.user !== undefined) credentials.user = opts.user;
  if (!redacted) return credentials;
  const fromEnv = io.env[opts.passwordEnv ?? PASSWORD_ENV];
  if (opts.passwordEnv !== undefined && fromEnv === undefined) {
    throw new MailscopeError('NO_SECRET', `--password-env ${opts.passwordEnv}: that environment variable is not set`);
  }
  if (fromEnv !== undefined) credentials.password = fromEnv;
  else if (io.readPassword) credentials.password = await io.readPassword('Password for the redacted lines: ');
  else if (io.stdin.isTTY) credentials.password = await readHidden(io, 'Password for the redacted lines: ');
  return credentials;
}

/** A password prompt that does not echo what is typed. */
function readHidden(io: CliIO, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: io.stdin, output: muted, terminal: true });
  return new Promise((resolve) => rl.question('', (answer) => {
    rl.close();
    io.stderr.write('\n');
    resolve(answer);
  }));
}

/** Where the replay connects: HOST[:PORT], the protocol's port when none is given. */
function endpointFor(target: string, protocol: Protocol, opts: ReplayCliOptions): Endpoint {
  const parsed = parseTarget(target);
  return { host: parsed.host, port: parsed.port ?? defaultPort(protocol, opts.tls === true) };
}

/** The run's connection: TLS from the start with --tls, upgraded at a recorded `= starttls`. */
async function openConnection(ep: Endpoint, opts: ReplayCliOptions, timeoutMs: number): Promise<ReplayConnection> {
  const settings: TlsSettings = { insecure: opts.insecure === true };
  if (opts.ca !== undefined) settings.caFile = opts.ca;
  if (opts.servername !== undefined) settings.servername = opts.servername;
  const socket = opts.tls ? await connectTls(ep, settings, timeoutMs) : await connectPlain(ep, timeoutMs);
  return replayConnection(socket, (plain) => upgradeToTls(plain, ep, settings, timeoutMs));
}

function printExchange(r: ExchangeResult, theme: DiffTheme, out: NodeJS.WritableStream): void {
  // A refused login is said in one line after the run (ReplaySummary.loginRefused), not as a diff.
  if (r.loginRefused) return;
  const title = `${r.index + 1} ${r.command ?? (r.index === 0 ? 'greeting' : 'server lines')}`;
  const mark = r.ok ? theme.green('✓') : r.notCompared ? theme.dim('?') : theme.red('✗');
  out.write(r.ok ? `${mark} ${title}\n` : `${mark} ${theme.bold(title)}\n`);
  if (r.ok) return;
  for (const line of r.sent) out.write(theme.dim(`    C: ${line}`) + '\n');
  for (const d of r.cutDiff ?? withContext(r.diff)) {
    if (d.op === 'skip') out.write(theme.dim(`    … ${d.count} lines alike`) + '\n');
    else if (d.op === 'same') out.write(theme.dim(`    S: ${d.text}`) + '\n');
    else if (d.op === 'expected') out.write(theme.red(`  - S: ${d.text}`) + '\n');
    else out.write(theme.green(`  + S: ${d.text}`) + '\n');
  }
  if (r.problem) out.write(theme.red(`    ${r.problem}`) + '\n');
}

/** The last line: the counts add up to the exchanges, those not compared and not sent counted apart. */
export function summaryLine(summary: Pick<ReplaySummary, 'exchanges' | 'matched' | 'differed' | 'notReplayed'> & Partial<Pick<ReplaySummary, 'notCompared'>>): string {
  const notCompared = summary.notCompared ?? 0;
  const uncompared = notCompared > 0 ? `, ${notCompared} not compared` : '';
  const rest = summary.notReplayed > 0 ? `, ${summary.notReplayed} not replayed` : '';
  return `${summary.exchanges} exchanges: ${summary.matched} matched, ${summary.differed} differed${uncompared}${rest}`;
}

export async function runReplay(file: string, target: string, opts: ReplayCliOptions, io: ReplayIO): Promise<number> {
  const theme = io.theme ?? diffTheme(colorEnabled(io.env, io.stdout.isTTY === true, opts.color));
  const seconds = Number(opts.timeout ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0) {
    io.stderr.write(`mailscope: --timeout takes seconds > 0, not "${opts.timeout}"\n`);
    return 2;
  }
  let source: TranscriptSource;
  try {
    source = openTranscriptSource(file);
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
  try {
    return await replaySource(file, source, target, opts, io, theme, seconds * 1000);
  } finally {
    source.close();
  }
}

/**
 * The file is read three times at most, never whole: a first pass checks it and finds what is
 * needed before connecting, a second plans the redacted secrets (only with redactions), the
 * last replays it an exchange at a time.
 */
async function replaySource(file: string, source: TranscriptSource, target: string, opts: ReplayCliOptions, io: ReplayIO, theme: DiffTheme, timeoutMs: number): Promise<number> {
  let credentials: { user?: string; password?: string };
  let survey: ReplaySurvey;
  let loginFirst: LoginFirst | undefined;
  try {
    survey = surveyReplay(source.protocol, source.entries());
    // A recording begun after login is said before connecting, with what it needs.
    const startsAfterLogin = survey.startState !== 'fresh';
    const mailbox = source.header[MAILBOX_KEY];
    if (startsAfterLogin && (opts.user === undefined || (survey.startState === 'selected' && mailbox === undefined))) {
      io.stderr.write(`mailscope: ${needsLoginMessage(file, survey.startState, mailbox)}\n`);
      return 2;
    }
    credentials = await credentialsFor(survey.redacted || startsAfterLogin, opts, io);
    if (startsAfterLogin) {
      if (credentials.password === undefined) throw new MailscopeError('NO_SECRET', needsLoginMessage(file, survey.startState, mailbox));
      loginFirst = { user: credentials.user!, password: credentials.password, ...(survey.startState === 'selected' ? { mailbox: mailbox! } : {}) };
      const selecting = loginFirst.mailbox === undefined ? '' : ` and selecting "${loginFirst.mailbox}"`;
      io.stdout.write(theme.dim(`${file} starts after login: logging in as ${loginFirst.user}${selecting} first (not compared)`) + '\n');
    }
    // A missing secret is said before connecting.
    prepareReplay(source, { renumberTags: opts.renumberTags === true, credentials }, survey);
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
  let conn: ReplayConnection;
  let ep: Endpoint;
  try {
    ep = endpointFor(target, source.protocol, opts);
    conn = await openConnection(ep, opts, timeoutMs);
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
  try {
    const summary = await replayStream(source, conn, {
      loose: opts.loose === true,
      renumberTags: opts.renumberTags === true,
      credentials,
      timeoutMs,
      diffContext: DIFF_CONTEXT,
      keepResults: false,
      onExchange: (r) => printExchange(r, theme, io.stdout),
      names: { transcript: file, server: where(ep) },
      ...(loginFirst ? { loginFirst } : {}),
    }, survey);
    if (summary.loginRefused) {
      io.stderr.write(`${errorLine(summary.loginRefused)}\n`);
      return 2;
    }
    const line = summaryLine(summary);
    if (summary.failure) {
      // The error says why the replay stopped; the summary still counts every exchange (exit 2: no connection to go on with).
      io.stderr.write(`${errorLine(summary.failure)}\n`);
      io.stdout.write(theme.red(line) + '\n');
      return 2;
    }
    const allMatched = summary.differed === 0 && summary.notCompared === 0 && summary.notReplayed === 0;
    io.stdout.write((allMatched ? theme.green(line) : theme.red(line)) + '\n');
    return allMatched ? 0 : 1;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    conn.close();
  }
}
