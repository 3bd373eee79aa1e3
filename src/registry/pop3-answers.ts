// What a POP3 +OK answer carries (RFC 1939, RFC 2449), and the likely causes of an -ERR that
// the command alone makes likely. The explainer (explain-response.ts) and the hints (hints.ts)
// read these; the commands themselves are in pop3.ts.

/** The +OK answer to one form of a command: `LIST msg` answers on one line, `LIST` with a listing. */
export interface Pop3AnswerEntry {
  /** The command and its arguments as the answer's form depends on them (`LIST msg`). */
  form: string;
  command: string;
  /** Whether lines follow the +OK line, up to a line with a single dot (RFC 1939 3). */
  multiline: boolean;
  /** What each word after `+OK` is, in order, for the answers whose format the RFC fixes. */
  words?: readonly string[];
  /** One sentence (annotations show the first); after `words`, its continuation after a semicolon. */
  explanation: string;
  rfc: string;
}

export const POP3_ANSWERS: readonly Pop3AnswerEntry[] = [
  // RFC 1939 5 STAT: "+OK" SP number of messages SP size of the maildrop in octets.
  { form: 'STAT', command: 'STAT', multiline: false, words: ['the number of messages', 'the size of the maildrop in octets'], rfc: 'RFC 1939 5',
    explanation: 'the drop listing, where messages marked as deleted are not counted.' },
  // RFC 1939 5 LIST: a scan listing is the message-number SP the exact size of the message in octets.
  { form: 'LIST msg', command: 'LIST', multiline: false, words: ['the message number', 'the size of the message in octets'], rfc: 'RFC 1939 5',
    explanation: 'the scan listing of that message.' },
  { form: 'LIST', command: 'LIST', multiline: true, rfc: 'RFC 1939 5',
    explanation: 'The body is one scan listing per line, a message number and its size in octets; messages marked as deleted are not listed.' },
  // RFC 1939 7 UIDL: a unique-id listing is the message-number SP the unique-id, 1 to 70
  // characters from 0x21 to 0x7E that stay the same across sessions.
  { form: 'UIDL msg', command: 'UIDL', multiline: false, words: ['the message number', 'the unique-id of the message'], rfc: 'RFC 1939 7',
    explanation: 'the unique-id stays the same across sessions, unlike the message number.' },
  { form: 'UIDL', command: 'UIDL', multiline: true, rfc: 'RFC 1939 7',
    explanation: 'The body is one unique-id listing per line, a message number and its unique-id (the same across sessions); messages marked as deleted are not listed.' },
  // RFC 1939 5 RETR; byte-stuffing is RFC 1939 3.
  { form: 'RETR msg', command: 'RETR', multiline: true, rfc: 'RFC 1939 5; RFC 1939 3',
    explanation: 'The body is the whole message, header and body; lines starting with a dot come with one more dot (byte-stuffed).' },
  // RFC 1939 7 TOP: the header, the blank line separating it from the body, then n body lines
  // (the whole body when it has fewer).
  { form: 'TOP msg n', command: 'TOP', multiline: true, rfc: 'RFC 1939 7',
    explanation: 'The body is the message\'s header, the blank line after it, and the first n lines of its body (all of them if it has fewer).' },
  // RFC 2449 5: each line a capability tag, optionally followed by parameters.
  { form: 'CAPA', command: 'CAPA', multiline: true, rfc: 'RFC 2449 5',
    explanation: 'The body is the capability list: one capability per line, a tag and its parameters.' },
  // RFC 1939 5 DELE: marked, not removed until the UPDATE state (RFC 1939 6); RSET unmarks.
  { form: 'DELE msg', command: 'DELE', multiline: false, rfc: 'RFC 1939 5; RFC 1939 6',
    explanation: 'The message is marked as deleted: QUIT removes it on entering the UPDATE state, RSET unmarks it, and until then no command may name its number.' },
  { form: 'RSET', command: 'RSET', multiline: false, rfc: 'RFC 1939 5',
    explanation: 'Every message marked as deleted is unmarked.' },
  // RFC 1939 6: QUIT in the TRANSACTION state enters UPDATE; in AUTHORIZATION (RFC 1939 4) it does not.
  { form: 'QUIT', command: 'QUIT', multiline: false, rfc: 'RFC 1939 6; RFC 1939 4',
    explanation: 'The session ends; after a login (the TRANSACTION state) it means the messages marked as deleted have been removed (the UPDATE state).' },
];

/** The answer form of `command` with `multiline` +OK, or undefined when the RFC says nothing more than +OK. */
export function pop3Answer(command: string, multiline: boolean): Pop3AnswerEntry | undefined {
  const name = command.trim().toUpperCase();
  return POP3_ANSWERS.find((a) => a.command === name && a.multiline === multiline);
}

/** A likely cause of -ERR that holds whenever a command fails, or whenever an argument of a kind is in it. */
export interface Pop3FailureEntry {
  /** The command it applies to, or `message-number` for every command taking one. */
  applies: string;
  explanation: string;
  rfc: string;
}

export const POP3_FAILURES: readonly Pop3FailureEntry[] = [
  // RFC 1939 4: message-numbers start at 1 when the maildrop is opened; RFC 1939 5: an argument
  // "may NOT refer to a message marked as deleted", and DELE shows "-ERR message 2 already deleted".
  { applies: 'message-number', rfc: 'RFC 1939 4, 5',
    explanation: 'there is no message {msg} (numbers run from 1; LIST shows those in use), or it is marked as deleted with DELE, and no command may name it until RSET unmarks it' },
  { applies: 'deleted', rfc: 'RFC 1939 5',
    explanation: 'message {msg} is marked as deleted (DELE in this session): it cannot be named until RSET unmarks it' },
  // RFC 1939 7 USER: "-ERR never heard of mailbox name".
  { applies: 'USER', rfc: 'RFC 1939 7',
    explanation: 'the server knows no maildrop by that name: check the user name (often the whole address)' },
];

export function pop3Failure(applies: string): Pop3FailureEntry | undefined {
  return POP3_FAILURES.find((f) => f.applies === applies.toUpperCase() || f.applies === applies);
}
