// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding
// (gs2 flag "n"). Both sides are here so the demo server and the client share the proof
// computation (RFC 5802 §3).
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { MailscopeError } from '../../errors.js';
import { REDACTED, digest, hmac, quote, sameBytes, text, utf8 } from './bytes.js';
import { saslPrep } from './saslprep.js';
import type { InspectedResponse, SaslMechanism, SaslServerOptions, SaslServerStep, SaslUserLookup } from './types.js';

const VARIANTS = {
  'SCRAM-SHA-1': { hash: 'sha1', keyLength: 20 },
  'SCRAM-SHA-256': { hash: 'sha256', keyLength: 32 },
} as const;
type ScramName = keyof typeof VARIANTS;
interface Variant { hash: string; keyLength: number }

// RFC 7677 §4: at least 4096 iterations; a client refuses absurdly low counts.
const DEFAULT_ITERATIONS = 4096;
const MIN_ITERATIONS = 1;

/** RFC 5802 §5.1 saslname: '=' and ',' are escaped as =3D and =2C. */
export function escapeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

export function unescapeSaslName(name: string): string {
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** Splits `a=1,b=2` into attributes. Values may contain '=' (base64), never ','. */
export function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) attributes.set(part[0]!, part.slice(2));
  }
  return attributes;
}

function gs2Header(authzid: string | undefined): string {
  return `n,${authzid ? `a=${escapeSaslName(authzid)}` : ''},`;
}

/** The keys of RFC 5802 §3 derived from one password. */
interface ScramKeys { clientKey: Buffer; storedKey: Buffer; serverKey: Buffer }

function deriveKeys(v: Variant, password: string, salt: Uint8Array, iterations: number): ScramKeys {
  // Hi() is PBKDF2 with HMAC-H and dkLen = output size of H (RFC 5802 §2.2).
  const saltedPassword = pbkdf2Sync(utf8(saslPrep(password)), salt, iterations, v.keyLength, v.hash);
  const clientKey = hmac(v.hash, saltedPassword, 'Client Key');
  return { clientKey, storedKey: digest(v.hash, clientKey), serverKey: hmac(v.hash, saltedPassword, 'Server Key') };
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b[i]!));
}

function proofOf(v: Variant, keys: ScramKeys, authMessage: string): Buffer {
  return xor(keys.clientKey, hmac(v.hash, keys.storedKey, authMessage));
}

function serverSignature(v: Variant, keys: ScramKeys, authMessage: string): Buffer {
  return hmac(v.hash, keys.serverKey, authMessage);
}

function createClient(name: ScramName, creds: { user: string; password?: string; authzid?: string }, nonce: string) {
  const v = VARIANTS[name];
  const password = creds.password;
  if (password === undefined) throw new MailscopeError('NO_SECRET', `${name} needs a password`);
  const header = gs2Header(creds.authzid);
  const clientFirstBare = `n=${escapeSaslName(creds.user)},r=${nonce}`;
  let expectedSignature: Buffer | undefined;
  let verified = false;

  const verifyServerFinal = (bytes: Uint8Array): void => {
    const attributes = parseAttributes(text(bytes));
    const error = attributes.get('e');
    if (error !== undefined) throw new MailscopeError('AUTH_FAILED', `${name}: the server reported e=${error}`);
    const signature = attributes.get('v');
    if (!expectedSignature || signature === undefined) {
      throw new MailscopeError('SASL_SERVER_SIGNATURE', `${name}: the server's final message has no v= signature`);
    }
    if (!sameBytes(Buffer.from(signature, 'base64'), expectedSignature)) {
      throw new MailscopeError(
        'SASL_SERVER_SIGNATURE',
        `${name}: the server signature does not match; the server does not know the password (possible impostor)`,
      );
    }
    verified = true;
  };

  const clientFinal = (serverFirst: string): Buffer => {
    const attributes = parseAttributes(serverFirst);
    const combinedNonce = attributes.get('r') ?? '';
    const salt = attributes.get('s');
    const iterations = Number(attributes.get('i'));
    if (!combinedNonce.startsWith(nonce) || combinedNonce.length <= nonce.length) {
      throw new MailscopeError('MALFORMED_RESPONSE', `${name}: the server nonce does not extend the client nonce`);
    }
    if (salt === undefined || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS) {
      throw new MailscopeError('MALFORMED_RESPONSE', `${name}: server-first-message lacks a salt or iteration count`);
    }
    const keys = deriveKeys(v, password, Buffer.from(salt, 'base64'), iterations);
    const withoutProof = `c=${Buffer.from(header).toString('base64')},r=${combinedNonce}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    expectedSignature = serverSignature(v, keys, authMessage);
    return utf8(`${withoutProof},p=${proofOf(v, keys, authMessage).toString('base64')}`);
  };

  return {
    initialResponse: () => utf8(header + clientFirstBare),
    respond(challenge: Uint8Array): Buffer {
      // Without SASL-IR the server opens with an empty challenge.
      if (challenge.length === 0 && !expectedSignature) return utf8(header + clientFirstBare);
      if (!expectedSignature) return clientFinal(text(challenge));
      // IMAP and POP3 carry the server-final-message as a challenge; the client answers empty.
      verifyServerFinal(challenge);
      return Buffer.alloc(0);
    },
    finish(serverFinal: Uint8Array | undefined): void {
      if (serverFinal && serverFinal.length > 0) verifyServerFinal(serverFinal);
      else if (!verified) {
        throw new MailscopeError('SASL_SERVER_SIGNATURE', `${name}: the server reported success without proving it knows the password`);
      }
    },
  };
}

function createServer(name: ScramName, lookup: SaslUserLookup, opts: SaslServerOptions) {
  const v = VARIANTS[name];
  let pending: { user: string; keys: ScramKeys; header: string; nonce: string; authPrefix: string } | undefined;
  let finished = false;

  const first = (bytes: Uint8Array): SaslServerStep => {
    const message = text(bytes);
    const match = /^([nyp])(?:=[^,]*)?,((?:a=[^,]*)?),(.*)$/.exec(message);
    if (!match) return { kind: 'failure', reason: 'malformed client-first-message' };
    if (match[1] === 'p') return { kind: 'failure', reason: 'channel binding is not supported' };
    const bare = match[3]!;
    const attributes = parseAttributes(bare);
    const user = unescapeSaslName(attributes.get('n') ?? '');
    const clientNonce = attributes.get('r');
    if (!user || !clientNonce) return { kind: 'failure', reason: 'client-first-message lacks n= or r=' };
    const authzid = match[2] ? unescapeSaslName(match[2].slice(2)) : '';
    if (authzid !== '' && authzid !== user) return { kind: 'failure', reason: `${user} may not act as ${authzid}` };
    const salt = opts.scramSalt ?? randomBytes(16);
    const iterations = opts.scramIterations ?? DEFAULT_ITERATIONS;
    // RFC 5802 §5.1: for an unknown user, go on with a random password so the failure comes
    // at the proof and does not reveal which users exist.
    const password = lookup(user)?.password ?? randomBytes(24).toString('base64');
    const nonce = clientNonce + (opts.nonce?.() ?? randomBytes(18).toString('base64'));
    const serverFirst = `r=${nonce},s=${Buffer.from(salt).toString('base64')},i=${iterations}`;
    pending = {
      user,
      keys: deriveKeys(v, password, salt, iterations),
      header: message.slice(0, message.length - bare.length),
      nonce,
      authPrefix: `${bare},${serverFirst}`,
    };
    return { kind: 'challenge', data: utf8(serverFirst) };
  };

  const final = (bytes: Uint8Array): SaslServerStep => {
    if (!pending || finished) return { kind: 'failure', reason: 'unexpected message' };
    finished = true;
    const message = text(bytes);
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return { kind: 'failure', reason: 'client-final-message lacks p=' };
    const withoutProof = message.slice(0, proofAt);
    const attributes = parseAttributes(withoutProof);
    if (attributes.get('c') !== Buffer.from(pending.header).toString('base64')) {
      return { kind: 'failure', reason: 'channel binding data does not match the gs2 header' };
    }
    if (attributes.get('r') !== pending.nonce) return { kind: 'failure', reason: 'nonce mismatch' };
    const authMessage = `${pending.authPrefix},${withoutProof}`;
    const clientSignature = hmac(v.hash, pending.keys.storedKey, authMessage);
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    if (proof.length !== clientSignature.length || !sameBytes(digest(v.hash, xor(proof, clientSignature)), pending.keys.storedKey)) {
      return { kind: 'failure', reason: 'invalid-proof' };
    }
    const signature = serverSignature(v, pending.keys, authMessage).toString('base64');
    return { kind: 'success', user: pending.user, data: utf8(`v=${signature}`) };
  };

  return {
    mechanism: name,
    start: (initial: Uint8Array | undefined): SaslServerStep =>
      initial === undefined || initial.length === 0 ? { kind: 'challenge', data: new Uint8Array(0) } : first(initial),
    step: (response: Uint8Array): SaslServerStep => (pending ? final(response) : first(response)),
  };
}

/** Client messages: client-first (no secret), client-final (proof masked), empty ack. */
function inspectClient(bytes: Uint8Array): InspectedResponse {
  const message = text(bytes);
  if (message === '') return { describe: '(empty)', masked: new Uint8Array(0) };
  const proofAt = message.lastIndexOf(',p=');
  if (proofAt >= 0) {
    const withoutProof = message.slice(0, proofAt);
    const attributes = parseAttributes(withoutProof);
    return {
      describe: `c=${quote(attributes.get('c') ?? '')} r=${quote(attributes.get('r') ?? '')} p=<redacted>`,
      masked: utf8(`${withoutProof},p=${REDACTED}`),
    };
  }
  const match = /^([nyp](?:=[^,]*)?,(?:a=[^,]*)?,)(.*)$/.exec(message);
  if (!match) return { describe: '<unrecognised SCRAM message, redacted>', masked: utf8(REDACTED) };
  const attributes = parseAttributes(match[2]!);
  return {
    describe: `gs2-header=${quote(match[1]!)} n=${quote(unescapeSaslName(attributes.get('n') ?? ''))} r=${quote(attributes.get('r') ?? '')}`,
    masked: Uint8Array.from(bytes),
  };
}

function describeServer(bytes: Uint8Array): string {
  const message = text(bytes);
  if (message === '') return '(empty)';
  const attributes = parseAttributes(message);
  if (attributes.has('v')) return `v=${quote(attributes.get('v')!)} (server signature)`;
  if (attributes.has('e')) return `e=${quote(attributes.get('e')!)} (server error)`;
  return [...attributes].map(([key, value]) => `${key}=${quote(value)}`).join(' ');
}

/** The server-final message (RFC 5802 7: `v=` server signature) with the signature masked; other messages are no verifier. */
function maskServer(bytes: Uint8Array): Uint8Array | undefined {
  const message = text(bytes);
  return parseAttributes(message).has('v') ? utf8(`v=${REDACTED}`) : undefined;
}

function scramMechanism(name: ScramName): SaslMechanism {
  return {
    name,
    needs: 'password',
    createClient: (creds, opts) => createClient(name, creds, opts.nonce?.() ?? randomBytes(18).toString('base64')),
    createServer: (lookup, opts) => createServer(name, lookup, opts),
    inspectClient,
    describeServer,
    maskServer,
  };
}

export const scramSha1 = scramMechanism('SCRAM-SHA-1');
export const scramSha256 = scramMechanism('SCRAM-SHA-256');
