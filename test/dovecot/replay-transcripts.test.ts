// Every IMAP transcript in transcripts/ (recorded from the demo server) replays green against a
// real Dovecot in --loose mode: both servers hold the same seed (test/dovecot/maildir.ts), and
// --loose ignores only what legitimately differs between servers (transcripts/README.md).
// A private instance, reset before each file, since some transcripts change mail.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';
import { resetMailbox, startDovecot, type DovecotServer } from '../support/dovecot.js';

const dovecot = inject('dovecot');
const skipReason = inject('dovecotSkipReason');
const DIR = new URL('../../transcripts/', import.meta.url);
const files = readdirSync(DIR).filter((f) => /^imap-.*\.txt$/.test(f)).sort();

describe.skipIf(!dovecot)(`transcripts replay against Dovecot with --loose${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let server: DovecotServer;
  beforeAll(async () => { server = (await startDovecot()) as DovecotServer; });
  beforeEach(async () => { await resetMailbox(server); });
  afterAll(async () => { await server?.stop(); });

  it('finds the IMAP transcripts', () => {
    expect(files).toEqual(expect.arrayContaining(['imap-tour.txt', 'imap-store-copy-expunge.txt']));
  });

  it.each(files)('%s', async (file) => {
    const run = runCli(['replay', new URL(file, DIR).pathname, `127.0.0.1:${server.imapPort}`, '--loose', '--no-color'], {
      env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: server.password },
    });
    const code = await run.code;
    if (process.env.MAILSCOPE_SHOW_REPLAY === '1') console.log(run.stdout());
    expect({ code, stdout: run.stdout(), stderr: run.stderr() }).toMatchObject({ code: 0 });
  });
});
