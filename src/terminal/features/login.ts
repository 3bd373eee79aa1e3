// `:login [USER]` and --login: pick the mechanism, find the secret, refuse to send it in
// clear to a remote host without asking, and show each step decoded and redacted.
import { learnCapabilities, login, type LoginResult } from '../../client/authenticate.js';
import { readCredentials } from '../../client/credentials.js';
import { imapCommand, pop3Command } from '../../registry/index.js';
import type { SessionContext } from '../context.js';
import { renderClientLine } from '../render-imap.js';
import type { MetaCommand } from '../meta-commands.js';

/** A command whose states the registry knows, and the words that refuse it elsewhere. */
export type StateRule = Record<'imap' | 'pop3', { command: string; refusal: string }>;

/** Logging in is for the first state only (RFC 3501 6.2, RFC 1939 3). */
const LOGIN_RULE: StateRule = {
  imap: { command: 'LOGIN', refusal: 'already authenticated (LOGIN and AUTHENTICATE are valid only before login, RFC 3501 6.2)' },
  pop3: { command: 'USER', refusal: 'already authenticated (in the TRANSACTION state; USER, APOP and AUTH are valid only in AUTHORIZATION, RFC 1939 3)' },
};

/**
 * The refusal when the state a command typed now would meet (after those still waiting) is
 * not one the registry lists for it; undefined when the command may go.
 */
export function refusalInState(ctx: SessionContext, rule: StateRule): string | undefined {
  const { command, refusal } = rule[ctx.protocol];
  const states = (ctx.protocol === 'imap' ? imapCommand(command) : pop3Command(command))?.states ?? 'any';
  return states === 'any' || (states as readonly string[]).includes(ctx.client.ahead().state) ? undefined : refusal;
}

/** Ctrl-C or Esc at a question: readline's abort (AbortError) or a prompt that gave nothing. */
class LoginCancelled extends Error {}

function isAbort(err: unknown): boolean {
  return err instanceof LoginCancelled || (err as Error | undefined)?.name === 'AbortError';
}

export async function runLogin(ctx: SessionContext, userArg?: string): Promise<LoginResult | undefined> {
  const refusal = refusalInState(ctx, LOGIN_RULE);
  if (refusal) {
    ctx.problem('warn', refusal);
    return undefined;
  }
  try {
    return await askAndLogin(ctx, userArg);
  } catch (err) {
    if (!isAbort(err)) throw err;
    ctx.problem('warn', 'login cancelled');
    return undefined;
  }
}

async function askAndLogin(ctx: SessionContext, userArg?: string): Promise<LoginResult | undefined> {
  const opts = ctx.credentialOptions;
  const creds = readCredentials({ ...opts, user: userArg ?? opts.user }, ctx.env, ctx.home, ctx.endpoint.host);
  const user = creds.user ?? (await ctx.askText('user name: '));
  if (!user) {
    ctx.problem('error', 'no user name: :login USER, or --user');
    return undefined;
  }
  const wantsToken = /OAUTH/i.test(opts.auth ?? '') || (creds.token !== undefined && creds.password === undefined);
  // EXTERNAL (RFC 4422 appendix A): the client certificate is the credential; no secret to send.
  const external = /^EXTERNAL$/i.test(opts.auth ?? '');
  if (!wantsToken && !external && creds.password === undefined) {
    creds.password = await ctx.askSecret(`password for ${user}: `);
    // In a terminal the masked prompt gives nothing only when Ctrl-C or Esc cancelled it.
    if (creds.password === undefined && ctx.interactive) throw new LoginCancelled();
    creds.source = 'prompt';
  }
  if (!external && creds.password === undefined && creds.token === undefined) {
    ctx.problem('error', 'no password or token: use --password-env VAR, --token-env VAR, ~/.netrc, or an interactive terminal');
    return undefined;
  }
  const shown = {
    onStep: (direction: 'client' | 'server', text: string) => ctx.print(ctx.theme.dim(`${direction === 'client' ? 'C' : 'S'}: ${text}`)),
    // The commands as a script's lines are shown; raw mode shows them from the wire already.
    onCommand: (masked: string, hasSecret: boolean) => {
      if (ctx.display.mode === 'pretty') ctx.print(ctx.theme.dim(renderClientLine(masked, ctx.theme, { redacted: hasSecret })));
    },
  };
  // Asked before the clear-text check too, so that it knows whether STARTTLS/STLS was offered.
  if (!opts.auth) await learnCapabilities(ctx.client, shown);
  // Closed meanwhile (a drop, or a signal that gave up on the answer): nothing to log in to.
  if (ctx.transport.isClosed) return undefined;
  if (!(await mayGoInClear(ctx))) return undefined;
  // Where the secret came from (never the secret), unless the user just typed it.
  if (creds.source && creds.source !== 'prompt') ctx.print(ctx.theme.dim(`${wantsToken ? 'token' : 'password'} from ${creds.source}`));
  const result = await login(ctx.client, {
    user,
    password: creds.password,
    token: creds.token,
    authzid: opts.authzid,
    mechanism: opts.auth,
    clientCert: ctx.settings.tls.certFile !== undefined,
    host: ctx.endpoint.host,
    port: ctx.endpoint.port,
    ...shown,
  });
  if (result.ok) ctx.print(ctx.theme.ok(`logged in as ${user} with ${result.mechanism}`));
  else ctx.problem('error', `login as ${user} with ${result.mechanism} failed (${result.status})`);
  return result;
}

/** RFC 8314 section 4 / RFC 2595: a secret in clear to a host that is not loopback needs consent. */
async function mayGoInClear(ctx: SessionContext): Promise<boolean> {
  if (ctx.transport.encrypted) return true;
  const offered = ctx.client.capabilities.has('STARTTLS') || ctx.client.capabilities.has('STLS');
  if (offered) ctx.display.listener.note('warn', `the server offers ${ctx.protocol === 'imap' ? 'STARTTLS' : 'STLS'} and it was not used: --starttls would encrypt this login`);
  if (ctx.loopback || ctx.allowPlaintextAuth) return true;
  const question = `the password would cross an unencrypted connection to ${ctx.endpoint.host}. Send it anyway? [y/N] `;
  const ok = await ctx.confirm(question, false);
  // A script is refused without a question: the line says why, as the question would have.
  if (!ok) ctx.problem('error', `login not sent: the password would cross an unencrypted connection to ${ctx.endpoint.host}, which is not loopback (use --starttls or --tls, or --allow-plaintext-auth)`);
  return ok;
}

export const LOGIN_META_COMMANDS: MetaCommand[] = [
  {
    name: 'login',
    usage: ':login [USER]',
    help: 'log in with the best mechanism announced (or --auth); the password is asked masked, or comes from --password-env / ~/.netrc',
    async run(ctx, [user]) {
      try {
        await runLogin(ctx, user);
      } catch (err) {
        ctx.problem('error', `login failed: ${(err as Error).message}`);
      }
    },
  },
];
