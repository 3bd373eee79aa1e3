// How serve compares a client's line with the recorded one (transcripts/README.md "Serving"):
// tags aside (only a command's first line has one), secrets as wildcards, an IMAP argument
// quoted or not where an atom could say it, `{N}` and `{N+}` alike; and how it shows the
// expected line in a BAD and its log, secrets masked.

import type { Protocol } from './exchange.js';
import { WILDCARD_REST, WILDCARD_TOKEN, type Entry } from './format.js';
import { compilePattern, entryText } from './match.js';
import { REDACTED, SASL_COMMAND, createRedactor } from './redact.js';
import { commandName } from './serve-login.js';
import type { ScriptLine } from './serve-script.js';
import { ascii, contentEnd, imapCommandHead, scanImapWords, scanPop3Words, wordText } from './wire.js';
import { escapeWireLine } from '../protocol/wire-escape.js';
import { secretArgIndexes } from '../registry/index.js';

function withoutTag(text: string): string {
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(space + 1);
}

/** A quoted string, escapes and all (RFC 3501 9: quoted). */
const QUOTED_STRING = /"(?:[^"\\]|\\.)*"/g;
/** What an atom or a list-mailbox can say without quotes (RFC 3501 9: ATOM-CHAR, list-wildcards, "]"). */
const BARE = /^[^\x00-\x20\x7f(){"\\]+$/;

/**
 * An IMAP command line with each quoted string that an atom could say as well unquoted:
 * `LIST "" "*"` (as the tutorial types it) and `LIST "" *` (as imaplib sends it) ask the same
 * (RFC 3501 9: astring and list-mailbox take an atom or a string), and serve takes either for
 * the other. NIL keeps its quotes: where an nstring goes, "NIL" is a string and NIL is none.
 */
function bareStrings(text: string): string {
  return text.replace(QUOTED_STRING, (quoted) => {
    const inner = quoted.slice(1, -1);
    return BARE.test(inner) && inner.toUpperCase() !== 'NIL' ? inner : quoted;
  });
}

/**
 * Whether a recorded client line is compared with its strings bare (bareStrings): an IMAP
 * command's line, as recorded (a hand-written pattern's quotes are the writer's to choose).
 */
function comparedBare(line: ScriptLine, protocol: Protocol): boolean {
  return protocol === 'imap' && !line.continuation && line.entry.kind === 'client' && line.entry.pattern === undefined;
}

/**
 * A literal's announcement at the end of an IMAP command line, synchronizing (`{26}`: the
 * client waits for a `+`) or not (`{26+}`, LITERAL+, RFC 7888: the bytes follow at once).
 */
export const NON_SYNC_LITERAL = /\{(\d+)\+\}$/;
export const ANY_LITERAL_END = /\{\d+\+?\}$/;

/** The line with its literal announced the one way: `{26+}` and `{26}` announce the same bytes. */
function synchronizing(text: string): string {
  return text.replace(NON_SYNC_LITERAL, '{$1}');
}

/**
 * The pattern a client line must match: tags aside, secrets and their literal sizes free.
 * Only a masked continuation line (a SASL response, a literal password's body) is anything:
 * a masked command line is still that command, so STAT or an empty line in place of a
 * recorded `PASS ***redacted***` or `LOGIN user ***redacted***` is a mismatch.
 */
function clientPattern(line: ScriptLine, protocol: Protocol, ignoreTag: boolean, bare: boolean): RegExp | undefined {
  if (line.redacted && line.continuation) return undefined;
  let text = entryText(line.entry as Entry & { kind: 'client' });
  if (ignoreTag) text = withoutTag(text);
  if (bare) text = bareStrings(text);
  if (line.redacted && !text.includes(REDACTED)) {
    // The secret was masked inside an encoding (a SASL initial response is base64 of
    // "\0user\0***redacted***"): the client's own answer is the last word, whatever it is.
    text = text.replace(/\S+$/, WILDCARD_TOKEN);
  }
  // RFC 1939 7: a POP3 PASS argument may hold spaces, so its mask (always last) stands for the rest of the line.
  if (protocol === 'pop3' && text.endsWith(REDACTED)) text = text.slice(0, -REDACTED.length) + WILDCARD_REST;
  text = text.split(REDACTED).join(WILDCARD_TOKEN);
  if (line.secretLiteralFollows) text = text.replace(/\{\d+([+-]?)\}$/, WILDCARD_TOKEN);
  if (protocol === 'imap') text = synchronizing(text);
  const compiled = compilePattern(text);
  return new RegExp(compiled.content.source, 'i');
}

/** Only a command's first line has a tag (RFC 3501 2.2.1): a literal's body or a SASL response compares whole. */
export function tagIgnored(expected: ScriptLine, protocol: Protocol, line: Uint8Array): boolean {
  if (protocol !== 'imap' || expected.continuation || expected.entry.kind !== 'client') return false;
  return imapCommandHead(expected.entry.bytes) !== undefined && imapCommandHead(line) !== undefined;
}

/** Whether the client's line is the recorded one: tags aside, secrets free, strings bare (clientPattern). */
export function clientLineMatches(expected: ScriptLine, protocol: Protocol, line: Uint8Array): boolean {
  const ignoreTag = tagIgnored(expected, protocol, line);
  const bare = comparedBare(expected, protocol);
  const pattern = clientPattern(expected, protocol, ignoreTag, bare);
  if (!pattern) return true;
  const content = ascii(line.subarray(0, contentEnd(line)));
  const compared = synchronizing(ignoreTag ? withoutTag(content) : content);
  return pattern.test(bare ? bareStrings(compared) : compared);
}

/** Whether a command's lines carry secrets: a password argument or a SASL exchange (the registry's `secret`). */
function carriesSecret(protocol: Protocol, command: string | undefined): boolean {
  return command !== undefined && (command === SASL_COMMAND[protocol] || secretArgIndexes(protocol, command).length > 0);
}

/** A client line's words after the command name (IMAP: after the tag too), as text. */
function commandArgs(protocol: Protocol, bytes: Uint8Array): string[] {
  if (protocol === 'pop3') return scanPop3Words(bytes).slice(1).map((w) => wordText(bytes, w));
  const head = imapCommandHead(bytes);
  return head ? scanImapWords(bytes).slice(head.argsFrom).map((w) => wordText(bytes, w)) : [];
}

/**
 * A recorded SASL command with its initial response on the line (SASL-IR, RFC 4959; POP3
 * RFC 5034): `AUTHENTICATE PLAIN <base64>`. Its mechanism, or undefined for any other line.
 */
function saslWithInitialResponse(line: ScriptLine, protocol: Protocol): string | undefined {
  if (line.continuation || line.entry.kind !== 'client' || line.command !== SASL_COMMAND[protocol]) return undefined;
  const args = commandArgs(protocol, line.entry.bytes);
  return args.length === 2 ? args[0] : undefined;
}

/**
 * Whether the client sent a recorded SASL command with a masked initial response without one
 * (Python's imaplib, imapflow, poplib): the same command and mechanism, nothing after it. Such
 * a client waits for a `+` and sends the response on its own line (RFC 4422 3, RFC 3501 6.2.2).
 */
export function saslAwaitingChallenge(expected: ScriptLine, protocol: Protocol, line: Uint8Array): boolean {
  const mechanism = saslWithInitialResponse(expected, protocol);
  if (mechanism === undefined || !expected.redacted) return false;
  if (commandName(protocol, line) !== SASL_COMMAND[protocol]) return false;
  const args = commandArgs(protocol, line);
  return args.length === 1 && args[0].toUpperCase() === mechanism.toUpperCase();
}

/**
 * The expected client line as a BAD and serve's log show it. A recording made with
 * --record-secrets holds them unmasked: they are masked here as the recorder would have.
 */
export function expectedText(line: ScriptLine, protocol: Protocol, ignoreTag: boolean): string {
  const entry = line.entry as Entry & { kind: 'client' };
  let text = entryText(entry);
  // A SASL initial response is base64 even when masked inside: shown as the mask alone, readable.
  if (saslWithInitialResponse(line, protocol) !== undefined) text = text.replace(/\S+$/, REDACTED);
  else if (!line.redacted && line.continuation && carriesSecret(protocol, line.command)) text = REDACTED; // a literal password or a SASL response
  else if (!line.redacted) {
    const masked = createRedactor(protocol).client(entry.bytes);
    if (masked.redacted) text = escapeWireLine(masked.bytes);
  }
  return ignoreTag ? withoutTag(text) : text;
}

/** A client line as serve's log shows it: escaped as in a transcript, cut short if long. */
const SHOWN_CHARS = 200;
export function shownLine(bytes: Uint8Array): string {
  const text = escapeWireLine(bytes);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text;
}
