// The CLI's one door to the outside: error lines and exit codes. Only src/cli sets them.
import { isMailscopeError, type ErrorCode } from '../errors.js';

/** Exit 2 for connection, TLS and usage failures; 1 for everything a command run reports. */
const EXIT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  AUTH_FAILED: 1,
  SASL_SERVER_SIGNATURE: 1,
  MALFORMED_RESPONSE: 1,
};

export function exitCodeFor(err: unknown): number {
  if (isMailscopeError(err)) return EXIT_BY_CODE[err.code] ?? 2;
  return 2;
}

/** One line that names what failed and why. */
export function errorLine(err: unknown): string {
  if (isMailscopeError(err)) return `mailscope: ${err.message}`;
  if (process.env.MAILSCOPE_DEBUG && err instanceof Error) return `mailscope: ${err.stack}`;
  if (err instanceof Error) return `mailscope: ${err.message}`;
  return `mailscope: ${String(err)}`;
}
