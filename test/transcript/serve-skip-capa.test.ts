// Audit item 3: a recording made with `--starttls` holds a CAPA (IMAP: CAPABILITY) after the
// upgrade, since mailscope asks again (RFC 2595 4, RFC 3501 6.2.1). poplib's stls() sends no
// CAPA then, and got `-ERR mailscope serve: expected "CAPA"`. A recorded capability query the
// client does not send is now passed over when the client's line is the recorded command
// after it: no mismatch (so --strict goes on), and the recording plays from there.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSecureContext } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeReply } from '../../src/transcript/serve.js';

const python = spawnSync('python3', ['--version']).status === 0;
const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

const POP3 = [
  '# protocol: pop3', '',
  'S: +OK ready',
  'C: STLS', 'S: +OK Begin TLS negotiation',
  '= starttls',
  'C: CAPA', 'S: +OK', 'S: USER', 'S: .',
  'C: USER alice', 'S: +OK send PASS',
  'C: PASS pw', 'S: +OK logged in.',
  'C: STAT', 'S: +OK 2 320',
  'C: QUIT', 'S: +OK bye', '',
].join('\n');

const IMAP = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready',
  'C: a1 STARTTLS', 'S: a1 OK Begin TLS negotiation now',
  '= starttls',
  'C: a2 CAPABILITY', 'S: * CAPABILITY IMAP4rev1 AUTH=PLAIN', 'S: a2 OK done',
  'C: a3 LOGIN alice pw', 'S: a3 OK Logged in',
  'C: a4 NOOP', 'S: a4 OK done', '',
].join('\n');

function served(text: string, strict = true): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), strict);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

describe('a recorded capability query the client does not send, sans I/O', () => {
  it('POP3: USER after STLS plays the recorded answer after CAPA, --strict too', () => {
    const ask = served(POP3);
    expect(ask('STLS').startTls).toBe(true);
    const reply = ask('USER alice');
    expect(said(reply)).toBe('+OK send PASS\r\n');
    expect(reply.mismatch).toBeUndefined();
    expect(reply.close).toBe(false);
    expect(said(ask('PASS pw'))).toBe('+OK logged in.\r\n');
  });

  it('POP3: a client that sends CAPA gets the recorded answer, as before', () => {
    const ask = served(POP3);
    ask('STLS');
    expect(said(ask('CAPA'))).toBe('+OK\r\nUSER\r\n.\r\n');
    expect(said(ask('USER alice'))).toBe('+OK send PASS\r\n');
  });

  it('POP3: a line that is neither the query nor the command after it is still a mismatch naming CAPA', () => {
    const ask = served(POP3, false);
    ask('STLS');
    const reply = ask('STAT');
    expect(said(reply)).toBe('-ERR mailscope serve: expected "CAPA"\r\n');
    expect(said(ask('CAPA'))).toBe('+OK\r\nUSER\r\n.\r\n'); // the recording did not move
  });

  it('IMAP: LOGIN after STARTTLS plays with the client\'s tag, the CAPABILITY passed over', () => {
    const ask = served(IMAP);
    expect(ask('x1 STARTTLS').startTls).toBe(true);
    const reply = ask('x2 LOGIN alice pw');
    expect(said(reply)).toBe('x2 OK Logged in\r\n');
    expect(reply.mismatch).toBeUndefined();
    expect(said(ask('x3 NOOP'))).toBe('x3 OK done\r\n');
  });
});

describe('Python poplib stls() against serve', () => {
  let server: { port: number; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTranscriptServer(parseTranscript(POP3), { port: 0, strict: true, secureContext: demoSecureContext() });
  });
  afterAll(async () => server.close());

  it.skipIf(!python)(`logs in after STLS and gets STAT${python ? '' : ' (skipped: python3 not found)'}`, async () => {
    const script = [
      'import poplib, ssl, json, sys',
      'p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)',
      'ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE',
      'p.stls(context=ctx)',
      'p.user("alice"); p.pass_("pw")',
      'print(json.dumps({"stat": list(p.stat())}))',
      'p.quit()',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ stat: [2, 320] });
  });
});
