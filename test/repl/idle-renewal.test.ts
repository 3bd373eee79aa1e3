// RFC 2177 3: an IDLE left running at the prompt is ended and issued again before a server's
// 30-minute autologout (RFC 3501 5.4) can take the session; the interval is shortened here.
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli-harness.js';
import { demoForFile } from '../support/demo-server.js';

const server = demoForFile();

/** The REPL logged in, INBOX selected, `idle` typed; IDLE renewed every `renewMs`. */
async function idling(renewMs: number): Promise<CliRun> {
  const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true, idleRenewMs: renewMs });
  await run.waitFor('not authenticated >');
  run.type('. login test77@example.com qwe123#$\r');
  await run.waitFor('authenticated >');
  run.type('select INBOX\r');
  await run.waitFor('INBOX read-write >');
  run.type('idle\r');
  return run;
}

describe('IDLE at the prompt', () => {
  it('is renewed: DONE, the IDLE completes OK, IDLE again, and `done` ends the new one', async () => {
    const run = await idling(600);
    await run.waitFor(/waiting a002 · IDLE: type done >/);
    await run.waitFor(/a002 OK IDLE terminated/, 5000);
    await run.waitFor(/waiting a003 · IDLE: type done >/, 5000);
    const out = run.stdout();
    const renewal = out.slice(out.indexOf('renewing IDLE'));
    // (The fake terminal's output has the prompt drawn again before each line the server sends.)
    // Shown as the wire has them: the new IDLE with its tag (as every line mailscope sends by itself).
    expect(renewal).toMatch(/^renewing IDLE: RFC 2177[^\n]*\nC: DONE\n[^\n]*a002 OK IDLE terminated\nC: a003 IDLE\n[^\n]*\+ idling\n/);
    // The renewed IDLE is a real one: `done` ends it, and the session goes on.
    run.type('done\r');
    await run.waitFor('a003 OK');
    run.type('noop\r');
    await run.waitFor(/a004 OK/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('is left alone while shorter than the interval', async () => {
    const run = await idling(60_000);
    await run.waitFor(/IDLE: type done >/);
    await new Promise((r) => setTimeout(r, 800));
    run.type('done\r');
    await run.waitFor('a002 OK');
    expect(run.stdout()).not.toContain('renewing IDLE');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
