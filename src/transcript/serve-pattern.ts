// What `serve` sends for an `S:` line that holds wildcards (transcripts/README.md, "Serving").
// A wildcard tells replay what to accept; serve must still send bytes a client can parse,
// never the braces themselves. Serve computes nothing, so each wildcard becomes a fixed
// stand-in that is valid where it stands.

import { unescapeWireLine } from '../protocol/wire-escape.js';
import type { Protocol } from './exchange.js';
import { WILDCARD_REST, WILDCARD_TOKEN } from './format.js';

/** The text put in place of an answer (or the rest of a line) the transcript did not record. */
export const NOT_RECORDED = 'mailscope serve: the transcript did not record this answer';

/**
 * A tagged line whose status word is `{*}` (import writes `TAG {*} {...}` where a paste shows
 * no answer). The client waits for a completion (RFC 3501 2.2.2): it gets OK.
 */
const TAGGED_ANY_STATUS = /^([^\s*+]\S*) \{\*\}(?: (.*))?$/;
/** POP3: a status line whose status is `{*}` (RFC 1939 3). */
const POP3_ANY_STATUS = /^\{\*\}(?: (.*))?$/;

/** `{*}` stands for one value; the word before it says which kind (RFC 3501 section 9). */
const VALUE_AFTER: Readonly<Record<string, string>> = {
  FLAGS: '()',
  PERMANENTFLAGS: '()',
  INTERNALDATE: '"01-Jan-1970 00:00:00 +0000"',
};
/** A number is an atom too: valid as a count, a UID, a size, UIDVALIDITY or a POP3 word. */
const DEFAULT_VALUE = '1';

function valueAfter(before: string): string {
  const word = /([A-Za-z][A-Za-z0-9.-]*) $/.exec(before)?.[1]?.toUpperCase();
  return (word && VALUE_AFTER[word]) ?? DEFAULT_VALUE;
}

/** The pattern's text with each wildcard replaced by its stand-in (still escaped text). */
export function servedText(pattern: string, protocol: Protocol): string {
  let text = pattern;
  const status = protocol === 'imap' ? TAGGED_ANY_STATUS.exec(text) : POP3_ANY_STATUS.exec(text);
  if (status) {
    const rest = protocol === 'imap' ? status[2] : status[1];
    const word = protocol === 'imap' ? `${status[1]} OK` : '+OK';
    text = rest === undefined || rest === WILDCARD_REST ? `${word} ${NOT_RECORDED}` : `${word} ${rest}`;
  }
  // `{...}` is the rest of the line: text the recording did not keep.
  text = text.split(WILDCARD_REST).join(NOT_RECORDED);
  const parts = text.split(WILDCARD_TOKEN);
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) out += valueAfter(out) + parts[i];
  return out;
}

/** The bytes serve sends for a server line written as a pattern. */
export function servedBytes(pattern: string, protocol: Protocol): Uint8Array {
  return unescapeWireLine(servedText(pattern, protocol));
}
