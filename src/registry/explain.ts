// The explainer: any protocol word (command, capability, code, flag, rights string...) looked
// up in every registry table, with near misses when nothing matches. Whole responses are
// explain-response.ts; both build on explain-words.ts. Output is data (ExplainLine); format.ts
// renders it, hints.ts guesses why a command failed. This module is the one entry point.
import { nearestNames } from './distance.js';
import {
  ACL_RIGHTS, CAPABILITIES, FETCH_ITEMS, FLAGS_AND_ATTRIBUTES, IMAP_COMMANDS, POP3_CAPABILITIES,
  POP3_COMMANDS, POP3_RESPONSE_CODES, RESPONSE_CODES, SASL_MECHANISMS, SEARCH_KEYS, SEARCH_RETURN, STATUS_ITEMS,
  STORE_ACTIONS, UNTAGGED_RESPONSES, COMMAND_MODIFIERS, aclRight, commandModifier, experimentalCommand, fetchItem,
  flagsAndAttributes, imapCommand, pop3Capability, pop3Command, pop3ResponseCode, pop3StatusIndicator,
  responseCode, saslMechanism, searchKey, searchReturn, sortCriterion, statusItem, storeAction, untaggedResponse, SORT_CRITERIA,
} from './index.js';
import type { ExplainLine, ExplainResult } from './explain-lines.js';
import { pop3AnswerNotes } from './explain-response.js';
import { capabilityLines, codeArgLines, explainRights, flagLine, line, mechanismLine, unknownLine, wordsOf } from './explain-words.js';
import type { ResponseCodeEntry, SearchReturnEntry } from './types.js';

export * from './explain-lines.js';
export * from './format.js';
export * from './hints.js';
export { explainRights } from './explain-words.js';
export * from './explain-response.js';

function statesNote(states: readonly string[] | 'any'): string {
  return `valid in: ${states === 'any' ? 'any state' : states.join(', ')}`;
}

// --- single words

function isRightsString(term: string): boolean {
  return /^[a-z0-9]+$/.test(term) && [...term].every((ch) => aclRight(ch) !== undefined);
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
  if (pop3) lines.push(line(term, 'pop3-command', pop3, 0, [`syntax: ${pop3.syntax}`, statesNote(pop3.states), ...pop3AnswerNotes(pop3.name)]));
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
