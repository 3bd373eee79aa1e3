// Redaction of client AUTHENTICATE lines for transcripts and history. The secret part
// (password, token, SCRAM proof, CRAM digest) is replaced by ***redacted***; the user name
// stays so a transcript still shows who logged in.
import { REDACTED, utf8 } from './bytes.js';
import { findMechanism } from './mechanisms.js';

/**
 * `base64Line` is one client line of an AUTHENTICATE/AUTH exchange (without CRLF);
 * `step` is its 0-based index among the client's messages (the initial response counts).
 * '*' (cancel, RFC 9051 §6.2.2) and '=' (empty, RFC 4959) are returned unchanged.
 * Anything not understood is masked whole.
 */
/**
 * `base64Text` is a server challenge of a `mech` exchange (the text after `+ `); returns it
 * with what would verify a password guess offline masked (SCRAM's server signature), or
 * undefined when it holds nothing such (or is not base64: then it is no SASL message).
 */
export function redactSaslChallenge(mech: string, base64Text: string): string | undefined {
  const text = base64Text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const masked = findMechanism(mech)?.maskServer?.(Buffer.from(text, 'base64'));
  return masked === undefined ? undefined : Buffer.from(masked).toString('base64');
}

export function redactSaslResponse(mech: string, base64Line: string, step: number): string {
  const line = base64Line.trim();
  if (line === '*' || line === '=' || line === '') return base64Line;
  const mechanism = findMechanism(mech);
  if (!mechanism || !/^[A-Za-z0-9+/]+={0,2}$/.test(line)) return utf8(REDACTED).toString('base64');
  const masked = mechanism.inspectClient(Buffer.from(line, 'base64'), step).masked;
  return masked.length === 0 ? '=' : Buffer.from(masked).toString('base64');
}
