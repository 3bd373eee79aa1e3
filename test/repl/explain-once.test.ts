// `:explain` alone takes the last answer apart with each explanation once: a SELECT answer's
// six untagged OKs explain OK the first time, then name it with what sets each apart.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

describe(':explain after SELECT', () => {
  it('explains OK once and refers to it above each later code', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', ':explain']);
    expect(await run.code).toBe(0);
    const all = run.stdout();
    const out = all.slice(all.indexOf('a001 OK'), all.indexOf('* BYE'));
    expect(out.match(/^OK: IMAP response/gm)).toHaveLength(1);
    expect(out.match(/Untagged: information, often with a response code/g)).toHaveLength(1);
    // Each code still shows under the OK it came in, named by its term and notes.
    const heads = out.split('\n').filter((l) => /^OK: /.test(l) || /^  [A-Z-]+: IMAP response code/.test(l));
    expect(heads.map((l) => l.replace(/ \(RFC.*$/, ''))).toEqual([
      'OK: IMAP response',
      '  PERMANENTFLAGS: IMAP response code',
      'OK: untagged (*)',
      '  UNSEEN: IMAP response code',
      'OK: untagged (*)',
      '  UIDVALIDITY: IMAP response code',
      'OK: untagged (*)',
      '  UIDNEXT: IMAP response code',
      'OK: untagged (*)',
      '  MAILBOXID: IMAP response code',
      'OK: untagged (*)',
      '  HIGHESTMODSEQ: IMAP response code',
      'OK: tagged (a001): the end of that command',
      '  READ-WRITE: IMAP response code',
    ]);
  });

  it('names an already explained FETCH and FLAGS briefly above a flag new in a later response', async () => {
    const run = runCli([
      `127.0.0.1:${server.imapPort}`, '--imap', '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX',
      '-c', 'store 2 +flags.silent (\\Flagged)', '-c', 'fetch 1:2 (flags)', '-c', ':explain', '-c', 'store 2 -flags.silent (\\Flagged)',
    ]);
    expect(await run.code).toBe(0);
    const all = run.stdout();
    const out = all.slice(all.indexOf('a003 OK'), all.indexOf('C: store 2 -flags'));
    expect(out.match(/^FETCH: IMAP response/gm)).toHaveLength(1);
    expect(out.match(/FLAGS: FETCH item/g)).toHaveLength(1);
    expect(out).toMatch(/^FETCH: explained above\n  FLAGS: explained above\n    \\Flagged: system flag/m);
  });
});
