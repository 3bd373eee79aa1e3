// OBJECTID (RFC 8474) on the demo server, over a raw socket, then with imapflow. The store
// numbers its ids in seeding order: test77's mailboxes are F1 (INBOX), F2 Trash, F3 Junk,
// F4 Sent, F5 Drafts, F6 Entwürfe, student's F7-F12; test77's messages M1-M3 (INBOX), M4 (Sent),
// M5-M6 (Drafts), M7 (Entwürfe, a reply to M3), student's M8-M20. A thread is named after the
// message that started it (T3 is M3's thread).

import { describe, expect, it } from 'vitest';
import { checkedDemo, connectedImapflow, rawSession } from './helpers.js';

const message = (headers: string[]): string => [...headers, '', 'Body.', ''].join('\r\n');
const append = (tag: string, mailbox: string, text: string): string => `${tag} APPEND ${mailbox} {${Buffer.byteLength(text)}+}\r\n${text}`;

describe('MAILBOXID (RFC 8474 4)', () => {
  const { run } = rawSession();

  it('is announced, with SAVEDATE and WITHIN', async () => {
    const [caps] = await run('c CAPABILITY');
    expect(caps.split(' ')).toEqual(expect.arrayContaining(['OBJECTID', 'SAVEDATE', 'WITHIN']));
  });

  it('comes in an untagged OK of every SELECT and EXAMINE (4.2)', async () => {
    expect(await run('s SELECT INBOX')).toContain('* OK [MAILBOXID (F1)] Ok');
    expect(await run('e EXAMINE INBOX.Sent')).toContain('* OK [MAILBOXID (F4)] Ok');
  });

  it('comes in the tagged OK of CREATE (4.1) and as a STATUS item (4.3), also through LIST-STATUS', async () => {
    expect(await run('a CREATE INBOX.Projects')).toEqual(['a OK [MAILBOXID (F13)] "INBOX.Projects" created.']);
    expect(await run('b STATUS INBOX.Projects (MESSAGES MAILBOXID)')).toEqual([
      '* STATUS "INBOX.Projects" (MESSAGES 0 MAILBOXID (F13))', 'b OK STATUS completed',
    ]);
    expect(await run('c LIST "" INBOX.Sent RETURN (STATUS (MAILBOXID))')).toContain('* STATUS "INBOX.Sent" (MAILBOXID (F4))');
  });

  it('stays with the mailbox through RENAME; a name used again gets a new id, never an old one', async () => {
    await run('a CREATE INBOX.Projects');
    expect(await run('b RENAME INBOX.Projects INBOX.Archive')).toEqual(['b OK Folder renamed.']);
    expect(await run('c STATUS INBOX.Archive (MAILBOXID)')).toEqual(['* STATUS "INBOX.Archive" (MAILBOXID (F13))', 'c OK STATUS completed']);
    expect(await run('d CREATE INBOX.Projects')).toEqual(['d OK [MAILBOXID (F14)] "INBOX.Projects" created.']);
    await run('e DELETE INBOX.Archive');
    expect(await run('f CREATE INBOX.Archive')).toEqual(['f OK [MAILBOXID (F15)] "INBOX.Archive" created.']);
  });

  it('RENAME INBOX makes a new mailbox for the messages, which keep their EMAILIDs; INBOX keeps F1', async () => {
    await run('a RENAME INBOX INBOX.Old');
    expect(await run('b STATUS INBOX.Old (MESSAGES MAILBOXID)')).toEqual(['* STATUS "INBOX.Old" (MESSAGES 3 MAILBOXID (F13))', 'b OK STATUS completed']);
    expect(await run('c STATUS INBOX (MESSAGES MAILBOXID)')).toEqual(['* STATUS "INBOX" (MESSAGES 0 MAILBOXID (F1))', 'c OK STATUS completed']);
    await run('d EXAMINE INBOX.Old');
    expect(await run('e FETCH 1:3 (EMAILID)')).toEqual([
      '* 1 FETCH (EMAILID (M1))', '* 2 FETCH (EMAILID (M2))', '* 3 FETCH (EMAILID (M3))', 'e OK FETCH completed.',
    ]);
  });

  it('STATUS MAILBOXID of a missing mailbox is NO, an unknown item BAD, as for other items', async () => {
    expect(await run('a STATUS INBOX.Nope (MAILBOXID)')).toEqual(['a NO [NONEXISTENT] Mailbox INBOX.Nope does not exist']);
    expect(await run('b STATUS INBOX (MAILBOXIDS)')).toEqual(['b BAD Unknown STATUS item MAILBOXIDS']);
  });
});

describe('EMAILID and THREADID (RFC 8474 5)', () => {
  const { run } = rawSession();

  it('FETCH returns both, in parentheses; a reply in another mailbox shares its thread', async () => {
    await run('s EXAMINE INBOX');
    expect(await run('f FETCH 1:3 (EMAILID THREADID)')).toEqual([
      '* 1 FETCH (EMAILID (M1) THREADID (T1))',
      '* 2 FETCH (EMAILID (M2) THREADID (T2))',
      '* 3 FETCH (EMAILID (M3) THREADID (T3))',
      'f OK FETCH completed.',
    ]);
    // The Entwürfe draft answers message 3 (In-Reply-To its Message-ID).
    await run('t EXAMINE INBOX.Entw&APw-rfe');
    expect(await run('g UID FETCH 1 (THREADID EMAILID)')).toEqual(['* 1 FETCH (UID 1 THREADID (T3) EMAILID (M7))', 'g OK UID FETCH completed.']);
  });

  it('COPY and MOVE give the copy its source\'s EMAILID and THREADID (5.1), and SEARCH EMAILID finds it there', async () => {
    await run('s SELECT INBOX');
    expect(await run('c COPY 3 INBOX.Trash')).toEqual(['c OK [COPYUID 1294991878 3 1] COPY completed.']);
    expect(await run('m MOVE 2 INBOX.Junk')).toEqual(['* OK [COPYUID 1294991879 2 1] Moved', '* 2 EXPUNGE', 'm OK MOVE completed.']);
    expect(await run('a SEARCH EMAILID M2')).toEqual(['* SEARCH', 'a OK SEARCH completed']);
    expect(await run('b SEARCH EMAILID M3')).toEqual(['* SEARCH 2', 'b OK SEARCH completed']);
    await run('t SELECT INBOX.Junk');
    expect(await run('d UID SEARCH EMAILID M2')).toEqual(['* SEARCH 1', 'd OK UID SEARCH completed']);
    expect(await run('e FETCH 1 (EMAILID THREADID)')).toEqual(['* 1 FETCH (EMAILID (M2) THREADID (T2))', 'e OK FETCH completed.']);
    await run('u SELECT INBOX.Trash');
    expect(await run('f SEARCH THREADID T3')).toEqual(['* SEARCH 1', 'f OK SEARCH completed']);
    expect(await run('g FETCH 1 (EMAILID)')).toEqual(['* 1 FETCH (EMAILID (M3))', 'g OK FETCH completed.']);
  });

  it('APPEND gives a new EMAILID; a reply joins the thread of the message it names, in any mailbox', async () => {
    const reply = message(['Subject: Re: Gruesse', 'Message-ID: <r1@example.com>', 'In-Reply-To: <20110116093527.4711@mail.example.de>']);
    const fresh = message(['Subject: Something else', 'Message-ID: <n1@example.com>']);
    const replyToReply = message(['Subject: Re: Re: Gruesse', 'References: <unknown@example.com> <r1@example.com>']);
    await run(append('a', 'INBOX.Sent', reply));
    await run(append('b', 'INBOX.Sent', fresh));
    await run(append('c', 'INBOX', replyToReply));
    await run('s EXAMINE INBOX.Sent');
    expect(await run('f FETCH 2:3 (EMAILID THREADID)')).toEqual([
      '* 2 FETCH (EMAILID (M21) THREADID (T3))', '* 3 FETCH (EMAILID (M22) THREADID (T22))', 'f OK FETCH completed.',
    ]);
    await run('t EXAMINE INBOX');
    expect(await run('g SEARCH THREADID T3')).toEqual(['* SEARCH 3 4', 'g OK SEARCH completed']);
  });

  it('SEARCH compares ids exactly and case-sensitively; a value that is no objectid is BAD', async () => {
    await run('s EXAMINE INBOX');
    expect(await run('a SEARCH EMAILID m1')).toEqual(['* SEARCH', 'a OK SEARCH completed']);
    expect(await run('b SEARCH EMAILID "M1"')).toEqual(['* SEARCH 1', 'b OK SEARCH completed']);
    expect(await run('c SEARCH NOT THREADID T1')).toEqual(['* SEARCH 2 3', 'c OK SEARCH completed']);
    expect(await run('d SEARCH EMAILID "M 1"')).toEqual(['d BAD EMAILID needs an object id: 1 to 255 letters, digits, "_" or "-" (RFC 8474 7)']);
    expect(await run('e SEARCH THREADID')).toEqual(['e BAD THREADID needs an argument']);
  });
});

describe('THREADID of the class conversation (student account)', () => {
  const { run } = rawSession('l1 LOGIN student@example.com student');

  it('links by Message-ID, References and In-Reply-To, not by subject as THREAD=REFERENCES also does', async () => {
    await run('s EXAMINE INBOX');
    // INBOX: the three tutorial messages (M8-M10), then the six posts (M15-M20).
    expect(await run('f FETCH 4:9 (THREADID)')).toEqual([
      '* 4 FETCH (THREADID (T15))', '* 5 FETCH (THREADID (T15))', '* 6 FETCH (THREADID (T15))', '* 7 FETCH (THREADID (T15))',
      '* 8 FETCH (THREADID (T19))', '* 9 FETCH (THREADID (T20))', 'f OK FETCH completed.',
    ]);
    expect((await run('t THREAD REFERENCES UTF-8 4:9'))[0]).toBe('* THREAD (4 5 (7)(6))((9)(8))');
  });
});

describe('imapflow reads the ids the demo announces with OBJECTID', () => {
  const session = checkedDemo();
  const client = connectedImapflow(() => session.demo);

  it('fetches emailId and threadId, sees the MAILBOXID of SELECT and CREATE, and searches by emailId', async () => {
    const c = await client();
    const mailbox = await c.mailboxOpen('INBOX');
    expect(mailbox.mailboxId).toBe('F1');
    const m = await c.fetchOne('3', { uid: true, emailId: true, threadId: true });
    expect(m && { emailId: m.emailId, threadId: m.threadId }).toEqual({ emailId: 'M3', threadId: 'T3' });
    // imapflow asks for EMAILID by itself once OBJECTID is announced, and makes it the message's id.
    const all = [];
    for await (const msg of c.fetch('1:*', { uid: true })) all.push([msg.uid, msg.emailId, msg.id]);
    expect(all).toEqual([[1, 'M1', 'M1'], [2, 'M2', 'M2'], [3, 'M3', 'M3']]);
    expect(await c.search({ emailId: 'M2' })).toEqual([2]);
    expect(await c.search({ threadId: 'T3' })).toEqual([3]);
    expect((await c.mailboxCreate('INBOX.Projects')).mailboxId).toBe('F13');
  });

  it('finds a moved message again by its emailId', async () => {
    const c = await client();
    await c.mailboxOpen('INBOX');
    await c.messageMove('2', 'INBOX.Trash');
    await c.mailboxOpen('INBOX.Trash');
    const found = await c.search({ emailId: 'M2' }, { uid: true });
    expect(found).toEqual([1]);
    expect((await c.fetchOne(String(found && found[0]), { threadId: true }, { uid: true }))).toMatchObject({ emailId: 'M2', threadId: 'T2' });
  });
});
