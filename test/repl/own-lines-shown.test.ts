// Audit item 1 ("nothing about the wire is hidden"): in the REPL's pretty mode, the lines
// mailscope sends by itself were not shown: the DONE of Ctrl-C / Ctrl-D during IDLE, the
// LOGOUT / QUIT on leaving (Ctrl-D, :quit, Ctrl-C twice), :compress's COMPRESS DEFLATE (its
// `a002 OK DEFLATE active` came with no `C:` line) and :starttls's commands. Each is shown once
// now, as `C: <tag> COMMAND`, before its answer; a line shown already (raw mode's wire, the
// login's echo) is not shown twice.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const LOGIN = '. login test77@example.com qwe123#$';
const imap = () => runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });

/** How many times `line` appears in `text` as a shown client line. */
const count = (text: string, line: string) => text.split(line).length - 1;
/** `first` shown before `then`, both there. */
function expectOrder(text: string, first: string, then: string): void {
  expect(text).toContain(first);
  expect(text).toContain(then);
  expect(text.indexOf(first)).toBeLessThan(text.indexOf(then));
}

async function selected() {
  const run = imap();
  await run.waitFor('not authenticated >');
  run.type(`${LOGIN}\r`);
  await run.waitFor('. OK');
  run.type('select INBOX\r');
  await run.waitFor('INBOX read-write >');
  return run;
}

describe('IMAP: what the REPL sends on its own is shown', () => {
  it('Ctrl-C during IDLE: the DONE it sends, once, before the IDLE completes', async () => {
    const run = await selected();
    run.type('idle\r');
    await run.waitFor('+ idling');
    run.type('\x03');
    await run.waitFor('a002 OK IDLE');
    expect(count(run.stdout(), 'C: DONE')).toBe(1);
    expectOrder(run.stdout(), 'C: DONE', 'a002 OK IDLE');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('Ctrl-D during IDLE: DONE, then LOGOUT with its tag, before the BYE', async () => {
    const run = await selected();
    run.type('idle\r');
    await run.waitFor('+ idling');
    run.type('\x04');
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(count(out, 'C: DONE')).toBe(1);
    expect(count(out, 'C: a003 LOGOUT')).toBe(1);
    expectOrder(out, 'C: DONE', 'C: a003 LOGOUT');
    expectOrder(out, 'C: a003 LOGOUT', '* BYE');
  });

  it(':quit and a double Ctrl-C: the LOGOUT, once, before its answer', async () => {
    const run = imap();
    await run.waitFor('not authenticated >');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expect(count(run.stdout(), 'C: a001 LOGOUT')).toBe(1);
    expectOrder(run.stdout(), 'C: a001 LOGOUT', 'a001 OK LOGOUT');

    const twice = imap();
    await twice.waitFor('not authenticated >');
    twice.type('\x03');
    await twice.waitFor('press Ctrl-C again');
    twice.type('\x03');
    expect(await twice.code).toBe(0);
    expect(count(twice.stdout(), 'C: a001 LOGOUT')).toBe(1);
  });

  it(':compress: COMPRESS DEFLATE with its tag, before `OK DEFLATE active`; in raw mode once, from the wire', async () => {
    const run = imap();
    await run.waitFor('not authenticated >');
    run.type(`${LOGIN}\r`);
    await run.waitFor('. OK');
    run.type(':compress\r');
    await run.waitFor('DEFLATE active:');
    expect(count(run.stdout(), 'C: a001 COMPRESS DEFLATE')).toBe(1);
    expectOrder(run.stdout(), 'C: a001 COMPRESS DEFLATE', 'a001 OK DEFLATE active');
    // Nothing else shown twice after it: a typed line is on screen already, not echoed.
    run.type('noop\r');
    await run.waitFor('a002 OK');
    expect(run.stdout()).not.toContain('C: a002 noop');
    run.type(':quit\r');
    expect(await run.code).toBe(0);

    const raw = imap();
    await raw.waitFor('not authenticated >');
    raw.type(`${LOGIN}\r`);
    await raw.waitFor('. OK');
    raw.type(':raw on\r');
    await raw.waitFor('raw mode on');
    raw.type(':compress\r');
    await raw.waitFor('DEFLATE active:');
    expect(count(raw.stdout(), 'C: a001 COMPRESS DEFLATE')).toBe(1);
    raw.type(':quit\r');
    expect(await raw.code).toBe(0);
  });

  it(':login: its commands are shown once (they were already)', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history', '--password-env', 'PW'], { terminal: true, env: { NO_COLOR: '1', PW: 'qwe123#$' } });
    await run.waitFor('not authenticated >');
    run.type(':login test77@example.com\r');
    await run.waitFor('logged in as');
    expect(count(run.stdout(), 'C: a001 AUTHENTICATE SCRAM-SHA-256')).toBe(1);
    expect(run.stdout()).not.toContain('qwe123');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it(':starttls: STARTTLS with its tag, before its answer', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history', '--insecure'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(':starttls\r');
    await run.waitFor(/ tls · not authenticated >/);
    expect(count(run.stdout(), 'C: a001 STARTTLS')).toBe(1);
    expectOrder(run.stdout(), 'C: a001 STARTTLS', 'a001 OK');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('POP3: what the REPL sends on its own is shown', () => {
  it(':starttls: CAPA, STLS and CAPA again; :quit: QUIT', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--no-history', '--insecure'], { terminal: true });
    await run.waitFor('AUTHORIZATION >');
    run.type(':starttls\r');
    await run.waitFor('capabilities after STLS');
    const out = run.stdout();
    expect(count(out, 'C: STLS')).toBe(1);
    expect(count(out, 'C: CAPA')).toBe(2);
    expectOrder(out, 'C: STLS', '+OK Begin TLS');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expect(count(run.stdout(), 'C: QUIT')).toBe(1);
    expectOrder(run.stdout(), 'C: QUIT', '+OK Bye');
  });
});

describe('a script shows them too', () => {
  it(':compress: COMPRESS DEFLATE once, with its tag', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', 'login test77@example.com qwe123#$', '-c', ':compress', '-c', 'noop']);
    expect(await run.code).toBe(0);
    const shown = run.stdout().split('\n').filter((l) => l.startsWith('C: '));
    expect(shown).toEqual(['C: a001 login test77@example.com ***  (secret hidden)', 'C: a002 COMPRESS DEFLATE', 'C: a003 noop', 'C: a004 LOGOUT']);
  });
});
