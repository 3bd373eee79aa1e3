// The explainer: any protocol word (command, capability, code, flag, rights string...) or a
// whole server response, explained piece by piece from the registry tables. Output is data
// (ExplainLine); format.ts renders it, hints.ts guesses why a command failed.
import { nearestNames } from './distance.js';
import {
  ACL_RIGHTS, CAPABILITIES, FETCH_ITEMS, FLAGS_AND_ATTRIBUTES, IMAP_COMMANDS, POP3_CAPABILITIES,
  POP3_COMMANDS, POP3_RESPONSE_CODES, RESPONSE_CODES, SASL_MECHANISMS, SEARCH_KEYS, SEARCH_RETURN, STATUS_ITEMS,
  STORE_ACTIONS, UNTAGGED_RESPONSES, COMMAND_MODIFIERS, aclRight, capability, commandModifier, experimentalCommand, fetchItem, flagOrAttribute,
  flagsAndAttributes, imapCommand, pop3Capability, pop3Command, pop3ResponseCode, pop3StatusIndicator,
  responseCode, saslMechanism, searchKey, searchReturn, sortCriterion, statusItem, storeAction, untaggedResponse, SORT_CRITERIA,
} from './index.js';
import type { ExplainKind, ExplainLine, ExplainResult } from './explain-lines.js';
import { threadLines } from './explain-thread.js';
import type { FlagEntry, ResponseCodeEntry, SearchReturnEntry } from './types.js';
import type { ImapResponse, ImapValue, ResponseCode } from '../protocol/imap/types.js';

export * from './explain-lines.js';
export * from './format.js';
export * from './hints.js';

const UNKNOWN_TEXT = 'not in any registry we know';

interface Described { explanation: string; rfc: string; vendor?: string; obsolete?: string }

function line(term: string, kind: ExplainKind, entry: Described, depth: number, notes: string[] = []): ExplainLine {
  const all = [...notes];
  if (entry.obsolete) all.push(`obsolete: ${entry.obsolete}`);
  if (entry.vendor) all.push(`non-standard: ${entry.vendor}`);
  return { term, kind, text: entry.explanation, rfc: entry.rfc, depth, ...(all.length ? { notes: all } : {}) };
}

function unknownLine(term: string, kind: ExplainKind, depth: number, text = UNKNOWN_TEXT): ExplainLine {
  return { term, kind, text, depth };
}

function statesNote(states: readonly string[] | 'any'): string {
  return `valid in: ${states === 'any' ? 'any state' : states.join(', ')}`;
}

// --- single words

function flagLine(term: string, entry: FlagEntry, depth: number): ExplainLine {
  return line(term, entry.kind, entry, depth);
}

/** A rights string such as `acdilrsw`, letter by letter (RFC 4314 2.1). */
export function explainRights(rights: string, depth: number): ExplainLine[] {
  return [...rights].map((letter) => {
    const entry = aclRight(letter);
    return entry ? line(letter, 'acl-right', entry, depth) : unknownLine(letter, 'acl-right', depth, 'not a known ACL right');
  });
}

function isRightsString(term: string): boolean {
  return /^[a-z0-9]+$/.test(term) && [...term].every((ch) => aclRight(ch) !== undefined);
}

function capabilityLines(term: string, depth: number): ExplainLine[] {
  const found = capability(term);
  if (!found) return [];
  const lines: ExplainLine[] = [];
  if (found.familyOnly) {
    lines.push(line(term, 'capability', found.entry, depth, [`member of the ${found.entry.name} family`]));
  } else {
    lines.push(line(term, 'capability', found.entry, depth));
  }
  if (found.mechanism) lines.push(mechanismLine(found.mechanism.name, depth + 1));
  else if (found.entry.name === 'AUTH=' && found.value) lines.push(mechanismLine(found.value, depth + 1));
  return lines;
}

function mechanismLine(name: string, depth: number): ExplainLine {
  const entry = saslMechanism(name);
  return entry
    ? line(name, 'sasl-mechanism', entry, depth, [`security: ${entry.security}`])
    : unknownLine(name, 'sasl-mechanism', depth);
}

/** Every reading of one word, across all tables (no rights-string guess, no suggestions). */
function namedLines(term: string): ExplainLine[] {
  const lines: ExplainLine[] = [];
  const command = imapCommand(term);
  if (command) {
    const notes = [`syntax: ${command.syntax}`, statesNote(command.states)];
    if (command.requires) notes.push(`needs capability: ${command.requires.join(' or ')}`);
    lines.push(line(term, 'imap-command', command, 0, notes));
  }
  lines.push(...capabilityLines(term, 0));
  const code = responseCode(term);
  if (code && !/\s/.test(term)) lines.push(line(term, 'response-code', code, 0, codeNotes(code)));
  const untagged = untaggedResponse(term);
  if (untagged) lines.push(line(term, 'untagged-response', untagged, 0, [`form: ${untagged.syntax}`]));
  for (const flag of flagsAndAttributes(term)) lines.push(flagLine(term, flag, 0));
  const pop3 = pop3Command(term);
  if (pop3) lines.push(line(term, 'pop3-command', pop3, 0, [`syntax: ${pop3.syntax}`, statesNote(pop3.states)]));
  const capa = pop3Capability(term);
  if (capa) lines.push(line(term, 'pop3-capability', capa, 0, [`form: ${capa.syntax}`]));
  const pop3Code = pop3ResponseCode(term);
  if (pop3Code) lines.push(line(term, 'pop3-response-code', pop3Code, 0));
  const status = pop3StatusIndicator(term);
  if (status) lines.push(line(term, 'pop3-status', status, 0));
  const mechanism = saslMechanism(term);
  if (mechanism) lines.push(mechanismLine(term, 0));
  const item = fetchItem(term);
  if (item) lines.push(line(term, 'fetch-item', item, 0, item.expands ? [`expands to: ${item.expands.join(' ')}`] : []));
  const key = searchKey(term);
  if (key) lines.push(line(term, 'search-key', key, 0, key.args.length ? [`arguments: ${key.args.join(' ')}`] : []));
  const returned = searchReturn(term);
  if (returned) lines.push(line(term, 'search-return', returned, 0, searchReturnNotes(returned)));
  const criterion = sortCriterion(term);
  if (criterion) lines.push(line(term, 'sort-criterion', criterion, 0, criterion.requires ? [`needs capability: ${criterion.requires.join(' or ')}`] : []));
  const statusEntry = statusItem(term);
  if (statusEntry) lines.push(line(term, 'status-item', statusEntry, 0));
  const modifier = commandModifier(term);
  if (modifier) lines.push(line(term, 'modifier', modifier, 0, [`form: ${modifier.syntax}`]));
  const action = storeAction(term);
  if (action) lines.push(line(term, 'store-action', action, 0));
  return lines;
}

function searchReturnNotes(entry: SearchReturnEntry): string[] {
  const notes = [entry.where === 'data' ? 'in the ESEARCH answer' : entry.where === 'option' ? 'in RETURN (...)' : 'in RETURN (...) and the ESEARCH answer'];
  if (entry.value) notes.push(`value: ${entry.value}`);
  if (entry.requires) notes.push(`needs capability: ${entry.requires.join(' or ')}`);
  return notes;
}

function codeNotes(code: ResponseCodeEntry): string[] {
  return code.argSyntax ? [`form: [${code.name} ${code.argSyntax}]`] : [];
}

/** `[UIDVALIDITY 1294991877]`, `[COPYUID 1 2 3]`: the code and its arguments. */
function bracketedCodeLines(term: string): ExplainLine[] {
  const inner = term.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  const space = inner.search(/\s/);
  const name = space < 0 ? inner : inner.slice(0, space);
  const argText = space < 0 ? '' : inner.slice(space + 1).trim();
  const lines: ExplainLine[] = [];
  const code = responseCode(name);
  if (code) {
    lines.push(line(term, 'response-code', code, 0, codeNotes(code)));
    lines.push(...codeArgLines(code, argText, wordsOf(argText), 1));
  }
  const pop3Code = pop3ResponseCode(name);
  if (pop3Code) lines.push(line(term, 'pop3-response-code', pop3Code, 0));
  return lines;
}

/** Words of a code argument as text: parentheses and quotes dropped. */
function wordsOf(argText: string): string[] {
  return argText.replace(/[()"]/g, ' ').split(/\s+/).filter((w) => w !== '');
}

/** What each argument of a response code means, by the code's argument kind. */
function codeArgLines(code: ResponseCodeEntry, argText: string, words: string[], depth: number): ExplainLine[] {
  switch (code.argKind) {
    case 'flag-list':
      return words.map((w) => wordAsFlag(w, 'flag', depth));
    case 'capability-list':
      return words.flatMap((w) => capabilityOrUnknown(w, depth));
    case 'acl-rights':
      return words.flatMap((w) => explainRights(w, depth));
    case 'none':
      return [];
    default: {
      if (argText === '') return [];
      // Name each value after the syntax when the syntax is a plain sequence of names.
      const names = /[|[\].]/.test(code.argSyntax) ? [] : wordsOf(code.argSyntax);
      if (names.length === words.length && names.length > 0) {
        return words.map((w, i) => ({ term: w, kind: 'value', text: `${names[i]}`, depth }));
      }
      return [{ term: argText, kind: 'value', text: code.argSyntax ? `argument (${code.argSyntax})` : 'argument', depth }];
    }
  }
}

function capabilityOrUnknown(word: string, depth: number): ExplainLine[] {
  const lines = capabilityLines(word, depth);
  return lines.length ? lines : [unknownLine(word, 'capability', depth, 'not a capability we know (vendor or new extension)')];
}

function wordAsFlag(word: string, where: 'flag' | 'attribute', depth: number): ExplainLine {
  const entry = flagOrAttribute(word, where);
  if (entry) return flagLine(word, entry, depth);
  if (where === 'flag' && !word.startsWith('\\')) {
    return { term: word, kind: 'keyword', text: 'A keyword of this server or a client (no registered meaning).', depth };
  }
  return unknownLine(word, where === 'flag' ? 'system-flag' : 'mailbox-attribute', depth);
}

let allNamesCache: string[] | undefined;
function allNames(): string[] {
  allNamesCache ??= [
    ...IMAP_COMMANDS.filter((c) => !c.pattern).map((c) => c.name),
    ...CAPABILITIES.map((c) => c.name),
    ...RESPONSE_CODES.map((c) => c.name),
    ...UNTAGGED_RESPONSES.map((u) => u.name),
    ...FLAGS_AND_ATTRIBUTES.map((f) => f.name),
    ...POP3_COMMANDS.map((c) => c.name),
    ...POP3_CAPABILITIES.map((c) => c.name),
    ...POP3_RESPONSE_CODES.map((c) => c.name),
    ...SASL_MECHANISMS.map((m) => m.name),
    ...FETCH_ITEMS.map((f) => f.name),
    ...SEARCH_KEYS.map((k) => k.name),
    ...SEARCH_RETURN.map((r) => r.name),
    ...SORT_CRITERIA.map((c) => c.name),
    ...STATUS_ITEMS.map((s) => s.name),
    ...STORE_ACTIONS.map((s) => s.name),
    ...COMMAND_MODIFIERS.map((m) => m.name),
  ];
  return allNamesCache;
}

/** Explains any protocol word; see ExplainResult. */
export function explainTerm(term: string): ExplainResult {
  const trimmed = term.trim();
  const codeWithArgs = /\s/.test(trimmed) && responseCode(trimmed) !== undefined && !imapCommand(trimmed);
  const lines = trimmed.startsWith('[') || codeWithArgs
    ? bracketedCodeLines(trimmed)
    : namedLines(trimmed);
  if (lines.length === 0 && isRightsString(trimmed)) {
    lines.push({ term: trimmed, kind: 'acl-rights', text: 'A set of ACL rights, one letter each.', rfc: ACL_RIGHTS[0]!.rfc, depth: 0 });
    lines.push(...explainRights(trimmed, 1));
  }
  if (lines.length === 0) {
    const pattern = experimentalCommand(trimmed);
    if (pattern && /^[A-Za-z0-9-]+$/.test(trimmed)) {
      lines.push(line(trimmed, 'imap-command', pattern, 0, ['unknown X command: its meaning is up to the server']));
    }
  }
  const named = lines.length > 0 && lines[0]!.kind !== 'acl-rights';
  // A rights string may also be a typo of a name (`selct`): offer both readings.
  const suggestions = named ? [] : nearestNames(trimmed.replace(/^\[|\]$/g, ''), allNames());
  if (lines.length > 0) return { term: trimmed, lines, suggestions, known: true };
  return { term: trimmed, lines: [unknownLine(trimmed, 'unknown', 0)], suggestions, known: false };
}

// --- whole responses

function atomText(value: ImapValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === 'atom' || value.type === 'quoted') return value.value;
  if (value.type === 'number') return String(value.value);
  return undefined;
}

function listWords(value: ImapValue | undefined): string[] {
  if (!value || value.type !== 'list') return [];
  return value.items.flatMap((item) => atomText(item) ?? []);
}

function codeLines(code: ResponseCode, depth: number): ExplainLine[] {
  const entry = responseCode(code.name);
  if (!entry) return [unknownLine(`[${code.name}]`, 'response-code', depth, 'a response code we do not know (vendor or new extension)')];
  const words = code.args.flatMap((arg) => (arg.type === 'list' ? listWords(arg) : atomText(arg) ?? []));
  return [line(code.name, 'response-code', entry, depth), ...codeArgLines(entry, code.argText, words, depth + 1)];
}

function dataPartLines(name: string, values: readonly ImapValue[]): ExplainLine[] {
  switch (name) {
    case 'CAPABILITY':
    case 'ENABLED':
      return values.flatMap((v) => (atomText(v) ? capabilityOrUnknown(atomText(v)!, 1) : []));
    case 'FLAGS':
      return listWords(values[0]).map((w) => wordAsFlag(w, 'flag', 1));
    case 'LIST':
    case 'LSUB':
    case 'XLIST':
      return [...listWords(values[0]).map((w) => wordAsFlag(w, 'attribute', 1)), ...listExtendedLines(values[3])];
    case 'MYRIGHTS': {
      const rights = atomText(values[1]);
      return rights ? explainRights(rights, 1) : [];
    }
    case 'ACL':
      // RFC 4314 3.6: the mailbox, then identifier and rights, pair after pair.
      return pairsAfter(values, 1).flatMap(([who, rights]) => [
        { term: who, kind: 'value' as const, text: `rights ${rights || '(none)'}`, depth: 1 },
        ...explainRights(rights, 2),
      ]);
    case 'STATUS':
      return pairs(values[1]).map(([item]) => namedPart(item, statusItem(item), 'status-item'));
    case 'FETCH':
    case 'UIDFETCH':
      return fetchPartLines(values[0]);
    case 'ESEARCH':
      return esearchPartLines(values);
    case 'VANISHED':
      return vanishedPartLines(values);
    case 'THREAD':
      return threadLines(values);
    default:
      return [];
  }
}

/** RFC 5258 6: mbox-list-extended after the mailbox name, `("CHILDINFO" ("SUBSCRIBED"))`: tag, then data. */
function listExtendedLines(value: ImapValue | undefined): ExplainLine[] {
  return pairs(value).map(([tag]) => {
    const entry = commandModifier(tag);
    return namedPart(tag, entry?.where === 'list-extended-item' ? entry : undefined, 'modifier');
  });
}

/** RFC 4466 2.6.2: esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data). */
function esearchPartLines(values: readonly ImapValue[]): ExplainLine[] {
  const out: ExplainLine[] = [];
  let i = 0;
  const correlator = values[0];
  if (correlator?.type === 'list') {
    const tag = atomText(correlator.items[1]) ?? '';
    out.push(namedPart(`(TAG "${tag}")`, searchReturn('TAG'), 'search-return'));
    i = 1;
  }
  if (atomText(values[i])?.toUpperCase() === 'UID') out.push(namedPart(atomText(values[i++])!, searchReturn('UID'), 'search-return'));
  for (; i < values.length; i += 2) {
    const name = atomText(values[i]) ?? '?';
    const value = atomText(values[i + 1]);
    const term = value === undefined ? name : `${name} ${value}`;
    const entry = searchReturn(name);
    out.push(entry && entry.where !== 'option' ? line(term, 'search-return', entry, 1) : unknownLine(term, 'search-return', 1, 'return data we do not know (vendor or new extension)'));
  }
  return out;
}

/** RFC 7162 section 7: expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids. */
function vanishedPartLines(values: readonly ImapValue[]): ExplainLine[] {
  const tags = values[0]?.type === 'list' ? listWords(values[0]) : [];
  const uids = atomText(values[tags.length > 0 ? 1 : 0]);
  return [
    ...tags.map((t) => namedPart(t, commandModifier(t), 'modifier')),
    ...(uids ? [{ term: uids, kind: 'value' as const, text: 'UIDs, not message numbers', depth: 1 }] : []),
  ];
}

/** Word pairs of `values` from index `start` (identifier and rights in an ACL response). */
function pairsAfter(values: readonly ImapValue[], start: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = start; i + 1 < values.length; i += 2) {
    const who = atomText(values[i]);
    const rights = atomText(values[i + 1]);
    if (who !== undefined && rights !== undefined) out.push([who, rights]);
  }
  return out;
}

function pairs(value: ImapValue | undefined): Array<[string, ImapValue | undefined]> {
  if (!value || value.type !== 'list') return [];
  const out: Array<[string, ImapValue | undefined]> = [];
  for (let i = 0; i < value.items.length; i += 2) {
    const item = value.items[i]!;
    const name = item.type === 'section' ? `${item.name}[${item.sectionText}]` : atomText(item);
    if (name) out.push([name, value.items[i + 1]]);
  }
  return out;
}

function namedPart(term: string, entry: Described | undefined, kind: ExplainKind): ExplainLine {
  return entry ? line(term, kind, entry, 1) : unknownLine(term, kind, 1);
}

function fetchPartLines(value: ImapValue | undefined): ExplainLine[] {
  return pairs(value).flatMap(([name, data]) => {
    const head = namedPart(name, fetchItem(name), 'fetch-item');
    if (name.toUpperCase() !== 'FLAGS') return [head];
    return [head, ...listWords(data).map((w) => wordAsFlag(w, 'flag', 2))];
  });
}

/** A server response, piece by piece: status word or response name, code, each listed word. */
export function explainResponse(resp: ImapResponse): ExplainLine[] {
  if (resp.kind === 'continuation') {
    const entry = untaggedResponse('+')!;
    return [line('+', 'untagged-response', entry, 0), ...(resp.code ? codeLines(resp.code, 1) : [])];
  }
  if (resp.kind === 'status') {
    const entry = untaggedResponse(resp.status)!;
    const who = resp.tag === undefined ? 'untagged (*)' : `tagged (${resp.tag}): the end of that command`;
    return [line(resp.status, 'untagged-response', entry, 0, [who]), ...(resp.code ? codeLines(resp.code, 1) : [])];
  }
  const entry = untaggedResponse(resp.name);
  const head = entry ? line(resp.name, 'untagged-response', entry, 0) : unknownLine(resp.name, 'untagged-response', 0, 'a response we do not know (vendor or new extension)');
  return [head, ...dataPartLines(resp.name.toUpperCase(), resp.values)];
}

// --- POP3

export interface Pop3ResponseToExplain {
  ok: boolean;
  /** RFC 2449 code without brackets, if the reader split it off. */
  code?: string;
  text: string;
  /** Body lines of a multi-line answer, as text. */
  lines?: string[];
}

/** A POP3 reply: +OK/-ERR, its [CODE], and for CAPA each capability line. */
export function explainPop3(resp: Pop3ResponseToExplain, command?: string): ExplainLine[] {
  const status = pop3StatusIndicator(resp.ok ? '+OK' : '-ERR')!;
  const out = [line(status.name, 'pop3-status', status, 0)];
  const code = resp.code ?? /^\[([^\]]+)\]/.exec(resp.text.trim())?.[1];
  if (code) {
    const entry = pop3ResponseCode(code) ?? pop3ResponseCode(code.split('/')[0]!);
    out.push(entry ? line(`[${code}]`, 'pop3-response-code', entry, 1) : unknownLine(`[${code}]`, 'pop3-response-code', 1));
  }
  if (command?.trim().toUpperCase() === 'CAPA' && resp.lines) out.push(...resp.lines.flatMap(capaLineParts));
  return out;
}

function capaLineParts(text: string): ExplainLine[] {
  const [tag, ...params] = text.trim().split(/\s+/);
  if (!tag) return [];
  const entry = pop3Capability(tag);
  const head = entry ? line(tag, 'pop3-capability', entry, 1) : unknownLine(tag, 'pop3-capability', 1, 'a CAPA tag we do not know (vendor or new extension)');
  if (tag.toUpperCase() !== 'SASL') return [head];
  return [head, ...params.map((m) => mechanismLine(m, 2))];
}
