// Audit item 8: `{N}` and `{N+}` (LITERAL+, RFC 7888) did not match each other when serve
// compared a client line with a recorded one: imapflow sends `APPEND INBOX {22+}` when the
// greeting announces LITERAL+, and a recording made by mailscope holds `{22}`. They announce the
// same bytes and match now. A client that sent `{N+}` does not wait for the `+`, so the recorded
// go-ahead is not sent to it; a client that sent `{N}` where the recording's client did not
// wait gets a go-ahead from serve, said to be a stand-in.
import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeEvent, type ServeReply } from '../../src/transcript/serve.js';

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');
const MESSAGE = 'Subject: hi\r\n\r\nHello\r\n'; // 22 bytes: the literal's body lines, then the command's CRLF

function recording(announcement: string, goAhead: string[]): string {
  return ['# protocol: imap', '',
    'S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready',
    '= redacted LOGIN password', 'C: a1 LOGIN alice ***redacted***', 'S: a1 OK Logged in',
    // What imapflow asks after login (RFC 3501 6.3.8: the hierarchy delimiter).
    'C: a2 LIST "" ""', 'S: * LIST (\\Noselect) "/" ""', 'S: a2 OK done',
    `C: a3 APPEND INBOX ${announcement}`, ...goAhead, 'C: Subject: hi', 'C:', 'C: Hello', 'C:', 'S: a3 OK [APPENDUID 7 5] Append completed.',
    'C: a4 LOGOUT', 'S: * BYE bye', 'S: a4 OK done', ''].join('\n');
}
const SYNC = recording('{22}', ['S: + Ready for literal data']);
const NON_SYNC = recording('{22+}', []);

/** A ScriptedServer logged in and past the LIST; `ask` sends one client line. */
function appending(text: string): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), false);
  server.start();
  const ask = (line: string): ServeReply => server.clientLine(Buffer.from(`${line}\r\n`));
  ask('x1 LOGIN alice pw');
  ask('x2 LIST "" ""');
  return ask;
}

function sendMessage(ask: (line: string) => ServeReply): string {
  const lines = ['Subject: hi', '', 'Hello', ''];
  return lines.map((line) => said(ask(line))).join('');
}

describe('a literal announced {N+} or {N}, sans I/O', () => {
  it('{22+} matches a recorded {22}: the recorded + is not sent, the body and the OK play', () => {
    const ask = appending(SYNC);
    const reply = ask('x3 APPEND INBOX {22+}');
    expect(reply.mismatch).toBeUndefined();
    expect(said(reply)).toBe('');
    expect(sendMessage(ask)).toBe('x3 OK [APPENDUID 7 5] Append completed.\r\n');
  });

  it('{22} matches a recorded {22+}: the client waits, so serve gives the go-ahead itself', () => {
    const ask = appending(NON_SYNC);
    const reply = ask('x3 APPEND INBOX {22}');
    expect(reply.mismatch).toBeUndefined();
    expect(said(reply)).toBe('+ mailscope serve: go ahead (a stand-in: the recording\'s client sent this literal without waiting, LITERAL+)\r\n');
    expect(sendMessage(ask)).toBe('x3 OK [APPENDUID 7 5] Append completed.\r\n');
  });

  it('the same form both ways plays as recorded', () => {
    const sync = appending(SYNC);
    expect(said(sync('x3 APPEND INBOX {22}'))).toBe('+ Ready for literal data\r\n');
    const nonSync = appending(NON_SYNC);
    expect(said(nonSync('x3 APPEND INBOX {22+}'))).toBe('');
    expect(sendMessage(nonSync)).toBe('x3 OK [APPENDUID 7 5] Append completed.\r\n');
  });

  it('another size is still a mismatch', () => {
    const reply = appending(SYNC)('x3 APPEND INBOX {23+}');
    expect(reply.mismatch).toEqual(expect.objectContaining({ expected: 'APPEND INBOX {22}' }));
  });
});

describe('imapflow', () => {
  it('APPENDs with LITERAL+ to serve of a recording that holds {N}, without a mismatch', async () => {
    const events: ServeEvent[] = [];
    const server = await startTranscriptServer(parseTranscript(SYNC), { port: 0, strict: true, log: (e) => events.push(e) });
    try {
      const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'alice', pass: 'pw' }, logger: false });
      await client.connect();
      const appended = await client.append('INBOX', Buffer.from(MESSAGE));
      expect(appended && appended.uid).toBe(5);
      await client.logout();
      expect(events.filter((e) => e.kind === 'mismatch')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
