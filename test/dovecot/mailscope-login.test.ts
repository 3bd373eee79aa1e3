// mailscope against a real Dovecot: every password mechanism Dovecot offers, STARTTLS with the
// test CA, implicit TLS, and COMPRESS=DEFLATE with the inflated protocol on display.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dovecot = inject('dovecot');
const skipReason = inject('dovecotSkipReason');

describe.skipIf(!dovecot)(`mailscope and Dovecot${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const d = dovecot!;
  const login = (extra: string[]) =>
    runCli([`127.0.0.1:${d.imapPort}`, '--imap', '--user', d.user, '--login', '--password-env', 'PW', ...extra], { env: { NO_COLOR: '1', PW: d.password } });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'])('--login --auth %s', async (mech) => {
    const run = login(['--auth', mech, '-c', 'examine INBOX']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain(`logged in as ${d.user} with ${mech}`);
    expect(run.stdout()).toMatch(/OK \[READ-ONLY\]/);
    expect(run.stdout()).not.toContain(d.password);
  });

  it('a wrong password is refused with exit 1', async () => {
    const run = runCli([`127.0.0.1:${d.imapPort}`, '--imap', '--user', d.user, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '-c', 'noop'], {
      env: { NO_COLOR: '1', PW: 'not-it' },
    });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('STARTTLS verified against the test CA; capabilities asked again', async () => {
    const run = runCli([`localhost:${d.imapPort}`, '--imap', '--starttls', '--ca', d.caFile, '-c', 'capability']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/capabilities after STARTTLS/);
    expect(run.stdout()).toMatch(/TLSv1\.[23]/);
  });

  it('STLS for POP3, then a login', async () => {
    const run = runCli([`localhost:${d.pop3Port}`, '--pop3', '--starttls', '--ca', d.caFile, '--user', d.user, '--login', '--password-env', 'PW', '-c', 'STAT'], {
      env: { NO_COLOR: '1', PW: d.password },
    });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^\+OK \d+ \d+$/m);
  });

  it('implicit TLS on the imaps port', async () => {
    const run = runCli([`localhost:${d.imapsPort}`, '--imap', '--tls', '--ca', d.caFile, '-c', 'noop']);
    expect(await run.code).toBe(0);
  });

  // Debian's Dovecot ships imap_zlib; on CI a missing plugin fails rather than skips.
  it.skipIf(!d.compress && process.env.CI !== 'true')('COMPRESS=DEFLATE: the inflated protocol is shown and :stats gives the ratio', async () => {
    const run = login(['--auth', 'PLAIN', '--compress', '-c', 'examine INBOX', '-c', 'fetch 1:* (flags envelope)', '-c', ':stats']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/COMPRESS=DEFLATE active/);
    expect(run.stdout()).toMatch(/\* 3 FETCH/);
    expect(run.stdout()).toMatch(/on the wire \(COMPRESS=DEFLATE\): sent \d+, received \d+; ratio/);
  });

  it.skipIf(!d.compress && process.env.CI !== 'true')('a compressed session recorded against Dovecot replays green against it', async () => {
    const file = join(tempDir('mailscope-dovecot-'), 'compressed.txt');
    const run = login(['--auth', 'PLAIN', '--compress', '--record', file, '-c', 'namespace', '-c', 'list "" INBOX', '-c', 'noop', '-c', 'logout']);
    expect(await run.code, run.stderr()).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^= compress DEFLATE$/m);
    // --loose: Dovecot's completions carry timings ("(0.001 + 0.000 secs)") that vary per run.
    const replayed = runCli(['replay', file, `127.0.0.1:${d.imapPort}`, '--loose', '--user', d.user, '--password-env', 'PW'], { env: { NO_COLOR: '1', PW: d.password } });
    expect(await replayed.code, replayed.stdout()).toBe(0);
    expect(replayed.stdout()).toMatch(/(\d+) exchanges: \1 matched, 0 differed/);
  });
});
