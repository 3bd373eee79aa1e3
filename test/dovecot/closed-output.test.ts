// Output nobody reads any more (`mailscope ... | head`) against a real Dovecot: the session
// logs out and Dovecot answers the LOGOUT, the recording ends with it, exit 141, no stack trace.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tempDirs } from '../support/temp.js';

const BIN = new URL('../../bin/mailscope.js', import.meta.url).pathname;
const tempDir = tempDirs();
const dovecot = inject('dovecot');
const skipReason = inject('dovecotSkipReason');

describe.skipIf(!dovecot)(`closed output with Dovecot${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const d = dovecot!;

  it('| head: Dovecot gets its LOGOUT, the recording its end, exit 141', async () => {
    const recording = join(tempDir('mailscope-dovecot-head-'), 'session.txt');
    const child = spawn(process.execPath, [BIN, `127.0.0.1:${d.imapPort}`, '--imap', '--user', d.user, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '--record', recording], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', PW: d.password },
    });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.stdin.write('examine INBOX\n');
    let out = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (b) => {
      out += b;
      if (/OK \[READ-ONLY\]/.test(out)) resolve();
    }));
    child.stdout.destroy();
    child.stdin.write('fetch 1:* (flags envelope)\n'); // its echo meets the closed pipe
    expect(await exited).toBe(141);
    child.stdin.end();
    expect(err).toBe('');
    const saved = readFileSync(recording, 'utf8');
    expect(saved).toMatch(/C: a\d+ LOGOUT\n(S: .*\n)*S: a\d+ OK Logout completed[^\n]*\n= close\n/);
    expect(saved).not.toContain(d.password);
  });
});
