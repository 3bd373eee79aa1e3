// Audit item: Python's imaplib sends CAPABILITY right after the greeting, and poplib's stls()
// sends CAPA first, but a recording made by mailscope (or any client that reads the greeting's
// [CAPABILITY] code) starts with LOGIN, USER or STLS: serve answered `BAD mailscope serve:
// expected "login ..."` and the client gave up. serve now answers a CAPABILITY or CAPA that
// the recording does not hold next itself, from the recorded list, saying so, and the
// recording goes on where it was. A recording that does hold it plays its own answer.
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, type ServeReply } from '../../src/transcript/serve.js';
import { recordedCapabilities, servedCapabilities } from '../../src/transcript/serve-login.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const python = spawnSync('python3', ['--version']).status === 0;
const TOUR = fileURLToPath(new URL('../../transcripts/imap-tour.txt', import.meta.url));
const PASSWORD = 'Py-S3cret!pw';

function said(reply: ServeReply): string {
  return Buffer.concat(reply.send).toString('latin1');
}

/** A ScriptedServer on a transcript's text, greeted; `ask` sends one client line. */
function served(text: string): { greeting: string; ask(line: string): string } {
  const server = new ScriptedServer(parseTranscript(text), false);
  const greeting = said(server.start());
  return { greeting, ask: (line) => said(server.clientLine(Buffer.from(`${line}\r\n`))) };
}

const LOGIN_FIRST = [
  '# protocol: imap',
  '',
  'S: * OK [CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN] ready',
  '= redacted LOGIN password',
  'C: a1 LOGIN alice ***redacted***',
  'S: a1 OK [CAPABILITY IMAP4rev1 IDLE COMPRESS=DEFLATE] Logged in',
  'C: a2 SELECT INBOX',
  'S: * 2 EXISTS',
  'S: a2 OK [READ-WRITE] SELECT completed',
  '',
].join('\n');

describe('CAPABILITY the recording does not hold next, sans I/O', () => {
  it('is answered from the greeting\'s list, said to be serve\'s own, and the recording goes on where it was', () => {
    const s = served(LOGIN_FIRST);
    // STARTTLS goes: the recording holds no upgrade, and serve can play no other.
    expect(s.ask('x1 CAPABILITY')).toBe(
      '* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\nx1 OK mailscope serve: CAPABILITY (a stand-in: the recording does not hold it here)\r\n',
    );
    expect(s.ask(`x2 LOGIN alice "${PASSWORD}"`)).toBe('x2 OK [CAPABILITY IMAP4rev1 IDLE COMPRESS=DEFLATE] Logged in\r\n');
    // Asked again later: still serve's own, and SELECT is still the recording's next.
    expect(s.ask('x3 capability')).toMatch(/^\* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\nx3 OK mailscope serve: /);
    expect(s.ask('x4 SELECT INBOX')).toBe('* 2 EXISTS\r\nx4 OK [READ-WRITE] SELECT completed\r\n');
  });

  it('a recording whose first command is CAPABILITY plays its own answer, unchanged but for the tag', () => {
    const s = served([
      'S: * OK ready',
      'C: a1 CAPABILITY',
      'S: * CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED X-ODD',
      'S: a1 OK recorded capability',
      'C: a2 LOGOUT',
      'S: * BYE',
      'S: a2 OK bye',
      '',
    ].join('\n'));
    expect(s.ask('c1 CAPABILITY')).toBe('* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED X-ODD\r\nc1 OK recorded capability\r\n');
    // Now the recording holds LOGOUT next: a second CAPABILITY is serve's, from the recorded list.
    expect(s.ask('c2 CAPABILITY')).toMatch(/^\* CAPABILITY IMAP4rev1 LOGINDISABLED X-ODD\r\nc2 OK mailscope serve: /);
    expect(s.ask('c3 LOGOUT')).toBe('* BYE\r\nc3 OK bye\r\n');
  });

  it('a command other than CAPABILITY that does not match is still BAD', () => {
    const s = served(LOGIN_FIRST);
    // Not NOOP: serve stands in for one before the first recorded command (serve-noop.test.ts).
    expect(s.ask('x1 EXAMINE INBOX')).toBe('x1 BAD mailscope serve: expected "LOGIN alice ***redacted***"\r\n');
  });

  it('a recorded STARTTLS: offered before it is played (even when the list lacks it), gone with LOGINDISABLED after', () => {
    const server = new ScriptedServer(parseTranscript([
      'S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready',
      'C: a1 STARTTLS',
      'S: a1 OK Begin TLS negotiation now',
      '= starttls',
      'C: a2 LOGIN alice ***redacted***',
      'S: a2 OK Logged in',
      '',
    ].join('\n')), false);
    server.start();
    const ask = (line: string): ServeReply => server.clientLine(Buffer.from(`${line}\r\n`));
    expect(said(ask('x1 CAPABILITY'))).toMatch(/^\* CAPABILITY IMAP4rev1 LOGINDISABLED STARTTLS\r\n/);
    expect(ask('x2 STARTTLS').startTls).toBe(true);
    // RFC 3501 6.2.1: after TLS a client asks again; LOGINDISABLED would stop its LOGIN (RFC 3501 6.2.3).
    expect(said(ask('x3 CAPABILITY'))).toMatch(/^\* CAPABILITY IMAP4rev1\r\nx3 OK mailscope serve: /);
    expect(said(ask('x4 LOGIN alice secret'))).toBe('x4 OK Logged in\r\n');
  });

  it('a recording that tells no capabilities gets the least list, IMAP4rev1', () => {
    const s = served('S: * OK ready\nC: a1 LOGIN alice ***redacted***\nS: a1 OK hi\n');
    expect(s.ask('x1 CAPABILITY')).toMatch(/^\* CAPABILITY IMAP4rev1\r\nx1 OK mailscope serve: /);
  });

  it('the list comes from the first CAPABILITY response or code, and a recorded upgrade is noticed', () => {
    const recorded = recordedCapabilities('imap', parseTranscript('S: * OK hi\nC: a1 NOOP\nS: * CAPABILITY IMAP4rev2 ID\nS: a1 OK [CAPABILITY IMAP4rev1] x\nC: a2 STARTTLS\n').entries);
    expect(recorded).toEqual({ list: ['IMAP4rev2', 'ID'], upgradesToTls: true });
    expect(servedCapabilities('imap', recorded, false)).toEqual(['IMAP4rev2', 'ID', 'STARTTLS']);
    expect(servedCapabilities('imap', recorded, true)).toEqual(['IMAP4rev2', 'ID']);
  });
});

describe('CAPA the recording does not hold next (POP3), sans I/O', () => {
  const STLS_FIRST = [
    '# protocol: pop3',
    '',
    'S: +OK ready',
    'C: STLS',
    'S: +OK Begin TLS',
    '= starttls',
    'C: CAPA',
    'S: +OK after TLS',
    'S: USER',
    'S: SASL PLAIN',
    'S: .',
    'C: USER alice',
    'S: +OK send PASS',
    '',
  ].join('\n');

  it('is answered from the first recorded CAPA answer, with STLS while the recording still holds it', () => {
    const server = new ScriptedServer(parseTranscript(STLS_FIRST), false);
    server.start();
    const ask = (line: string): ServeReply => server.clientLine(Buffer.from(`${line}\r\n`));
    expect(said(ask('CAPA'))).toBe('+OK mailscope serve: a capability list (a stand-in: the recording does not hold it here)\r\nUSER\r\nSASL PLAIN\r\nSTLS\r\n.\r\n');
    expect(ask('STLS').startTls).toBe(true);
    // After TLS the recording holds CAPA next: its own answer plays.
    expect(said(ask('CAPA'))).toBe('+OK after TLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n');
    expect(said(ask('CAPA'))).toMatch(/^\+OK mailscope serve: a capability list .*\r\nUSER\r\nSASL PLAIN\r\n\.\r\n$/);
    expect(said(ask('USER alice'))).toBe('+OK send PASS\r\n');
  });

  it('a recording without a CAPA answer gets an empty list; other commands that do not match get -ERR', () => {
    const server = new ScriptedServer(parseTranscript('# protocol: pop3\n\nS: +OK hi\nC: USER alice\nS: +OK\n'), false);
    server.start();
    expect(said(server.clientLine(Buffer.from('CAPA\r\n')))).toBe('+OK mailscope serve: a capability list (a stand-in: the recording does not hold it here)\r\n.\r\n');
    expect(said(server.clientLine(Buffer.from('STAT\r\n')))).toBe('-ERR mailscope serve: expected "USER alice"\r\n');
  });
});

/** Serves a file with the CLI on a free port; `stop` ends it. */
async function serveFile(file: string): Promise<{ port: number; output(): string; stop(): Promise<number> }> {
  const controller = new AbortController();
  const run = runCli(['serve', file, '--port', '0'], { signal: controller.signal });
  await run.waitFor(/on 127\.0\.0\.1:\d+/);
  return {
    port: Number(/on 127\.0\.0\.1:(\d+)/.exec(run.stdout())![1]),
    output: () => run.stdout() + run.stderr(),
    stop: async () => {
      controller.abort();
      return run.code;
    },
  };
}

const runPython = async (script: string, ...args: string[]): Promise<unknown> => {
  const { stdout } = await promisify(execFile)('python3', ['-c', script, ...args], { timeout: 20_000 });
  return JSON.parse(stdout);
};
const skipped = python ? '' : ' (skipped: python3 not found)';

describe('real clients against serve', () => {
  it.skipIf(!python)(`Python imaplib logs in to serve of transcripts/imap-tour.txt and gets the recorded answers${skipped}`, async () => {
    const serve = await serveFile(TOUR);
    try {
      const script = [
        'import imaplib, json, sys',
        'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))',
        'caps = list(m.capabilities)',
        'login = m.login("test77@example.com", sys.argv[2])',
        'lst = m.list(\'""\', \'"*"\')',
        'st = m.status("INBOX", "(messages)")',
        'print(json.dumps({"caps": caps, "login": login[0], "list": [lst[0], len(lst[1])], "status": [st[0], st[1][0].decode()]}))',
      ].join('\n');
      const result = (await runPython(script, String(serve.port), PASSWORD)) as { caps: string[]; login: string; list: unknown; status: unknown };
      expect(result.login).toBe('OK');
      expect(result.list).toEqual(['OK', 6]);
      expect(result.status).toEqual(['OK', '"INBOX" (MESSAGES 3)']);
      // The greeting's list, less STARTTLS: the tour holds no upgrade.
      expect(result.caps).toContain('IMAP4REV1');
      expect(result.caps).toContain('AUTH=SCRAM-SHA-256');
      expect(result.caps).not.toContain('STARTTLS');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(serve.output()).not.toContain(PASSWORD);
  });

  it.skipIf(!python)(`Python imaplib: STARTTLS, then LOGIN despite the greeting's LOGINDISABLED${skipped}`, async () => {
    const file = join(tempDir('mailscope-serve-cap-'), 'starttls.txt');
    writeFileSync(file, [
      '# protocol: imap',
      '',
      'S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready',
      'C: a1 STARTTLS',
      'S: a1 OK Begin TLS negotiation now',
      '= starttls',
      '= redacted LOGIN password',
      'C: a2 LOGIN alice ***redacted***',
      'S: a2 OK Logged in',
      'C: a3 LOGOUT',
      'S: * BYE bye',
      'S: a3 OK LOGOUT completed',
      '',
    ].join('\n'));
    const serve = await serveFile(file);
    try {
      const script = [
        'import imaplib, json, ssl, sys',
        'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))',
        'before = list(m.capabilities)',
        'tls = m.starttls(ssl_context=ssl._create_unverified_context())',
        'after = list(m.capabilities)',
        'login = m.login("alice", sys.argv[2])',
        'bye = m.logout()',
        'print(json.dumps({"before": before, "tls": tls[0], "after": after, "login": login[0], "logout": bye[0]}))',
      ].join('\n');
      expect(await runPython(script, String(serve.port), PASSWORD)).toEqual({
        before: ['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED'], tls: 'OK', after: ['IMAP4REV1'], login: 'OK', logout: 'BYE',
      });
    } finally {
      await serve.stop();
    }
  });

  it.skipIf(!python)(`Python poplib: CAPA, STLS, USER/PASS and STAT on a recording that starts with STLS${skipped}`, async () => {
    const file = join(tempDir('mailscope-serve-cap-'), 'stls.txt');
    writeFileSync(file, [
      '# protocol: pop3',
      '',
      'S: +OK POP3 ready',
      'C: STLS',
      'S: +OK Begin TLS negotiation',
      '= starttls',
      'C: USER alice',
      'S: +OK send PASS',
      '= redacted PASS password',
      'C: PASS ***redacted***',
      'S: +OK logged in',
      'C: STAT',
      'S: +OK 2 320',
      'C: QUIT',
      'S: +OK bye',
      '',
    ].join('\n'));
    const serve = await serveFile(file);
    try {
      const script = [
        'import poplib, json, ssl, sys',
        'p = poplib.POP3("127.0.0.1", int(sys.argv[1]))',
        'caps = p.capa()',
        'tls = p.stls(context=ssl._create_unverified_context())',
        'p.user("alice")',
        'p.pass_(sys.argv[2])',
        'stat = p.stat()',
        'p.quit()',
        'print(json.dumps({"caps": caps, "tls": tls.decode(), "stat": list(stat)}))',
      ].join('\n');
      expect(await runPython(script, String(serve.port), PASSWORD)).toEqual({ caps: { STLS: [] }, tls: '+OK Begin TLS negotiation', stat: [2, 320] });
    } finally {
      await serve.stop();
    }
    expect(serve.output()).not.toContain(PASSWORD);
  });
});
