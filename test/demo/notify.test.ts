// NOTIFY (RFC 5465) on the demo server: reading NOTIFY SET on its own, then two raw sessions on
// one store, `a` watching with NOTIFY and `b` changing things. What `a` is told arrives without
// any command of its own (the test waits for it), or in IDLE. Seeded: INBOX has UIDs 1-3
// (message 1 \Seen), INBOX.Sent one message, INBOX.Trash and INBOX.Junk none; all subscribed.
// No imapflow check: imapflow has no NOTIFY support.
//
// "Nothing was sent" is checked with a command from `a` after `b`'s change has completed: what
// the server has for a change goes out before `a`'s next tagged OK (pushed at once, or written
// before a command's completion, RFC 3501 7.1), and `command` returns every line received since
// the last one taken, so the command's answer holds all that was sent. Where the same lines may also come
// with the command (EXISTS, RECENT: RFC 3501 7.3.1), a STATUS of INBOX.Junk tells them apart:
// the demo writes a command's own answer first and the changes it carries after it.

import { beforeEach, describe, expect, it } from 'vitest';
import { rawSession, tagged, texts, type RawImap, type SeenResponse } from './helpers.js';
import { NOTIFY_NONE, readNotifySet, type ReadResult } from '../../src/demo/imap/notify-spec.js';
import { ArgumentError } from '../../src/demo/imap/args.js';
import { ImapCommandReader } from '../../src/protocol/imap/command-reader.js';
import { NotifySession } from '../../src/demo/imap/notify-session.js';
import type { ImapContext } from '../../src/demo/imap/context.js';
import { MailStore } from '../../src/demo/store/store.js';

/** An APPEND command line with a non-synchronizing literal (RFC 7888 LITERAL+). */
function append(tag: string, mailbox: string, message = 'Subject: x\r\n\r\nbody\r\n'): string {
  return `${tag} APPEND ${mailbox} {${Buffer.byteLength(message)}+}\r\n${message}`;
}

/** Reads `NOTIFY SET <text>` the way the server's command reader hands it over. */
function readSet(text: string): ReadResult {
  const events = new ImapCommandReader().push(Buffer.from(`n NOTIFY SET ${text}\r\n`));
  const command = events.find((e) => e.kind === 'command');
  if (command?.kind !== 'command') throw new Error(`not a command: ${text}`);
  return readNotifySet(command.args.slice(1), (name) => name);
}

function badReason(text: string): string {
  try {
    readSet(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${text}`);
}

describe('NOTIFY SET arguments (RFC 5465 3.1, 5, 6)', () => {
  it('reads the selected group apart from the others, with MessageNew\'s fetch items', () => {
    const read = readSet('STATUS (selected (MessageNew (uid flags) MessageExpunge FlagChange)) (subtree (INBOX.Lists INBOX.Sent) (MessageNew MessageExpunge)) (personal (MailboxName SubscriptionChange))');
    if (!('spec' in read)) throw new Error('refused');
    expect(read.spec.status).toBe(true);
    expect(read.spec.selected?.filter).toBe('selected');
    expect([...read.spec.selected!.events]).toEqual(['MessageNew', 'MessageExpunge', 'FlagChange']);
    expect(read.spec.selected?.fetchAttributes).toEqual({ type: 'list', items: [{ type: 'atom', value: 'uid' }, { type: 'atom', value: 'flags' }] });
    expect(read.spec.others.map((g) => [g.filter, g.mailboxes, [...g.events]])).toEqual([
      ['subtree', ['INBOX.Lists', 'INBOX.Sent'], ['MessageNew', 'MessageExpunge']],
      ['personal', [], ['MailboxName', 'SubscriptionChange']],
    ]);
  });

  it('takes filter and event names in any case; (filter NONE) asks for nothing there', () => {
    const read = readSet('(SELECTED-DELAYED (messagenew messageEXPUNGE)) (Inboxes NONE) (mailboxes INBOX (mailboxname))');
    if (!('spec' in read)) throw new Error('refused');
    expect(read.spec.selected?.filter).toBe('selected-delayed');
    expect(read.spec.others.map((g) => [g.filter, [...g.events]])).toEqual([['mailboxes', ['MailboxName']]]);
    expect(NOTIFY_NONE).toEqual({ status: false, others: [] });
  });

  it('BAD for what RFC 5465 forbids: events apart that go together, two selected filters, mailbox events on selected', () => {
    expect(badReason('(selected (MessageNew))')).toBe('MessageNew needs MessageExpunge in the same group (RFC 5465 5)');
    expect(badReason('(personal (MessageExpunge))')).toBe('MessageExpunge needs MessageNew in the same group (RFC 5465 5)');
    expect(badReason('(personal (FlagChange MessageNew))')).toBe('FlagChange needs MessageExpunge in the same group (RFC 5465 5)');
    expect(badReason('(selected (MessageNew MessageExpunge)) (selected-delayed (MessageNew MessageExpunge))')).toBe('only one of selected and selected-delayed may be given (RFC 5465 6.1)');
    expect(badReason('(selected (MailboxName))')).toMatch(/^MailboxName is not a message event: selected takes only/);
    expect(badReason('(everything (MailboxName))')).toMatch(/^unknown mailbox filter everything: use selected, selected-delayed, inboxes/);
    expect(badReason('(subtree (MessageNew MessageExpunge))')).toMatch(/^\(subtree mailboxes events\): one events list, or NONE/);
    expect(badReason('(personal ())')).toBe('(personal ...) needs a list of events, or NONE');
    expect(badReason('STATUS')).toMatch(/^NOTIFY SET needs at least one event group/);
    expect(badReason('(selected (MessageNew (uid nosuchitem) MessageExpunge))')).toBe('MessageNew: nosuchitem is not a FETCH item');
  });

  it('names the events the demo does not report (then NO [BADEVENT]), after the BAD checks', () => {
    expect(readSet('(personal (MessageNew MessageExpunge AnnotationChange ServerMetadataChange))')).toEqual({ unsupported: ['AnnotationChange'] });
    expect(readSet('(personal (SomethingElse))')).toEqual({ unsupported: ['SomethingElse'] });
  });
});

describe('NOTIFICATIONOVERFLOW (RFC 5465 5.8)', () => {
  it('too many reports waiting: untagged OK [NOTIFICATIONOVERFLOW], then nothing more, as after NOTIFY NONE', async () => {
    const store = new MailStore({ users: [{ user: 'u', password: 'p' }], mailboxes: [], messages: [] });
    const account = store.account('u')!;
    const boxes = ['INBOX.a', 'INBOX.b', 'INBOX.c'].map((n) => store.createMailbox(account, n));
    const lines: string[] = [];
    // Only what a NotifySession reads of its session; a command is running the whole time.
    const ctx = { store, account, idling: false, condstore: false, rev2: false, untagged: (...p: unknown[]) => lines.push(p.join('')), log: () => {} };
    const notify = new NotifySession(ctx as unknown as ImapContext, {}, () => true);
    notify.pendingLimit = 2;
    const read = readSet('(personal (MessageNew MessageExpunge))');
    if (!('spec' in read)) throw new Error('refused');
    notify.set(read.spec);
    const message = { raw: Buffer.from('Subject: x\r\n\r\n'), flags: [], internalDate: store.internalNow() };
    boxes[0].add([message]);
    boxes[1].add([message]);
    await Promise.resolve();
    expect(lines).toEqual([]);
    boxes[2].add([message]);
    expect(lines).toEqual(['OK [NOTIFICATIONOVERFLOW] Too many changes at once; NOTIFY is now NONE']);
    boxes[0].add([message]);
    notify.flush();
    expect(lines).toHaveLength(1);
  });
});

const session = rawSession();
let a: RawImap;
let b: RawImap;

/** What the demo sends for a watched mailbox (RFC 5465 5.2): STATUS with its counts. */
const WATCH = 'NOTIFY SET (selected (MessageNew (uid flags) MessageExpunge FlagChange)) (personal (MessageNew MessageExpunge MailboxName SubscriptionChange))';

/** Waits until `client` has been sent a line matching `pattern`; returns that line. */
async function told(client: RawImap, pattern: RegExp): Promise<string> {
  const seen = await client.until((r) => pattern.test(r.text));
  return seen.at(-1)!.text;
}

/**
 * Waits `ms`, then takes what came. Only for IDLE, where no command can follow to bound the
 * wait: it sees a push that arrives within `ms`, and cannot prove that none comes later.
 */
async function quietFor(client: RawImap, ms: number): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return texts(client.drain());
}

async function ok(client: RawImap, line: string): Promise<SeenResponse[]> {
  const r = await client.command(line);
  expect(tagged(r).status, texts(r).join(' | ')).toBe('OK');
  return r;
}

beforeEach(async () => {
  a = session.c;
  b = await session.other();
});

describe('NOTIFY between two sessions', () => {
  beforeEach(async () => {
    await ok(a, 'a1 SELECT INBOX');
    expect(texts(await ok(a, `a2 ${WATCH}`))).toEqual(['a2 OK NOTIFY completed']);
  });

  it('another mailbox: STATUS arrives without a command, and during IDLE', async () => {
    await ok(b, append('b1', 'INBOX.Sent'));
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX\.Sent" \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+\)$/);
    a.write('i1 IDLE\r\n');
    await a.until((r) => r.response.kind === 'continuation');
    await ok(b, append('b2', 'INBOX.Sent'));
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX\.Sent" \(MESSAGES 3 UIDNEXT 4 UIDVALIDITY \d+\)$/);
    a.write('DONE\r\n');
    expect(texts(await a.untilTagged('i1'))).toEqual(['i1 OK IDLE terminated']);
  });

  it('the selected mailbox: EXISTS, then FETCH with what MessageNew asked for (UID FETCH adds nothing here)', async () => {
    await ok(b, append('b1', 'INBOX'));
    const seen = await a.until((r) => r.text.includes('FETCH'));
    expect(texts(seen)).toEqual(['* 4 EXISTS', '* 1 RECENT', '* 4 FETCH (UID 4 FLAGS (\\Recent))']);
  });

  it('a flag change: FETCH with UID and FLAGS (RFC 5465 5.1); an expunge: EXPUNGE at once (selected)', async () => {
    await ok(b, 'b1 SELECT INBOX');
    await ok(b, 'b2 STORE 2 +FLAGS (\\Deleted)');
    expect(await told(a, /FETCH/)).toBe('* 2 FETCH (UID 2 FLAGS (\\Deleted))');
    await ok(b, 'b3 EXPUNGE');
    expect(await told(a, /EXPUNGE/)).toBe('* 2 EXPUNGE');
    expect(texts(await ok(a, 'a3 UID FETCH 1:* (UID)'))).toEqual(['* 1 FETCH (UID 1)', '* 2 FETCH (UID 3)', 'a3 OK UID FETCH completed.']);
  });

  it('CREATE, RENAME, DELETE: LIST, with OLDNAME after a rename and \\NonExistent after a delete (RFC 5465 5.4)', async () => {
    await ok(b, 'b1 CREATE INBOX.Lists');
    expect(await told(a, /LIST/)).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Lists"');
    await ok(b, 'b2 RENAME INBOX.Lists INBOX.Lemonade');
    expect(await told(a, /LIST/)).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Lemonade" ("OLDNAME" ("INBOX.Lists"))');
    await ok(b, 'b3 DELETE INBOX.Lemonade');
    expect(await told(a, /LIST/)).toBe('* LIST (\\NonExistent) "." "INBOX.Lemonade"');
  });

  it('SUBSCRIBE and UNSUBSCRIBE: LIST with \\Subscribed exactly while subscribed (RFC 5465 5.5)', async () => {
    await ok(b, 'b1 CREATE INBOX.Lists');
    await told(a, /LIST/);
    await ok(b, 'b2 SUBSCRIBE INBOX.Lists');
    expect(await told(a, /LIST/)).toBe('* LIST (\\Unmarked \\HasNoChildren \\Subscribed) "." "INBOX.Lists"');
    await ok(b, 'b3 UNSUBSCRIBE INBOX.Lists');
    expect(await told(a, /LIST/)).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Lists"');
  });

  it('a session is not told of its own changes (RFC 5465 5): no STATUS, no LIST, no MessageNew FETCH', async () => {
    // A report waiting when a command ends goes out before its OK, so each answer is all there is.
    expect(texts(await ok(a, append('a3', 'INBOX.Sent')))).toEqual([expect.stringMatching(/^a3 OK \[APPENDUID \d+ 2\] APPEND completed\.$/)]);
    expect(texts(await ok(a, 'a4 CREATE INBOX.Mine'))).toEqual([expect.stringMatching(/^a4 OK \[MAILBOXID \(F\d+\)\] "INBOX\.Mine" created\.$/)]);
    const own = texts(await ok(a, append('a5', 'INBOX')));
    // Its own APPEND to the selected mailbox still brings EXISTS (RFC 3501 7.3.1), without the FETCH.
    expect(own).toEqual(['* 4 EXISTS', '* 1 RECENT', expect.stringMatching(/^a5 OK \[APPENDUID \d+ 4\] APPEND completed\.$/)]);
    // Bounds a late push: anything sent for a3-a5 would be on the wire before a6's OK.
    expect(texts(await ok(a, 'a6 NOOP'))).toEqual(['a6 OK NOOP completed']);
  });
});

describe('NOTIFY options', () => {
  it('a successful NOTIFY SET is an implicit NOOP: the selected mailbox\'s changes come before its OK (RFC 5465 3.1)', async () => {
    await ok(a, 'a1 SELECT INBOX');
    await ok(b, append('b1', 'INBOX'));
    expect(texts(await ok(a, 'a2 NOTIFY SET (selected (MessageNew (UID) MessageExpunge))'))).toEqual(['* 4 EXISTS', '* 1 RECENT', '* 4 FETCH (UID 4)', 'a2 OK NOTIFY completed']);
  });

  it('inboxes: where new mail is delivered, which in the demo is INBOX alone (RFC 5465 6.3); no mailbox need be selected', async () => {
    await ok(a, 'a1 NOTIFY SET (inboxes (MessageNew MessageExpunge))');
    await ok(b, append('b1', 'INBOX.Sent'));
    // b1 has completed, so a STATUS for it would come before a2's OK (nothing selected: NOOP brings nothing else).
    expect(texts(await ok(a, 'a2 NOOP'))).toEqual(['a2 OK NOOP completed']);
    await ok(b, append('b2', 'INBOX'));
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX" \(MESSAGES 4 UIDNEXT 5 UIDVALIDITY \d+\)$/);
  });

  it('SET STATUS: a STATUS for each watched mailbox but the selected one, before the tagged OK', async () => {
    await ok(a, 'a1 SELECT INBOX');
    const r = texts(await ok(a, 'a2 NOTIFY SET STATUS (selected (MessageNew MessageExpunge)) (subtree INBOX (MessageNew MessageExpunge FlagChange))'));
    // The same values a STATUS command gives (INBOX.Drafts, INBOX.Sent and INBOX.Entw&APw-rfe hold seeded mail).
    const names = ['INBOX.Drafts', 'INBOX.Entw&APw-rfe', 'INBOX.Junk', 'INBOX.Sent', 'INBOX.Trash'];
    const asked: string[] = [];
    for (const [i, name] of names.entries()) asked.push(texts(await ok(b, `b${i} STATUS ${name} (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)`))[0]);
    expect(r).toEqual([...asked, 'a2 OK NOTIFY completed']);
    expect(asked[0]).toMatch(/^\* STATUS "INBOX\.Drafts" \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+ HIGHESTMODSEQ 3\)$/);
  });

  it('NOTIFY NONE stops every report; the selected mailbox\'s changes then wait for a command (RFC 3501)', async () => {
    await ok(a, 'a1 SELECT INBOX');
    await ok(a, `a2 ${WATCH}`);
    expect(texts(await ok(a, 'a3 NOTIFY NONE'))).toEqual(['a3 OK NOTIFY NONE completed: no more events']);
    await ok(b, append('b1', 'INBOX.Sent'));
    await ok(b, append('b2', 'INBOX'));
    await ok(b, 'b3 CREATE INBOX.Lists');
    // b1-b3 have completed: any STATUS or LIST for them would come before a4's OK. An EXISTS ahead
    // of a4's own STATUS line would have been pushed; one after it is carried by a4 (the demo
    // writes the changes a command carries after its answer).
    expect(texts(await ok(a, 'a4 STATUS INBOX.Junk (MESSAGES)'))).toEqual(['* STATUS "INBOX.Junk" (MESSAGES 0)', '* 4 EXISTS', '* 1 RECENT', 'a4 OK STATUS completed']);
    // Not even in IDLE (RFC 5465 4: IDLE sends exactly what NOTIFY asked for); IDLE's end is a command's end.
    a.write('i1 IDLE\r\n');
    await a.until((r) => r.response.kind === 'continuation');
    await ok(b, append('b4', 'INBOX'));
    // Not bounded: in IDLE no command can follow, and an EXISTS pushed now would look the same as
    // the one DONE brings; this only catches a push within 150 ms.
    expect(await quietFor(a, 150)).toEqual([]);
    a.write('DONE\r\n');
    expect(texts(await a.untilTagged('i1'))).toEqual(['* 5 EXISTS', '* 2 RECENT', 'i1 OK IDLE terminated']);
  });

  it('selected-delayed: EXISTS at once, EXPUNGE only with a command that may carry it (RFC 5465 6.1.2)', async () => {
    await ok(a, 'a1 SELECT INBOX');
    await ok(a, 'a2 NOTIFY SET (selected-delayed (MessageNew MessageExpunge))');
    await ok(b, 'b1 SELECT INBOX');
    await ok(b, 'b2 STORE 1 +FLAGS (\\Deleted)');
    await ok(b, 'b3 EXPUNGE');
    await ok(b, 'b4 UID STORE 3 +FLAGS (\\Flagged)');
    await ok(b, append('b5', 'INBOX'));
    expect(texts(await a.until((r) => r.text.includes('RECENT')))).toEqual(['* 4 EXISTS', '* 1 RECENT']);
    // The expunge waits, and so does the flag change (no FlagChange asked); FETCH carries only the latter.
    // b1-b5 have completed, so a3's answer holds all that was sent since: no EXPUNGE (FETCH may
    // not carry one, RFC 3501 7.4.1), and a pushed flag FETCH would come before a3's own FETCH.
    expect(texts(await ok(a, 'a3 FETCH 1 (UID)'))).toEqual(['* 1 FETCH (UID 1)', '* 3 FETCH (FLAGS (\\Flagged))', 'a3 OK FETCH completed.']);
    expect(texts(await ok(a, 'a4 NOOP'))).toEqual(['* 1 EXPUNGE', 'a4 OK NOOP completed']);
  });

  it('subtree and mailboxes watch only the names given; CONDSTORE adds HIGHESTMODSEQ; FlagChange elsewhere is a STATUS', async () => {
    await ok(a, 'a1 ENABLE CONDSTORE');
    await ok(a, 'a2 NOTIFY SET (mailboxes INBOX.Sent (MessageNew MessageExpunge FlagChange)) (subtree INBOX.Trash (MessageNew MessageExpunge))');
    await ok(b, append('b1', 'INBOX.Junk'));
    // b1 has completed, so a STATUS for it would come before a3's OK (nothing selected: NOOP brings nothing else).
    expect(texts(await ok(a, 'a3 NOOP'))).toEqual(['a3 OK NOOP completed']);
    await ok(b, append('b2', 'INBOX.Sent'));
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX\.Sent" \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+ HIGHESTMODSEQ 3\)$/);
    await ok(b, 'b3 SELECT INBOX.Sent');
    await ok(b, 'b4 STORE 1 +FLAGS (\\Flagged)');
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX\.Sent" \(UIDVALIDITY \d+ HIGHESTMODSEQ 4\)$/);
    // An inferior of the subtree is watched; INBOX itself is not (outside both filters).
    await ok(b, 'b5 CREATE INBOX.Trash.Old');
    await ok(b, append('b6', 'INBOX.Trash.Old'));
    expect(await told(a, /STATUS/)).toMatch(/^\* STATUS "INBOX\.Trash\.Old" \(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \d+ HIGHESTMODSEQ 2\)$/);
    await ok(b, append('b7', 'INBOX'));
    // b7 has completed, so a STATUS for it would come before a4's OK.
    expect(texts(await ok(a, 'a4 NOOP'))).toEqual(['a4 OK NOOP completed']);
  });

  it('METADATA changes: the entries named without values, for a mailbox and for the server (RFC 5465 5.6, 5.7)', async () => {
    await ok(a, 'a1 NOTIFY SET (mailboxes INBOX.Sent (MailboxMetadataChange ServerMetadataChange))');
    await ok(b, 'b1 SETMETADATA INBOX.Sent (/shared/comment "outgoing" /private/Note "mine")');
    expect(await told(a, /METADATA/)).toBe('* METADATA "INBOX.Sent" /shared/comment /private/note');
    await ok(b, 'b2 SETMETADATA INBOX.Sent (/shared/comment NIL)');
    expect(await told(a, /METADATA/)).toBe('* METADATA "INBOX.Sent" /shared/comment');
    await ok(b, 'b3 SETMETADATA "" (/private/vendor/x/y "1")');
    expect(await told(a, /METADATA/)).toBe('* METADATA "" /private/vendor/x/y');
    // Another mailbox's entries are not watched here.
    await ok(b, 'b4 SETMETADATA INBOX.Trash (/shared/comment "bin")');
    // b4 has completed, so a METADATA for it would come before a2's OK.
    expect(texts(await ok(a, 'a2 NOOP'))).toEqual(['a2 OK NOOP completed']);
  });

  it('an unsupported event: NO [BADEVENT (every supported event)]; a broken combination: BAD', async () => {
    expect(texts(await a.command('a1 NOTIFY SET (personal (MessageNew MessageExpunge AnnotationChange))'))).toEqual([
      'a1 NO [BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange)] Not reported by this server: AnnotationChange',
    ]);
    expect(texts(await a.command('a2 NOTIFY SET (personal (FlagChange))'))).toEqual([
      'a2 BAD FlagChange needs MessageNew and MessageExpunge in the same group (RFC 5465 5)',
    ]);
    expect(tagged(await a.command('a3 NOTIFY STATUS')).status).toBe('BAD');
    // A refused NOTIFY leaves no watch behind.
    await ok(b, 'b1 CREATE INBOX.Lists');
    // b1 has completed, so a LIST for it would come before a4's OK.
    expect(texts(await ok(a, 'a4 NOOP'))).toEqual(['a4 OK NOOP completed']);
  });
});
