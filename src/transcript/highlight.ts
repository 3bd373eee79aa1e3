// Token colouring of transcript lines for export: the same token kinds as the terminal's
// pretty printer (src/terminal/theme.ts), found on the line as written (no reflowing, so an
// exported page shows every line as recorded), with an explanation from the registry for
// capabilities, response codes, flags, response and command names.

import {
  capability, flagOrAttribute, imapCommand, pop3Command, responseCode, untaggedResponse,
} from '../registry/index.js';
import type { TokenKind } from '../terminal/theme.js';
import { STATUS_TOKEN } from '../terminal/theme.js';
import type { StatusWord } from '../protocol/imap/types.js';
import type { Protocol } from './exchange.js';

export interface Token {
  text: string;
  kind?: TokenKind;
  /** A learner's explanation, shown on hover. */
  explain?: string;
}

const WORD = /"(?:[^"\\]|\\.)*"|~?\{\d+[+-]?\}|\\\*|\\?[^\s()[\]"]+|\s+|[()[\]]|"/g;
const STATUS_WORDS: ReadonlySet<string> = new Set(Object.keys(STATUS_TOKEN));

function explained(entry: { explanation: string; rfc: string } | undefined): string | undefined {
  return entry ? `${entry.explanation} (${entry.rfc})` : undefined;
}

function valueToken(word: string, inCapabilities: boolean): Token {
  if (word.startsWith('"')) return { text: word, kind: 'quoted' };
  if (/^~?\{\d+[+-]?\}$/.test(word)) return { text: word, kind: 'literal' };
  if (word.toUpperCase() === 'NIL') return { text: word, kind: 'nil' };
  if (/^\d+$/.test(word)) return { text: word, kind: 'number' };
  if (word.startsWith('\\')) return withExplain({ text: word, kind: 'flag' }, explained(flagOrAttribute(word)));
  if (inCapabilities) return withExplain({ text: word, kind: 'capability' }, explained(capability(word)?.entry));
  return { text: word };
}

function withExplain(token: Token, explain: string | undefined): Token {
  return explain ? { ...token, explain } : token;
}

/** IMAP server line: tag or `*`/`+`, status word, `[CODE ...]`, data name, values. */
function imapServer(words: string[]): Token[] {
  const tokens: Token[] = [];
  let position = 0; // among non-space words
  let inCode = 0;
  let codeName: string | undefined;
  let dataName: string | undefined;
  for (const word of words) {
    if (/^\s+$/.test(word)) { tokens.push({ text: word }); continue; }
    const upper = word.toUpperCase();
    const index = position++;
    if (index === 0) {
      tokens.push({ text: word, kind: word === '*' ? 'untagged' : word === '+' ? 'continuation' : 'tag' });
    } else if (index === 1 && STATUS_WORDS.has(upper)) {
      tokens.push({ text: word, kind: STATUS_TOKEN[upper as StatusWord] });
    } else if (word === '[') {
      inCode++;
      codeName = undefined;
      tokens.push({ text: word, kind: 'code' });
    } else if (word === ']' && inCode > 0) {
      inCode--;
      tokens.push({ text: word, kind: 'code' });
    } else if (inCode > 0 && codeName === undefined) {
      codeName = upper;
      tokens.push(withExplain({ text: word, kind: 'code' }, explained(responseCode(upper))));
    } else if (index <= 2 && dataName === undefined && words[0] === '*' && /^[A-Z][A-Z0-9.-]*$/i.test(word) && !/^\d+$/.test(word)) {
      dataName = upper;
      tokens.push(withExplain({ text: word, kind: 'name' }, explained(untaggedResponse(upper))));
    } else {
      const inCapabilities = (inCode > 0 && codeName === 'CAPABILITY') || dataName === 'CAPABILITY' || dataName === 'ENABLED';
      tokens.push(valueToken(word, inCapabilities));
    }
  }
  return tokens;
}

/** IMAP client line: tag, command name (two words for UID forms), values. */
function imapClient(words: string[]): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  let uid = false;
  for (const word of words) {
    if (/^\s+$/.test(word)) { tokens.push({ text: word }); continue; }
    const index = position++;
    const upper = word.toUpperCase();
    if (index === 0 && words.filter((w) => !/^\s+$/.test(w)).length === 1) {
      tokens.push(withExplain({ text: word, kind: 'client' }, explained(imapCommand(upper))));
    } else if (index === 0) {
      tokens.push({ text: word, kind: 'tag' });
    } else if (index === 1 || (index === 2 && uid)) {
      uid = upper === 'UID';
      const name = index === 2 ? `UID ${upper}` : upper;
      tokens.push(withExplain({ text: word, kind: 'client' }, uid ? undefined : explained(imapCommand(name))));
    } else {
      tokens.push(valueToken(word, false));
    }
  }
  return tokens;
}

function pop3Server(words: string[]): Token[] {
  return words.map((word, i) => {
    if (i === 0 && /^\+OK$/i.test(word)) return { text: word, kind: 'pop3Ok' };
    if (i === 0 && /^-ERR$/i.test(word)) return { text: word, kind: 'pop3Err' };
    if (i === 0 && word === '+') return { text: word, kind: 'continuation' };
    return /^\d+$/.test(word) ? { text: word, kind: 'number' } : { text: word };
  });
}

function pop3Client(words: string[]): Token[] {
  return words.map((word, i) => (i === 0 ? withExplain({ text: word, kind: 'client' }, explained(pop3Command(word.toUpperCase()))) : { text: word }));
}

/**
 * Tokens of one transcript line as written (escapes and all). `literal` marks a line inside
 * a literal or POP3 body: it is shown as is. The tokens' texts join to the line exactly.
 */
export function highlightLine(text: string, side: 'client' | 'server', protocol: Protocol, literal: boolean): Token[] {
  if (literal || text === '') return [{ text }];
  const words = text.match(WORD) ?? [text];
  if (words.join('') !== text) return [{ text }];
  if (protocol === 'pop3') return side === 'client' ? pop3Client(words) : pop3Server(words);
  return side === 'client' ? imapClient(words) : imapServer(words);
}
