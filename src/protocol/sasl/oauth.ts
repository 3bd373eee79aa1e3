// Pieces shared by XOAUTH2 (Google's format) and OAUTHBEARER (RFC 7628): ^A-separated
// key=value pairs carrying `auth=Bearer <token>`, and the JSON error challenge a server
// sends when the token is refused.
import { REDACTED, quote, sameText, text, utf8 } from './bytes.js';
import type { SaslServer, SaslServerStep } from './types.js';

export const KVSEP = '\x01';
export const DEMO_OAUTH_TOKEN = 'mailscope-demo-token';

/** Parses `key=value^A...^A^A` (the trailing kvsep ends the list). */
export function parseKvPairs(message: string): Map<string, string> | undefined {
  if (!message.endsWith(KVSEP + KVSEP) && message !== KVSEP) return undefined;
  const pairs = new Map<string, string>();
  for (const pair of message.slice(0, -2).split(KVSEP)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    pairs.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return pairs;
}

/** Bearer token from an `auth` value ("Bearer xyz", scheme case-insensitive, RFC 6750 §2.1). */
export function bearerToken(auth: string | undefined): string | undefined {
  const match = /^bearer +(.+)$/i.exec(auth ?? '');
  return match?.[1];
}

export function tokenMatches(auth: string | undefined, expected: string): boolean {
  const token = bearerToken(auth);
  return token !== undefined && sameText(token, expected);
}

/** Display of kvpairs with the auth value's credentials masked. */
export function describeKvPairs(pairs: Map<string, string>): string {
  return [...pairs]
    .map(([key, value]) => (key === 'auth' ? `auth=${maskAuth(value)}` : `${key}=${quote(value)}`))
    .join(' ');
}

/** Keeps the scheme word ("Bearer"), masks the credential after it. */
export function maskAuth(value: string): string {
  const space = value.indexOf(' ');
  return space < 0 ? REDACTED : `${value.slice(0, space)} ${REDACTED}`;
}

export function encodeKvPairs(pairs: Map<string, string>): string {
  return [...pairs].map(([key, value]) => `${key}=${value}${KVSEP}`).join('') + KVSEP;
}

export function maskKvPairs(pairs: Map<string, string>): Map<string, string> {
  return new Map([...pairs].map(([key, value]) => [key, key === 'auth' ? maskAuth(value) : value]));
}

/** The JSON error a server sends as a challenge (Google XOAUTH2 docs; RFC 7628 §3.2.2). */
export type OauthError = Record<string, unknown>;

export function decodeOauthError(bytes: Uint8Array): OauthError | undefined {
  try {
    const value: unknown = JSON.parse(text(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as OauthError) : undefined;
  } catch {
    return undefined;
  }
}

export function describeOauthChallenge(bytes: Uint8Array): string {
  if (bytes.length === 0) return '(empty)';
  const error = decodeOauthError(bytes);
  if (!error) return quote(text(bytes));
  const fields = Object.entries(error).map(([key, value]) => `${key}=${typeof value === 'string' ? quote(value) : JSON.stringify(value)}`);
  return `error: ${fields.join(' ')}`;
}

export function encodeOauthError(error: OauthError): Uint8Array {
  return utf8(JSON.stringify(error));
}

/**
 * The server half shared by XOAUTH2 and OAUTHBEARER: one client message, carrying a user and
 * an `auth=Bearer <token>` pair, checked against the expected token. A refusal carries the
 * JSON error as additional data (RFC 7628 3.2.2), which the protocol sends as a challenge.
 */
export function bearerServer(
  mechanism: string,
  lookup: (user: string) => unknown,
  expected: string,
  read: (message: string) => { user: string; auth: string | undefined } | undefined,
  refusal: OauthError,
): SaslServer {
  let answered = false;
  const verify = (bytes: Uint8Array): SaslServerStep => {
    if (answered) return { kind: 'failure', reason: 'unexpected message' };
    answered = true;
    const message = read(text(bytes));
    if (!message) return { kind: 'failure', reason: `malformed ${mechanism} message` };
    if (!lookup(message.user) || !tokenMatches(message.auth, expected)) {
      return { kind: 'failure', reason: 'invalid token', data: encodeOauthError(refusal) };
    }
    return { kind: 'success', user: message.user };
  };
  return {
    mechanism,
    start: (initial) => (initial === undefined ? { kind: 'challenge', data: new Uint8Array(0) } : verify(initial)),
    step: verify,
  };
}
