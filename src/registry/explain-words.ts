// Word by word: the explanation lines for one protocol word (a flag, a capability, a SASL
// mechanism, the rights of an ACL, a response code's arguments), shared by the explainer of
// terms (explain.ts) and of whole responses (explain-response.ts).
import {
  aclRight, capability, flagOrAttribute, saslMechanism,
} from './index.js';
import type { ExplainKind, ExplainLine } from './explain-lines.js';
import type { FlagEntry, ResponseCodeEntry } from './types.js';

export const UNKNOWN_TEXT = 'not in any registry we know';

export interface Described { explanation: string; rfc: string; vendor?: string; obsolete?: string }

export function line(term: string, kind: ExplainKind, entry: Described, depth: number, notes: string[] = []): ExplainLine {
  const all = [...notes];
  if (entry.obsolete) all.push(`obsolete: ${entry.obsolete}`);
  if (entry.vendor) all.push(`non-standard: ${entry.vendor}`);
  return { term, kind, text: entry.explanation, rfc: entry.rfc, depth, ...(all.length ? { notes: all } : {}) };
}

export function unknownLine(term: string, kind: ExplainKind, depth: number, text = UNKNOWN_TEXT): ExplainLine {
  return { term, kind, text, depth };
}

export function flagLine(term: string, entry: FlagEntry, depth: number): ExplainLine {
  return line(term, entry.kind, entry, depth);
}

/** A rights string such as `acdilrsw`, letter by letter (RFC 4314 2.1). */
export function explainRights(rights: string, depth: number): ExplainLine[] {
  return [...rights].map((letter) => {
    const entry = aclRight(letter);
    return entry ? line(letter, 'acl-right', entry, depth) : unknownLine(letter, 'acl-right', depth, 'not a known ACL right');
  });
}

export function capabilityLines(term: string, depth: number): ExplainLine[] {
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

export function mechanismLine(name: string, depth: number): ExplainLine {
  const entry = saslMechanism(name);
  return entry
    ? line(name, 'sasl-mechanism', entry, depth, [`security: ${entry.security}`])
    : unknownLine(name, 'sasl-mechanism', depth);
}

/** Words of a code argument as text: parentheses and quotes dropped. */
export function wordsOf(argText: string): string[] {
  return argText.replace(/[()"]/g, ' ').split(/\s+/).filter((w) => w !== '');
}

/** What each argument of a response code means, by the code's argument kind. */
export function codeArgLines(code: ResponseCodeEntry, argText: string, words: string[], depth: number): ExplainLine[] {
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

export function capabilityOrUnknown(word: string, depth: number): ExplainLine[] {
  const lines = capabilityLines(word, depth);
  return lines.length ? lines : [unknownLine(word, 'capability', depth, 'not a capability we know (vendor or new extension)')];
}

export function wordAsFlag(word: string, where: 'flag' | 'attribute', depth: number): ExplainLine {
  const entry = flagOrAttribute(word, where);
  if (entry) return flagLine(word, entry, depth);
  if (where === 'flag' && !word.startsWith('\\')) {
    return { term: word, kind: 'keyword', text: 'A keyword of this server or a client (no registered meaning).', depth };
  }
  return unknownLine(word, where === 'flag' ? 'system-flag' : 'mailbox-attribute', depth);
}
