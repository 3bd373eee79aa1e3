// What a POP3 +OK answer carries (RFC 1939, RFC 2449), and the likely causes of an -ERR that
// the command alone makes likely. The explainer (explain-response.ts) and the hints (hints.ts)
// read these; the commands themselves are in pop3.ts. Each fact is written once: a command's
// explanation says what it is for, an answer's what the +OK answer holds; whether lines follow
// is the command's `multiline`, and an answer that only says "done" reads what the command does.
import { pop3Command, pop3ExpectsMultiline } from './index.js';

/** The +OK answer to one form of a command: `LIST msg` answers on one line, `LIST` with a listing. */
export interface Pop3AnswerEntry {
  /** The command and its arguments as the answer's form depends on them (`LIST msg`). */
  form: string;
  /** The form's first word. */
  command: string;
  /** Whether lines follow the +OK line, up to a line with a single dot (RFC 1939 3): the command's `multiline` for this form. */
  multiline: boolean;
  /** What each word after `+OK` is, in order, for the answers whose format the RFC fixes. */
  words?: readonly string[];
  /** One sentence (annotations show the first); after `words`, its continuation after a semicolon. */
  explanation: string;
  rfc: string;
}

type AnswerSource = Omit<Pop3AnswerEntry, 'command' | 'multiline'>;

const ANSWERS: readonly AnswerSource[] = [
  // RFC 1939 5 STAT: "+OK" SP number of messages SP size of the maildrop in octets.
  { form: 'STAT', words: ['the number of messages', 'the size of the maildrop in octets'], rfc: 'RFC 1939 5',
    explanation: 'the drop listing, where messages marked as deleted are not counted.' },
  // RFC 1939 5 LIST: a scan listing is the message-number SP the exact size of the message in octets.
  { form: 'LIST msg', words: ['the message number', 'the size of the message in octets'], rfc: 'RFC 1939 5',
    explanation: 'the scan listing of that message.' },
  { form: 'LIST', rfc: 'RFC 1939 5',
    explanation: 'The body is one scan listing per line, a message number and its size in octets; messages marked as deleted are not listed.' },
  // RFC 1939 7 UIDL: a unique-id listing is the message-number SP the unique-id, 1 to 70
  // characters from 0x21 to 0x7E that stay the same across sessions.
  { form: 'UIDL msg', words: ['the message number', 'the unique-id of the message'], rfc: 'RFC 1939 7',
    explanation: 'the unique-id stays the same across sessions, unlike the message number.' },
  { form: 'UIDL', rfc: 'RFC 1939 7',
    explanation: 'The body is one unique-id listing per line, a message number and its unique-id (the same across sessions); messages marked as deleted are not listed.' },
  // RFC 1939 5 RETR; byte-stuffing is RFC 1939 3.
  { form: 'RETR msg', rfc: 'RFC 1939 5; RFC 1939 3',
    explanation: 'The body is the whole message, header and body; lines starting with a dot come with one more dot (byte-stuffed).' },
  // RFC 1939 7 TOP: the header, the blank line separating it from the body, then n body lines
  // (the whole body when it has fewer).
  { form: 'TOP msg n', rfc: 'RFC 1939 7',
    explanation: 'The body is the message\'s header, the blank line after it, and the first n lines of its body (all of them if it has fewer).' },
  // RFC 2449 5: each line a capability tag, optionally followed by parameters.
  { form: 'CAPA', rfc: 'RFC 2449 5',
    explanation: 'The body is the capability list: one capability per line, a tag and its parameters.' },
];

function withCommandFacts(source: AnswerSource): Pop3AnswerEntry {
  const [command, ...args] = source.form.split(' ') as [string, ...string[]];
  return { ...source, command, multiline: pop3ExpectsMultiline(command, args) };
}

/** The answers that hold more than "done" (`explain LIST` notes each form). */
export const POP3_ANSWERS: readonly Pop3AnswerEntry[] = ANSWERS.map(withCommandFacts);

/**
 * Forms whose +OK only says the command was carried out: the answer means what the command
 * does (pop3.ts), e.g. DELE that the message is now marked as deleted (RFC 1939 5).
 */
const CARRIED_OUT: readonly string[] = ['DELE msg', 'RSET', 'QUIT'];

function carriedOut(form: string): Pop3AnswerEntry {
  const entry = withCommandFacts({ form, explanation: '', rfc: '' });
  const command = pop3Command(entry.command)!;
  return { ...entry, explanation: command.explanation, rfc: command.rfc };
}

const CARRIED_OUT_ANSWERS: readonly Pop3AnswerEntry[] = CARRIED_OUT.map(carriedOut);

/** The answer form of `command` with `multiline` +OK, or undefined when the RFC says nothing more than +OK. */
export function pop3Answer(command: string, multiline: boolean): Pop3AnswerEntry | undefined {
  const name = command.trim().toUpperCase();
  const matches = (a: Pop3AnswerEntry) => a.command === name && a.multiline === multiline;
  return POP3_ANSWERS.find(matches) ?? CARRIED_OUT_ANSWERS.find(matches);
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
