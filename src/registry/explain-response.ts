// Whole responses explained piece by piece: an IMAP response (status word or response name,
// its code, each listed word: flags, attributes, fetch items, ESEARCH and VANISHED data,
// THREAD's threads) and a POP3 reply (+OK/-ERR, its code, CAPA lines, what the answer carries).
import {
  commandModifier, fetchItem, pop3Capability, pop3ResponseCode, pop3StatusIndicator, responseCode,
  searchReturn, statusItem, untaggedResponse,
} from './index.js';
import type { ExplainKind, ExplainLine } from './explain-lines.js';
import { POP3_ANSWERS, pop3Answer, type Pop3AnswerEntry } from './pop3-answers.js';
import { bodyStructureLines } from './explain-bodystructure.js';
import { envelopeLines } from './explain-envelope.js';
import { threadLines } from './explain-thread.js';
import {
  capabilityOrUnknown, codeArgLines, explainRights, line, mechanismLine, unknownLine, wordAsFlag, type Described,
} from './explain-words.js';
import type { ImapResponse, ImapValue, ResponseCode } from '../protocol/imap/types.js';

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
    // PARTIAL's value is a list, `(range set)` (RFC 9394 4).
    const raw = values[i + 1];
    const value = raw?.type === 'list' ? `(${raw.items.map((v) => (v.type === 'nil' ? 'NIL' : atomText(v) ?? '?')).join(' ')})` : atomText(raw);
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
    const item = name.toUpperCase();
    if (item === 'ENVELOPE') return [head, ...envelopeLines(data)];
    if (item === 'BODYSTRUCTURE' || item === 'BODY') return [head, ...bodyStructureLines(data)];
    if (item !== 'FLAGS') return [head];
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

/**
 * A POP3 reply: +OK/-ERR, its [CODE], for CAPA each capability line, and under +OK what the
 * answer to this command carries (`command`: the command's name or its whole line).
 */
export function explainPop3(resp: Pop3ResponseToExplain, command?: string): ExplainLine[] {
  const status = pop3StatusIndicator(resp.ok ? '+OK' : '-ERR')!;
  const answer = resp.ok ? pop3AnswerLine(resp, command) : undefined;
  const out = [line(status.name, 'pop3-status', status, 0, answer ? [answerNote(answer)] : [])];
  const code = resp.code ?? /^\[([^\]]+)\]/.exec(resp.text.trim())?.[1];
  if (code) {
    const entry = pop3ResponseCode(code) ?? pop3ResponseCode(code.split('/')[0]!);
    out.push(entry ? line(`[${code}]`, 'pop3-response-code', entry, 1) : unknownLine(`[${code}]`, 'pop3-response-code', 1));
  }
  if (commandName(command) === 'CAPA' && resp.lines) out.push(...resp.lines.flatMap(capaLineParts));
  return out;
}

function commandName(command: string | undefined): string {
  return (command ?? '').trim().split(/\s+/, 1)[0]!.toUpperCase();
}

/** `STAT: 3 = the number of messages, ... (RFC 1939 5)`: the note under +OK in `:explain`. */
function answerNote(answer: ExplainLine): string {
  return `${answer.term}: ${answer.text}${answer.rfc ? ` (${answer.rfc})` : ''}`;
}

/**
 * What a +OK answer carries, by the command's answer form (POP3_ANSWERS): the words of a
 * one-line answer named in order (`3 = the number of messages`), or what a multi-line body is.
 * Its term is the form (`LIST msg`), the same for every answer of that form.
 */
export function pop3AnswerLine(resp: Pop3ResponseToExplain, command?: string): ExplainLine | undefined {
  const name = commandName(command);
  if (!resp.ok || !name) return undefined;
  const entry = pop3Answer(name, resp.lines !== undefined);
  if (!entry) return undefined;
  const values = resp.text.trim().split(/\s+/);
  const named = entry.words && values.length >= entry.words.length
    ? `${entry.words.map((meaning, i) => `${values[i]} = ${meaning}`).join(', ')}; `
    : '';
  const text = named || !entry.words ? `${named}${entry.explanation}` : capitalized(entry.explanation);
  return { term: entry.form, kind: 'pop3-answer', text, rfc: entry.rfc, depth: 1 };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function capaLineParts(text: string): ExplainLine[] {
  const [tag, ...params] = text.trim().split(/\s+/);
  if (!tag) return [];
  const entry = pop3Capability(tag);
  const head = entry ? line(tag, 'pop3-capability', entry, 1) : unknownLine(tag, 'pop3-capability', 1, 'a CAPA tag we do not know (vendor or new extension)');
  if (tag.toUpperCase() !== 'SASL') return [head];
  return [head, ...params.map((m) => mechanismLine(m, 2))];
}

/** `:explain LIST`: what each answer form of a POP3 command carries, one note each. */
export function pop3AnswerNotes(command: string): string[] {
  const name = commandName(command);
  return POP3_ANSWERS.filter((a) => a.command === name).map((a) => `answer to ${a.form}: ${answerShape(a)} (${a.rfc})`);
}

function answerShape(entry: Pop3AnswerEntry): string {
  return entry.words ? `+OK ${entry.words.join(', then ')}; ${entry.explanation}` : entry.explanation;
}
