// ~/.mailscope_history: what readline recalls with the arrow keys. It never holds a LOGIN
// password, a PASS argument, an APOP digest or an AUTHENTICATE line: a line with a secret is
// kept only up to the secret (recall it and type the secret again), and lines typed as
// literal bytes or SASL responses are not kept at all.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { Protocol } from '../protocol/name.js';
import { maskSecrets } from '../session/secrets.js';

export const HISTORY_SIZE = 1000;

export function historyEntry(protocol: Protocol, line: string, inContinuation: boolean): string | undefined {
  if (inContinuation || line.trim() === '') return undefined;
  if (line.startsWith(':')) return line.startsWith(':login') ? ':login' : line;
  const { safePrefix, hasSecret } = maskSecrets(protocol, line);
  return hasSecret ? safePrefix : line;
}

export class HistoryFile {
  constructor(private readonly path: string | undefined) {}

  /** Newest first, as readline wants it. */
  load(): string[] {
    if (!this.path) return [];
    try {
      return readFileSync(this.path, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
    } catch {
      return [];
    }
  }

  append(entry: string): void {
    if (!this.path) return;
    try {
      appendFileSync(this.path, `${entry}\n`, { mode: 0o600 });
    } catch {
      // History is a convenience: an unwritable file must not stop the session.
    }
  }

  /** Keeps the file from growing without bound. */
  trim(): void {
    if (!this.path) return;
    try {
      const lines = readFileSync(this.path, 'utf8').split('\n').filter(Boolean);
      if (lines.length > HISTORY_SIZE * 2) writeFileSync(this.path, lines.slice(-HISTORY_SIZE).join('\n') + '\n', { mode: 0o600 });
    } catch {
      // as above
    }
  }
}
