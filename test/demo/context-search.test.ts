// CONTEXT=SEARCH (RFC 5267 4) on the demo server: `SEARCH RETURN (UPDATE) keys` kept up to date
// with ESEARCH ADDTO / REMOVEFROM, over two raw sessions on one store: `a` searches, `b` (or `a`
// itself) changes flags, appends and expunges. Seeded INBOX: UIDs 1-3; message 1 \Seen; 1 and 2
// from "support team", 3 from Jürgen. Updates reach `a` between its commands (no NOTIFY, no
// IDLE: RFC 5267 4.3.2 lets them go at any time), in IDLE, and in its own commands' responses.
//
// "Nothing was sent" is checked with a command from `a` after `b`'s change has completed: an
// update for the change goes out before `a`'s next tagged OK (pushed at once, or written before
// a command's completion, RFC 3501 7.1), and `command` returns every line received since the
// last one taken.
// Where the same lines may also come with the command (EXISTS, then ADDTO), a STATUS of
// INBOX.Junk tells them apart: the demo writes a command's own answer first and the changes
// it carries after it.

import { beforeEach, describe, expect, it } from 'vitest';
import { rawSession, tagged, texts, type RawImap, type SeenResponse } from './helpers.js';
import { MAX_SEARCH_CONTEXTS } from '../../src/demo/imap/commands/context-search.js';

const session = rawSession();
let a: RawImap;
let b: RawImap;

const FROM_SUPPORT = 'From: support team <examplesupport@gmail.com>\r\nSubject: again\r\n\r\nbody\r\n';

/** An APPEND command line with a non-synchronizing literal (RFC 7888 LITERAL+). */
function append(tag: string, message: string): string {
  return `${tag} APPEND INBOX {${Buffer.byteLength(message)}+}\r\n${message}`;
}

async function ok(client: RawImap, line: string): Promise<string[]> {
  const r = await client.command(line);
  expect(tagged(r).status, texts(r).join(' | ')).toBe('OK');
  return texts(r);
}

/** Waits until `client` has been sent a line matching `pattern`; returns the lines up to it. */
async function told(client: RawImap, pattern: RegExp): Promise<string[]> {
  return texts(await client.until((r: SeenResponse) => pattern.test(r.text)));
}

async function idle(client: RawImap, tag: string): Promise<void> {
  client.write(`${tag} IDLE\r\n`);
  await client.until((r) => r.response.kind === 'continuation');
}

async function done(client: RawImap, tag: string): Promise<string[]> {
  client.write('DONE\r\n');
  return texts(await client.untilTagged(tag));
}

beforeEach(async () => {
  a = session.c;
  b = await session.other();
  await ok(a, 'a0 SELECT INBOX');
  await ok(b, 'b0 SELECT INBOX');
});

describe('RETURN (UPDATE): the first answer (RFC 5267 4.3)', () => {
  it('CONTEXT=SEARCH is announced; CONTEXT alone is a hint, answered as RETURN () is: with ALL (4.2)', async () => {
    expect((await ok(a, 'c CAPABILITY'))[0]).toMatch(/ CONTEXT=SEARCH /);
    expect((await ok(a, 'c CAPABILITY'))[0]).not.toMatch(/CONTEXT=SORT/);
    expect(await ok(a, 'h1 SEARCH RETURN (CONTEXT) UNSEEN')).toEqual(['* ESEARCH (TAG "h1") ALL 2:3', 'h1 OK SEARCH completed']);
    expect(await ok(a, 'h2 SEARCH RETURN (CONTEXT COUNT) UNSEEN')).toEqual(['* ESEARCH (TAG "h2") COUNT 2', 'h2 OK SEARCH completed']);
  });

  it('MIN MAX COUNT are answered once; UPDATE alone answers an ESEARCH line with no data', async () => {
    expect(await ok(a, 'a1 SEARCH RETURN (UPDATE MIN MAX COUNT) UNSEEN')).toEqual(['* ESEARCH (TAG "a1") MIN 2 MAX 3 COUNT 2', 'a1 OK SEARCH completed, will notify']);
    expect(await ok(a, 'a2 uid search return (update) from "support"')).toEqual(['* ESEARCH (TAG "a2") UID', 'a2 OK UID SEARCH completed, will notify']);
  });

  it('after SORT, UPDATE and CONTEXT are BAD: they need CONTEXT=SORT, which is not announced (4.1)', async () => {
    expect(await a.command('s1 SORT RETURN (UPDATE) (DATE) UTF-8 ALL').then(texts)).toEqual(['s1 BAD result option UPDATE is not supported after SORT by this server (it needs CONTEXT=SORT)']);
    expect(tagged(await a.command('s2 SORT RETURN (CONTEXT) (DATE) UTF-8 ALL')).status).toBe('BAD');
  });
});

describe('ADDTO and REMOVEFROM as the result changes (RFC 5267 4.3.2-4.3.4)', () => {
  it('another session\'s STORE: REMOVEFROM when a message stops matching, ADDTO when one starts, between commands; never a new COUNT', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE COUNT) UNSEEN');
    await ok(b, 'b1 STORE 2 +FLAGS (\\Seen)');
    expect(await told(a, /ESEARCH/)).toEqual(['* ESEARCH (TAG "a1") REMOVEFROM (0 2)']);
    await ok(b, 'b2 STORE 1 -FLAGS (\\Seen)');
    expect(await told(a, /ESEARCH/)).toEqual(['* ESEARCH (TAG "a1") ADDTO (0 1)']);
    // The FETCHes of the flag changes come with a's next command, as without CONTEXT.
    expect(await ok(a, 'a2 NOOP')).toEqual(['* 2 FETCH (FLAGS (\\Seen))', '* 1 FETCH (FLAGS ())', 'a2 OK NOOP completed']);
    // Nothing more, not even a repeated update: anything still due for b1 and b2 would come before a3's OK.
    expect(await ok(a, 'a3 NOOP')).toEqual(['a3 OK NOOP completed']);
  });

  it('the session\'s own STORE updates its own context, within the STORE\'s responses', async () => {
    await ok(a, 'a1 UID SEARCH RETURN (UPDATE) UNSEEN');
    expect(await ok(a, 'a2 STORE 2 +FLAGS (\\Seen)')).toEqual(['* ESEARCH (TAG "a1") UID REMOVEFROM (0 2)', '* 2 FETCH (FLAGS (\\Seen))', 'a2 OK STORE completed.']);
    expect(await ok(a, 'a3 STORE 1:2 -FLAGS.SILENT (\\Seen)')).toEqual(['* ESEARCH (TAG "a1") UID ADDTO (0 1:2)', 'a3 OK STORE completed.']);
  });

  it('an APPEND that matches: ADDTO after its EXISTS (4.3.3), so not before a\'s next command without IDLE', async () => {
    await ok(a, 'a1 UID SEARCH RETURN (UPDATE) FROM "support"');
    await ok(b, append('b1', FROM_SUPPORT));
    // b, which has INBOX selected read-write, took the new message's \Recent. b1 has completed:
    // lines ahead of a2's own STATUS line would have been pushed; after it, a2 carries them.
    expect(await ok(a, 'a2 STATUS INBOX.Junk (MESSAGES)')).toEqual([
      '* STATUS "INBOX.Junk" (MESSAGES 0)',
      '* 4 EXISTS',
      '* 0 RECENT',
      '* ESEARCH (TAG "a1") UID ADDTO (0 4)',
      'a2 OK STATUS completed',
    ]);
    // A message that does not match changes nothing.
    await ok(b, append('b2', 'From: someone@example.com\r\n\r\nx\r\n'));
    expect(await ok(a, 'a3 NOOP')).toEqual(['* 5 EXISTS', '* 0 RECENT', 'a3 OK NOOP completed']);
  });

  it('in IDLE: EXISTS then ADDTO for an APPEND, REMOVEFROM then EXPUNGE for an expunge (4.3.4)', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) FROM "support"');
    await idle(a, 'i1');
    await ok(b, append('b1', FROM_SUPPORT));
    // a, idling, is told first, so it takes the new message's \Recent.
    expect(await told(a, /ESEARCH/)).toEqual(['* 4 EXISTS', '* 1 RECENT', '* ESEARCH (TAG "a1") ADDTO (0 4)']);
    await ok(b, 'b2 STORE 1 +FLAGS.SILENT (\\Deleted)');
    await ok(b, 'b3 EXPUNGE');
    expect(await told(a, /EXPUNGE/)).toEqual(['* 1 FETCH (FLAGS (\\Seen \\Deleted))', '* ESEARCH (TAG "a1") REMOVEFROM (0 1)', '* 1 EXPUNGE']);
    expect(await done(a, 'i1')).toEqual(['i1 OK IDLE terminated']);
  });

  it('with NOTIFY (selected), the EXISTS is pushed between commands, and the ADDTO right after it', async () => {
    await ok(a, 'n1 NOTIFY SET (selected (MessageNew MessageExpunge))');
    await ok(a, 'a1 UID SEARCH RETURN (UPDATE) FROM "support"');
    await ok(b, append('b1', FROM_SUPPORT));
    expect(await told(a, /ESEARCH/)).toEqual(['* 4 EXISTS', '* 1 RECENT', '* ESEARCH (TAG "a1") UID ADDTO (0 4)']);
  });

  it('an expunge between commands: REMOVEFROM at once with the number a still knows, EXPUNGE with its next command (the RFC\'s example)', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) ALL');
    // \Deleted alone changes nothing: ALL still matches.
    await ok(b, 'b1 STORE 2 +FLAGS.SILENT (\\Deleted)');
    // b1 has completed, so a REMOVEFROM for it would come before a2's OK; the flag change is a2's to carry.
    expect(await ok(a, 'a2 NOOP')).toEqual(['* 2 FETCH (FLAGS (\\Deleted))', 'a2 OK NOOP completed']);
    await ok(b, 'b2 EXPUNGE');
    expect(await told(a, /ESEARCH/)).toEqual(['* ESEARCH (TAG "a1") REMOVEFROM (0 2)']);
    expect(await ok(a, 'a3 NOOP')).toEqual(['* 2 EXPUNGE', 'a3 OK NOOP completed']);
  });

  it('during SEARCH (no EXPUNGE allowed, RFC 3501 7.4.1) the REMOVEFROM still goes; the EXPUNGE waits', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) UNDELETED');
    await ok(b, 'b1 STORE 3 +FLAGS.SILENT (\\Deleted)');
    await told(a, /ESEARCH/);
    await ok(b, 'b2 EXPUNGE');
    expect(await ok(a, 'a2 SEARCH ALL')).toEqual(['* SEARCH 1 2 3', 'a2 OK SEARCH completed']);
    expect(await ok(a, 'a3 NOOP')).toEqual(['* 3 EXPUNGE', 'a3 OK NOOP completed']);
  });

  it('a search run while an expunge is still unreported answers the message, then removes it before the EXPUNGE', async () => {
    await ok(b, 'b1 STORE 2 +FLAGS.SILENT (\\Deleted)');
    await ok(b, 'b2 EXPUNGE');
    expect(await ok(a, 'a1 SEARCH RETURN (UPDATE ALL) ALL')).toEqual([
      '* ESEARCH (TAG "a1") ALL 1:3',
      '* ESEARCH (TAG "a1") REMOVEFROM (0 2)',
      'a1 OK SEARCH completed, will notify',
    ]);
    expect(await ok(a, 'a2 NOOP')).toEqual(['* 2 EXPUNGE', 'a2 OK NOOP completed']);
  });

  it('message numbers and UIDs: each context speaks its own form (4.3.2)', async () => {
    // Expunge message 1 so that UIDs 2 and 3 are messages 1 and 2.
    await ok(a, 'x1 STORE 1 +FLAGS.SILENT (\\Deleted)');
    expect(await ok(a, 'x2 EXPUNGE')).toEqual(['* 1 EXPUNGE', 'x2 OK EXPUNGE completed']);
    await ok(b, 'b1 NOOP');
    await ok(a, 'n1 SEARCH RETURN (UPDATE) UNSEEN');
    await ok(a, 'u1 UID SEARCH RETURN (UPDATE) UNSEEN');
    await ok(b, 'b2 STORE 2 +FLAGS (\\Seen)');
    expect(await told(a, /TAG "u1"/)).toEqual(['* ESEARCH (TAG "n1") REMOVEFROM (0 2)', '* ESEARCH (TAG "u1") UID REMOVEFROM (0 3)']);
  });

  it('message numbers in the keys mean the messages they named when the search ran (4.3)', async () => {
    // "1" is the message with UID 1; once it is gone, the message now numbered 1 is not added.
    await ok(a, 'a1 SEARCH RETURN (UPDATE) 1');
    await ok(b, 'b1 STORE 1 +FLAGS.SILENT (\\Deleted)');
    await ok(b, 'b2 EXPUNGE');
    expect(await told(a, /ESEARCH/)).toEqual(['* ESEARCH (TAG "a1") REMOVEFROM (0 1)']);
    expect(await ok(a, 'a2 NOOP')).toEqual(['* 1 EXPUNGE', 'a2 OK NOOP completed']);
    // NOT 1: a new message had no number then, so it is not message 1 and matches.
    await ok(a, 'a3 SEARCH RETURN (UPDATE) NOT 1');
    await ok(b, append('b3', FROM_SUPPORT));
    expect(await ok(a, 'a4 NOOP')).toEqual(['* 3 EXISTS', '* 0 RECENT', '* ESEARCH (TAG "a3") ADDTO (0 3)', 'a4 OK NOOP completed']);
  });
});

describe('the end of a context', () => {
  it('CANCELUPDATE "tag" stops its updates (4.3.5); then the tag may be used again', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) UNSEEN');
    expect(await ok(a, 'c1 CANCELUPDATE "a1"')).toEqual(['c1 OK No further updates.']);
    await ok(b, 'b1 STORE 2 +FLAGS (\\Seen)');
    // b1 has completed, so a REMOVEFROM for the cancelled a1 would come first in the new a1's answer.
    expect(await ok(a, 'a1 SEARCH RETURN (UPDATE COUNT) UNSEEN')).toEqual(['* ESEARCH (TAG "a1") COUNT 1', '* 2 FETCH (FLAGS (\\Seen))', 'a1 OK SEARCH completed, will notify']);
  });

  it('CANCELUPDATE takes several tags; an unknown one is NO and cancels nothing; unquoted or none is BAD', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) UNSEEN');
    await ok(a, 'a2 UID SEARCH RETURN (UPDATE) UNSEEN');
    expect(await a.command('c1 CANCELUPDATE "a1" "zz"').then(texts)).toEqual(['c1 NO No search kept up to date has the tag zz']);
    expect(await a.command('c2 CANCELUPDATE a1').then(texts)).toEqual(['c2 BAD CANCELUPDATE takes each tag as a quoted string: CANCELUPDATE "a1" (RFC 5267 5)']);
    expect(tagged(await a.command('c3 CANCELUPDATE')).status).toBe('BAD');
    await ok(b, 'b1 STORE 2 +FLAGS (\\Seen)');
    expect(await told(a, /TAG "a2"/)).toEqual(['* ESEARCH (TAG "a1") REMOVEFROM (0 2)', '* ESEARCH (TAG "a2") UID REMOVEFROM (0 2)']);
    expect(await ok(a, 'c4 CANCELUPDATE "a1" "a2"')).toEqual(['* 2 FETCH (FLAGS (\\Seen))', 'c4 OK No further updates.']);
    await ok(b, 'b2 STORE 3 +FLAGS (\\Seen)');
    // b2 has completed, so a REMOVEFROM for it would come before c5's OK; the flag change is c5's to carry.
    expect(await ok(a, 'c5 NOOP')).toEqual(['* 3 FETCH (FLAGS (\\Seen))', 'c5 OK NOOP completed']);
  });

  it('a tag in use by a context: UPDATE with it again is BAD and has no effect (4.3)', async () => {
    await ok(a, 'a1 SEARCH RETURN (UPDATE) UNSEEN');
    expect(await a.command('a1 SEARCH RETURN (UPDATE SAVE) ALL').then(texts)).toEqual([
      'a1 BAD tag a1 is in use by a search kept up to date (RFC 5267 4.3): use a new tag, or CANCELUPDATE "a1" first',
    ]);
    // Without UPDATE the tag may be reused (only UPDATE claims it).
    expect(await ok(a, 'a1 SEARCH RETURN (COUNT) ALL')).toEqual(['* ESEARCH (TAG "a1") COUNT 3', 'a1 OK SEARCH completed']);
    await ok(b, 'b1 STORE 3 +FLAGS (\\Seen)');
    expect(await told(a, /ESEARCH/)).toEqual(['* ESEARCH (TAG "a1") REMOVEFROM (0 3)']);
  });

  it('UNSELECT, CLOSE and a new SELECT end every context (4.3: "when the mailbox is no longer selected")', async () => {
    for (const leave of ['UNSELECT', 'CLOSE', 'SELECT INBOX.Sent']) {
      await ok(a, 'a1 SEARCH RETURN (UPDATE) ALL');
      await ok(a, `l1 ${leave}`);
      await ok(a, 'a2 SELECT INBOX');
      await ok(b, 'b1 STORE 2 +FLAGS (\\Flagged)');
      await ok(b, 'b2 STORE 2 -FLAGS (\\Flagged)');
      // b1 and b2 have completed, so an update for them would come before c1's answer.
      const seen = texts(await a.command('c1 CANCELUPDATE "a1"'));
      // Only the FETCHes of b's flag changes, with a's next command.
      expect(seen, leave).toEqual(['* 2 FETCH (FLAGS ())', 'c1 NO No search kept up to date has the tag a1']);
    }
  });

  it(`beyond ${MAX_SEARCH_CONTEXTS} contexts: untagged NO [NOUPDATE "tag"], the other options still answered (4.3.1)`, async () => {
    for (let i = 1; i <= MAX_SEARCH_CONTEXTS; i++) await ok(a, `k${i} SEARCH RETURN (UPDATE) ALL`);
    expect(await ok(a, 'k9 SEARCH RETURN (UPDATE COUNT) ALL')).toEqual([
      '* ESEARCH (TAG "k9") COUNT 3',
      '* NO [NOUPDATE "k9"] Too many searches kept up to date; CANCELUPDATE one first',
      'k9 OK SEARCH completed, will not notify',
    ]);
    await ok(a, 'c1 CANCELUPDATE "k1"');
    expect(await ok(a, 'k9 SEARCH RETURN (UPDATE COUNT) ALL')).toEqual(['* ESEARCH (TAG "k9") COUNT 3', 'k9 OK SEARCH completed, will notify']);
  });
});
