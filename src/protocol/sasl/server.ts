// createSaslServer: server halves for the demo server. EXTERNAL is absent because the demo
// server does not ask for client certificates.
import { MailscopeError } from '../../errors.js';
import { mechanismOrThrow, MECHANISMS } from './mechanisms.js';
import type { SaslServer, SaslServerOptions, SaslUserLookup } from './types.js';

export function createSaslServer(mech: string, lookup: SaslUserLookup, opts: SaslServerOptions = {}): SaslServer {
  const mechanism = mechanismOrThrow(mech);
  if (!mechanism.createServer) {
    throw new MailscopeError('AUTH_MECHANISM_UNSUPPORTED', `the demo server does not offer ${mechanism.name}`);
  }
  return mechanism.createServer(lookup, opts);
}

/** Mechanisms createSaslServer accepts, in preference order (for AUTH= / SASL capabilities). */
export const SERVER_MECHANISMS: readonly string[] = MECHANISMS.filter((m) => m.createServer).map((m) => m.name);
