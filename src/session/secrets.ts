// Where secrets hide in a typed command line, from the registry's secret-argument table:
// LOGIN's password, AUTHENTICATE's initial response, POP3 PASS and the APOP digest. Used to
// keep them out of history and off the screen.
import { secretArgIndexes } from '../registry/index.js';
import { splitTypedLine } from './typed-line.js';
import type { Protocol } from '../protocol/name.js';

export const MASK = '***';

/** The command that carries a SASL exchange, per protocol (RFC 3501 6.2.2, RFC 5034 4): the lines after its `+` are secrets. */
export const SASL_COMMAND: Record<Protocol, string> = { imap: 'AUTHENTICATE', pop3: 'AUTH' };

export interface MaskedLine {
  /** The line with every secret argument replaced by MASK. */
  masked: string;
  /** The line cut just before the first secret: what history keeps, so recall asks again. */
  safePrefix: string;
  hasSecret: boolean;
}

/** Splits arguments as the user typed them: quoted strings stay whole. */
function argumentSpans(args: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const re = /"(?:[^"\\]|\\.)*"?|\S+/g;
  for (let m = re.exec(args); m; m = re.exec(args)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

export function maskSecrets(protocol: Protocol, line: string): MaskedLine {
  const parts = splitTypedLine(protocol, line);
  const name = parts.name.toUpperCase();
  // A UID-prefixed command has no secrets; AUTHENTICATE's first argument is the mechanism.
  const secret = secretArgIndexes(protocol, name);
  if (secret.length === 0) return { masked: line, safePrefix: line, hasSecret: false };
  const argsStart = line.length - parts.args.length;
  const spans = argumentSpans(parts.args).map((s) => ({ start: s.start + argsStart, end: s.end + argsStart }));
  const hidden = secret.map((i) => spans[i]).filter((s): s is { start: number; end: number } => s !== undefined);
  if (hidden.length === 0) return { masked: line, safePrefix: line, hasSecret: false };
  let masked = '';
  let at = 0;
  for (const span of hidden) {
    masked += line.slice(at, span.start) + MASK;
    at = span.end;
  }
  masked += line.slice(at);
  return { masked, safePrefix: line.slice(0, hidden[0].start).trimEnd(), hasSecret: true };
}
