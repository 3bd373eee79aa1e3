// POP3 (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 3206 codes, RFC 5034 AUTH, RFC 6856 UTF8).
// `multiline` drives the response reader: which +OK answers go on until a line with `.` alone.
import type { ArgKind, ArgSpec, NamedFact, Pop3CapaEntry, Pop3CommandEntry, Pop3ResponseCodeEntry, Pop3State } from './types.js';

const AUTHZ: readonly Pop3State[] = ['authorization'];
const TRANS: readonly Pop3State[] = ['transaction'];
function a(name: string, kind: ArgKind, more: Partial<ArgSpec> = {}): ArgSpec {
  return { name, kind, ...more };
}
const msg = a('msg', 'message-number');
const optMsg = a('msg', 'message-number', { optional: true });

export const POP3_COMMANDS: readonly Pop3CommandEntry[] = [
  { name: 'USER', syntax: 'USER name', states: AUTHZ, multiline: 'never', login: 'begins', args: [a('name', 'astring')], rfc: 'RFC 1939 7',
    explanation: 'Gives the user name; PASS must follow.' },
  { name: 'PASS', syntax: 'PASS password', states: AUTHZ, multiline: 'never', login: 'completes', args: [a('password', 'secret', { secret: true, clearPassword: true })], rfc: 'RFC 1939 7',
    explanation: 'Gives the password after USER, in clear text: use it only over TLS (STLS or port 995). The rest of the line, spaces included, is the password.' },
  { name: 'APOP', syntax: 'APOP name digest', states: AUTHZ, multiline: 'never', login: 'completes', args: [a('name', 'astring'), a('digest', 'secret', { secret: true })], rfc: 'RFC 1939 7',
    explanation: 'Logs in with the MD5 of the greeting\'s <timestamp> followed by the password, so the password itself is not sent. Only when the greeting contains a <...@...> stamp.' },
  { name: 'AUTH', syntax: 'AUTH [mechanism [initial-response]]', states: AUTHZ, multiline: 'without-argument', login: 'completes', requires: ['SASL'],
    args: [a('mechanism', 'mechanism', { optional: true }), a('initial-response', 'base64', { optional: true, secret: true })], rfc: 'RFC 5034 4; RFC 1734',
    explanation: 'Logs in with a SASL mechanism, like IMAP AUTHENTICATE. Without an argument many servers list their mechanisms.' },
  { name: 'STLS', syntax: 'STLS', states: AUTHZ, multiline: 'never', requires: ['STLS'], args: [], rfc: 'RFC 2595 4',
    explanation: 'Upgrades the connection to TLS before logging in, POP3\'s STARTTLS.' },
  { name: 'CAPA', syntax: 'CAPA', states: 'any', multiline: 'always', args: [], rfc: 'RFC 2449 5',
    explanation: 'Asks which extensions the server supports.' },
  { name: 'STAT', syntax: 'STAT', states: TRANS, multiline: 'never', args: [], rfc: 'RFC 1939 5',
    explanation: 'Asks for the drop listing, a summary of the whole maildrop.' },
  { name: 'LIST', syntax: 'LIST [msg]', states: TRANS, multiline: 'without-argument', args: [optMsg], rfc: 'RFC 1939 5',
    explanation: 'Asks for the scan listing of every message, or with a number, of that message alone.' },
  { name: 'RETR', syntax: 'RETR msg', states: TRANS, multiline: 'always', args: [msg], rfc: 'RFC 1939 5',
    explanation: 'Downloads the message with that number (not its size!).' },
  { name: 'DELE', syntax: 'DELE msg', states: TRANS, multiline: 'never', args: [msg], rfc: 'RFC 1939 5',
    explanation: 'Marks the message as deleted: QUIT removes it on entering the UPDATE state, RSET unmarks it, and until then no command may name its number.' },
  { name: 'NOOP', syntax: 'NOOP', states: TRANS, multiline: 'never', args: [], rfc: 'RFC 1939 5',
    explanation: 'Does nothing; keeps the connection alive.' },
  { name: 'RSET', syntax: 'RSET', states: TRANS, multiline: 'never', args: [], rfc: 'RFC 1939 5',
    explanation: 'Unmarks every message marked as deleted (DELE) in this session.' },
  // RFC 1939 6: QUIT in the TRANSACTION state enters UPDATE; in AUTHORIZATION (RFC 1939 4) it does not.
  { name: 'QUIT', syntax: 'QUIT', states: 'any', multiline: 'never', args: [], rfc: 'RFC 1939 6; RFC 1939 4',
    explanation: 'Ends the session; after a login (the TRANSACTION state) the server first removes the messages marked as deleted (the UPDATE state).' },
  { name: 'TOP', syntax: 'TOP msg n', states: TRANS, multiline: 'always', requires: ['TOP'], args: [msg, a('n', 'number')], rfc: 'RFC 1939 7',
    explanation: 'Downloads only the start of a message, to look at it before fetching it all: TOP 1 0 for the header alone.' },
  { name: 'UIDL', syntax: 'UIDL [msg]', states: TRANS, multiline: 'without-argument', requires: ['UIDL'], args: [optMsg], rfc: 'RFC 1939 7',
    explanation: 'Asks for the unique-id listing of every message, or with a number, of that message alone, so a client can tell which messages it already downloaded.' },
  { name: 'UTF8', syntax: 'UTF8', states: AUTHZ, multiline: 'never', requires: ['UTF8'], args: [], rfc: 'RFC 6856 2',
    explanation: 'Switches the session to UTF-8: user names, passwords and messages may contain raw UTF-8.' },
  { name: 'LANG', syntax: 'LANG [language]', states: 'any', multiline: 'without-argument', requires: ['LANG'], args: [a('language', 'language', { optional: true })], rfc: 'RFC 6856 3',
    explanation: 'Without an argument lists the languages for server messages; with one, switches to it.' },
  { name: 'LAST', syntax: 'LAST', states: TRANS, multiline: 'never', args: [], rfc: 'RFC 1460', obsolete: 'removed in RFC 1725; use UIDL',
    explanation: 'Old command giving the highest message number already accessed.' },
  { name: 'RPOP', syntax: 'RPOP user', states: AUTHZ, multiline: 'never', args: [a('user', 'astring')], rfc: 'RFC 1081; RFC 1225', obsolete: 'removed in RFC 1460; trusted-host login is unsafe',
    explanation: 'Old login that trusted the client host (like rsh) instead of a password.' },
];

export const POP3_CAPABILITIES: readonly Pop3CapaEntry[] = [
  { name: 'TOP', syntax: 'TOP', rfc: 'RFC 2449 6.1; RFC 1939', explanation: 'The TOP command is available.' },
  { name: 'USER', syntax: 'USER', rfc: 'RFC 2449 6.2; RFC 1939', explanation: 'USER and PASS login is available (maybe only after STLS).' },
  { name: 'SASL', syntax: 'SASL mechanism ...', rfc: 'RFC 2449 6.3; RFC 5034', explanation: 'AUTH is available with the listed SASL mechanisms.' },
  { name: 'RESP-CODES', syntax: 'RESP-CODES', rfc: 'RFC 2449 6.4', explanation: 'Error replies may carry a bracketed code such as [IN-USE].' },
  { name: 'LOGIN-DELAY', syntax: 'LOGIN-DELAY seconds [USER]', rfc: 'RFC 2449 6.5', explanation: 'The minimum number of seconds between logins; logging in sooner is refused.' },
  { name: 'PIPELINING', syntax: 'PIPELINING', rfc: 'RFC 2449 6.6', explanation: 'The client may send several commands without waiting for each answer.' },
  { name: 'EXPIRE', syntax: 'EXPIRE days|NEVER [USER]', rfc: 'RFC 2449 6.7', explanation: 'How many days the server keeps messages after they were downloaded (0 means deleted on download).' },
  { name: 'UIDL', syntax: 'UIDL', rfc: 'RFC 2449 6.8; RFC 1939', explanation: 'The UIDL command is available.' },
  { name: 'IMPLEMENTATION', syntax: 'IMPLEMENTATION text', rfc: 'RFC 2449 6.9', explanation: 'The server software\'s name and version, for information only.' },
  { name: 'STLS', syntax: 'STLS', rfc: 'RFC 2595 4', explanation: 'The STLS command is available to start TLS.' },
  { name: 'AUTH-RESP-CODE', syntax: 'AUTH-RESP-CODE', rfc: 'RFC 3206 6', explanation: 'Failed logins carry [AUTH] or [SYS/...] codes telling credential errors from system errors.' },
  { name: 'UTF8', syntax: 'UTF8 [USER]', rfc: 'RFC 6856 2', explanation: 'The UTF8 command is available; with USER, UTF-8 user names are accepted too.' },
  { name: 'LANG', syntax: 'LANG', rfc: 'RFC 6856 3', explanation: 'The LANG command is available.' },
];

export const POP3_RESPONSE_CODES: readonly Pop3ResponseCodeEntry[] = [
  { name: 'LOGIN-DELAY', rfc: 'RFC 2449 8.1.1', explanation: 'You logged in too soon after the previous login (see the LOGIN-DELAY capability); wait and retry.' },
  { name: 'IN-USE', rfc: 'RFC 2449 8.1.2', explanation: 'Another session holds the maildrop lock (often a client that did not QUIT); wait for it to end.' },
  { name: 'SYS/TEMP', rfc: 'RFC 3206 4', explanation: 'A temporary server problem, not your credentials; retry later.' },
  { name: 'SYS/PERM', rfc: 'RFC 3206 4', explanation: 'A permanent server problem, not your credentials; contact the administrator.' },
  { name: 'SYS', rfc: 'RFC 3206 4', explanation: 'A system error; the part after the slash says if it is TEMP or PERM.' },
  { name: 'AUTH', rfc: 'RFC 3206 5', explanation: 'The credentials were wrong or the login is not allowed: fix user name, password or mechanism.' },
  { name: 'UTF8', rfc: 'RFC 6856 2', explanation: 'The command needs UTF-8 mode (the UTF8 command) first.' },
];

/** `CAPA, RETR and TOP`: names joined for a sentence. */
function listed(names: readonly string[], last: 'and' | 'or'): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

/** Which +OK answers go on over several lines, in words, read from the `multiline` of each command. */
function multilineAnswers(): string {
  const named = (rule: Pop3CommandEntry['multiline']) => POP3_COMMANDS.filter((c) => c.multiline === rule).map((c) => c.name);
  return `After ${listed(named('always'), 'and')}, and after ${listed(named('without-argument'), 'or')} without an argument, more lines follow until a line with a single dot.`;
}

/** The two status indicators every POP3 reply starts with (RFC 1939 section 3). */
export const POP3_STATUS_INDICATORS: readonly NamedFact[] = [
  { name: '+OK', rfc: 'RFC 1939 3', explanation: `The command succeeded. ${multilineAnswers()}` },
  { name: '-ERR', rfc: 'RFC 1939 3', explanation: 'The command failed; the text (and an optional [CODE]) says why. Always a single line.' },
];
