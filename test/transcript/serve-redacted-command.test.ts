// Audit item 1: serve took any client line for a recorded command whose secret was masked.
// POP3: with `PASS ***redacted***` or `AUTH PLAIN <masked>` next, STAT, QUIT, CAPA or a bare
// PASS all got the recorded `+OK logged in.` (poplib's stat() then failed to parse it, capa()
// hung). IMAP: an empty line or a bare tag matched `login user ***redacted***`. Only a masked
// continuation line (a SASL response, a literal password's body) is anything now; a masked
// command line is a pattern whose secret is the wildcard.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeReply } from '../../src/transcript/serve.js';

const python = spawnSync('python3', ['--version']).status === 0;
const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

function served(text: string): (line: string) => ServeReply {
  const server = new ScriptedServer(parseTranscript(text), false);
  server.start();
  return (line) => server.clientLine(Buffer.from(`${line}\r\n`));
}

const POP3_PASS = [
  '# protocol: pop3', '',
  'S: +OK ready',
  'C: USER alice', 'S: +OK send PASS',
  '= redacted PASS password', 'C: PASS ***redacted***', 'S: +OK logged in.',
  'C: STAT', 'S: +OK 2 320',
  'C: QUIT', 'S: +OK bye', '',
].join('\n');

// AUTH PLAIN with its initial response (RFC 5034), masked inside the base64.
const POP3_AUTH = [
  '# protocol: pop3', '',
  'S: +OK ready',
  '= redacted AUTH PLAIN initial response', 'C: AUTH PLAIN AGFsaWNlACoqKnJlZGFjdGVkKioq', 'S: +OK logged in.',
  'C: STAT', 'S: +OK 2 320', '',
].join('\n');

const IMAP_LOGIN = [
  '# protocol: imap', '',
  'S: * OK ready',
  '= redacted LOGIN password', 'C: a1 login test77@example.com ***redacted***', 'S: a1 OK Logged in',
  'C: a2 LOGOUT', 'S: * BYE bye', 'S: a2 OK done', '',
].join('\n');

// A literal password: the body line (a continuation) is the one that may be anything.
const IMAP_LITERAL_LOGIN = [
  '# protocol: imap', '',
  'S: * OK ready',
  'C: a1 LOGIN alice {8}', 'S: + go on',
  '= redacted LOGIN password (literal)', 'C: ***redacted***', 'S: a1 OK Logged in', '',
].join('\n');

describe('a recorded command with a masked secret, sans I/O', () => {
  it('POP3: STAT, QUIT and a bare PASS in place of PASS are refused; PASS with any password (spaces too) plays', () => {
    for (const line of ['STAT', 'QUIT', 'PASS']) {
      const ask = served(POP3_PASS);
      ask('USER alice');
      const reply = ask(line);
      expect(said(reply), line).toBe('-ERR mailscope serve: expected "PASS ***redacted***"\r\n');
      expect(reply.mismatch).toBeDefined();
    }
    const ask = served(POP3_PASS);
    ask('USER alice');
    expect(said(ask('PASS a pass phrase (with) spaces'))).toBe('+OK logged in.\r\n');
    expect(said(ask('STAT'))).toBe('+OK 2 320\r\n');
  });

  it('POP3: CAPA in place of PASS gets serve\'s stand-in list, not the recorded +OK logged in.', () => {
    const ask = served(POP3_PASS);
    ask('USER alice');
    const reply = ask('CAPA');
    expect(said(reply)).toMatch(/^\+OK mailscope serve: a capability list \(a stand-in[^)]*\)\r\n\.\r\n$/);
    expect(said(ask('PASS secret'))).toBe('+OK logged in.\r\n');
  });

  it('POP3: AUTH PLAIN with a masked initial response takes any response, and nothing else', () => {
    const refused = served(POP3_AUTH)('STAT');
    expect(said(refused)).toMatch(/^-ERR mailscope serve: expected "AUTH PLAIN /);
    const ask = served(POP3_AUTH);
    expect(said(ask(`AUTH PLAIN ${Buffer.from('\0bob\0other').toString('base64')}`))).toBe('+OK logged in.\r\n');
  });

  it('IMAP: an empty line or a bare tag is no login', () => {
    for (const line of ['', 'x']) {
      const reply = served(IMAP_LOGIN)(line);
      expect(said(reply), JSON.stringify(line)).toMatch(/^\S+ BAD mailscope serve: expected "a1 login test77@example\.com \*\*\*redacted\*\*\*"\r\n$/);
      expect(reply.mismatch).toBeDefined();
    }
    const ask = served(IMAP_LOGIN);
    expect(said(ask('z1 LOGIN test77@example.com "any pw"'))).toBe('z1 OK Logged in\r\n');
  });

  it('IMAP: a literal password\'s body is still anything', () => {
    const ask = served(IMAP_LITERAL_LOGIN);
    expect(said(ask('t1 LOGIN alice {11}'))).toBe('+ go on\r\n');
    expect(said(ask('other words'))).toBe('t1 OK Logged in\r\n');
  });
});

describe.skipIf(!python)(`Python poplib${python ? '' : ' (skipped: python3 not found)'}`, () => {
  it('stat() in place of the recorded PASS gets -ERR, not the login\'s +OK', async () => {
    const server = await startTranscriptServer(parseTranscript(POP3_PASS), { port: 0, strict: false });
    try {
      const script = [
        'import poplib, sys',
        'p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)',
        'p.user("alice")',
        'try:',
        '    p.stat()',
        '    print("stat answered")',
        'except poplib.error_proto as e:',
        '    print("refused", e.args[0].decode())',
      ].join('\n');
      const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
      expect(stdout.trim()).toBe('refused -ERR mailscope serve: expected "PASS ***redacted***"');
    } finally {
      await server.close();
    }
  });

  it('capa() between USER and PASS gets a list, and the login then plays', async () => {
    const server = await startTranscriptServer(parseTranscript(POP3_PASS), { port: 0, strict: false });
    try {
      const script = [
        'import json, poplib, sys',
        'p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)',
        'p.user("alice")',
        'caps = p.capa()',
        'login = p.pass_("a pass phrase").decode()',
        'print(json.dumps({"capa": caps, "pass": login, "stat": list(p.stat())}))',
      ].join('\n');
      const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({ capa: {}, pass: '+OK logged in.', stat: [2, 320] });
    } finally {
      await server.close();
    }
  });
});
