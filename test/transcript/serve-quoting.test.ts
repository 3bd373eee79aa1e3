// Found trying serve with Python's imaplib: a recording of the tutorial's `a list "" "*"` was
// refused to imaplib's `LIST "" *` (BAD mailscope serve: expected ...), though both ask the same
// (RFC 3501 9: astring and list-mailbox take an atom or a quoted string). serve now compares an
// IMAP command's quoted strings that an atom could say as well without their quotes, on both
// sides; NIL, strings with spaces or specials, and hand-written patterns keep theirs.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeReply } from '../../src/transcript/serve.js';

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

const RECORDING = [
  '# protocol: imap',
  '',
  'S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
  'C: a1 LOGIN student "secret"',
  'S: a1 OK Logged in',
  'C: a2 list "" "*"',
  'S: * LIST (\\HasNoChildren) "." INBOX',
  'S: a2 OK LIST completed',
  'C: a3 SELECT "INBOX"',
  'S: * 2 EXISTS',
  'S: a3 OK [READ-WRITE] done',
  'C: a4 ID NIL',
  'S: * ID NIL',
  'S: a4 OK ID done',
  'C: a5 CREATE "Sent Items"',
  'S: a5 OK created',
  'C: a6 LOGOUT',
  'S: * BYE bye',
  'S: a6 OK done',
  '',
].join('\n');

/** A ScriptedServer on RECORDING, greeted; `ask` sends one client line and gives the answer's text. */
function served(): (line: string) => string {
  const server = new ScriptedServer(parseTranscript(RECORDING), false);
  server.start();
  return (line) => said(server.clientLine(Buffer.from(`${line}\r\n`)));
}

describe('serve: an argument quoted or not is the same argument', () => {
  it('takes atoms for the recording\'s quoted strings, and quoted strings for its atoms', () => {
    const ask = served();
    expect(ask('x1 LOGIN "student" secret')).toBe('x1 OK Logged in\r\n');
    expect(ask('x2 LIST "" *')).toBe('* LIST (\\HasNoChildren) "." INBOX\r\nx2 OK LIST completed\r\n');
    expect(ask('x3 select INBOX')).toBe('* 2 EXISTS\r\nx3 OK [READ-WRITE] done\r\n');
  });

  it('NIL is not the string "NIL"', () => {
    const ask = served();
    ask('x1 LOGIN student secret');
    ask('x2 LIST "" "*"');
    ask('x3 SELECT INBOX');
    expect(ask('x4 ID "NIL"')).toBe('x4 BAD mailscope serve: expected "ID NIL"\r\n');
    expect(ask('x5 ID NIL')).toBe('* ID NIL\r\nx5 OK ID done\r\n');
  });

  it('a string with a space keeps its quotes: unquoted it is two arguments', () => {
    const ask = served();
    for (const line of ['x1 LOGIN student secret', 'x2 LIST "" *', 'x3 SELECT INBOX', 'x4 ID NIL']) ask(line);
    expect(ask('x5 CREATE Sent Items')).toBe('x5 BAD mailscope serve: expected "CREATE "Sent Items""\r\n');
    expect(ask('x6 CREATE "Sent Items"')).toBe('x6 OK created\r\n');
  });

  it('an escape inside a string is compared as sent', () => {
    const server = new ScriptedServer(parseTranscript('S: * OK ready\nC: a1 SELECT "a\\"b"\nS: a1 OK done\n'), false);
    server.start();
    expect(said(server.clientLine(Buffer.from('x1 SELECT a"b\r\n')))).toMatch(/^x1 BAD /);
    expect(said(server.clientLine(Buffer.from('x2 SELECT "a\\"b"\r\n')))).toBe('x2 OK done\r\n');
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe('serve to Python\'s imaplib', () => {
  it.skipIf(!python)(`a recording of the tutorial's quoting plays to imaplib's${python ? '' : ' (skipped: python3 not found)'}`, async () => {
    const server = await startTranscriptServer(parseTranscript(RECORDING), { port: 0, strict: true });
    try {
      const script = [
        'import imaplib, json, sys',
        'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))',
        'login = m.login("student", "secret")',
        'typ, data = m.list()', // LIST "" *
        'sel = m.select("INBOX")', // SELECT INBOX
        'print(json.dumps({"login": login[0], "list": typ, "data": [d.decode() for d in data], "select": sel}, default=lambda b: b.decode()))',
      ].join('\n');
      const { stdout } = await promisify(execFile)('python3', ['-c', script, String(server.port)], { timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({ login: 'OK', list: 'OK', data: ['(\\HasNoChildren) "." INBOX'], select: ['OK', ['2']] });
    } finally {
      await server.close();
    }
  });
});
