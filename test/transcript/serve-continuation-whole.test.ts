// Audit item 1: serve compared a literal's body lines with their first word dropped when both
// lines parsed as `tag NAME` (the tag rule of a command's first line), so `Subject: hi` matched
// a recorded `Date: hi`. Only a command's first line has a tag (RFC 3501 2.2.1): a continuation
// line (a literal's body, a SASL response) is compared whole.
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, type ServeReply } from '../../src/transcript/serve.js';

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

const APPEND = [
  '# protocol: imap', '',
  'S: * OK ready',
  'C: a1 LOGIN alice pw', 'S: a1 OK Logged in',
  'C: a2 APPEND INBOX {16}', 'S: + Ready',
  'C: Date: hi',
  'C: body',
  'S: a2 OK APPEND completed', '',
].join('\n');

function served(): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(APPEND), false);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

describe('a literal body line, sans I/O', () => {
  it('is compared whole: `Subject: hi` is not the recorded `Date: hi`', () => {
    const ask = served();
    ask('x1 LOGIN alice pw');
    expect(said(ask('x2 APPEND INBOX {16}'))).toBe('+ Ready\r\n');
    const reply = ask('Subject: hi');
    expect(reply.mismatch).toEqual({ expected: 'Date: hi', received: 'Subject: hi' });
    // The BAD goes to the command under way, not to a "tag" read out of the body line.
    expect(said(reply)).toBe('x2 BAD mailscope serve: expected "Date: hi"\r\n');
  });

  it('the recorded body plays the recorded answer, with the client\'s tag', () => {
    const ask = served();
    ask('x1 LOGIN alice pw');
    ask('x2 APPEND INBOX {16}');
    expect(said(ask('Date: hi'))).toBe('');
    expect(said(ask('body'))).toBe('x2 OK APPEND completed\r\n');
  });
});
