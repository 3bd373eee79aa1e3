// What a script's `C:` lines say: the tag mailscope added, a literal's lines by the bytes they
// gave it, why a script that stops after a literal gets no answer, the commands mailscope sends
// itself while opening the connection (--starttls), and one secret marker when a transcript plays.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const server = demoForFile();
const tempDir = tempDirs();
const LOGIN = 'login test77@example.com qwe123#$';
const DEMO_CERT = new URL('../../src/demo/certs/demo-cert.pem', import.meta.url).pathname;

const lines = (text: string) => text.split('\n');
/** The `C:` lines of an output, in order. */
const clientLines = (text: string) => lines(text).filter((l) => l.startsWith('C: '));

describe('C: lines of a script', () => {
  it('carry the tag mailscope added; a typed tag stays as typed; secrets stay masked', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', LOGIN, '-c', 'select INBOX', '-c', 'a9 noop', '-c', 'select Nope']);
    expect(await run.code).toBe(1);
    expect(clientLines(run.stdout())).toEqual([
      'C: a001 login test77@example.com ***  (secret hidden)',
      'C: a002 select INBOX',
      'C: a9 noop',
      'C: a003 select Nope',
      'C: a004 LOGOUT', // the farewell mailscope sends when the script ends
    ]);
    expect(lines(run.stdout())).toContain('a003 NO [NONEXISTENT] Mailbox Nope does not exist');
  });

  it("tell a literal's lines by the bytes the literal took, the blank line too", async () => {
    // {48}: 21 + 20 + 2 bytes, then 5 of `hello`, whose CRLF ends the command (RFC 3501 4.3).
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', LOGIN,
      '-c', 'append INBOX {48}', '-c', 'From: a@example.org', '-c', 'Subject: hi there!', '-c', '', '-c', 'hello',
      '-c', 'append INBOX {8+}', '-c', 'abcdefgh']);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout()).slice(1)).toEqual([
      'C: a002 append INBOX {48}',
      'C: … 21 bytes',
      'C: … 20 bytes',
      'C: … 2 bytes',
      'C: … 5 bytes, then the line end, which ends the command',
      'C: a003 append INBOX {8+}',
      'C: … 8 bytes, then the line end, which ends the command',
      'C: a004 LOGOUT',
    ]);
    expect(run.stdout()).toMatch(/a002 OK \[APPENDUID \d+ \d+\][^\n]*\n[^]*a003 OK \[APPENDUID/);
  });
});

describe('a script that ends right after a literal', () => {
  it('is told in the no-answer error that the command still wants its line end', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--timeout', '1', '-c', LOGIN, '-c', 'append INBOX {15+}', '-c', 'Subject: idle']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(
      "mailscope: no answer to append INBOX {15+} after 1s (--timeout): the literal ended; the command goes on until an empty line (-c '', or a blank line on stdin)\n",
    );
    expect(clientLines(run.stdout()).slice(1)).toEqual(['C: a002 append INBOX {15+}', 'C: … 15 bytes']);
  });
});

describe('--starttls', () => {
  it('shows the commands mailscope sends itself before their answers', async () => {
    const run = runCli([`localhost:${server.imapPort}`, '--imap', '--starttls', '--ca', DEMO_CERT, '-c', 'noop']);
    expect(await run.code).toBe(0);
    const out = lines(run.stdout());
    expect(out.indexOf('C: a001 STARTTLS')).toBe(out.indexOf('a001 OK Begin TLS negotiation now') - 1);
    expect(out.indexOf('C: a002 CAPABILITY')).toBeGreaterThan(out.indexOf('C: a001 STARTTLS'));
    expect(clientLines(run.stdout())).toEqual(['C: a001 STARTTLS', 'C: a002 CAPABILITY', 'C: a003 noop', 'C: a004 LOGOUT']);
  });
});

describe('play of a recorded session', () => {
  it('marks a hidden secret once: the mask in the line, or a note when the mask is base64 (SASL)', async () => {
    const path = join(tempDir('script-echo'), 'session.txt');
    const recorded = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--record', path, '-c', LOGIN, '-c', 'authenticate plain AHRlc3Q3N0BleGFtcGxlLmNvbQBxd2UxMjMjJA==']);
    expect(await recorded.code).toBe(1); // the second login is refused: already authenticated
    const run = runCli(['play', path]);
    expect(await run.code).toBe(0);
    const shown = clientLines(run.stdout());
    expect(shown[0]).toBe('C: a001 login test77@example.com ***redacted***');
    expect(shown[1]).toMatch(/^C: a002 authenticate plain [A-Za-z0-9+/]+=*  \(secret hidden\)$/);
  });
});
