// Audit item: after "Serving ... Ctrl-C stops." serve printed nothing, so its user could not
// see a client connect, a mismatch or the end of the recording. serve now prints one line per
// event on stdout, where the banner is; a secret the client sent (or a recording made with
// --record-secrets holds) never shows. And a POP3 recording listens on 1110 without --port.
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_PORT, runServe } from '../../src/cli/serve.js';
import { runCli, type CliRun } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const dir = tempDirs()('mailscope-serve-log-');
const PASSWORD = 'Log-S3cret-pw!';
const runs: AbortController[] = [];
afterAll(() => runs.forEach((r) => r.abort()));

function recording(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const IMAP = recording('imap.txt', [
  '# protocol: imap',
  '# secrets: redacted',
  '',
  'S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready',
  '= redacted LOGIN password',
  'C: a1 LOGIN alice ***redacted***',
  'S: a1 OK Logged in',
  'C: a2 LOGOUT',
  'S: * BYE bye',
  'S: a2 OK LOGOUT completed',
]);

async function serve(file: string): Promise<{ run: CliRun; port: number }> {
  const controller = new AbortController();
  runs.push(controller);
  const run = runCli(['serve', file, '--port', '0'], { signal: controller.signal });
  await run.waitFor(/on 127\.0\.0\.1:\d+/);
  return { run, port: Number(/on 127\.0\.0\.1:(\d+)/.exec(run.stdout())![1]) };
}

/** Connects, waits for the greeting, sends each line, waits for the answer to end in a line matching `end`. */
async function client(port: number): Promise<{ socket: Socket; local: string; send(line: string, end: RegExp): Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const waitFor = async (end: RegExp): Promise<string> => {
    for (let i = 0; i < 300 && !end.test(text); i++) await new Promise((r) => setTimeout(r, 10));
    return text;
  };
  await waitFor(/\r\n/);
  return {
    socket,
    local: `127.0.0.1:${socket.localPort}`,
    send: async (line, end) => {
      socket.write(line);
      return waitFor(end);
    },
  };
}

/** Lines of serve's output after the banner. */
const events = (run: CliRun): string[] => run.stdout().split('\n').slice(1).filter((l) => l !== '');

async function until(run: CliRun, pattern: RegExp): Promise<void> {
  await run.waitFor(pattern);
}

describe('serve says what happens, one line each', () => {
  it('a client that connects, plays the recording to its end and is closed by serve after LOGOUT', async () => {
    const { run, port } = await serve(IMAP);
    const c = await client(port);
    await c.send(`x1 LOGIN alice "${PASSWORD}"\r\n`, /x1 OK/);
    await c.send('x2 LOGOUT\r\n', /x2 OK/);
    await until(run, /disconnected/);
    expect(events(run)).toEqual([
      `${c.local} connected`,
      `${c.local} end of the recording: all of it was played`,
      `${c.local} disconnected (serve closed the connection)`,
    ]);
    expect(run.stdout()).not.toContain(PASSWORD);
  });

  it('a mismatch names the expected line and what came, with the password masked, even in a non-synchronizing literal', async () => {
    const file = recording('select.txt', ['# protocol: imap', '', 'S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready', 'C: a1 SELECT INBOX', 'S: a1 OK done']);
    const { run, port } = await serve(file);
    const c = await client(port);
    await c.send(`x1 LOGIN bob "${PASSWORD}"\r\n`, /x1 BAD/);
    // LITERAL+ (RFC 7888): the password follows at once, a line of its own to serve.
    await c.send(`x2 LOGIN bob {${PASSWORD.length}+}\r\n${PASSWORD}\r\n`, /x2 BAD[^\n]*\n[^\n]*BAD/);
    c.socket.destroy();
    await until(run, /disconnected/);
    expect(events(run)).toEqual([
      `${c.local} connected`,
      `${c.local} mismatch: expected "SELECT INBOX", got "x1 LOGIN bob ***redacted***"`,
      `${c.local} mismatch: expected "SELECT INBOX", got "x2 LOGIN bob {${PASSWORD.length}+}"`,
      // A line without a tag is compared whole, the tag included (serve.ts clientPattern).
      `${c.local} mismatch: expected "a1 SELECT INBOX", got "***redacted***"`,
      `${c.local} disconnected (the client closed the connection)`,
    ]);
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
  });

  it('a recording made with --record-secrets: its password shows neither in the BAD nor in the log', async () => {
    const file = recording('kept.txt', [
      '# protocol: imap',
      '# secrets: recorded (--record-secrets)',
      '',
      'S: * OK ready',
      `C: a1 LOGIN alice "${PASSWORD}"`,
      'S: a1 OK Logged in',
    ]);
    const { run, port } = await serve(file);
    const c = await client(port);
    const answer = await c.send('x1 SELECT INBOX\r\n', /x1 BAD/);
    expect(answer).toContain('x1 BAD mailscope serve: expected "LOGIN alice ***redacted***"');
    c.socket.destroy();
    await until(run, /disconnected/);
    expect(events(run)[1]).toBe(`${c.local} mismatch: expected "LOGIN alice ***redacted***", got "x1 SELECT INBOX"`);
    expect(answer + run.stdout()).not.toContain(PASSWORD);
  });

  it('POP3: PASS masked, and a line past the end of the recording', async () => {
    const file = recording('pop3.txt', ['# protocol: pop3', '', 'S: +OK ready', 'C: USER alice', 'S: +OK send PASS']);
    const { run, port } = await serve(file);
    const c = await client(port);
    await c.send(`PASS ${PASSWORD}\r\n`, /-ERR/);
    await c.send('USER alice\r\n', /\+OK send PASS/);
    await c.send('STAT\r\n', /-ERR[^\n]*\n[^\n]*\n[^\n]*-ERR/);
    c.socket.destroy();
    await until(run, /disconnected/);
    expect(events(run)).toEqual([
      `${c.local} connected`,
      `${c.local} mismatch: expected "USER alice", got "PASS ***redacted***"`,
      `${c.local} end of the recording: all of it was played`,
      `${c.local} mismatch: the recording has no more commands, got "STAT"`,
      `${c.local} disconnected (the client closed the connection)`,
    ]);
    expect(run.stdout()).not.toContain(PASSWORD);
  });
});

describe('the port without --port', () => {
  it('is 1143 for IMAP and 1110 for POP3 (unprivileged, as the demo server\'s)', () => {
    expect(DEFAULT_SERVE_PORT).toEqual({ imap: 1143, pop3: 1110 });
  });

  it('runServe listens on the POP3 one for a POP3 recording', async () => {
    const file = recording('port.txt', ['# protocol: pop3', '', 'S: +OK ready']);
    const controller = new AbortController();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = runServe(file, {}, { stdin: new PassThrough(), stdout, stderr, env: {}, home: tmpdir(), signal: controller.signal });
    for (let i = 0; i < 300 && out === '' && err === ''; i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const code = await done;
    // The port may be taken on this machine: then serve says so, naming it.
    if (code === 0) expect(out).toMatch(/\(POP3\) on 127\.0\.0\.1:1110\. /);
    else expect(err).toContain('1110');
  });
});
