// The mechanism table: every SASL mechanism mailscope speaks, in order of preference within
// each kind of secret (strongest first: SCRAM proves the server knows the password too;
// CRAM-MD5 keeps the password off the wire; PLAIN and LOGIN send it, TLS required).
import { MailscopeError } from '../../errors.js';
import { cramMd5 } from './cram-md5.js';
import { external } from './external.js';
import { login } from './login.js';
import { oauthbearer } from './oauthbearer.js';
import { plain } from './plain.js';
import { scramSha1, scramSha256 } from './scram.js';
import type { SaslMechanism } from './types.js';
import { xoauth2 } from './xoauth2.js';

export const MECHANISMS: readonly SaslMechanism[] = [
  scramSha256, scramSha1, cramMd5, plain, login, oauthbearer, xoauth2, external,
];

export function findMechanism(name: string): SaslMechanism | undefined {
  const wanted = name.toUpperCase();
  return MECHANISMS.find((mechanism) => mechanism.name === wanted);
}

export function mechanismOrThrow(name: string): SaslMechanism {
  const mechanism = findMechanism(name);
  if (!mechanism) {
    const known = MECHANISMS.map((m) => m.name).join(', ');
    throw new MailscopeError('AUTH_MECHANISM_UNSUPPORTED', `SASL mechanism ${name} is not supported (known: ${known})`);
  }
  return mechanism;
}
