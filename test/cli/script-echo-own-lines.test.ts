// Audit item: a script's display echoes every line mailscope sends as `C: ...`, but two lines it
// sends on its own were missing: the LOGOUT / QUIT a script ends with, and the AUTHENTICATE /
// LOGIN (POP3: AUTH, USER/PASS, APOP) that --login sends. Both are echoed now, with the tag they
// went out with, and --login's secret masked as a typed LOGIN's is (`***  (secret hidden)`),
// never printed.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const LOGIN = `login ${USER} ${PASSWORD}`;
/** The AUTHENTICATE PLAIN initial response (RFC 4616): it holds the password, base64-encoded. */
const PLAIN_RESPONSE = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');

const lines = (text: string) => text.split('\n');
const clientLines = (text: string) => lines(text).filter((l) => l.startsWith('C: '));
const imap = () => [`127.0.0.1:${server.imapPort}`, '--imap'];
const pop3 = () => [`127.0.0.1:${server.pop3Port}`, '--pop3'];
const withPassword = { env: { NO_COLOR: '1', PW: PASSWORD } };
const login = (...auth: string[]) => ['--user', USER, '--password-env', 'PW', '--login', ...auth];

/** No form of the secret anywhere in what was printed. */
function expectNoSecret(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(PLAIN_RESPONSE.slice(0, 16));
}

describe("the farewell a script ends with", () => {
  it('IMAP: LOGOUT is echoed with its tag, right before its answer', async () => {
    const run = runCli([...imap(), '-c', LOGIN, '-c', 'noop']);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout()).slice(1)).toEqual(['C: a002 noop', 'C: a003 LOGOUT']);
    const out = lines(run.stdout());
    expect(out.indexOf('C: a003 LOGOUT')).toBeGreaterThan(out.indexOf('a002 OK NOOP completed'));
    expect(out.indexOf('C: a003 LOGOUT')).toBeLessThan(out.findIndex((l) => l.startsWith('* BYE')));
  });

  it('POP3: QUIT is echoed', async () => {
    const run = runCli([...pop3(), '-c', `user ${USER}`, '-c', `pass ${PASSWORD}`, '-c', 'stat']);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout())).toEqual([`C: user ${USER}`, 'C: pass ***  (secret hidden)', 'C: stat', 'C: QUIT']);
  });

  it('a script\'s :quit: the LOGOUT (POP3: QUIT) it sends is echoed with its tag, before its answer', async () => {
    const run = runCli([...imap(), '-c', LOGIN, '-c', 'noop', '-c', ':quit']);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout()).slice(1)).toEqual(['C: a002 noop', 'C: a003 LOGOUT']);
    const out = lines(run.stdout());
    expect(out.indexOf('C: a003 LOGOUT')).toBeLessThan(out.findIndex((l) => l.startsWith('* BYE')));
    const pop = runCli([...pop3(), '-c', `user ${USER}`, '-c', `pass ${PASSWORD}`, '-c', ':quit']);
    expect(await pop.code).toBe(0);
    expect(clientLines(pop.stdout())).toEqual([`C: user ${USER}`, 'C: pass ***  (secret hidden)', 'C: QUIT']);
  });

  it("a script that logs out itself gets no second LOGOUT, and its own is echoed once", async () => {
    const run = runCli([...imap(), '-c', LOGIN, '-c', 'logout']);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout()).slice(1)).toEqual(['C: a002 logout']);
  });

  it('on a signal during IDLE: the DONE and the LOGOUT mailscope sends are echoed', async () => {
    const stop = new AbortController();
    const run = runCli([...imap(), '-c', LOGIN, '-c', 'select INBOX', '-c', 'idle'], { signal: stop.signal });
    await run.waitFor('+ idling');
    stop.abort();
    expect(await run.code).toBe(143);
    expect(clientLines(run.stdout()).slice(1)).toEqual(['C: a002 select INBOX', 'C: a003 idle', 'C: DONE', 'C: a004 LOGOUT']);
  });

  it('from piped stdin too', async () => {
    const run = runCli(imap(), { stdin: `${LOGIN}\nnoop\n` });
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout()).at(-1)).toBe('C: a003 LOGOUT');
  });
});

describe('the login --login sends', () => {
  it('AUTHENTICATE PLAIN with SASL-IR: the command with its tag, the initial response masked, then the decoded step', async () => {
    const run = runCli([...imap(), ...login('--auth', 'PLAIN'), '-c', 'noop'], withPassword);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout())).toEqual([
      'C: a001 AUTHENTICATE PLAIN ***  (secret hidden)',
      'C: authzid="" authcid="test77@example.com" passwd=<redacted>',
      'C: a002 noop',
      'C: a003 LOGOUT',
    ]);
    expectNoSecret(run.stdout() + run.stderr());
  });

  it('the best mechanism announced (SCRAM-SHA-256): its AUTHENTICATE line comes before the exchange', async () => {
    const run = runCli([...imap(), ...login(), '-c', 'noop'], withPassword);
    expect(await run.code).toBe(0);
    const shown = clientLines(run.stdout());
    expect(shown[0]).toBe('C: a001 AUTHENTICATE SCRAM-SHA-256 ***  (secret hidden)');
    expect(shown[1]).toMatch(/^C: gs2-header=/);
    expect(shown.slice(-2)).toEqual(['C: a002 noop', 'C: a003 LOGOUT']);
    expectNoSecret(run.stdout() + run.stderr());
  });

  it('LOGIN: the password masked as a typed LOGIN\'s is', async () => {
    const run = runCli([...imap(), ...login('--auth', 'LOGIN-COMMAND'), '-c', 'noop'], withPassword);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout())).toEqual([`C: a001 LOGIN "${USER}" ***  (secret hidden)`, 'C: a002 noop', 'C: a003 LOGOUT']);
    expectNoSecret(run.stdout() + run.stderr());
  });

  it('a refused LOGIN is echoed the same way (the wrong password hidden too)', async () => {
    const run = runCli([...imap(), ...login('--auth', 'LOGIN-COMMAND'), '-c', 'noop'], { env: { NO_COLOR: '1', PW: 'wrong-Pw-42' } });
    expect(await run.code).toBe(1);
    expect(clientLines(run.stdout())[0]).toBe(`C: a001 LOGIN "${USER}" ***  (secret hidden)`);
    expect(run.stdout() + run.stderr()).not.toContain('wrong-Pw-42');
  });

  it('POP3 USER/PASS: both lines, PASS masked', async () => {
    const run = runCli([...pop3(), ...login('--auth', 'USER'), '-c', 'stat'], withPassword);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout())).toEqual([`C: USER ${USER}`, 'C: PASS ***  (secret hidden)', 'C: stat', 'C: QUIT']);
    expectNoSecret(run.stdout() + run.stderr());
  });

  it('POP3 AUTH PLAIN: the command, its initial response masked', async () => {
    const run = runCli([...pop3(), ...login('--auth', 'PLAIN'), '-c', 'stat'], withPassword);
    expect(await run.code).toBe(0);
    expect(clientLines(run.stdout())[0]).toBe('C: AUTH PLAIN ***  (secret hidden)');
    expectNoSecret(run.stdout() + run.stderr());
  });

  it('POP3 APOP: the digest masked', async () => {
    const run = runCli([...pop3(), ...login('--auth', 'APOP'), '-c', 'stat'], withPassword);
    expect(await run.code).toBe(0);
    const shown = clientLines(run.stdout());
    expect(shown[0]).toBe(`C: APOP ${USER} ***  (secret hidden)`);
    expect(run.stdout()).not.toMatch(/[0-9a-f]{32}/); // the MD5 digest (RFC 1939 7)
  });
});
