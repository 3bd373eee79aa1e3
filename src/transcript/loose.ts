// Loose replay (`--loose`, transcripts/README.md "Matching"): what may differ between two
// servers that hold the same mail. Line rules (loosen in match.ts, and here: mailbox names as
// astrings, optional LIST attributes, flag lists as sets) and answer rules (untagged lines in
// any order, informational `* OK [CODE]` lines that one side has and the other lacks).
// Everything else stays significant.

import { escapeWireLine, unescapeWireLine } from '../protocol/wire-escape.js';
import { diffLines, type DiffLine } from './diff.js';
import type { Protocol } from './exchange.js';
import { WILDCARD_REST, hasWildcard } from './format.js';
import { compilePattern, loosen, matchLine, type LinePattern } from './match.js';
import { LiteralFramer, ascii, contentEnd } from './wire.js';

export interface ExpectedLine {
  /** As shown in a diff: the transcript text after loosening. */
  text: string;
  pattern: LinePattern;
}

/**
 * Untagged `* OK [CODE]` responses that only inform, sent by some servers and not others;
 * an extra one the transcript lacks is ignored, and so is one the server does not send. Not ALERT, PARSE or any code that changes
 * what the client must do.
 */
export const INFORMATIONAL_CODES: ReadonlyArray<readonly [code: string, why: string]> = [
  ['CLOSED', 'RFC 7162 section 3.2.11: the previous mailbox was closed (SELECT/EXAMINE while selected)'],
  ['HIGHESTMODSEQ', 'RFC 7162 section 3.1.2.1: CONDSTORE servers announce it at SELECT'],
  ['NOMODSEQ', 'RFC 7162 section 3.1.2.2: a CONDSTORE server whose mailbox keeps no mod-sequences'],
  ['MAILBOXID', 'RFC 8474 section 4.2: an OBJECTID server names the mailbox at SELECT/EXAMINE'],
];

/**
 * Codes that only inform on a tagged OK, which a server without the extension leaves out: the
 * completion compares by its status word alone.
 */
export const INFORMATIONAL_OK_CODES: ReadonlyArray<readonly [code: string, why: string]> = [
  ['MAILBOXID', 'RFC 8474 section 4.1: an OBJECTID server names the mailbox CREATE made'],
];

/**
 * LIST/LSUB attributes that are optional information: a server may leave them out, so one
 * side alone having one is no difference. When both sides state one of a group, they must agree.
 * Special-use (RFC 6154), \Noselect, \NonExistent, \Noinferiors and the rest stay significant.
 */
export const OPTIONAL_ATTRIBUTE_GROUPS: ReadonlyArray<readonly string[]> = [
  ['\\Marked', '\\Unmarked'], // RFC 3501 section 7.2.2: the server's guess at new mail
  ['\\HasChildren', '\\HasNoChildren'], // RFC 3348 section 4 / RFC 9051 7.3.1: MAY be sent
];

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
/** ASTRING-CHAR (RFC 3501 section 9): ATOM-CHAR or "]". */
const ASTRING_ATOM = /^[^\x00-\x20\x7f(){%*"\\]+$/;
const QUOTED_ONLY = new RegExp(`^${QUOTED}$`);
/**
 * `* LIST (attributes) delimiter mailbox` (RFC 3501 section 7.2.2); LSUB alike. A name is read
 * up to a space, not `\S`: in a line read one char per byte, UTF-8's bytes include 0xA0, which
 * a regular expression takes for white space.
 */
const MAILBOX_LIST = new RegExp(String.raw`^(\* (?:LIST|LSUB)) \(([^()]*)\) (${QUOTED}|NIL) ([^ ]+|${QUOTED})$`, 'i');
/** `* STATUS mailbox (items)` (RFC 3501 section 7.2.4). */
const STATUS = new RegExp(String.raw`^(\* STATUS) (${QUOTED}|[^ "(]+) (\(.*\))$`, 'i');
/** Flag lists, which are sets (RFC 3501 section 2.3.2): FETCH FLAGS, `* FLAGS`, PERMANENTFLAGS. */
const FLAG_LIST = /((?:^|[ (\[])(?:FLAGS|PERMANENTFLAGS) \()([^(){}]*)\)/gi;

/** An astring's content (RFC 3501 section 4.3 and 9: atom or quoted string), or undefined. */
export function astringContent(token: string): string | undefined {
  if (QUOTED_ONLY.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  return ASTRING_ATOM.test(token) ? token : undefined;
}

/** An atom and a quoted string with the same content are the same astring. */
export function sameAstring(expected: string, actual: string): boolean {
  const e = astringContent(expected);
  return e !== undefined && e === astringContent(actual);
}

/** LIST attributes equal but for optional ones (OPTIONAL_ATTRIBUTE_GROUPS) only one side has. */
export function sameMailboxAttributes(expected: readonly string[], actual: readonly string[]): boolean {
  const norm = (list: readonly string[]): Set<string> => new Set(list.map((a) => a.toLowerCase()));
  const e = norm(expected);
  const a = norm(actual);
  const groups = OPTIONAL_ATTRIBUTE_GROUPS.map((g) => g.map((x) => x.toLowerCase()));
  const optional = new Set(groups.flat());
  const significant = (s: Set<string>): string[] => [...s].filter((x) => !optional.has(x)).sort();
  if (significant(e).join(' ') !== significant(a).join(' ')) return false;
  return groups.every((group) => {
    const stated = (s: Set<string>): string[] => group.filter((x) => s.has(x));
    const [se, sa] = [stated(e), stated(a)];
    return se.length === 0 || sa.length === 0 || se.join(' ') === sa.join(' ');
  });
}

/** Flag lists with their flags in one order, so two orders of the same set compare equal. */
export function sortFlagLists(text: string): string {
  return text.replace(FLAG_LIST, (_, head: string, flags: string) =>
    `${head}${flags.split(' ').filter(Boolean).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())).join(' ')})`);
}

function words(list: string): string[] {
  return list.split(' ').filter(Boolean);
}

/**
 * A tagged NO and BAD stand for each other: a command in the wrong state is answered "BAD or
 * NO (depending upon server implementation)" (RFC 3501 and RFC 9051 section 3). OK stays OK.
 */
const REFUSAL = /^(\S+) (NO|BAD)\b/i;

function refusalTest(expected: RegExpExecArray, text: string): (content: string) => boolean {
  const [, tag, status] = expected;
  const other = status.toUpperCase() === 'NO' ? 'BAD' : 'NO';
  const alternative = compilePattern(`${tag} ${other}${text.slice(tag.length + 1 + status.length)}`).content;
  const same = compilePattern(text).content;
  return (content) => same.test(content) || alternative.test(content);
}

function listTest(expected: RegExpExecArray): (content: string) => boolean {
  const [, head, attributes, delimiter, mailbox] = expected;
  return (content) => {
    const a = MAILBOX_LIST.exec(content);
    return !!a && a[1].toUpperCase() === head.toUpperCase() && a[3] === delimiter
      && sameAstring(mailbox, a[4]) && sameMailboxAttributes(words(attributes), words(a[2]));
  };
}

function statusTest(expected: RegExpExecArray): (content: string) => boolean {
  const [, head, mailbox, items] = expected;
  return (content) => {
    const a = STATUS.exec(content);
    return !!a && a[1].toUpperCase() === head.toUpperCase() && sameAstring(mailbox, a[2]) && a[3] === items;
  };
}

/**
 * A transcript line's text as matchLine sees a received line: its bytes, one char per byte
 * (latin1), without the line end. The file writes UTF-8 as text (`"INBOX.Entwürfe"`, a mailbox
 * name under IMAP4rev2 or UTF8=ACCEPT), so the recorded and the received name are compared
 * as the same bytes, not as one character against its two UTF-8 bytes.
 */
function wireContent(text: string): string {
  const bytes = unescapeWireLine(text);
  return ascii(bytes.subarray(0, contentEnd(bytes)));
}

/**
 * The loose pattern of an expected server line: loosen() (match.ts), then, for a line that
 * starts an IMAP response, LIST/LSUB and STATUS compared by their parts, and flag lists as
 * sets. Lines with hand-written wildcards keep the wildcard pattern (and flag sets).
 */
export function looseLine(text: string, protocol: Protocol, startsResponse: boolean): ExpectedLine {
  const loose = loosen(text, protocol, startsResponse).replace(INFORMATIONAL_OK, `$1${WILDCARD_REST}`);
  const pattern = compilePattern(loose);
  if (protocol !== 'imap' || !startsResponse) return { text: loose, pattern };
  // A mailbox sent as a literal (`{5}`) is no astring on this line: compared as written.
  const parts = hasWildcard(loose) ? undefined : wireContent(loose);
  const list = parts === undefined ? null : MAILBOX_LIST.exec(parts);
  if (list && astringContent(list[4]) !== undefined) return { text: loose, pattern: { ...pattern, test: listTest(list) } };
  const status = parts === undefined ? null : STATUS.exec(parts);
  if (status && astringContent(status[2]) !== undefined) return { text: loose, pattern: { ...pattern, test: statusTest(status) } };
  const refusal = loose.startsWith('* ') ? null : REFUSAL.exec(loose);
  if (refusal) return { text: loose, pattern: { ...pattern, test: refusalTest(refusal, loose) } };
  const sorted = compilePattern(sortFlagLists(loose)).content;
  return { text: loose, pattern: { ...pattern, test: (content) => sorted.test(sortFlagLists(content)) } };
}

const INFORMATIONAL_OK = new RegExp(`^([^*+ ]\\S* OK) \\[(?:${INFORMATIONAL_OK_CODES.map(([c]) => c).join('|')})[ \\]].*$`, 'i');
const INFORMATIONAL = new RegExp(`^\\* OK \\[(?:${INFORMATIONAL_CODES.map(([c]) => c).join('|')})[ \\]]`, 'i');

/** Which received lines count: all but extra informational `* OK [CODE]` lines no expected line matches. */
function countedLines(expected: readonly ExpectedLine[], actual: readonly Uint8Array[]): boolean[] {
  const framer = new LiteralFramer();
  return actual.map((line) => {
    const framed = framer.next(line);
    if (!framed.starts || !INFORMATIONAL.test(ascii(framed.text))) return true;
    return expected.some((e) => matchLine(e.pattern, line));
  });
}

/**
 * Which expected lines count: all but informational `* OK [CODE]` lines the server did not
 * send (Dovecot sends HIGHESTMODSEQ at SELECT only once CONDSTORE is enabled; the demo always).
 */
function expectedLines(expected: readonly ExpectedLine[], actual: readonly Uint8Array[]): ExpectedLine[] {
  return expected.filter((e) => !INFORMATIONAL.test(e.text) || actual.some((line) => matchLine(e.pattern, line)));
}

/**
 * Untagged lines may come in any order (RFC 3501 section 7 fixes none; servers differ): a
 * one-to-one assignment of expected to received lines, the completion (last line) last.
 */
export function sameInAnyOrder(expected: readonly ExpectedLine[], actual: readonly Uint8Array[]): boolean {
  if (expected.length !== actual.length || expected.length === 0) return false;
  const last = expected.length - 1;
  if (!matchLine(expected[last].pattern, actual[last])) return false;
  // Bipartite matching (augmenting paths): a greedy pick could take a line a later pattern needs.
  const owner = new Array<number>(last).fill(-1);
  const assign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < last; j++) {
      if (seen[j] || !matchLine(expected[i].pattern, actual[j])) continue;
      seen[j] = true;
      if (owner[j] < 0 || assign(owner[j], seen)) { owner[j] = i; return true; }
    }
    return false;
  };
  for (let i = 0; i < last; i++) if (!assign(i, new Array<boolean>(last).fill(false))) return false;
  return true;
}

/**
 * The loose diff of one answer. `anyOrder`: the answer has no literals, so its untagged lines
 * may be compared as a multiset. Ignored informational lines show as matched.
 */
export function looseDiff(allExpected: readonly ExpectedLine[], actual: readonly Uint8Array[], protocol: Protocol, anyOrder: boolean): DiffLine[] {
  const expected = protocol === 'imap' ? expectedLines(allExpected, actual) : allExpected;
  const counted = protocol === 'imap' ? countedLines(expected, actual) : actual.map(() => true);
  const kept = actual.filter((_, j) => counted[j]);
  let diff = diffLines(expected, kept, matchLine);
  if (anyOrder && !diff.every((d) => d.op === 'same') && sameInAnyOrder(expected, kept)) {
    diff = kept.map((line) => ({ op: 'same', text: escapeWireLine(line) }));
  }
  // Put the ignored lines back where they came, as matched.
  const out: DiffLine[] = [];
  let j = 0;
  const skipIgnored = (): void => {
    for (; j < actual.length && !counted[j]; j++) out.push({ op: 'same', text: escapeWireLine(actual[j]) });
  };
  for (const d of diff) {
    if (d.op !== 'expected') { skipIgnored(); j++; }
    out.push(d);
  }
  skipIgnored();
  return out;
}
