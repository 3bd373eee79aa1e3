// The colour scheme of the pretty printer: one style function per token kind. The table
// COLOUR_SCHEME is the one place the colours are written; createTheme builds chalk styles from
// it and README's colour section mirrors it. Colour state is a chalk *instance* made here,
// never the global chalk, so tests and non-TTY output get exactly what they ask for.

import { Chalk, type ChalkInstance, type ForegroundColorName, type ModifierName } from 'chalk';
import type { StatusWord } from '../protocol/imap/types.js';

export type TokenKind =
  | 'tag'
  | 'untagged'
  | 'continuation'
  | 'ok'
  | 'no'
  | 'bad'
  | 'bye'
  | 'preauth'
  | 'pop3Ok'
  | 'pop3Err'
  | 'code'
  | 'name'
  | 'number'
  | 'quoted'
  | 'nil'
  | 'atom'
  | 'flag'
  | 'keyword'
  | 'capability'
  | 'mailbox'
  | 'literal'
  | 'dim'
  | 'client'
  | 'error'
  | 'problem';

export type Style = (text: string) => string;
export type Theme = Readonly<Record<TokenKind, Style>>;

type StyleName = ForegroundColorName | ModifierName;

export interface SchemeEntry {
  kind: TokenKind;
  /** chalk style names applied in order; empty means the terminal's own colour. */
  styles: readonly StyleName[];
  /** What the token is, for README. */
  meaning: string;
  example: string;
}

export const COLOUR_SCHEME: readonly SchemeEntry[] = [
  { kind: 'tag', styles: ['blueBright', 'bold'], meaning: 'command tag', example: 'a1' },
  { kind: 'untagged', styles: ['gray'], meaning: 'untagged response star', example: '*' },
  { kind: 'continuation', styles: ['whiteBright', 'bold'], meaning: 'continuation request', example: '+' },
  { kind: 'ok', styles: ['green', 'bold'], meaning: 'IMAP status OK', example: 'OK' },
  { kind: 'no', styles: ['yellow', 'bold'], meaning: 'IMAP status NO', example: 'NO' },
  { kind: 'bad', styles: ['red', 'bold'], meaning: 'IMAP status BAD', example: 'BAD' },
  { kind: 'bye', styles: ['magenta', 'bold'], meaning: 'IMAP status BYE', example: 'BYE' },
  { kind: 'preauth', styles: ['cyan', 'bold'], meaning: 'IMAP status PREAUTH', example: 'PREAUTH' },
  { kind: 'pop3Ok', styles: ['green', 'bold'], meaning: 'POP3 positive status', example: '+OK' },
  { kind: 'pop3Err', styles: ['red', 'bold'], meaning: 'POP3 negative status', example: '-ERR' },
  { kind: 'code', styles: ['cyanBright'], meaning: 'response code brackets and name', example: '[UIDVALIDITY' },
  { kind: 'name', styles: ['bold'], meaning: 'untagged response name', example: 'FETCH' },
  { kind: 'number', styles: ['yellowBright'], meaning: 'number', example: '4994' },
  { kind: 'quoted', styles: ['greenBright'], meaning: 'quoted string', example: '"example.com"' },
  { kind: 'nil', styles: ['gray', 'italic'], meaning: 'NIL', example: 'NIL' },
  { kind: 'atom', styles: [], meaning: 'atom', example: 'RFC822.SIZE' },
  { kind: 'flag', styles: ['magentaBright'], meaning: 'system flag or attribute (backslash)', example: '\\Seen' },
  { kind: 'keyword', styles: ['magenta'], meaning: 'keyword (flag without backslash)', example: 'NonJunk' },
  { kind: 'capability', styles: ['cyan'], meaning: 'capability name', example: 'IDLE' },
  { kind: 'mailbox', styles: ['whiteBright', 'underline'], meaning: 'mailbox name', example: '"INBOX.Sent"' },
  { kind: 'literal', styles: ['yellow'], meaning: 'literal size marker', example: '{102}' },
  { kind: 'dim', styles: ['dim'], meaning: 'annotation, decoded text beside', example: '(INBOX.Entwürfe)' },
  { kind: 'client', styles: ['blue'], meaning: 'line we sent', example: 'C: a1 NOOP' },
  { kind: 'error', styles: ['redBright', 'inverse'], meaning: 'malformed byte marker', example: '^' },
  // Not the marker's inverse: a whole line of it (a certificate error) read as a malformed server line.
  { kind: 'problem', styles: ['redBright'], meaning: "mailscope's own error line", example: 'connection lost: TLS: ...' },
];

/** Which token kind colours each IMAP status word (RFC 3501 section 7.1). */
export const STATUS_TOKEN: Readonly<Record<StatusWord, TokenKind>> = {
  OK: 'ok',
  NO: 'no',
  BAD: 'bad',
  BYE: 'bye',
  PREAUTH: 'preauth',
};

const identity: Style = (text) => text;

/** No colour at all: for tests, pipes and --no-color. */
export const plainTheme: Theme = Object.freeze(
  Object.fromEntries(COLOUR_SCHEME.map((e) => [e.kind, identity])) as Record<TokenKind, Style>,
);

function styleOf(chalk: ChalkInstance, styles: readonly StyleName[]): Style {
  if (styles.length === 0) return identity;
  const chained = styles.reduce<ChalkInstance>((c, name) => c[name], chalk);
  return (text) => (text === '' ? '' : chained(text));
}

export function createTheme(opts: { color: boolean; level?: 1 | 2 | 3 }): Theme {
  if (!opts.color) return plainTheme;
  const chalk = new Chalk({ level: opts.level ?? 1 });
  return Object.freeze(
    Object.fromEntries(COLOUR_SCHEME.map((e) => [e.kind, styleOf(chalk, e.styles)])) as Record<
      TokenKind,
      Style
    >,
  );
}

/**
 * The colour level to use, 0 meaning none. Precedence, strongest first:
 * `--no-color` (flag false); NO_COLOR with any non-empty value (no-color.org); FORCE_COLOR
 * (`0`/`false` off, `1`-`3` that level, anything else level 1; chalk's convention);
 * otherwise colour only on a TTY whose TERM is not `dumb`. A flag of true gives no force:
 * commander's `--no-color` defaults the option to true.
 */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, flag?: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return forcedLevel(force);
  if (!isTTY || env.TERM === 'dumb') return 0;
  return detectedLevel(env);
}

export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean, flag?: boolean): boolean {
  return colorLevel(env, isTTY, flag) > 0;
}

function forcedLevel(value: string): 0 | 1 | 2 | 3 {
  if (value === '0' || value.toLowerCase() === 'false') return 0;
  if (value === '2') return 2;
  if (value === '3') return 3;
  return 1;
}

function detectedLevel(env: NodeJS.ProcessEnv): 1 | 2 | 3 {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.endsWith('256color')) return 2;
  return 1;
}

/** COLOUR_SCHEME as a markdown table, for README's colour section. */
export function colourSchemeMarkdown(): string {
  const rows = COLOUR_SCHEME.map(
    (e) => `| ${e.kind} | ${e.meaning} | ${e.styles.join(' ') || '(terminal default)'} | \`${e.example}\` |`,
  );
  return ['| token | meaning | colour | example |', '|---|---|---|---|', ...rows].join('\n');
}
