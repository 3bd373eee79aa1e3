// Audit item: a SCRAM login recorded with secrets "redacted" kept the server's final message
// (`v=` server signature, RFC 5802 3) beside the client-first, the salt, the iteration count and
// both nonces: enough to test password guesses offline, and a five-word list recovered the
// password. The client proof was masked; the signature verifies a guess as well. Now the
// recorder masks it too (`v=***redacted***`), and nothing in the file verifies a guess.
import { createHmac, pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const tempDir = tempDirs();

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.close();
});

/** The SASL messages of the recording, decoded: each `+ ` challenge and each client line after the command. */
function saslMessages(recording: string, command: RegExp): { client: string[]; server: string[] } {
  const lines = recording.split('\n');
  const start = lines.findIndex((l) => command.test(l));
  const client: string[] = [];
  const server: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^S: (\S+ )?(OK|NO|BAD|\+OK|-ERR)\b/.test(line)) break;
    const challenge = /^S: \+ (\S+)$/.exec(line);
    if (challenge) server.push(Buffer.from(challenge[1], 'base64').toString('utf8'));
    const answer = /^C: (\S*)$/.exec(line);
    if (answer) client.push(Buffer.from(answer[1], 'base64').toString('utf8'));
  }
  return { client, server };
}

/** What an attacker holding the file would compute for a guess: the server signature of RFC 5802 3. */
function signatureFor(guess: string, messages: { client: string[]; server: string[] }, initial: string): string {
  const attrs = (m: string) => new Map(m.split(',').map((kv) => [kv[0], kv.slice(2)] as [string, string]));
  const clientFirstBare = initial.replace(/^[^,]*,[^,]*,/, '');
  const serverFirst = messages.server[0];
  const clientFinal = messages.client.find((m) => m.startsWith('c='))!;
  const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
  const { s, i } = Object.fromEntries(attrs(serverFirst)) as { s: string; i: string };
  const salted = pbkdf2Sync(guess, Buffer.from(s, 'base64'), Number(i), 32, 'sha256');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return createHmac('sha256', serverKey).update(`${clientFirstBare},${serverFirst},${withoutProof}`).digest('base64');
}

describe('a recorded SCRAM login holds nothing to test a password guess with', () => {
  for (const protocol of ['imap', 'pop3'] as const) {
    it(`${protocol}: the server signature is masked; the proof was already`, async () => {
      const file = join(tempDir('mailscope-scram-'), `${protocol}.txt`);
      const port = protocol === 'imap' ? demo.imapPort : demo.pop3Port;
      const run = runCli([`127.0.0.1:${port}`, `--${protocol}`, '--record', file, '--user', USER, '--password-env', 'PW', '--login', '--auth', 'SCRAM-SHA-256', '-c', protocol === 'imap' ? 'noop' : 'stat'], {
        env: { NO_COLOR: '1', PW: PASSWORD },
      });
      expect(await run.code).toBe(0);
      const recording = readFileSync(file, 'utf8');
      const command = protocol === 'imap' ? /^C: \S+ AUTHENTICATE SCRAM-SHA-256/ : /^C: AUTH SCRAM-SHA-256/;
      const initialLine = recording.split('\n').find((l) => command.test(l))!;
      const messages = saslMessages(recording, command);
      // SASL-IR (IMAP) and POP3 AUTH carry the client-first on the command line.
      const initial = Buffer.from(initialLine.split(' ').pop()!, 'base64').toString('utf8');
      expect(initial).toMatch(/^n,,n=/);
      expect(messages.server[0]).toMatch(/^r=.*,s=.*,i=\d+$/);
      // The final challenge holds the signature's place, masked; the file says what it masked.
      expect(messages.server).toContain('v=***redacted***');
      expect(recording).toMatch(/redacted: (AUTHENTICATE|AUTH) SCRAM-SHA-256 server signature/);
      // The attacker's check: the right password's signature is nowhere in the file, in any form.
      const signature = signatureFor(PASSWORD, messages, initial);
      expect(signature.length).toBeGreaterThan(40);
      expect(recording).not.toContain(signature);
      expect(recording).not.toContain(Buffer.from(`v=${signature}`).toString('base64'));
      expect(messages.server.join('\n')).not.toContain(signature);
    });
  }
});
