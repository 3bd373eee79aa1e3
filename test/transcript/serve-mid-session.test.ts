// Audit item: a recording made with `:record FILE` after login holds no greeting and no
// login, so a real client pointed at `serve` of it got `BAD mailscope serve: expected "a2
// FETCH ..."` for its LOGIN. serve now stands in for the login (and the SELECT of a recording
// made with a mailbox selected) until the first recorded command matches, saying so in each
// answer, and never echoing the password.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript, type Transcript } from '../../src/transcript/format.js';
import { ScriptedServer, type ServeReply } from '../../src/transcript/serve.js';
import { DEFAULT_CAPABILITIES, midSessionStart, standInCapabilities } from '../../src/transcript/serve-login.js';
import { runCli, type CliRun } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-serve-mid-');
/** The demo server's account (src/demo/seed-messages.ts), used to make the recording. */
const DEMO_USER = 'test77@example.com';
const DEMO_PASSWORD = 'qwe123#$';
/** What the clients of serve log in with: any credentials are taken. */
const PASSWORD = 'S3cret!serve-pw';
const python = spawnSync('python3', ['--version']).status === 0;

let demo: DemoServer;
let recording: string;
let serve: CliRun;
let port: number;
const stopServe = new AbortController();

beforeAll(async () => {
  demo = await startDemoServer();
  recording = join(dir, 'selected.txt');
  // The real way: log in and select in the REPL, then record one FETCH.
  const run = runCli([`127.0.0.1:${demo.imapPort}`, '--imap', '-c', `. login ${DEMO_USER} ${DEMO_PASSWORD}`, '-c', 'select INBOX',
    '-c', `:record ${recording}`, '-c', 'fetch 1 (UID FLAGS)', '-c', ':record stop']);
  expect(await run.code).toBe(0);
  serve = runCli(['serve', recording, '--port', '0'], { signal: stopServe.signal });
  await serve.waitFor(/on 127\.0\.0\.1:\d+/);
  port = Number(/on 127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
});
afterAll(async () => {
  stopServe.abort();
  await serve?.code;
  await demo?.close();
});

/** A raw client: sends lines, waits for an answer ending in a line that matches. */
async function rawClient(): Promise<{ send(line: string): void; until(end: RegExp): Promise<string>; all(): string; close(): void }> {
  const socket: Socket = connect(port, '127.0.0.1');
  let text = '';
  let taken = 0;
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    send: (line) => socket.write(`${line}\r\n`),
    async until(end) {
      for (let i = 0; i < 200; i++) {
        const fresh = text.slice(taken);
        const lines = fresh.split('\r\n');
        const at = lines.findIndex((l) => end.test(l));
        if (at >= 0) {
          const answer = lines.slice(0, at + 1).join('\r\n');
          taken += answer.length + 2;
          return answer;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no line matching ${end} in ${JSON.stringify(text.slice(taken))}`);
    },
    all: () => text,
    close: () => socket.destroy(),
  };
}

describe('serve of a recording made with :record after SELECT', () => {
  it('the recording is mid-session, selected, and holds no login', () => {
    const t = parseTranscript(readFileSync(recording, 'utf8'));
    // The demo's INBOX: three messages (src/demo/seed-messages.ts), a UIDVALIDITY from a fixed base (store.ts).
    expect(midSessionStart(t.header)).toEqual({ state: 'selected', mailbox: 'INBOX', exists: 3, uidValidity: 1294991877 });
    expect(t.entries.filter((e) => e.kind === 'client')).toHaveLength(1);
  });

  it('imapflow logs in, opens the mailbox and gets the recorded FETCH answer', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'someone', pass: PASSWORD }, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      expect(client.mailbox && client.mailbox.path).toBe('INBOX');
      // The count and UIDVALIDITY the mailbox had when recorded, not a stand-in's zero.
      expect(client.mailbox && client.mailbox.exists).toBe(3);
      expect(client.mailbox && String(client.mailbox.uidValidity)).toBe('1294991877');
      const message = await client.fetchOne('1', { uid: true, flags: true });
      expect(message && message.uid).toBe(1);
      expect(message && [...(message.flags ?? [])]).toEqual(['\\Seen']);
    } finally {
      lock.release();
      client.close();
    }
  });

  it.skipIf(!python)(`Python imaplib logs in, selects and fetches${python ? '' : ' (skipped: python3 not found)'}`, async () => {
    const script = [
      'import imaplib, json, sys',
      'm = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))',
      'login = m.login("someone", sys.argv[2])',
      'sel = m.select("INBOX")',
      'typ, data = m.fetch("1", "(UID FLAGS)")',
      'print(json.dumps({"login": login[0], "select": sel[0], "fetch": typ, "data": [d.decode() for d in data]}))',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, String(port), PASSWORD], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ login: 'OK', select: 'OK', fetch: 'OK', data: ['1 (UID 1 FLAGS (\\Seen))'] });
  });

  it('AUTHENTICATE PLAIN with a continuation, CAPABILITY, EXAMINE: answers that say they are stand-ins', async () => {
    const logged = serve.stdout().length;
    const c = await rawClient();
    try {
      expect(await c.until(/^\* OK /)).toContain('mailscope serve');
      c.send('c1 CAPABILITY');
      const caps = await c.until(/^c1 /);
      expect(caps).toMatch(/^\* CAPABILITY .*AUTH=PLAIN/m);
      expect(caps).not.toMatch(/STARTTLS|AUTH=SCRAM|COMPRESS=/); // what the stand-in cannot do is not offered
      c.send('c2 AUTHENTICATE PLAIN');
      expect(await c.until(/^\+/)).toBe('+ ');
      c.send(Buffer.from(`\0someone\0${PASSWORD}`).toString('base64'));
      expect(await c.until(/^c2 /)).toMatch(/^c2 OK \[CAPABILITY [^\]]*\] mailscope serve: logged in \(the recording starts after login\)$/);
      c.send('c3 EXAMINE Archive');
      const examine = await c.until(/^c3 /);
      expect(examine.split('\r\n')).toEqual([
        '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)', '* 3 EXISTS', '* 0 RECENT', '* OK [UIDVALIDITY 1294991877] a stand-in',
        'c3 OK [READ-ONLY] mailscope serve: a stand-in EXAMINE: the recording starts with "INBOX" selected',
      ]);
      c.send('c4 FETCH 1 (UID FLAGS)');
      expect(await c.until(/^c4 /)).toBe('* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nc4 OK FETCH completed.');
    } finally {
      c.close();
    }
    // serve's user sees each stand-in by its command; the SASL response line is no command.
    expect(stoodIn(serve.stdout().slice(logged))).toEqual(['CAPABILITY', 'AUTHENTICATE', 'EXAMINE']);
  });

  it('a LOGIN sent as literals is taken, and the password goes nowhere: not in an answer, not in serve\'s output', async () => {
    const logged = serve.stdout().length;
    const c = await rawClient();
    try {
      await c.until(/^\* OK /);
      c.send('l1 LOGIN {7}');
      expect(await c.until(/^\+/)).toBe('+ ');
      c.send(`someone {${PASSWORD.length}}`);
      await c.until(/^\+/);
      c.send(PASSWORD);
      expect(await c.until(/^l1 /)).toMatch(/^l1 OK .*logged in/);
      c.send(`l2 LOGIN someone ${PASSWORD}`); // after login the stand-in leaves LOGIN to the recording
      expect(await c.until(/^l2 /)).toMatch(/^l2 BAD mailscope serve: expected "fetch 1 \(UID FLAGS\)"$/);
      expect(c.all()).not.toContain(PASSWORD);
      expect(c.all()).not.toContain(Buffer.from(`\0someone\0${PASSWORD}`).toString('base64'));
    } finally {
      c.close();
    }
    expect(serve.stdout() + serve.stderr()).not.toContain(PASSWORD);
    // One stand-in, named LOGIN: the literals that went on with it are not named as commands.
    expect(stoodIn(serve.stdout().slice(logged))).toEqual(['LOGIN']);
  });
});

/** The commands serve's event lines say it answered itself, in order. */
function stoodIn(output: string): string[] {
  return [...output.matchAll(/^\S+ (\S+) answered by serve itself \(the recording does not hold it here\)$/gm)].map((m) => m[1]);
}

/** The text a ScriptedServer sends for one client line. */
function said(reply: ServeReply): string {
  return Buffer.concat(reply.send).toString('latin1');
}

const midSession = (state: string, body: string): Transcript =>
  parseTranscript(`# protocol: ${state.startsWith('pop3') ? 'pop3' : 'imap'}\n# start: mid-session (:record): what came before, the login included, is not in this file\n# state: ${state.replace(/^pop3 /, '')}\n\n${body}`);

describe('the login stand-in, sans I/O', () => {
  it('a recording with a greeting (not mid-session) still refuses a LOGIN it does not hold', () => {
    const t = parseTranscript('# protocol: imap\n\nS: * OK ready\nC: a1 CAPABILITY\nS: * CAPABILITY IMAP4rev1\nS: a1 OK done\n');
    const server = new ScriptedServer(t, false);
    expect(said(server.start())).toBe('* OK ready\r\n');
    expect(said(server.clientLine(Buffer.from(`x1 LOGIN someone ${PASSWORD}\r\n`)))).toBe('x1 BAD mailscope serve: expected "CAPABILITY"\r\n');
  });

  it('a recording started before login (state: not authenticated) holds its login: none is stood in for', () => {
    const t = midSession('not authenticated', 'C: a1 LOGIN u ***redacted***\nS: a1 OK hi\n');
    expect(midSessionStart(t.header)).toBeUndefined();
    const server = new ScriptedServer(t, false);
    server.start();
    expect(said(server.clientLine(Buffer.from('x1 AUTHENTICATE PLAIN AGEAYg==\r\n')))).toContain('x1 BAD mailscope serve: expected');
  });

  it('names each stand-in by its command for serve\'s log, never a line that goes on with a login (a literal, a SASL response)', () => {
    const server = new ScriptedServer(midSession('selected', 'C: a9 NOOP\nS: a9 OK recorded noop\n'), false);
    server.start();
    const stoodIn = (line: string): string | undefined => server.clientLine(Buffer.from(`${line}\r\n`)).stoodIn;
    expect(stoodIn('x1 AUTHENTICATE PLAIN')).toBe('AUTHENTICATE');
    expect(stoodIn('*')).toBeUndefined(); // the cancel
    expect(stoodIn('x2 LOGIN {7}')).toBe('LOGIN');
    expect(stoodIn('someone {9}')).toBeUndefined();
    // A password with a space: its second word is no command, and is never shown as one.
    expect(stoodIn('two words')).toBeUndefined();
    expect(stoodIn('x3 CAPABILITY')).toBe('CAPABILITY');
    expect(stoodIn('x4 NOOP')).toBeUndefined(); // the recording's
  });

  it('in the authenticated state, SELECT is the recording\'s, not a stand-in', () => {
    const server = new ScriptedServer(midSession('authenticated', 'C: a7 SELECT Drafts\nS: * 3 EXISTS\nS: a7 OK [READ-WRITE] done\n'), false);
    server.start();
    expect(said(server.clientLine(Buffer.from(`x1 LOGIN someone ${PASSWORD}\r\n`)))).toMatch(/^x1 OK \[CAPABILITY IMAP4rev1 AUTH=PLAIN\] /);
    expect(said(server.clientLine(Buffer.from('x2 SELECT INBOX\r\n')))).toBe('x2 BAD mailscope serve: expected "SELECT Drafts"\r\n');
    expect(said(server.clientLine(Buffer.from('x3 SELECT Drafts\r\n')))).toBe('* 3 EXISTS\r\nx3 OK [READ-WRITE] done\r\n');
  });

  it('imapflow\'s steps after login are answered: ID, LIST "" "" and of one name, LSUB, ENABLE, NAMESPACE; a `*` cancels AUTHENTICATE', () => {
    const server = new ScriptedServer(midSession('selected', 'C: a9 NOOP\nS: a9 OK recorded noop\n'), false);
    server.start();
    const ask = (line: string): string => said(server.clientLine(Buffer.from(`${line}\r\n`)));
    expect(ask('x1 AUTHENTICATE PLAIN')).toBe('+ \r\n');
    expect(ask('*')).toBe('x1 BAD mailscope serve: AUTHENTICATE cancelled\r\n');
    expect(ask('x2 AUTHENTICATE CRAM-MD5')).toMatch(/^x2 NO /);
    expect(ask('x3 ID ("name" "imapflow")')).toBe('* ID NIL\r\nx3 OK mailscope serve: ID (a stand-in)\r\n');
    expect(ask(`x4 LOGIN someone "${PASSWORD}"`)).toMatch(/^x4 OK /);
    expect(ask('x5 LIST "" ""')).toBe('* LIST (\\Noselect) "/" ""\r\nx5 OK mailscope serve: a stand-in LIST (the delimiter is a guess)\r\n');
    expect(ask('x5 LIST "" "Sent Items"')).toBe('* LIST () "/" "Sent Items"\r\nx5 OK mailscope serve: a stand-in LIST (the delimiter is a guess)\r\n');
    expect(ask('x5 LSUB "" INBOX')).toMatch(/^\* LSUB \(\) "\/" INBOX\r\nx5 OK /);
    expect(ask('x5 LIST "" *')).toContain('x5 BAD mailscope serve: expected "NOOP"'); // a listing is the recording's to give
    expect(ask('x6 ENABLE CONDSTORE')).toMatch(/^\* ENABLED\r\nx6 OK /);
    expect(ask('x7 NAMESPACE')).toMatch(/^\* NAMESPACE NIL NIL NIL\r\nx7 OK /);
    expect(ask('x8 SELECT INBOX')).toMatch(/x8 OK \[READ-WRITE\] mailscope serve: a stand-in SELECT: the recording starts with a mailbox selected\r\n$/);
    // The recorded NOOP matches before the stand-in's own: from here on the recording plays.
    expect(ask('x9 NOOP')).toBe('x9 OK recorded noop\r\n');
    expect(ask('y1 CAPABILITY')).toContain('y1 BAD mailscope serve: the transcript has no more commands');
  });

  it('POP3: USER/PASS, APOP and CAPA before the recorded TRANSACTION commands', () => {
    const t = midSession('pop3 authenticated', 'C: STAT\nS: +OK 2 320\nC: QUIT\nS: +OK bye\n');
    const server = new ScriptedServer(t, false);
    expect(said(server.start())).toMatch(/^\+OK mailscope serve: /);
    const ask = (line: string): string => said(server.clientLine(Buffer.from(`${line}\r\n`)));
    expect(ask('CAPA')).toBe('+OK mailscope serve: a stand-in capability list\r\nUSER\r\n.\r\n');
    expect(ask('USER someone')).toMatch(/^\+OK mailscope serve: any user/);
    expect(ask(`PASS ${PASSWORD}`)).toBe('+OK mailscope serve: logged in (the recording starts after login)\r\n');
    expect(ask('STAT')).toBe('+OK 2 320\r\n');
    const apop = new ScriptedServer(t, false);
    apop.start();
    expect(said(apop.clientLine(Buffer.from('APOP someone c4c9334bac560ecc979e58001b3e22fb\r\n')))).toMatch(/^\+OK .*logged in/);
    expect(said(apop.clientLine(Buffer.from('STAT\r\n')))).toBe('+OK 2 320\r\n');
  });

  it('capabilities: the recording\'s first list, less what the stand-in cannot do, plus AUTH=PLAIN; else the default', () => {
    const withCode = parseTranscript('C: a1 NOOP\nS: a1 OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=SCRAM-SHA-1 IDLE COMPRESS=DEFLATE] done\n');
    expect(standInCapabilities(withCode.entries)).toBe('IMAP4rev1 IDLE AUTH=PLAIN');
    const withLine = parseTranscript('C: a1 CAPABILITY\nS: * CAPABILITY IMAP4rev2 LOGINDISABLED NAMESPACE\nS: a1 OK done\n');
    expect(standInCapabilities(withLine.entries)).toBe('IMAP4rev2 NAMESPACE AUTH=PLAIN');
    expect(standInCapabilities(parseTranscript('C: a1 NOOP\nS: a1 OK done\n').entries)).toBe(DEFAULT_CAPABILITIES);
  });

  it('a recording whose header tells no count (made before the count was kept) selects with 0 EXISTS and UIDVALIDITY 1', () => {
    const server = new ScriptedServer(midSession('selected', 'C: a1 NOOP\nS: a1 OK done\n'), false);
    server.start();
    said(server.clientLine(Buffer.from('x1 LOGIN a b\r\n')));
    const select = said(server.clientLine(Buffer.from('x2 SELECT INBOX\r\n')));
    expect(select).toContain('* 0 EXISTS\r\n');
    expect(select).toContain('* OK [UIDVALIDITY 1] a stand-in\r\n');
  });

  it('a rev2-only recording gets the LIST RFC 9051 6.3.2 requires in the stand-in SELECT, and no RECENT', () => {
    const server = new ScriptedServer(midSession('selected', 'S: * CAPABILITY IMAP4rev2\nC: a1 NOOP\nS: a1 OK done\n'), false);
    server.start();
    said(server.clientLine(Buffer.from('x1 LOGIN a b\r\n')));
    const select = said(server.clientLine(Buffer.from('x2 SELECT "Sent Items"\r\n')));
    expect(select).toContain('* LIST () "/" "Sent Items"\r\n');
    expect(select).not.toContain('RECENT');
  });
});
