// Audit item 2: `:explain` alone after a failure gave only the generic words of the status
// (`-ERR: POP3 status ... Always a single line`), while `:explain on` noted the likely cause
// (`↳ hint: Message 1 is marked as deleted (DELE in this session)...`). One source of hints now:
// the hint worked out as the answer arrived is kept with it, and `:explain` alone says it too.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const DELETED_HINT = '↳ hint: Message 1 is marked as deleted (DELE in this session)';

/** What came after the last line matching `from`. */
const after = (text: string, from: string) => text.slice(text.lastIndexOf(from));

describe(':explain alone gives the hint :explain on gives', () => {
  it('POP3: RETR of a message marked with DELE', async () => {
    const lines = [`user ${USER}`, `pass ${PASSWORD}`, 'dele 1', 'retr 1', ':explain'];
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', ...lines.flatMap((l) => ['-c', l])]);
    await run.code;
    const explained = after(run.stdout(), '-ERR');
    expect(explained).toMatch(/-ERR: POP3 status/);
    expect(explained).toContain(DELETED_HINT);

    // The same words as --explain's note under the answer.
    const on = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--explain', ...lines.slice(0, 4).flatMap((l) => ['-c', l])]);
    await on.code;
    expect(on.stdout()).toContain(DELETED_HINT);
  });

  it('POP3 in the REPL: the hint is kept whatever the display mode', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--no-history', '--raw'], { terminal: true });
    await run.waitFor('AUTHORIZATION >');
    for (const line of [`user ${USER}`, `pass ${PASSWORD}`, 'dele 1', 'retr 1']) {
      const before = run.stdout().split('S: ').length;
      run.type(`${line}\r`);
      // Each answer before the next line: the RETR must meet the DELE's mark.
      while (run.stdout().split('S: ').length === before) await new Promise((r) => setTimeout(r, 5));
    }
    await run.waitFor('S: -ERR');
    run.type(':explain\r');
    await run.waitFor('↳ hint');
    expect(after(run.stdout(), 'S: -ERR')).toContain(DELETED_HINT);
    run.type(':quit\r');
    await run.code;
  });

  it('IMAP: a command refused in the wrong state', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-guard', '-c', 'list "" "*"', '-c', ':explain']);
    await run.code;
    expect(after(run.stdout(), 'a001 NO')).toMatch(/^↳ hint: LIST failed in the not-authenticated state: .*log in/m);
  });

  it('no hint where the code explained says it already, nor after an OK', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', `. login ${USER} wrong`, '-c', ':explain', '-c', 'noop', '-c', ':explain']);
    await run.code;
    expect(run.stdout()).toMatch(/AUTHENTICATIONFAILED/);
    expect(run.stdout()).not.toContain('hint');
  });
});
