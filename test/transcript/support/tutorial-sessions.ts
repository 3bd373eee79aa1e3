// The tutorial's sessions (the IMAP/POP3 telnet blog post, copied to
// test/fixtures/transcript/imap-pop3-telnet-tutorial.txt), as steps to run against the demo
// server and record into transcripts/. Regenerate the files with:
//   MAILSCOPE_RECORD_TRANSCRIPTS=1 npx vitest run test/transcript/tutorial-transcripts.test.ts

import { connect } from 'node:net';
import { TranscriptRecorder } from '../../../src/transcript/recorder.js';
import { LineSplitter } from '../../../src/protocol/line-splitter.js';
import { LiteralFramer, imapCompletionStatus, isPop3Terminator, pop3Status } from '../../../src/transcript/wire.js';
import { pop3ExpectsMultiline } from '../../../src/registry/index.js';

export interface Step {
  /** Narration written before the command: the tutorial's own words where it has them. */
  say?: string;
  /**
   * The line to send, without CRLF; a function gets the greeting (APOP needs its timestamp)
   * and the last server line (a SASL challenge).
   */
  send: string | ((live: { greeting: string; last: string }) => string);
  /** IMAP: stop at a `+` continuation instead of the tagged completion (IDLE). */
  untilContinuation?: boolean;
  /** The tag whose completion ends the step, when the line is not a command (a literal body, a SASL answer). */
  tag?: string;
}

export interface TutorialSession {
  file: string;
  protocol: 'imap' | 'pop3';
  intro: string[];
  steps: Step[];
}

export const TUTORIAL_SESSIONS: TutorialSession[] = [
  {
    file: 'imap-tour.txt',
    protocol: 'imap',
    intro: [
      'The IMAP tour of the telnet tutorial, recorded from `mailscope demo`.',
      'The tag in front of each command can be anything; the tutorial uses a period (.)',
      'and the server answers with the same tag.',
    ],
    steps: [
      { say: 'Login using e-mail and password.', send: '. login test77@example.com qwe123#$' },
      { say: 'LIST "" "*" displays all mailboxes, including sub-folders.', send: '. list "" "*"' },
      { say: 'STATUS returns basic information about a folder without selecting it.', send: '. status INBOX (messages)' },
      { say: 'SELECT opens a folder read-write...', send: '. select INBOX' },
      { say: '...EXAMINE opens it read-only.', send: '. examine INBOX.Drafts' },
      { say: 'FETCH ALL: flags, internal date, size and envelope of the first draft.', send: '. fetch 1 all' },
      { send: '. fetch 2 all' },
      { say: 'BODY[] is the complete message, sent as a literal: {N} and then N bytes.', send: '. fetch 1 BODY[]' },
      { say: 'Create a folder in INBOX...', send: '. create INBOX.test3' },
      { say: '...and list again to see it.', send: '. list "" "*"' },
      { say: 'Examine the Sent folder.', send: '. examine INBOX.Sent' },
      { say: 'Only some header fields of the first message.', send: '. fetch 1 (body[header.fields (from to subject date)])' },
      { say: 'Rename test3 to test_imap.', send: '. rename INBOX.test3 INBOX.test_imap' },
      { send: '. list "" "*"' },
      {
        say: 'IDLE waits for news. Another session that changed the mailbox now would show here as * N EXISTS; DONE ends the wait.',
        send: '. idle',
        untilContinuation: true,
      },
      { send: 'DONE' },
      { say: 'Log out: the server says BYE, then closes the connection.', send: '. logout' },
    ],
  },
  {
    file: 'imap-store-copy-expunge.txt',
    protocol: 'imap',
    intro: ['Flags, copying and deleting: the second half of the tutorial, recorded from `mailscope demo`.'],
    steps: [
      { send: 'a1 LOGIN test77@example.com qwe123#$' },
      { send: 'a2 SELECT INBOX' },
      { say: 'STORE FLAGS replaces the flags; the server answers with the new FLAGS of each message.', send: 'a3 STORE 1:2 FLAGS (\\Deleted)' },
      { send: 'a4 FETCH 1 ALL' },
      { say: '+FLAGS adds a keyword; a new keyword may change PERMANENTFLAGS.', send: 'a5 STORE 1 +FLAGS (NonJunk)' },
      { send: 'a6 FETCH 1 FLAGS' },
      { say: 'COPY puts a copy in another folder; COPYUID (RFC 4315) says where.', send: 'a7 COPY 1 INBOX.Trash' },
      { send: 'a8 SELECT INBOX.Trash' },
      { say: 'EXPUNGE removes the messages marked \\Deleted, and stays in the folder.', send: 'a9 SELECT INBOX' },
      { send: 'a10 EXPUNGE' },
      { say: 'CLOSE expunges too, and leaves the folder: FETCH now fails.', send: 'a11 CLOSE' },
      { send: 'a12 FETCH 1 ALL' },
      { send: 'a13 LOGOUT' },
    ],
  },
  {
    file: 'pop3-tour.txt',
    protocol: 'pop3',
    intro: ['The POP3 part of the tutorial, recorded from `mailscope demo`. POP3 has no tags: one command, one answer.'],
    steps: [
      { send: 'USER test77@example.com' },
      { send: 'PASS qwe123#$' },
      { say: 'STAT: the number of messages and their total size in bytes.', send: 'STAT' },
      { say: 'LIST: one line per message with its number and size, ended by a lone dot.', send: 'LIST' },
      { say: 'TOP 1 0: the headers of message 1 and none of its body lines.', send: 'TOP 1 0' },
      { say: 'DELE marks a message for deletion; RSET unmarks it.', send: 'DELE 1' },
      { send: 'RSET' },
      { say: 'QUIT ends the session (and would delete what DELE marked).', send: 'QUIT' },
    ],
  },
];

/** Run one session against the demo server, recording it; returns the transcript text. */
export async function recordSession(session: TutorialSession, port: number): Promise<string> {
  let text = '';
  const recorder = new TranscriptRecorder({ write: (s) => { text += s; } }, { server: 'mailscope demo' }, { protocol: session.protocol, keepSecrets: false });
  for (const line of session.intro) recorder.narration(line);
  const socket = connect(port, '127.0.0.1');
  const splitter = new LineSplitter();
  const framer = new LiteralFramer();
  const lines: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    recorder.server(chunk);
    lines.push(...splitter.push(chunk));
    wake?.();
  });
  socket.on('close', () => { closed = true; wake?.(); });
  socket.on('error', () => { closed = true; wake?.(); });
  // Undefined when the server closed or stayed silent for 5 s: the recording then ends short
  // and the test that replays it fails, instead of hanging.
  const nextLine = async (): Promise<Uint8Array | undefined> => {
    if (lines.length === 0 && !closed) await new Promise<void>((r) => { wake = r; setTimeout(r, 5000); });
    return lines.shift();
  };
  const greeting = Buffer.from((await nextLine()) ?? new Uint8Array()).toString('latin1');
  const live = { greeting, last: greeting };
  for (const step of session.steps) {
    if (step.say) recorder.narration(step.say);
    const line = typeof step.send === 'string' ? step.send : step.send(live);
    const bytes = Buffer.from(`${line}\r\n`);
    recorder.client(bytes);
    socket.write(bytes);
    await readAnswer(session.protocol, { ...step, send: line }, async () => {
      const next = await nextLine();
      if (next) live.last = Buffer.from(next).toString('latin1');
      return next;
    }, framer);
  }
  await new Promise<void>((r) => { if (closed) r(); else { socket.once('close', () => r()); setTimeout(r, 2000); } });
  recorder.event('close', 'server');
  recorder.close();
  return session.protocol === 'pop3' ? wildcardApopTimestamp(text) : text;
}

/**
 * The POP3 greeting's APOP timestamp (RFC 1939 section 7) differs on every connection, so the
 * recorded file matches it with a wildcard: what a person editing the file would do.
 */
function wildcardApopTimestamp(text: string): string {
  return text.replace(/^(S: \+OK .*)<[^<>\s]*@[^<>\s]*>/m, '$1{*}');
}

async function readAnswer(protocol: 'imap' | 'pop3', step: Step & { send: string }, nextLine: () => Promise<Uint8Array | undefined>, framer: LiteralFramer): Promise<void> {
  const tag = step.tag ?? step.send.split(' ')[0];
  const words = step.send.split(' ');
  let body = false;
  for (;;) {
    const line = await nextLine();
    if (!line) return;
    if (protocol === 'pop3') {
      if (body) { if (isPop3Terminator(line)) return; continue; }
      const status = pop3Status(line);
      if (status === '+') return; // an AUTH challenge: the next step answers it
      if (status === '-ERR' || (status === '+OK' && !pop3ExpectsMultiline(words[0].toUpperCase(), words.slice(1)))) return;
      body = true;
      continue;
    }
    const framed = framer.next(line);
    if (!framed.starts) continue;
    if (step.untilContinuation && line[0] === 0x2b) return;
    if (step.send === 'DONE' || imapCompletionStatus(framed.text, tag)) {
      if (step.send !== 'DONE' || /^\S+ (OK|NO|BAD)/.test(Buffer.from(line).toString('latin1'))) return;
    }
  }
}
