// Audit item: some clients send a NOOP before their first command, which a recording made by
// mailscope does not hold: serve answered `BAD mailscope serve: expected "..."` (a mismatch,
// the end of a --strict session). It now answers such a NOOP itself with a plain OK (the
// client's tag; POP3 `+OK`) that says it is serve's stand-in, as it does for CAPABILITY, and the
// recording goes on where it was. Once the first recorded command matched, a NOOP the recording
// does not hold is a mismatch again.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeEvent, type ServeReply } from '../../src/transcript/serve.js';

const STAND_IN = 'mailscope serve: NOOP (a stand-in: the recording does not hold it here)';

const IMAP_LOGIN_FIRST = [
  '# protocol: imap',
  '',
  'S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
  '= redacted LOGIN password',
  'C: a1 LOGIN alice ***redacted***',
  'S: a1 OK Logged in',
  'C: a2 SELECT INBOX',
  'S: * 2 EXISTS',
  'S: a2 OK [READ-WRITE] SELECT completed',
  '',
].join('\n');

const POP3_USER_FIRST = ['# protocol: pop3', '', 'S: +OK ready', 'C: USER alice', 'S: +OK send PASS', 'C: STAT', 'S: +OK 2 320', ''].join('\n');

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

/** A ScriptedServer on a transcript's text, greeted; `ask` sends one client line. */
function served(text: string, strict = false): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), strict);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

describe('a NOOP before the first recorded command, sans I/O', () => {
  it('IMAP: a plain OK with the client\'s tag, no mismatch, and the recording plays on from its start', () => {
    const ask = served(IMAP_LOGIN_FIRST);
    const reply = ask('x1 NOOP');
    expect(said(reply)).toBe(`x1 OK ${STAND_IN}\r\n`);
    expect(reply.mismatch).toBeUndefined();
    expect(reply.close).toBe(false);
    expect(said(ask('x2 noop'))).toBe(`x2 OK ${STAND_IN}\r\n`); // any case, as often as sent
    expect(said(ask('x3 LOGIN alice pw'))).toBe('x3 OK Logged in\r\n');
  });

  it('IMAP: after the first recorded command, a NOOP the recording does not hold is a mismatch', () => {
    const ask = served(IMAP_LOGIN_FIRST);
    ask('x1 LOGIN alice pw');
    const reply = ask('x2 NOOP');
    expect(said(reply)).toBe('x2 BAD mailscope serve: expected "SELECT INBOX"\r\n');
    expect(reply.mismatch).toEqual({ expected: 'SELECT INBOX', received: 'x2 NOOP' });
  });

  it('--strict: the stand-in is no mismatch, so the session goes on', () => {
    const ask = served(IMAP_LOGIN_FIRST, true);
    const reply = ask('x1 NOOP');
    expect(reply.close).toBe(false);
    expect(said(ask('x2 LOGIN alice pw'))).toBe('x2 OK Logged in\r\n');
  });

  it('a recording whose first command is NOOP plays its own answer', () => {
    const ask = served('S: * OK ready\nC: a1 NOOP\nS: * 3 EXISTS\nS: a1 OK recorded noop\n');
    expect(said(ask('z1 NOOP'))).toBe('* 3 EXISTS\r\nz1 OK recorded noop\r\n');
  });

  it('POP3: +OK before the first recorded command, -ERR after it', () => {
    const ask = served(POP3_USER_FIRST);
    const first = ask('NOOP');
    expect(said(first)).toBe(`+OK ${STAND_IN}\r\n`);
    expect(first.mismatch).toBeUndefined();
    expect(said(ask('USER alice'))).toBe('+OK send PASS\r\n');
    const later = ask('NOOP');
    expect(said(later)).toBe('-ERR mailscope serve: expected "STAT"\r\n');
    expect(later.mismatch).toBeDefined();
  });

  it('other commands before the first recorded one are still mismatches', () => {
    expect(said(served(IMAP_LOGIN_FIRST)('x1 EXAMINE INBOX'))).toBe('x1 BAD mailscope serve: expected "LOGIN alice ***redacted***"\r\n');
    expect(said(served(POP3_USER_FIRST)('RSET'))).toBe('-ERR mailscope serve: expected "USER alice"\r\n');
  });
});

describe('over a socket', () => {
  it('the client gets the OK with its tag; serve logs no mismatch for it, only for a real one', async () => {
    const events: ServeEvent[] = [];
    const server = await startTranscriptServer(parseTranscript(IMAP_LOGIN_FIRST), { port: 0, strict: false, log: (e) => events.push(e) });
    try {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      const until = async (pattern: RegExp) => {
        const deadline = Date.now() + 3000;
        while (!pattern.test(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      };
      await until(/ready\r\n/);
      socket.write('q1 NOOP\r\nq2 LOGIN alice pw\r\nq3 NOOP\r\n');
      await until(/q3 BAD/);
      socket.destroy();
      expect(text).toBe(
        `* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\nq1 OK ${STAND_IN}\r\nq2 OK Logged in\r\nq3 BAD mailscope serve: expected "SELECT INBOX"\r\n`,
      );
      const mismatches = events.filter((e) => e.kind === 'mismatch');
      expect(mismatches).toEqual([expect.objectContaining({ expected: 'SELECT INBOX', received: 'q3 NOOP' })]);
      // The stand-in is told to serve's user as what it is, by its command.
      expect(events.filter((e) => e.kind === 'stood-in')).toEqual([expect.objectContaining({ command: 'NOOP' })]);
    } finally {
      await server.close();
    }
  });
});
