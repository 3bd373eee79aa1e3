// Comparing a live wire line with a transcript line (transcripts/README.md, "Matching").
// `{*}` matches one value (atom, number, quoted string, parenthesised list); `{...}`
// matches any bytes up to the line end. Loose mode rewrites expected lines with the same
// wildcards where servers legitimately differ from run to run.

import { escapeWireLine, unescapeWireLine, NO_CRLF_MARKER } from '../protocol/wire-escape.js';
import { WILDCARD_REST, WILDCARD_TOKEN, protectWildcards, type Entry } from './format.js';
import type { Protocol } from './exchange.js';

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const FLAT_LIST = String.raw`\((?:[^()"]|${QUOTED})*\)`;
const LIST = String.raw`\((?:[^()"]|${QUOTED}|${FLAT_LIST})*\)`;
/** One IMAP value, or a POP3 word: what `{*}` stands for. */
const VALUE = `(?:${QUOTED}|${LIST}|[^ ()\\[\\]\\r\\n]+)`;

export interface LinePattern {
  /** Matches the line's content (latin1, one char per byte), without its line end. */
  content: RegExp;
  /** The expected line ends in CRLF (no `\` marker). */
  crlf: boolean;
  /** Loose mode (loose.ts): a comparison that takes the place of `content` (LIST, STATUS, flag lists). */
  test?: (content: string) => boolean;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function regexLiteral(piece: string): string {
  // A piece ending in a backslash would read as the marker: add one that is one.
  const bytes = unescapeWireLine(piece + NO_CRLF_MARKER);
  return latin1(bytes).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile the text of a transcript wire line (escapes and wildcards) into a pattern. */
export function compilePattern(text: string): LinePattern {
  const crlf = !text.endsWith(NO_CRLF_MARKER);
  const body = crlf ? text : text.slice(0, -1);
  const parts = body.split(/(\{\*\}|\{\.\.\.\})/);
  const source = parts
    .map((part) => (part === WILDCARD_TOKEN ? VALUE : part === WILDCARD_REST ? '[\\s\\S]*' : part === '' ? '' : regexLiteral(part)))
    .join('');
  return { content: new RegExp(`^${source}$`), crlf };
}

/** The text a wire entry is matched by: its wildcard pattern, or its bytes taken literally. */
export function entryText(entry: Entry & { kind: 'client' | 'server' }): string {
  return entry.pattern ?? protectWildcards(escapeWireLine(entry.bytes));
}

export function matchLine(pattern: LinePattern, actual: Uint8Array): boolean {
  const n = actual.length;
  const crlf = n >= 2 && actual[n - 2] === 0x0d && actual[n - 1] === 0x0a;
  if (crlf !== pattern.crlf) return false;
  const content = latin1(crlf ? actual.subarray(0, n - 2) : actual);
  return pattern.test ? pattern.test(content) : pattern.content.test(content);
}

/**
 * Values in a greeting that the server must make new on every connection, so no recording can
 * hold the live one: replay compares them by their form alone, loose or not, and the rest of
 * the greeting exactly.
 */
const PER_CONNECTION_GREETING_VALUES: Readonly<Record<Protocol, ReadonlyArray<readonly [value: RegExp, form: string, why: string]>>> = {
  imap: [],
  pop3: [[/<[^<>\s]*@[^<>\s]*>/g, `<${WILDCARD_TOKEN}>`, 'RFC 1939 section 7: the APOP timestamp, a msg-id, is unique per connection']],
};

/** The text a recorded greeting is matched by: its per-connection values as wildcards. */
export function greetingForm(text: string, protocol: Protocol): string {
  let out = text;
  for (const [value, form] of PER_CONNECTION_GREETING_VALUES[protocol]) out = out.replace(value, form);
  return out;
}

/** Response codes whose values change from server to server or run to run (RFC 4315 UIDPLUS, RFC 3501 7.1). */
const LOOSE_CODES: ReadonlyArray<readonly [name: string, values: number]> = [
  ['UIDVALIDITY', 1],
  ['COPYUID', 3],
  ['APPENDUID', 2],
];

/**
 * Capability lists are the server's own (RFC 3501 section 7.2.1; the CAPABILITY response code,
 * section 7.1): in a `[CAPABILITY ...]` code and in `* CAPABILITY` data the list is free.
 */
const CAPABILITY_CODE = /\[CAPABILITY [^\]]*\]/gi;
const CAPABILITY_DATA = /^(\* CAPABILITY) .*$/i;

/** date-time (RFC 3501 section 9) and RFC 5322 dates inside quoted strings (ENVELOPE). */
const QUOTED_DATES = [
  /"[ \d]?\d-[A-Za-z]{3}-\d{4} \d\d:\d\d:\d\d [+-]\d{4}"/g,
  /"(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{4} \d\d:\d\d(?::\d\d)?[^"]*"/g,
];

const IMAP_STATUS = /^(\S+ (?:OK|NO|BAD|PREAUTH|BYE))((?: \[[^\]]*\])?)(?: .*)?$/i;
const POP3_STATUS = /^(\+OK|-ERR)(?: .*)?$/i;
/** A continuation request's text: "idling", "Ready", or a SASL challenge with fresh nonces. */
const CONTINUATION = /^\+(?: |\\x20|$)/;

/**
 * The loose form of an expected server line's text: the text after the status word (and
 * after its response code), the banner and the text of `+` continuations (SASL challenges
 * carry fresh nonces) become `{...}`; so do capability lists; UIDVALIDITY, COPYUID and
 * APPENDUID values and quoted dates become `{*}`. Message counts stay exact: mark them
 * `{*}` by hand where they may differ. `startsResponse` is false for literal body lines.
 */
export function loosen(text: string, protocol: Protocol, startsResponse: boolean): string {
  if (!startsResponse) return text;
  if (CONTINUATION.test(text)) return `+${WILDCARD_REST}`;
  if (protocol === 'pop3') return text.replace(POP3_STATUS, `$1${WILDCARD_REST}`);
  let out = text.replace(IMAP_STATUS, `$1$2${WILDCARD_REST}`);
  out = out.replace(CAPABILITY_CODE, `[CAPABILITY ${WILDCARD_REST}]`).replace(CAPABILITY_DATA, `$1 ${WILDCARD_REST}`);
  for (const [name, values] of LOOSE_CODES) {
    out = out.replace(new RegExp(`\\[${name}( [^\\]]*)?\\]`, 'gi'), `[${name}${` ${WILDCARD_TOKEN}`.repeat(values)}]`);
  }
  for (const date of QUOTED_DATES) out = out.replace(date, WILDCARD_TOKEN);
  return out;
}
