// Audit item 2: a recording made with `:record FILE` ... `:record stop` holds no LOGOUT or QUIT
// at its end, and serve answered a client's last LOGOUT with `BAD mailscope serve: the
// transcript has no more commands` (imaplib's logout() got no BYE). Once the recording has
// played to its end, serve now answers LOGOUT (`* BYE`, tagged OK) and QUIT (`+OK`) itself,
// saying it is a stand-in, logs it as one, and closes the connection.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeEvent, type ServeReply } from '../../src/transcript/serve.js';

const python = spawnSync('python3', ['--version']).status === 0;
const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');
const ENDED = '(a stand-in: the recording has ended)';

const IMAP_NO_LOGOUT = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
  '= redacted LOGIN password', 'C: a1 LOGIN alice ***redacted***', 'S: a1 OK Logged in',
  'C: a2 SELECT INBOX', 'S: * 2 EXISTS', 'S: * OK [UIDVALIDITY 7] ok', 'S: a2 OK [READ-WRITE] SELECT completed', '',
].join('\n');

const POP3_NO_QUIT = ['# protocol: pop3', '', 'S: +OK ready', 'C: USER alice', 'S: +OK send PASS', 'C: STAT', 'S: +OK 2 320', ''].join('\n');

function served(text: string): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), false);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

describe('LOGOUT or QUIT after the recording has ended, sans I/O', () => {
  it('IMAP: * BYE and the client\'s tagged OK, a stand-in, and the connection closes', () => {
    const ask = served(IMAP_NO_LOGOUT);
    ask('x1 LOGIN alice pw');
    expect(ask('x2 SELECT INBOX').ended).toBe(true);
    const reply = ask('x3 logout');
    expect(said(reply)).toBe(`* BYE mailscope serve: logging out ${ENDED}\r\nx3 OK mailscope serve: LOGOUT ${ENDED}\r\n`);
    expect(reply.close).toBe(true);
    expect(reply.stoodIn).toBe('LOGOUT');
    expect(reply.mismatch).toBeUndefined();
  });

  it('POP3: +OK to QUIT, and the connection closes', () => {
    const ask = served(POP3_NO_QUIT);
    ask('USER alice');
    ask('STAT');
    const reply = ask('QUIT');
    expect(said(reply)).toBe(`+OK mailscope serve: QUIT ${ENDED}\r\n`);
    expect(reply.close).toBe(true);
    expect(reply.stoodIn).toBe('QUIT');
  });

  it('other commands after the end are still refused, and a LOGOUT before the end is a mismatch', () => {
    const ask = served(IMAP_NO_LOGOUT);
    ask('x1 LOGIN alice pw');
    ask('x2 SELECT INBOX');
    expect(said(ask('x3 NOOP'))).toBe('x3 BAD mailscope serve: the transcript has no more commands\r\n');
    const early = served(IMAP_NO_LOGOUT);
    early('x1 LOGIN alice pw');
    const reply = early('x2 LOGOUT');
    expect(said(reply)).toBe('x2 BAD mailscope serve: expected "SELECT INBOX"\r\n');
    expect(reply.close).toBe(false);
  });
});

describe.skipIf(!python)(`Python imaplib${python ? '' : ' (skipped: python3 not found)'}`, () => {
  it('logout() gets BYE at the end of a recording without LOGOUT; serve logs the stand-in', async () => {
    const events: ServeEvent[] = [];
    const server = await startTranscriptServer(parseTranscript(IMAP_NO_LOGOUT), { port: 0, strict: false, log: (e) => events.push(e) });
    try {
      const script = [
        'import imaplib, json, sys',
        'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]), timeout=10)',
        'm.login("alice", "pw")',
        'm.select("INBOX")',
        'typ, data = m.logout()',
        'print(json.dumps({"logout": typ, "data": [d.decode() for d in data]}))',
      ].join('\n');
      const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({ logout: 'BYE', data: [`mailscope serve: logging out ${ENDED}`] });
      expect(events.filter((e) => e.kind === 'mismatch')).toEqual([]);
      expect(events.filter((e) => e.kind === 'stood-in').map((e) => (e as { command: string }).command)).toEqual(['CAPABILITY', 'LOGOUT']); // imaplib asks for CAPABILITY first
    } finally {
      await server.close();
    }
  });
});
