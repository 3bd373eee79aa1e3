// Finds a literal announcement at the end of a line: `{N}`, `{N+}`, `{N-}` (RFC 7888) or
// `~{N}` (literal8, RFC 3516) just before CRLF. Framing needs only this fact: when a line
// ends so, N bytes of body follow and the response or command goes on after them.

import { CR, LBRACE, LF, MINUS, PLUS, RBRACE, TILDE, isDIGIT } from './syntax.js';

export interface LiteralAnnouncement {
  size: number;
  /** `{N+}` / `{N-}`: the sender will not wait for a continuation. */
  nonSync: boolean;
  /** `~{N}`: literal8. */
  binary: boolean;
}

/** Longest announcement we look for: "~{" + 16 digits + "+}" + CRLF. */
export const MAX_ANNOUNCEMENT_BYTES = 22;

/**
 * `line[start, end)` ends with LF (the line terminator). Returns the announcement it ends
 * with, or undefined. A bare LF is accepted as a line end (some test servers send it).
 */
export function literalAnnouncementAt(line: Uint8Array, start: number, end: number): LiteralAnnouncement | undefined {
  let i = end - 1;
  if (i < start || line[i] !== LF) return undefined;
  i--;
  if (i >= start && line[i] === CR) i--;
  if (i < start || line[i] !== RBRACE) return undefined;
  i--;
  let nonSync = false;
  if (i >= start && (line[i] === PLUS || line[i] === MINUS)) {
    nonSync = true;
    i--;
  }
  const lastDigit = i;
  while (i >= start && isDIGIT[line[i]] === 1) i--;
  const digits = lastDigit - i;
  if (digits === 0 || digits > 16 || i < start || line[i] !== LBRACE) return undefined;
  let size = 0;
  for (let k = i + 1; k <= lastDigit; k++) size = size * 10 + (line[k] - 0x30);
  const binary = i - 1 >= start && line[i - 1] === TILDE;
  return { size, nonSync, binary };
}
