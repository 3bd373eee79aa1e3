// Audit item 2: a recording made with `--auth PLAIN` holds `AUTHENTICATE PLAIN <initial
// response>` on one line (SASL-IR, RFC 4959). Python's imaplib and imapflow send
// `AUTHENTICATE PLAIN` alone and wait for `+ `; serve answered `BAD mailscope serve: expected
// "AUTHENTICATE PLAIN AHRlc3Q3...=="` (base64 no one can read). serve now sends the empty
// challenge (RFC 4422 3, RFC 3501 6.2.2; POP3 AUTH: RFC 5034 4), takes the next line as the
// response (as it takes any masked response) and plays the recorded answer; an expected line
// that holds an initial response is shown with the mask in its place.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeReply } from '../../src/transcript/serve.js';

const python = spawnSync('python3', ['--version']).status === 0;
const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

// base64 of "\0test77\0***redacted***", as the recorder masks it.
const MASKED_IR = 'AHRlc3Q3NwAqKipyZWRhY3RlZCoqKg==';

const IMAP = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready',
  '= redacted AUTHENTICATE PLAIN initial response',
  `C: a1 AUTHENTICATE PLAIN ${MASKED_IR}`,
  'S: a1 OK [CAPABILITY IMAP4rev1] Logged in',
  'C: a2 SELECT INBOX', 'S: * 2 EXISTS', 'S: a2 OK [READ-WRITE] SELECT completed',
  'C: a3 LOGOUT', 'S: * BYE bye', 'S: a3 OK done', '',
].join('\n');

const POP3 = [
  '# protocol: pop3', '',
  'S: +OK ready',
  '= redacted AUTH PLAIN initial response',
  `C: AUTH PLAIN ${MASKED_IR}`, 'S: +OK logged in.',
  'C: STAT', 'S: +OK 2 320', '',
].join('\n');

function served(text: string, strict = false): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), strict);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

const response = Buffer.from('\0test77\0secret').toString('base64');

describe('AUTHENTICATE without the recorded initial response, sans I/O', () => {
  it('IMAP: `+ `, then any response plays the recorded answer with the client\'s tag', () => {
    const ask = served(IMAP, true);
    const challenge = ask('x1 AUTHENTICATE PLAIN');
    expect(said(challenge)).toBe('+ \r\n');
    expect(challenge.mismatch).toBeUndefined();
    expect(challenge.close).toBe(false);
    expect(said(ask(response))).toBe('x1 OK [CAPABILITY IMAP4rev1] Logged in\r\n');
    expect(said(ask('x2 SELECT INBOX'))).toBe('* 2 EXISTS\r\nx2 OK [READ-WRITE] SELECT completed\r\n');
  });

  it('IMAP: the initial response on the line still plays as before', () => {
    const ask = served(IMAP);
    expect(said(ask(`x1 AUTHENTICATE PLAIN ${response}`))).toBe('x1 OK [CAPABILITY IMAP4rev1] Logged in\r\n');
  });

  it('IMAP: `*` cancels (RFC 3501 6.2.2) and the recording is still at AUTHENTICATE', () => {
    const ask = served(IMAP);
    ask('x1 AUTHENTICATE PLAIN');
    expect(said(ask('*'))).toBe('x1 BAD mailscope serve: authentication cancelled\r\n');
    ask('x2 AUTHENTICATE PLAIN');
    expect(said(ask(response))).toBe('x2 OK [CAPABILITY IMAP4rev1] Logged in\r\n');
  });

  it('IMAP: another mechanism is a mismatch, shown with the initial response masked, not as base64', () => {
    const reply = served(IMAP)('x1 AUTHENTICATE LOGIN');
    expect(said(reply)).toBe('x1 BAD mailscope serve: expected "AUTHENTICATE PLAIN ***redacted***"\r\n');
    expect(reply.mismatch?.expected).toBe('AUTHENTICATE PLAIN ***redacted***');
  });

  it('POP3: AUTH PLAIN alone gets `+ `, then the recorded +OK', () => {
    const ask = served(POP3);
    expect(said(ask('AUTH PLAIN'))).toBe('+ \r\n');
    expect(said(ask(response))).toBe('+OK logged in.\r\n');
    expect(said(ask('STAT'))).toBe('+OK 2 320\r\n');
  });

  it('POP3: a mismatch shows the initial response masked', () => {
    expect(said(served(POP3)('STAT'))).toBe('-ERR mailscope serve: expected "AUTH PLAIN ***redacted***"\r\n');
  });
});

describe('Python imaplib authenticate(\'PLAIN\') against serve', () => {
  let server: { port: number; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTranscriptServer(parseTranscript(IMAP), { port: 0, strict: true });
  });
  afterAll(async () => server.close());

  it.skipIf(!python)(`logs in and selects${python ? '' : ' (skipped: python3 not found)'}`, async () => {
    const script = [
      'import imaplib, json, sys',
      'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))',
      'auth = m.authenticate("PLAIN", lambda _: b"\\0test77\\0secret")',
      'sel = m.select("INBOX")',
      'print(json.dumps({"auth": auth[0], "select": sel[0], "exists": sel[1][0].decode()}))',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ auth: 'OK', select: 'OK', exists: '2' });
  });
});
