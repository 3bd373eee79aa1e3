// Picks the mechanism to use from what the server offers and what the user has.
import { MECHANISMS } from './mechanisms.js';

export interface SaslSecrets { password: boolean; token: boolean; clientCert: boolean }

/** The strongest mechanism both sides support (MECHANISMS order), or undefined. */
export function bestMechanism(serverMechs: string[], have: SaslSecrets): string | undefined {
  const offered = new Set(serverMechs.map((name) => name.toUpperCase()));
  const kinds = { password: have.password, token: have.token, clientCert: have.clientCert };
  return MECHANISMS.find((m) => kinds[m.needs] && offered.has(m.name))?.name;
}
