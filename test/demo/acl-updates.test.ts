// A shared mailbox's changes reach every session that has it selected, whichever user's it is:
// the grantee reaching test77's INBOX.Sent as #Users.test77.INBOX.Sent is told of the owner's
// APPEND, STORE and EXPUNGE at its next command or during IDLE (RFC 3501 5.2, 7.4.1; RFC 9051
// 7.5), and NOTIFY (RFC 5465) reports them, for the selected mailbox and for others watched by
// their #Users. name while the user holds "l" and "r" (RFC 5465 5, 5.9). Seeded: INBOX.Sent
// holds one message (UID 1, \Seen). A fresh server per test.

import { beforeEach, describe, expect, it } from 'vitest';
import { rawSession, tagged, texts, type RawImap } from './helpers.js';

const session = rawSession('o1 LOGIN test77@example.com "qwe123#$"');
let owner: RawImap;
let grantee: RawImap;

beforeEach(async () => {
  owner = session.c;
  grantee = await session.greeted();
  expect(tagged(await grantee.command('g1 LOGIN student@example.com student')).status).toBe('OK');
});

/** Runs `line`, expects OK, and returns the response lines. */
async function ok(client: RawImap, line: string): Promise<string[]> {
  const r = await client.command(line);
  expect(tagged(r).status, texts(r).join(' | ')).toBe('OK');
  return texts(r);
}

/** An APPEND with a non-synchronizing literal (RFC 7888). */
function append(tag: string, mailbox: string, message = 'Subject: x\r\n\r\nbody\r\n'): string {
  return `${tag} APPEND ${mailbox} {${Buffer.byteLength(message)}+}\r\n${message}`;
}

/** Waits until `client` is sent a line matching `pattern`, without a command of its own. */
async function told(client: RawImap, pattern: RegExp): Promise<string[]> {
  return texts(await client.until((r) => pattern.test(r.text)));
}

const grant = (rights: string, mailbox = 'INBOX.Sent') => ok(owner, `os SETACL ${mailbox} student@example.com ${rights}`);

describe('the grantee\'s selected shared mailbox (RFC 3501 5.2, 7.4.1)', () => {
  it('NOOP carries the owner\'s EXISTS, flag FETCH and EXPUNGE, read-only selection too', async () => {
    await grant('lr');
    expect(await ok(grantee, 'g2 SELECT #Users.test77.INBOX.Sent')).toContain('* 1 EXISTS');
    await ok(owner, append('o2', 'INBOX.Sent'));
    // \Recent is shown, not taken, by a read-only selection (RFC 3501 6.3.2).
    expect(await ok(grantee, 'g3 NOOP')).toEqual(['* 2 EXISTS', '* 1 RECENT', 'g3 OK NOOP completed']);
    await ok(owner, 'o3 SELECT INBOX.Sent');
    await ok(owner, 'o4 STORE 1 +FLAGS.SILENT (\\Flagged)');
    expect(await ok(grantee, 'g4 NOOP')).toEqual(['* 1 FETCH (FLAGS (\\Seen \\Flagged))', 'g4 OK NOOP completed']);
    await ok(owner, 'o5 STORE 2 +FLAGS.SILENT (\\Deleted)');
    await ok(owner, 'o6 EXPUNGE');
    expect(await ok(grantee, 'g5 NOOP')).toEqual(['* 2 EXPUNGE', 'g5 OK NOOP completed']);
  });

  it('during IDLE the owner\'s APPEND arrives at once', async () => {
    await grant('lr');
    await ok(grantee, 'g2 EXAMINE #Users.test77.INBOX.Sent');
    grantee.write('i1 IDLE\r\n');
    await grantee.until((r) => r.response.kind === 'continuation');
    await ok(owner, append('o2', 'INBOX.Sent'));
    expect(await told(grantee, /EXISTS/)).toEqual(['* 2 EXISTS']);
    grantee.write('DONE\r\n');
    expect(texts(await grantee.untilTagged('i1')).at(-1)).toBe('i1 OK IDLE terminated');
  });

  it('the other way round: the owner is told of the grantee\'s APPEND and STORE', async () => {
    await grant('lrswi');
    await ok(owner, 'o2 SELECT INBOX.Sent');
    await ok(grantee, 'g2 SELECT #Users.test77.INBOX.Sent');
    await ok(grantee, append('g3', '#Users.test77.INBOX.Sent'));
    await ok(grantee, 'g4 STORE 1 +FLAGS.SILENT (\\Answered)');
    // 0 RECENT: the grantee's read-write selection saw the new message first and took \Recent.
    expect(await ok(owner, 'o3 NOOP')).toEqual(['* 2 EXISTS', '* 0 RECENT', '* 1 FETCH (FLAGS (\\Seen \\Answered))', 'o3 OK NOOP completed']);
  });
});

describe('NOTIFY for a grantee (RFC 5465)', () => {
  it('selected: the owner\'s APPEND is pushed with MessageNew\'s FETCH; the grantee\'s own gets none (5.2)', async () => {
    await grant('lri');
    await ok(grantee, 'g2 SELECT #Users.test77.INBOX.Sent');
    await ok(grantee, 'g3 NOTIFY SET (selected (MessageNew (UID) MessageExpunge))');
    await ok(owner, append('o2', 'INBOX.Sent'));
    expect(await told(grantee, /FETCH/)).toEqual(['* 2 EXISTS', '* 1 RECENT', '* 2 FETCH (UID 2)']);
    // "A FETCH response SHOULD NOT be generated for a new message created by the client on this
    // particular connection", in another user's mailbox as in its own.
    const appended = await ok(grantee, append('g4', '#Users.test77.INBOX.Sent'));
    const after = [...appended, ...(await ok(grantee, 'g5 NOOP'))];
    expect(after.filter((l) => l.includes('FETCH'))).toEqual([]);
    expect(after).toContain('* 3 EXISTS');
  });

  it('subtree by #Users. name (any case of INBOX): STATUS for the owner\'s change; none once r is revoked (5, 5.9)', async () => {
    await grant('lr');
    await ok(grantee, 'g2 SELECT INBOX');
    await ok(grantee, 'g3 NOTIFY SET (subtree "#Users.test77.inbox" (MessageNew MessageExpunge))');
    await ok(owner, append('o2', 'INBOX.Sent'));
    expect((await told(grantee, /STATUS/)).at(-1)).toMatch(/^\* STATUS "#Users\.test77\.INBOX\.Sent" \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+\)$/);
    await grant('l');
    await ok(owner, append('o3', 'INBOX.Sent'));
    expect(await ok(grantee, 'g4 NOOP')).toEqual(['g4 OK NOOP completed']);
    // Access back: monitoring restarts.
    await grant('lr');
    await ok(owner, append('o4', 'INBOX.Sent'));
    expect((await told(grantee, /STATUS/)).at(-1)).toMatch(/^\* STATUS "#Users\.test77\.INBOX\.Sent" \(MESSAGES 4 UIDNEXT 5 UIDVALIDITY \d+\)$/);
  });

  it('personal covers only the user\'s own namespace (6.2); subscribed covers a subscribed #Users. name (6.4)', async () => {
    await grant('lr');
    await ok(grantee, 'g2 SELECT INBOX');
    await ok(grantee, 'g3 NOTIFY SET (personal (MessageNew MessageExpunge))');
    await ok(owner, append('o2', 'INBOX.Sent'));
    expect(await ok(grantee, 'g4 NOOP')).toEqual(['g4 OK NOOP completed']);
    await ok(grantee, 'g5 SUBSCRIBE #Users.test77.INBOX.Sent');
    // NOTIFY SET STATUS: the initial STATUS of every watched mailbox, the shared one too (3.1).
    const initial = await ok(grantee, 'g6 NOTIFY SET STATUS (subscribed (MessageNew MessageExpunge))');
    expect(initial.filter((l) => l.includes('#Users'))).toEqual([expect.stringMatching(/^\* STATUS "#Users\.test77\.INBOX\.Sent" \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+\)$/)]);
    await ok(owner, append('o3', 'INBOX.Sent'));
    expect((await told(grantee, /STATUS/)).at(-1)).toMatch(/^\* STATUS "#Users\.test77\.INBOX\.Sent" \(MESSAGES 3 UIDNEXT 4 UIDVALIDITY \d+\)$/);
  });

  it('MailboxName: a name appears and goes for the grantee as l is granted and revoked, or the owner creates, renames, deletes (5.4)', async () => {
    await ok(grantee, 'g2 SELECT INBOX');
    await ok(grantee, 'g3 NOTIFY SET (subtree "#Users.test77" (MailboxName))');
    // "granting or revocation of the 'l' right ... MUST be considered mailbox creation or deletion"
    await grant('lr', 'INBOX.Junk');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\Unmarked \\HasNoChildren \\Junk) "." "#Users.test77.INBOX.Junk"');
    // More rights on a visible mailbox, or a new mailbox the grantee cannot see: nothing.
    await grant('+w', 'INBOX.Junk');
    await ok(owner, 'o2 CREATE INBOX.Hidden');
    expect(await ok(grantee, 'g4 NOOP')).toEqual(['g4 OK NOOP completed']);
    // A child inherits the ACL (RFC 4314 4), so it appears; a rename keeps it, with OLDNAME.
    await ok(owner, 'o3 CREATE INBOX.Junk.Sub');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "#Users.test77.INBOX.Junk.Sub"');
    await ok(owner, 'o4 RENAME INBOX.Junk.Sub INBOX.Junk.Moved');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "#Users.test77.INBOX.Junk.Moved" ("OLDNAME" ("#Users.test77.INBOX.Junk.Sub"))');
    await ok(owner, 'o5 DELETE INBOX.Junk.Moved');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\NonExistent) "." "#Users.test77.INBOX.Junk.Moved"');
    await ok(owner, 'o6 DELETEACL INBOX.Junk student@example.com');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\NonExistent) "." "#Users.test77.INBOX.Junk"');
  });

  it('MailboxName: the grantee\'s own CREATE under #Users. is not told to it (5), and is known after', async () => {
    await grant('lrk', 'INBOX.Junk');
    await ok(grantee, 'g2 SELECT INBOX');
    await ok(grantee, 'g3 NOTIFY SET (subtree "#Users.test77" (MailboxName))');
    const created = await ok(grantee, 'g4 CREATE #Users.test77.INBOX.Junk.Mine');
    expect([...created, ...(await ok(grantee, 'g5 NOOP'))].filter((l) => l.includes('LIST'))).toEqual([]);
    // Its revocation is a deletion for the grantee.
    await ok(owner, 'o2 DELETEACL INBOX.Junk.Mine student@example.com');
    expect((await told(grantee, /LIST/)).at(-1)).toBe('* LIST (\\NonExistent) "." "#Users.test77.INBOX.Junk.Mine"');
  });
});
