// Not-authenticated state (RFC 3501 section 6.2): STARTTLS, AUTHENTICATE (with SASL-IR,
// RFC 4959), LOGIN. A failed login looks the same whether the user or the password was
// wrong (RFC 3501 11.3: do not help guessing), with RFC 5530 [AUTHENTICATIONFAILED].

import { createSaslServer } from '../../../protocol/sasl/index.js';
import type { SaslServerStep } from '../../../protocol/sasl/types.js';
import { decodeSaslLine, encodeSaslLine } from '../../sasl-base64.js';
import { requireCount, requireText, textOf } from '../args.js';
import { bad, no, ok, type Completion, type Handler, type ImapContext } from '../context.js';

export const STARTTLS: Handler = (ctx, call) => {
  requireCount(call.args, 0, 'STARTTLS');
  if (ctx.tls || !ctx.config.startTlsAvailable) return bad('TLS is already active or not available', 'CLIENTBUG');
  return { ...ok('Begin TLS negotiation now'), after: () => ctx.startTls() };
};

function loginDisabled(ctx: ImapContext): boolean {
  return ctx.config.loginDisabledBeforeTls && !ctx.tls;
}

function loggedIn(ctx: ImapContext, user: string, how: string): Completion {
  const account = ctx.store.account(user);
  if (!account) return no('Authentication failed', 'AUTHENTICATIONFAILED');
  ctx.account = account;
  ctx.state = 'authenticated';
  ctx.log(`logged in as ${account.user} (${how})`);
  // RFC 3501 7.2.1 / RFC 9051: a server may send CAPABILITY in the OK; the list changes now.
  return ok('Logged in', `CAPABILITY ${ctx.config.capabilities(ctx).join(' ')}`);
}

export const LOGIN: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'LOGIN userid password');
  const user = requireText(call.args, 0, 'userid');
  const password = requireText(call.args, 1, 'password');
  if (loginDisabled(ctx)) return no('LOGIN is disabled before STARTTLS', 'PRIVACYREQUIRED');
  if (!ctx.store.authenticate(user, password)) return no('Authentication failed', 'AUTHENTICATIONFAILED');
  return loggedIn(ctx, user, 'LOGIN');
};

export const AUTHENTICATE: Handler = async (ctx, call) => {
  if (call.args.length < 1 || call.args.length > 2) return bad('expected: AUTHENTICATE mechanism [initial-response]');
  const mechanism = requireText(call.args, 0, 'mechanism').toUpperCase();
  if (loginDisabled(ctx)) return no('Authentication is disabled before STARTTLS', 'PRIVACYREQUIRED');
  if (!ctx.config.saslMechanisms.includes(mechanism)) return no(`Unsupported mechanism ${mechanism}`, 'CANNOT');
  const server = createSaslServer(mechanism, (user) => ctx.store.account(user), { hostname: ctx.config.hostname });
  let initial: Uint8Array | undefined;
  if (call.args.length === 2) {
    // RFC 4959: "=" is an empty initial response.
    initial = decodeSaslLine(textOf(call.args[1]) ?? '');
    if (!initial) return bad('initial response is not base64');
  }
  let step: SaslServerStep = server.start(initial);
  while (step.kind === 'challenge') {
    ctx.continuation(encodeSaslLine(step.data));
    const line = await ctx.readLine();
    if (line === undefined) return no('connection closed');
    if (line === '*') return bad('AUTHENTICATE cancelled'); // RFC 3501 6.2.2
    const response = decodeSaslLine(line);
    if (!response) return bad('response is not base64');
    step = server.step(response);
  }
  if (step.data) {
    // RFC 4422 3.6 additional data: IMAP sends it as a challenge, the client answers empty.
    ctx.continuation(encodeSaslLine(step.data));
    const line = await ctx.readLine();
    if (line === undefined) return no('connection closed');
  }
  if (step.kind === 'failure') return no('Authentication failed', 'AUTHENTICATIONFAILED');
  return loggedIn(ctx, step.user, `AUTHENTICATE ${mechanism}`);
};
