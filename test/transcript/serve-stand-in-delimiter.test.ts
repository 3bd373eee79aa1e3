// Audit item 6: the stand-in `LIST "" ""` (for a recording begun after login) answered with
// the delimiter `/` even when the recording's own LIST lines show `.`: a client building
// mailbox names from it would ask for `INBOX/Sent` where the recording says `INBOX.Sent`.
// The delimiter is now the recording's first LIST/LSUB response's (among the
// entries its capabilities are looked for in); `/` stays the guess when it shows none.
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, type ServeReply } from '../../src/transcript/serve.js';

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

const recording = (delimiter: string): string => [
  '# protocol: imap',
  '# start: mid-session (:record): what came before, the login included, is not in this file',
  '# state: authenticated', '',
  'C: a5 LIST "" "*"',
  `S: * LIST (\\HasNoChildren) ${delimiter} INBOX`,
  `S: * LIST (\\HasNoChildren \\Sent) ${delimiter} INBOX.Sent`,
  'S: a5 OK LIST completed', '',
].join('\n');

function loggedIn(text: string): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), false);
  server.start();
  const ask = (line: string): ServeReply => server.clientLine(Buffer.from(`${line}\r\n`));
  ask('x1 LOGIN alice pw');
  return ask;
}

describe('the stand-in LIST of a mid-session recording', () => {
  it('answers LIST "" "" with the recording\'s delimiter', () => {
    const ask = loggedIn(recording('"."'));
    expect(said(ask('x2 LIST "" ""'))).toBe('* LIST (\\Noselect) "." ""\r\nx2 OK mailscope serve: a stand-in LIST (the recording\'s delimiter)\r\n');
    expect(said(ask('x3 LIST "" INBOX.Sent'))).toMatch(/^\* LIST \(\) "\." INBOX\.Sent\r\n/);
  });

  it('NIL (a flat namespace) is taken as written', () => {
    expect(said(loggedIn(recording('NIL'))('x2 LIST "" ""'))).toMatch(/^\* LIST \(\\Noselect\) NIL ""\r\n/);
  });

  it('a recording without a LIST response still gets "/", said to be a guess', () => {
    const text = recording('"."').replace(/S: \* LIST.*\n/g, '');
    expect(said(loggedIn(text)('x2 LIST "" ""'))).toBe('* LIST (\\Noselect) "/" ""\r\nx2 OK mailscope serve: a stand-in LIST (the delimiter is a guess)\r\n');
  });
});
