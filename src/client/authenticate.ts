// Logging in on the user's behalf: the best mechanism the server announced (or the one asked
// for), the SASL exchange driven step by step (RFC 4422; IMAP AUTHENTICATE RFC 3501 6.2.2
// with SASL-IR RFC 4959; POP3 AUTH RFC 5034), USER/PASS and APOP (RFC 1939). Each command
// is shown as a script's lines are (its tag, each secret argument masked), each SASL step
// decoded and redacted; secrets never reach the display.
import { MailscopeError } from '../errors.js';
import { quoted } from '../protocol/imap/writer.js';
import { maskSecrets } from '../session/secrets.js';
import { apopDigest, bestMechanism, createSaslClient, greetingTimestamp, type SaslClient } from '../protocol/sasl/index.js';
import type { ImapClient } from './imap-client.js';
import type { Pop3Client } from './pop3-client.js';
import type { ProtocolClient } from './types.js';

export interface LoginRequest {
  user: string;
  password?: string;
  token?: string;
  authzid?: string;
  /** A SASL mechanism, or LOGIN-COMMAND (IMAP LOGIN), USER (POP3 USER/PASS), APOP. */
  mechanism?: string;
  clientCert: boolean;
  host: string;
  port: number;
  /** Each SASL step, decoded and redacted, for the display; and each command, without onCommand. */
  onStep(direction: 'client' | 'server', text: string): void;
  /**
   * Each command of the login once sent, with its tag, each secret argument masked (`hasSecret`
   * says one was): the display's `C:` line, which raw mode (showing the wire) does without.
   * Without it the command goes to onStep as a client step, with the note a masked echo has.
   */
  onCommand?(masked: string, hasSecret: boolean): void;
}

export interface LoginResult {
  ok: boolean;
  mechanism: string;
  status: string;
}

/** Mechanisms announced: IMAP `AUTH=X` capabilities, POP3 `SASL X Y` CAPA line. */
export function announcedMechanisms(client: ProtocolClient): string[] {
  const caps = [...client.capabilities];
  if (client.protocol === 'imap') return caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
  return caps.filter((c) => c.startsWith('SASL ')).flatMap((c) => c.split(/\s+/).slice(1));
}

/**
 * SASL mechanisms that send the password itself (RFC 4616, draft-murchison-sasl-login): APOP,
 * which sends only a digest (RFC 1939 7), is the better choice over them.
 */
const SENDS_PASSWORD: ReadonlySet<string> = new Set(['PLAIN', 'LOGIN']);

export function chooseMechanism(client: ProtocolClient, req: Pick<LoginRequest, 'mechanism' | 'password' | 'token' | 'clientCert'>): string {
  if (req.mechanism) return req.mechanism.toUpperCase();
  const best = bestMechanism(announcedMechanisms(client), { password: req.password !== undefined, token: req.token !== undefined, clientCert: req.clientCert });
  if (client.protocol === 'pop3') return choosePop3(client as Pop3Client, best, req.password !== undefined);
  if (best) return best;
  if (req.password === undefined) throw new MailscopeError('NO_SECRET', 'no password or token to log in with');
  if (client.capabilities.has('LOGINDISABLED')) {
    throw new MailscopeError('AUTH_MECHANISM_UNSUPPORTED', 'the server announced LOGINDISABLED and no SASL mechanism we can use: STARTTLS first (--starttls)');
  }
  return 'LOGIN-COMMAND';
}

/** POP3: SASL (RFC 5034) unless it would send the password and APOP can, then USER/PASS. */
function choosePop3(client: Pop3Client, best: string | undefined, hasPassword: boolean): string {
  if (best && !SENDS_PASSWORD.has(best)) return best;
  // APOP needs the greeting's timestamp (RFC 1939 7).
  if (hasPassword && greetingTimestamp(client.greetingText)) return 'APOP';
  if (best) return best;
  if (!hasPassword) throw new MailscopeError('NO_SECRET', 'no password or token to log in with');
  return 'USER';
}

/**
 * The mechanisms are chosen from the capabilities, so they are asked first when none are known:
 * a POP3 greeting carries none (CAPA, RFC 2449 5), an IMAP greeting need not (RFC 3501 7.1).
 */
export async function learnCapabilities(client: ProtocolClient, show?: CommandShown): Promise<void> {
  if (client.capabilities.size > 0) return;
  const line = client.protocol === 'imap' ? 'CAPABILITY' : 'CAPA';
  await (show ? sentShown(client, line, show) : client.command(line));
}

export async function login(client: ProtocolClient, req: LoginRequest): Promise<LoginResult> {
  if (!req.mechanism) await learnCapabilities(client, req);
  const mechanism = chooseMechanism(client, req);
  if (mechanism === 'LOGIN-COMMAND') return loginCommand(client as ImapClient, req);
  if (mechanism === 'USER') return userPass(client as Pop3Client, req);
  if (mechanism === 'APOP') return apop(client as Pop3Client, req);
  return sasl(client, mechanism, req);
}

async function loginCommand(client: ImapClient, req: LoginRequest): Promise<LoginResult> {
  const password = need(req.password, 'password');
  const r = await sentShown(client, `LOGIN ${quoted(req.user)} ${quoted(password)}`, req);
  return { ok: r.ok, mechanism: 'LOGIN command', status: r.status };
}

async function userPass(client: Pop3Client, req: LoginRequest): Promise<LoginResult> {
  const password = need(req.password, 'password');
  const user = await sentShown(client, `USER ${req.user}`, req);
  if (!user.ok) return { ok: false, mechanism: 'USER/PASS', status: user.status };
  const r = await sentShown(client, `PASS ${password}`, req);
  return { ok: r.ok, mechanism: 'USER/PASS', status: r.status };
}

async function apop(client: Pop3Client, req: LoginRequest): Promise<LoginResult> {
  const stamp = greetingTimestamp(client.greetingText);
  if (!stamp) throw new MailscopeError('AUTH_MECHANISM_UNSUPPORTED', 'APOP needs a <timestamp> in the greeting, and this server sent none');
  const answer = sentShown(client, `APOP ${req.user} ${apopDigest(stamp, need(req.password, 'password'))}`, req);
  // What the masked argument was, as a SASL step is described: the echo alone says only "***".
  req.onStep('client', `digest=<MD5 of the greeting's ${stamp} and the password, redacted> (RFC 1939 7)`);
  const r = await answer;
  return { ok: r.ok, mechanism: 'APOP', status: r.status };
}

async function sasl(client: ProtocolClient, mechanism: string, req: LoginRequest): Promise<LoginResult> {
  const mech: SaslClient = createSaslClient(mechanism, { user: req.user, password: req.password, token: req.token, authzid: req.authzid, host: req.host, port: req.port });
  const verb = client.protocol === 'imap' ? 'AUTHENTICATE' : 'AUTH';
  const initial = mech.initialResponse();
  // POP3 AUTH always allows an initial response (RFC 5034 4); IMAP only with SASL-IR (RFC 4959).
  const inline = initial !== undefined && (client.protocol === 'pop3' || client.capabilities.has('SASL-IR'));
  let pendingInitial = inline ? undefined : initial;
  let failure: unknown;
  client.continuationHook = (text) => {
    try {
      const challenge = Buffer.from(text.trim(), 'base64');
      req.onStep('server', mech.describeStep('server', challenge));
      const response = pendingInitial ?? mech.respond(challenge);
      pendingInitial = undefined;
      req.onStep('client', mech.describeStep('client', response));
      // An empty continuation answer is an empty line; "=" is only for the initial response.
      client.submit(Buffer.from(response).toString('base64'));
    } catch (err) {
      failure = err;
      client.submit('*'); // cancels the exchange (RFC 3501 6.2.2, RFC 5034 4)
    }
  };
  try {
    const answer = sentShown(client, `${verb} ${mechanism}${inline ? ` ${base64(initial)}` : ''}`, req);
    // The initial response decoded, as each later step is: the command's echo masks it whole.
    if (inline) req.onStep('client', mech.describeStep('client', initial));
    const r = await answer;
    if (failure) throw failure;
    if (r.ok) mech.finish?.(undefined);
    return { ok: r.ok, mechanism, status: r.status };
  } finally {
    client.continuationHook = undefined;
  }
}

/** Where a login's commands are shown (LoginRequest). */
export type CommandShown = Pick<LoginRequest, 'onStep' | 'onCommand'>;

/** What the display adds to a line whose secret it hid, as a script's echo does (renderClientLine). */
const SECRET_HIDDEN = '  (secret hidden)';

/**
 * Sends one of the login's commands and shows it as a script's own lines are shown: with the
 * tag it went out with, each secret argument masked by the same table that masks a typed LOGIN
 * (maskSecrets). Shown once sent, before any answer can arrive.
 */
function sentShown(client: ProtocolClient, line: string, show: CommandShown): Promise<{ ok: boolean; status: string }> {
  const tagsBefore = client.protocol === 'imap' ? client.promptInfo().waiting.length : 0;
  const answer = client.command(line);
  const tags = client.protocol === 'imap' ? client.promptInfo().waiting : [];
  const tag = tags.length > tagsBefore ? `${tags[tags.length - 1]} ` : '';
  const { masked, hasSecret } = maskSecrets(client.protocol, line);
  if (show.onCommand) show.onCommand(`${tag}${masked}`, hasSecret);
  else show.onStep('client', `${tag}${masked}${hasSecret ? SECRET_HIDDEN : ''}`);
  return answer;
}

/** An empty response is sent as "=" (RFC 4959 3, RFC 5034 4). */
function base64(bytes: Uint8Array): string {
  return bytes.length === 0 ? '=' : Buffer.from(bytes).toString('base64');
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new MailscopeError('NO_SECRET', `no ${what} to log in with`);
  return value;
}
