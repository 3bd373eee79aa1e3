// The tutorial's IMAP and POP3 sessions, typed exactly as the tutorial types them (// comments
// included), run non-interactively through mailscope against the demo server and against a
// real Dovecot, with the tutorial's outcomes (see test/fixtures/tutorial/README.md for where
// the RFC wins).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { resetMailbox, startDovecot, type DovecotServer } from '../support/dovecot.js';
import { completions, IMAP_LINES, POP3_LINES, runTutorial } from './tutorial-cli.js';

/** The tutorial's outcome per command, in order; `FAIL` is NO or BAD. */
const EXPECTED = [
  ['.', 'OK'], // login
  ['a', 'OK'], // a list
  ['.', 'OK'], // list
  ['.', 'OK'], // status
  ['.', 'OK'], // select INBOX
  ['.', 'OK'], // examine INBOX.Drafts
  ['.', 'OK'], // fetch 1 all
  ['.', 'OK'], // fetch 2 all
  ['.', 'OK'], // fetch 1 BODY[]
  ['.', 'OK'], // create
  ['.', 'OK'], // list
  ['.', 'OK'], // examine INBOX.Sent
  ['.', 'ANY'], // fetch 2 (...) on a one-message mailbox: Dovecot BAD, the demo OK [CLIENTBUG]
  ['.', 'OK'], // rename
  ['.', 'OK'], // list
  ['.', 'OK'], // idle ... done
  ['.', 'OK'], // select INBOX
  ['.', 'OK'], // store 1:2 flags \Deleted
  ['.', 'OK'], // fetch 1 all
  ['.', 'OK'], // store 1 +flags NonJunk
  ['.', 'OK'], // fetch 1 all
  ['.', 'OK'], // select INBOX
  ['.', 'OK'], // copy
  ['.', 'OK'], // select INBOX.test_imap
  ['.', 'OK'], // select INBOX
  ['.', 'OK'], // expunge
  ['.', 'OK'], // fetch 1 all
  ['.', 'OK'], // close
  ['.', 'FAIL'], // fetch 1 all after close
  ['.', 'OK'], // logout
];

function checkImapSession(result: { code: number; stdout: string; stderr: string }): void {
  const got = completions(result.stdout).map(([tag, status], i) => [tag, EXPECTED[i]?.[1] === 'ANY' ? 'ANY' : status === 'OK' ? 'OK' : 'FAIL']);
  expect(got).toEqual(EXPECTED);
  // A failed command makes the run exit 1, as a script would want.
  expect(result.code).toBe(1);
  const out = result.stdout;
  const sections = out.split(/^C: /m);
  const after = (line: string) => sections.find((s) => s.startsWith(line)) ?? '';
  for (const folder of ['INBOX', 'INBOX.Trash', 'INBOX.Junk', 'INBOX.Sent', 'INBOX.Drafts']) {
    expect(after('. list "" "*"')).toMatch(new RegExp(`\\* LIST \\(.*\\) "\\." "?${folder.replace('.', '\\.')}"?$`, 'm'));
  }
  expect(after('. status INBOX (messages)')).toMatch(/\* STATUS "?INBOX"? \(MESSAGES 3\)/);
  expect(after('. examine INBOX.Drafts')).toMatch(/\* 2 EXISTS/);
  expect(after('. examine INBOX.Drafts')).toMatch(/\. OK \[READ-ONLY\]/);
  expect(after('. fetch 1 all')).toMatch(/FLAGS \((\\Draft \\Seen|\\Seen \\Draft)\)/);
  expect(after('. fetch 2 all')).toMatch(/"TESTING IMAP COMMANDS TELNET"/);
  expect(after('. fetch 1 BODY[]')).toMatch(/BODY\[\] \{\d+\}/);
  const lists = sections.filter((s) => s.startsWith('. list "" "*"'));
  expect(lists[1]).toMatch(/INBOX\.test3/);
  expect(lists[2]).toMatch(/INBOX\.test_imap/);
  expect(lists[2]).not.toMatch(/INBOX\.test3/);
  expect(after('. store 1:2 flags \\Deleted')).toMatch(/\* 1 FETCH \(FLAGS \(\\Deleted\)/);
  expect(after('. copy 1 INBOX.test_imap')).toMatch(/\. OK \[COPYUID \d+ \d+ \d+\]/);
  expect(after('. expunge')).toMatch(/\* 1 EXPUNGE/);
  expect(out).not.toContain('qwe123');
}

function checkPop3Session(result: { code: number; stdout: string }): void {
  expect(result.code).toBe(0);
  const oks = [...result.stdout.matchAll(/^\+OK/gm)].length;
  expect(oks).toBe(6); // greeting + USER, PASS, STAT, LIST, QUIT
  expect(result.stdout).toMatch(/^\+OK 3 \d+$/m); // STAT: three messages in INBOX
  expect(result.stdout).toMatch(/^1 \d+\n2 \d+\n3 \d+\n\.$/m); // LIST, multi-line, dot-terminated
  expect(result.stdout).not.toContain('qwe123');
}

describe('the tutorial against the demo server', () => {
  // Each session starts from the seeded mailbox: the IMAP one expunges.
  let server: DemoServer;
  beforeEach(async () => {
    server = await startDemoServer();
  });
  afterEach(() => server.close());

  it('IMAP session, typed as the tutorial types it', async () => {
    checkImapSession(await runTutorial(`127.0.0.1:${server.imapPort}`, '--imap', IMAP_LINES));
  });

  it('POP3 session, typed as the tutorial types it', async () => {
    checkPop3Session(await runTutorial(`127.0.0.1:${server.pop3Port}`, '--pop3', POP3_LINES));
  });
});

const skipReason = inject('dovecotSkipReason');
describe.skipIf(!inject('dovecot'))(`the tutorial against Dovecot${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  // The session changes mail (CREATE, RENAME, STORE, EXPUNGE): a private instance.
  let dovecot: DovecotServer;
  beforeAll(async () => {
    dovecot = (await startDovecot()) as DovecotServer;
  });
  afterAll(() => dovecot?.stop());
  beforeEach(() => resetMailbox(dovecot));

  it('IMAP session, typed as the tutorial types it', async () => {
    checkImapSession(await runTutorial(`127.0.0.1:${dovecot.imapPort}`, '--imap', IMAP_LINES));
  });

  it('POP3 session, typed as the tutorial types it', async () => {
    checkPop3Session(await runTutorial(`127.0.0.1:${dovecot.pop3Port}`, '--pop3', POP3_LINES));
  });
});
