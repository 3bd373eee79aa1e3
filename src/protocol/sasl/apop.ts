// APOP (RFC 1939 §7): MD5 of the greeting's timestamp followed by the shared secret.
import { createHash } from 'node:crypto';

/** The `<...@...>` msg-id in a POP3 greeting, brackets included, or undefined (no APOP). */
export function greetingTimestamp(greetingText: string): string | undefined {
  return /<[^<>\s]*@[^<>\s]*>/.exec(greetingText)?.[0];
}

/** Lower-case hex digest, as sent in `APOP name digest`. */
export function apopDigest(greetingTimestamp: string, password: string): string {
  return createHash('md5').update(greetingTimestamp + password, 'utf8').digest('hex');
}
