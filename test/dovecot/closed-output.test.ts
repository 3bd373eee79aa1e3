// Output nobody reads any more (`mailscope ... | head`) against a real Dovecot: the session
// logs out and Dovecot answers the LOGOUT, the recording ends with it, exit 141, no stack trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runWithOutputClosed } from '../support/closed-output.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dovecot = inject('dovecot');
const skipReason = inject('dovecotSkipReason');

describe.skipIf(!dovecot)(`closed output with Dovecot${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const d = dovecot!;

  it('| head: Dovecot gets its LOGOUT, the recording its end, exit 141', async () => {
    const recording = join(tempDir('mailscope-dovecot-head-'), 'session.txt');
    const { code, stderr } = await runWithOutputClosed(
      [`127.0.0.1:${d.imapPort}`, '--imap', '--user', d.user, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '--record', recording],
      { first: 'examine INBOX', readyWhen: /OK \[READ-ONLY\]/, then: 'fetch 1:* (flags envelope)', env: { NO_COLOR: '1', PW: d.password } },
    );
    expect(code).toBe(141);
    // Only the warning about the login in clear (a script's warnings go to stderr): no EPIPE, no trace.
    expect(stderr).toBe('! the server offers STARTTLS and it was not used: --starttls would encrypt this login\n');
    const saved = readFileSync(recording, 'utf8');
    expect(saved).toMatch(/C: a\d+ LOGOUT\n(S: .*\n)*S: a\d+ OK Logout completed[^\n]*\n= close (server|client)\n/);
    expect(saved).not.toContain(d.password);
  });
});
