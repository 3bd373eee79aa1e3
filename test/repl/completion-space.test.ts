// Tab adds a space after a unique completion of a whole word, as shells do (`sel<Tab>INBOX`
// reads `select INBOX`), and none where the word may go on or nothing may follow it.
import { describe, expect, it } from 'vitest';
import { completeForTab, type CompletionContext } from '../../src/registry/completion.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const CAPS = new Set(['IMAP4REV1', 'IDLE', 'UIDPLUS', 'AUTH=PLAIN', 'CONDSTORE']);
const MAILBOXES = ['INBOX', 'INBOX.Trash', 'INBOX.Sent', 'INBOX.Spam', 'Archive'];

function imap(state: CompletionContext['state'] = 'selected'): CompletionContext {
  return { protocol: 'imap', state, capabilities: CAPS, mailboxes: MAILBOXES, metaCommands: ['explain', 'quit'] };
}
function pop3(state: 'authorization' | 'transaction'): CompletionContext {
  return { protocol: 'pop3', state, capabilities: new Set(['TOP', 'UIDL', 'USER', 'SASL PLAIN']), mailboxes: [], metaCommands: ['explain'] };
}

describe('what Tab inserts', () => {
  it.each<[string, CompletionContext, string[]]>([
    // Command names that take an argument: the argument comes next.
    ['sel', imap('authenticated'), ['select ']],
    ['. sel', imap('authenticated'), ['select ']],
    ['uid fe', imap(), ['fetch ']],
    ['UID', imap(), ['UID ']],
    // Commands complete without arguments: a trailing space is no part of the grammar.
    ['noo', imap(), ['noop']],
    ['capa', imap(), ['capability']],
    ['uid exp', imap(), ['expunge ']], // UID EXPUNGE takes a sequence set (RFC 4315 2.1)
    // Arguments.
    ['select INBOX.Se', imap(), ['INBOX.Sent ']],
    ['select "Arc', imap(), ['"Archive" ']],
    ['fetch 1 fla', imap(), ['flags ']],
    ['search unse', imap(), ['unseen ']],
    // Several candidates: readline inserts their common beginning, never a space.
    ['select INBOX.S', imap(), ['INBOX.Sent', 'INBOX.Spam']],
    ['select INB', imap(), ['INBOX', 'INBOX.Trash', 'INBOX.Sent', 'INBOX.Spam']],
    // Words that may go on: a section to fill in, a list to go on or close.
    ['fetch 1 body.p', imap(), ['body.peek[]']],
    ['fetch 1 (uid fla', imap(), ['flags']],
    ['store 1 +flags (\\Fla', imap(), ['\\Flagged']],
    // Meta-commands.
    [':expl', imap(), ['explain ']],
    // POP3: USER needs a name, STAT and LIST (whose message number is optional) stand alone.
    ['us', pop3('authorization'), ['user ']],
    ['sta', pop3('transaction'), ['stat']],
    ['lis', pop3('transaction'), ['list']],
    ['AUTH PL', pop3('authorization'), ['PLAIN ']],
  ])('%j -> %j', (line, ctx, expected) => {
    expect(completeForTab(line, ctx).candidates).toEqual(expected);
  });
});

const server = demoForFile();

describe('Tab in the REPL', () => {
  it('completes `sel` to `select ` so the mailbox typed next is its argument', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type('. login test77@example.com qwe123#$\r');
    await run.waitFor('. OK');
    // Tab completes only as the last key of what arrives at once, as when typed by hand.
    run.type('sel\t');
    await new Promise((r) => setTimeout(r, 30));
    run.type('INBOX\r');
    await run.waitFor(/a001 (OK|NO|BAD)/);
    expect(run.stdout()).toMatch(/a001 OK \[READ-WRITE\] SELECT completed/);
    run.type('\x04');
    expect(await run.code).toBe(0);
  });
});
