// Audit item: `play` of the imported tutorial marked `Return-path:` malformed. The paste shows
// the message of `. fetch 1 BODY[]` without the `* 1 FETCH (BODY[] {N}` line that announced it;
// import makes that head again, and line ends of the paste (LF or CRLF) never reach S: lines.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { serializeTranscript, sideBytes, type Transcript } from '../../src/transcript/format.js';
import { importPaste } from '../../src/transcript/import.js';
import { playTranscript } from '../../src/transcript/play.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { plainTheme } from '../../src/terminal/theme.js';

const TUTORIAL = readFileSync(new URL('../fixtures/transcript/imap-pop3-telnet-tutorial.txt', import.meta.url), 'utf8');

const imapSession = (paste: string): Transcript => importPaste(paste, { keepSecrets: false }).sessions[1];

/** The server lines of the exchange of the client line that contains `command`. */
function answerTo(t: Transcript, command: string): Buffer {
  const at = t.entries.findIndex((e) => e.kind === 'client' && Buffer.from(e.bytes).toString().includes(command));
  expect(at).toBeGreaterThanOrEqual(0);
  const lines: Uint8Array[] = [];
  for (const e of t.entries.slice(at + 1)) {
    if (e.kind === 'client') break;
    if (e.kind === 'server') lines.push(e.bytes);
  }
  return Buffer.concat(lines);
}

describe('import: a pasted message without its literal head', () => {
  it('adds `* 1 FETCH (BODY[] {N}` with N counted from the pasted lines', () => {
    const answer = answerTo(imapSession(TUTORIAL), 'fetch 1 BODY[]').toString('utf8');
    const m = /^\* 1 FETCH \(BODY\[\] \{(\d+)\}\r\n/.exec(answer);
    expect(m).not.toBeNull();
    const body = answer.slice(m![0].length);
    expect(body.startsWith('Return-path:\r\nEnvelope-to: test77@example.com\r\n')).toBe(true);
    expect(body.endsWith('--90e6ba53a4f47aa2e40499e0b764--\r\n)\r\n. OK FETCH completed.\r\n')).toBe(true);
    const literal = body.slice(0, body.lastIndexOf(')\r\n. OK'));
    expect(Buffer.byteLength(literal)).toBe(Number(m![1]));
  });

  it('gives a reader one FETCH response and the completion, nothing malformed', () => {
    const events = new ImapResponseReader().push(answerTo(imapSession(TUTORIAL), 'fetch 1 BODY[]'));
    expect(events.map((e) => e.kind)).toEqual(['response', 'response']);
    expect(events[0]).toMatchObject({ response: { kind: 'data', name: 'FETCH', number: 1 } });
    expect(events[1]).toMatchObject({ response: { kind: 'status', tag: '.', status: 'OK' } });
  });

  it('play shows the message, not `Return-path:` as a malformed line', async () => {
    let out = '';
    await playTranscript(imapSession(TUTORIAL), { theme: plainTheme, step: false, explain: false, write: (s) => { out += s; } });
    const fetch = out.slice(out.indexOf('C: . fetch 1 BODY[]'), out.indexOf('C: . create INBOX.test3'));
    expect(fetch).toContain('    Return-path:');
    expect(fetch).not.toContain('malformed');
    expect(fetch).not.toContain('\\x0d');
  });

  it('leaves a FETCH alone whose answer is made of responses, and a UID FETCH', () => {
    const paste = [
      '. uid fetch 9 BODY[]   // a comment tells a client line', 'Subject: hi', '', 'text', ')', '. OK done', '',
      '. fetch 1 flags', '* 1 FETCH (FLAGS (\\Seen))', '. OK done', '',
    ].join('\n');
    const t = importPaste(paste, { keepSecrets: false }).sessions[0];
    const text = serializeTranscript(t);
    expect(text).not.toContain('FETCH (BODY');
    expect(text).toContain('S: Subject: hi\n');
  });

  it('names the item as the server does: no .PEEK, a partial by its start', () => {
    const paste = ['. fetch 3 body.peek[text]<0.100>   // part of the text', 'hello', ')', '. OK done', ''].join('\n');
    const answer = answerTo(importPaste(paste, { keepSecrets: false }).sessions[0], 'fetch 3');
    expect(answer.toString()).toBe('* 3 FETCH (BODY[TEXT]<0> {7}\r\nhello\r\n)\r\n. OK done\r\n');
  });
});

describe('import: line ends of the paste', () => {
  it('a paste with CRLF line ends gives the same transcript as with LF: no \\x0d in S: lines', () => {
    const crlf = TUTORIAL.replace(/\n/g, '\r\n');
    const a = imapSession(TUTORIAL);
    const b = imapSession(crlf);
    expect(serializeTranscript(b)).toBe(serializeTranscript(a));
    expect(serializeTranscript(b)).not.toContain('\\x0d');
    expect(Buffer.from(sideBytes(b, 'server')).toString('latin1')).not.toMatch(/\r(?!\n)/);
  });

  it('keeps a CR that the paste really has inside a line', () => {
    const t = importPaste('. noop\n* OK a\rb\n. OK done\n', { keepSecrets: false }).sessions[0];
    expect(serializeTranscript(t)).toContain('S: * OK a\\x0db\n');
  });
});
