// Audit item: a line other than DONE typed during IDLE went out as a command (with a warning,
// as a tester may mean it); the server took it as the end of IDLE (RFC 2177 3: only DONE may
// come), answered the IDLE's tag, and never the line's. Its tag stayed "waiting" in the prompt
// for good, a script waited for its answer until the timeout, and :quit blamed the server
// ("no answer to a002"). Now the IDLE's completion forgets the lines sent during it, and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server.close();
});

const LOGIN = '. login test77@example.com qwe123#$';

describe('a line typed during IDLE that is not DONE', () => {
  it('a script goes on at once: the line counts as refused (exit 1), and says why', async () => {
    const started = Date.now();
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--timeout', '5', '-c', LOGIN, '-c', 'select INBOX', '-c', 'idle', '-c', 'noop', '-c', 'logout']);
    expect(await run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(4000); // not the 5 s timeout
    expect(run.stderr()).toContain('a003 NOOP was taken as the end of IDLE and will get no answer of its own');
    expect(run.stdout()).toMatch(/a004 OK LOGOUT/);
    expect(run.stderr()).not.toMatch(/no answer to/);
  });

  it('in the REPL the prompt stops waiting for its tag', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('ready');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type('select INBOX\r');
    await run.waitFor('a001 OK');
    run.type('idle\r');
    await run.waitFor('IDLE: type done');
    run.type('noop\r');
    await run.waitFor('will get no answer of its own');
    run.type('capability\r');
    await run.waitFor(/a004 OK[\s\S]*> /);
    expect(run.stdout().slice(run.stdout().lastIndexOf('a004 OK'))).not.toContain('waiting');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expect(run.stdout() + run.stderr()).not.toMatch(/no answer to a003/);
  });
});
