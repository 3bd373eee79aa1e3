// Audit item 6: guard-rails for beginners' mistakes, warnings that never block: a system flag
// typed without its backslash in STORE, a change to a read-only mailbox, a FETCH item near a
// real one, DONE with no IDLE to end; and `:compress` before login names the state, not the
// capability.
import { describe, expect, it } from 'vitest';
import { checkCommand, type GuardContext } from '../../src/registry/guard.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const CAPS = new Set(['IMAP4REV1', 'IDLE', 'UIDPLUS', 'MOVE', 'CONDSTORE']);
const selected = (over: Partial<GuardContext> = {}): GuardContext => ({
  protocol: 'imap', state: 'selected', capabilities: CAPS, encrypted: true, loopback: false, ...over,
});
const messages = (name: string, args: string, ctx = selected()) => checkCommand({ name, args }, ctx).map((w) => w.message);

describe('a system flag without its backslash', () => {
  it.each(['Seen', 'Answered', 'Flagged', 'Deleted', 'Draft', 'Recent'])('STORE n +FLAGS %s', (flag) => {
    expect(messages('STORE', `1 +FLAGS ${flag}`)).toEqual([`${flag} is a keyword here; the system flag is \\${flag} (RFC 3501 2.3.2).`]);
  });

  it('in a list, any case, UID STORE and .SILENT too; a backslash or a real keyword is fine', () => {
    expect(messages('store', '1:3 -FLAGS.SILENT (\\Seen deleted $Junk)')).toEqual(['deleted is a keyword here; the system flag is \\Deleted (RFC 3501 2.3.2).']);
    expect(messages('UID', 'STORE 5 (UNCHANGEDSINCE 3) FLAGS (Flagged)')).toHaveLength(1);
    expect(messages('STORE', '1 +FLAGS (\\Deleted NonJunk)')).toEqual([]);
  });
});

describe('a change to a read-only mailbox', () => {
  it.each([
    ['STORE', '1 +FLAGS (\\Seen)'],
    ['EXPUNGE', ''],
    ['UID', 'EXPUNGE 1:3'],
    ['UID', 'STORE 1 +FLAGS (\\Seen)'],
    ['MOVE', '1 Trash'],
  ])('%s %s: warned, read-write not', (name, args) => {
    const warned = checkCommand({ name, args }, selected({ readOnly: true }));
    expect(warned.map((w) => w.kind)).toEqual(['read-only']);
    expect(warned[0]!.message).toMatch(/^The selected mailbox is read-only \(EXAMINE, or \[READ-ONLY\] from SELECT\): .* will be refused/);
    expect(checkCommand({ name, args }, selected())).toEqual([]);
  });

  it('COPY and FETCH change nothing here: no warning', () => {
    expect(messages('COPY', '1 Trash', selected({ readOnly: true }))).toEqual([]);
    expect(messages('FETCH', '1 FLAGS', selected({ readOnly: true }))).toEqual([]);
  });
});

describe('a FETCH item near a real one', () => {
  it('flagz: did you mean FLAGS?', () => {
    expect(messages('fetch', '1 flagz')).toEqual(['FLAGZ is not a FETCH item; did you mean FLAGS?']);
    expect(messages('FETCH', '1:* (UID envelop BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>)')).toEqual(['ENVELOP is not a FETCH item; did you mean ENVELOPE?']);
    expect(messages('UID', 'FETCH 1 (bodystructur)')).toEqual(['BODYSTRUCTUR is not a FETCH item; did you mean BODYSTRUCTURE?']);
  });

  it('known items, sections, an item\'s arguments, modifiers and far-off vendor words pass', () => {
    expect(messages('FETCH', '1 (FLAGS BODY[1.MIME] BINARY.PEEK[2] PREVIEW (LAZY) RFC822.SIZE) (CHANGEDSINCE 12)')).toEqual([]);
    expect(messages('FETCH', '1 all')).toEqual([]);
    expect(messages('FETCH', '1 (X-VENDOR-THING)')).toEqual([]);
  });
});

describe('DONE with no IDLE in progress', () => {
  it('says DONE only ends IDLE (RFC 2177)', () => {
    expect(messages('done', '', selected())).toEqual(['No IDLE is in progress: DONE only ends IDLE (RFC 2177 3); sent now, it goes to the server as a command.']);
  });

  it('not while an IDLE waits for its `+`: that DONE ends it', () => {
    expect(messages('done', '', selected({ idle: true }))).toEqual([]);
  });
});

describe('end to end', () => {
  const server = demoForFile();
  const login = '. login test77@example.com qwe123#$';

  it('EXAMINE, then STORE and EXPUNGE: warned on stderr, still sent', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', login, '-c', 'examine INBOX', '-c', 'store 1 +flags (\\Seen)', '-c', 'expunge', '-c', 'done']);
    await run.code;
    expect(run.stderr()).toMatch(/read-only .*STORE will be refused/);
    expect(run.stderr()).toMatch(/read-only .*EXPUNGE will be refused/);
    expect(run.stderr()).toMatch(/DONE only ends IDLE/);
    expect(run.stdout()).toMatch(/C: a002 store 1 \+flags/);
  });

  it('pasted in the REPL: `examine` then `store` before the EXAMINE was answered is warned too', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(`${login}\rexamine INBOX\rstore 1 +flags Deleted\r`);
    await run.waitFor(/a002 NO/);
    run.type(':quit\r');
    await run.code;
    expect(run.stdout()).toMatch(/read-only .*STORE will be refused/);
    expect(run.stdout()).toMatch(/Deleted is a keyword here; the system flag is \\Deleted/);
  });

  it('`idle` and `done` pasted together: no warning, the DONE ends the IDLE', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type(`${login}\rselect INBOX\ridle\rdone\r`);
    await run.waitFor(/a002 OK/);
    run.type(':quit\r');
    await run.code;
    expect(run.stdout()).not.toMatch(/DONE only ends IDLE/);
  });

  it(':compress before login names the state, sends nothing', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', ':compress', '-c', 'noop']);
    expect(await run.code).toBe(0);
    expect(run.stderr()).toContain('COMPRESS is valid only after login, in the authenticated or selected state (RFC 4978 3)');
    expect(run.stderr()).not.toMatch(/did not announce/);
    expect(run.stdout()).not.toMatch(/COMPRESS DEFLATE/i);
  });
});
