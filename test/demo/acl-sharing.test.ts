// RFC 4314 ACLs end to end: test77 grants rights on its mailboxes to student, and student's
// session reaches them in the Other Users namespace (RFC 2342 5) within those rights only.

import { beforeEach, describe, expect, it } from 'vitest';
import { ownerAndGrantee, tagged, texts, type RawImap } from './helpers.js';

const users = ownerAndGrantee(async (owner) => {
  // Leave no grant behind for the next test (DELETEACL of an absent entry is fine).
  for (const box of ['INBOX.Sent', 'INBOX.Junk', 'INBOX.Drafts', 'INBOX.Trash']) {
    await owner.command(`oz DELETEACL ${box} student@example.com`);
  }
});
let owner: RawImap;
let grantee: RawImap;
beforeEach(() => {
  ({ owner, grantee } = users);
});

async function grant(mailbox: string, rights: string): Promise<void> {
  expect(tagged(await owner.command(`os SETACL ${mailbox} student@example.com ${rights}`))).toMatchObject({ status: 'OK' });
}

const listed = async (pattern = '*') => texts(await grantee.command(`gl LIST "" "${pattern}"`)).filter((l) => l.startsWith('* LIST'));

describe('the Other Users namespace', () => {
  it('NAMESPACE names "#Users." beside the personal "INBOX."', async () => {
    expect(texts(await grantee.command('gn NAMESPACE'))).toEqual([
      '* NAMESPACE (("INBOX." ".")) (("#Users." ".")) NIL',
      'gn OK NAMESPACE completed',
    ]);
  });

  it('LIST shows another\'s mailbox only while the user holds l', async () => {
    expect((await listed()).some((l) => l.includes('#Users'))).toBe(false);
    await grant('INBOX.Junk', 'lr');
    expect(await listed()).toContain('* LIST (\\Unmarked \\HasNoChildren \\Junk) "." "#Users.test77.INBOX.Junk"');
    expect(await listed('#Users.test77.%.%')).toEqual(['* LIST (\\Unmarked \\HasNoChildren \\Junk) "." "#Users.test77.INBOX.Junk"']);
    // The levels above it lead a client there from the top (RFC 2342 5).
    expect(await listed('%')).toContain('* LIST (\\Noselect \\HasChildren) "." "#Users"');
    expect(await listed('#Users.%')).toEqual(['* LIST (\\Noselect \\HasChildren) "." "#Users.test77"']);
    expect(tagged(await grantee.command('gs SELECT #Users.test77'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    // r without l: readable by name, but not listed (RFC 4314 4: LIST needs l).
    await grant('INBOX.Trash', 'r');
    expect((await listed()).some((l) => l.includes('INBOX.Trash') && l.includes('#Users'))).toBe(false);
    expect(tagged(await grantee.command('ge EXAMINE #Users.test77.INBOX.Trash'))).toMatchObject({ status: 'OK', code: 'READ-ONLY' });
    // DELETEACL takes it away again.
    expect(tagged(await owner.command('od DELETEACL INBOX.Junk student@example.com')).status).toBe('OK');
    expect((await listed()).some((l) => l.includes('#Users.test77.INBOX.Junk'))).toBe(false);
    expect(tagged(await grantee.command('gs SELECT #Users.test77.INBOX.Junk'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
  });

  it('SUBSCRIBE needs l; LSUB and LIST (SUBSCRIBED) show the name only while l is held', async () => {
    await grant('INBOX.Trash', 'r');
    expect(tagged(await grantee.command('gu SUBSCRIBE #Users.test77.INBOX.Trash'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    await grant('INBOX.Junk', 'l');
    expect(tagged(await grantee.command('gu SUBSCRIBE #Users.test77.INBOX.Junk')).status).toBe('OK');
    const lsub = async () => texts(await grantee.command('gb LSUB "" "#Users.*"')).filter((l) => l.startsWith('* LSUB'));
    const subscribedList = async () => texts(await grantee.command('gc LIST (SUBSCRIBED) "" "#Users.*"')).filter((l) => l.startsWith('* LIST'));
    expect(await lsub()).toEqual(['* LSUB () "." "#Users.test77.INBOX.Junk"']);
    expect(await subscribedList()).toEqual(['* LIST (\\Unmarked \\HasNoChildren \\Junk \\Subscribed) "." "#Users.test77.INBOX.Junk"']);
    await owner.command('od DELETEACL INBOX.Junk student@example.com');
    expect(await lsub()).toEqual([]);
    expect(await subscribedList()).toEqual([]);
    await grantee.command('gx UNSUBSCRIBE #Users.test77.INBOX.Junk');
  });

  it('the owner\'s own listing is unchanged by a grant', async () => {
    const before = texts(await owner.command('ol LIST "" "*"'));
    await grant('INBOX.Junk', 'lrswi');
    expect(texts(await owner.command('ol LIST "" "*"'))).toEqual(before);
  });
});

describe('rights a grantee holds', () => {
  it('lr: SELECT is READ-ONLY, FETCH works, STORE and APPEND get NO', async () => {
    await grant('INBOX.Sent', 'lr');
    const selected = await grantee.command('gs SELECT #Users.test77.INBOX.Sent');
    expect(tagged(selected)).toMatchObject({ status: 'OK', code: 'READ-ONLY' });
    expect(texts(selected)).toContain('* 1 EXISTS');
    const fetch = await grantee.command('gf FETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    const fetched = texts(fetch);
    expect(fetched[0]).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen\) BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}/);
    expect(tagged(fetch).status).toBe('OK');
    expect(tagged(await grantee.command('gt STORE 1 +FLAGS (\\Flagged)'))).toMatchObject({ status: 'NO', code: 'READ-ONLY' });
    expect(tagged(await grantee.command('gx EXPUNGE'))).toMatchObject({ status: 'NO', code: 'READ-ONLY' });
    const append = await grantee.command('ga APPEND #Users.test77.INBOX.Sent {9+}\r\nSubject: ');
    expect(tagged(append)).toMatchObject({ status: 'NO', code: 'NOPERM' });
    // The owner's mailbox is untouched.
    expect(texts(await owner.command('os STATUS INBOX.Sent (MESSAGES)'))[0]).toBe('* STATUS "INBOX.Sent" (MESSAGES 1)');
  });

  it('lrswi: APPEND and COPY into the shared mailbox land in the owner\'s', async () => {
    await grant('INBOX.Junk', 'lrswi');
    const append = await grantee.command('ga APPEND #Users.test77.INBOX.Junk {19+}\r\nSubject: hi\r\n\r\nyo\r\n');
    expect(tagged(append)).toMatchObject({ status: 'OK', code: 'APPENDUID' });
    await grantee.command('gs SELECT INBOX');
    expect(tagged(await grantee.command('gc COPY 1 #Users.test77.INBOX.Junk'))).toMatchObject({ status: 'OK', code: 'COPYUID' });
    expect(texts(await owner.command('os STATUS INBOX.Junk (MESSAGES)'))[0]).toBe('* STATUS "INBOX.Junk" (MESSAGES 2)');
    expect(texts(await grantee.command('gt STATUS #Users.test77.INBOX.Junk (MESSAGES)'))[0]).toBe('* STATUS "#Users.test77.INBOX.Junk" (MESSAGES 2)');
  });

  it('without r SELECT, EXAMINE and STATUS get NO [NOPERM]; without i COPY does', async () => {
    await grant('INBOX.Drafts', 'l');
    expect(tagged(await grantee.command('gs SELECT #Users.test77.INBOX.Drafts'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(tagged(await grantee.command('ge EXAMINE #Users.test77.INBOX.Drafts'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(tagged(await grantee.command('gt STATUS #Users.test77.INBOX.Drafts (MESSAGES)'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    await grantee.command('gs SELECT INBOX');
    expect(tagged(await grantee.command('gc UID COPY 1:* #Users.test77.INBOX.Drafts'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
  });

  it('a mailbox granting nothing is not there, and no one else\'s name works', async () => {
    expect(tagged(await grantee.command('gs SELECT #Users.test77.INBOX.Sent'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    expect(tagged(await grantee.command('gm MYRIGHTS #Users.test77.INBOX.Sent'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    // One's own mailboxes are not reached through #Users.
    expect(tagged(await grantee.command('gs SELECT #Users.student.INBOX'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
  });

  it('an IMAP4rev2 SELECT names the mailbox by its #Users. name in its LIST line', async () => {
    await grant('INBOX.Trash', 'lr');
    await grantee.command('gv ENABLE IMAP4rev2');
    const selected = texts(await grantee.command('gs SELECT #Users.test77.INBOX.Trash'));
    expect(selected).toContain('* LIST (\\Unmarked \\HasNoChildren \\Trash) "." "#Users.test77.INBOX.Trash"');
  });

  it('MYRIGHTS shows the grantee\'s rights; the owner keeps every right', async () => {
    await grant('INBOX.Junk', 'lrs');
    expect(texts(await grantee.command('gm MYRIGHTS #Users.test77.INBOX.Junk'))[0]).toBe('* MYRIGHTS "#Users.test77.INBOX.Junk" lrs');
    expect(texts(await owner.command('om MYRIGHTS INBOX.Junk'))[0]).toBe('* MYRIGHTS "INBOX.Junk" lrswipkxtea');
    // RFC 4314 2: "anyone" grants to every user; its rights add to the user's own.
    await grant('INBOX.Junk', 'rs');
    await owner.command('oa SETACL INBOX.Junk anyone lw');
    expect(texts(await grantee.command('gm MYRIGHTS #Users.test77.INBOX.Junk'))[0]).toBe('* MYRIGHTS "#Users.test77.INBOX.Junk" lrsw');
    await owner.command('oa DELETEACL INBOX.Junk anyone');
  });

  it('lrswite: a read-write selection whose STORE reaches the owner', async () => {
    await grant('INBOX.Sent', 'lrswite');
    expect(tagged(await grantee.command('gs SELECT #Users.test77.INBOX.Sent'))).toMatchObject({ status: 'OK', code: 'READ-WRITE' });
    expect(tagged(await grantee.command('gt STORE 1 +FLAGS.SILENT (\\Flagged)')).status).toBe('OK');
    await owner.command('os EXAMINE INBOX.Sent');
    expect(texts(await owner.command('of FETCH 1 (FLAGS)'))[0]).toBe('* 1 FETCH (FLAGS (\\Seen \\Flagged))');
    await grantee.command('gt STORE 1 -FLAGS.SILENT (\\Flagged)');
  });
});

describe('ACL commands by a non-owner', () => {
  it('GETACL, SETACL, DELETEACL, LISTRIGHTS need a', async () => {
    await grant('INBOX.Junk', 'lr');
    for (const command of ['GETACL #Users.test77.INBOX.Junk', 'SETACL #Users.test77.INBOX.Junk anyone lr', 'DELETEACL #Users.test77.INBOX.Junk student@example.com', 'LISTRIGHTS #Users.test77.INBOX.Junk anyone']) {
      expect(tagged(await grantee.command(`ga ${command}`))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    }
    await grant('INBOX.Junk', 'lra');
    expect(texts(await grantee.command('ga GETACL #Users.test77.INBOX.Junk'))[0]).toBe('* ACL "#Users.test77.INBOX.Junk" test77@example.com lrswipkxtea student@example.com lra');
    expect(tagged(await grantee.command('gb SETACL #Users.test77.INBOX.Junk test77@example.com l'))).toMatchObject({ status: 'NO', code: 'CANNOT' });
  });

  it('DELETE and RENAME of another\'s mailbox need x (with x: acl-mailbox-management.test.ts)', async () => {
    await grant('INBOX.Junk', 'lrk');
    expect(tagged(await grantee.command('gd DELETE #Users.test77.INBOX.Junk'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(tagged(await grantee.command('gr RENAME #Users.test77.INBOX.Junk #Users.test77.INBOX.Mine'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(texts(await owner.command('ol LIST "" INBOX.Junk'))[0]).toContain('"INBOX.Junk"');
  });
});

describe('rights in the selected mailbox (RFC 4314 4 and 5.2)', () => {
  /** The owner's view of INBOX.Sent's first message flags. */
  const ownerFlags = async () => {
    const lines = texts(await owner.command('of FETCH 1 FLAGS'));
    return lines.find((l) => l.startsWith('* 1 FETCH')) ?? '';
  };

  it('"lr" opens READ-ONLY; "lrs" READ-WRITE, since every flag is shared between users here (RFC 4314 5.2)', async () => {
    await grant('INBOX.Sent', 'lr');
    expect(tagged(await grantee.command('g2 SELECT #Users.test77.INBOX.Sent'))).toMatchObject({ status: 'OK', code: 'READ-ONLY' });
    await grant('INBOX.Sent', 'lrs');
    const opened = await grantee.command('g3 SELECT #Users.test77.INBOX.Sent');
    expect(tagged(opened)).toMatchObject({ status: 'OK', code: 'READ-WRITE' });
    expect(texts(opened)).toContain('* OK [PERMANENTFLAGS (\\Seen)] Limited');
  });

  it('"lrit" opens READ-WRITE (example 2); PERMANENTFLAGS lists only \\Deleted; STORE changes only the flags it may', async () => {
    await owner.command('o2 SELECT INBOX.Sent');
    await owner.command('o3 STORE 1 FLAGS ()');
    await grant('INBOX.Sent', 'lrit');
    const opened = await grantee.command('g2 SELECT #Users.test77.INBOX.Sent');
    expect(tagged(opened)).toMatchObject({ status: 'OK', code: 'READ-WRITE' });
    expect(texts(opened)).toContain('* OK [PERMANENTFLAGS (\\Deleted)] Limited');
    // \Seen needs s: refused when it is all the STORE asks for...
    expect(tagged(await grantee.command('g3 STORE 1 +FLAGS (\\Seen)'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    // ...and left out, not failed, beside a flag that may change (RFC 4314 4: SHOULD NOT fail).
    expect(texts(await grantee.command('g4 STORE 1 +FLAGS (\\Seen \\Deleted $Forwarded)'))).toContain('* 1 FETCH (FLAGS (\\Deleted))');
    expect(await ownerFlags()).toMatch(/FLAGS \(\\Deleted\)/);
    // EXPUNGE needs e; CLOSE without e closes and expunges nothing, still OK.
    expect(tagged(await grantee.command('g5 EXPUNGE'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(tagged(await grantee.command('g6 CLOSE'))).toMatchObject({ status: 'OK' });
    expect(texts(await owner.command('o4 STATUS INBOX.Sent (MESSAGES)'))[0]).toBe('* STATUS "INBOX.Sent" (MESSAGES 1)');
    await owner.command('o5 STORE 1 FLAGS ()');
  });

  it('FETCH BODY[] sets \\Seen only with s', async () => {
    await owner.command('o2 SELECT INBOX.Sent');
    await owner.command('o3 STORE 1 FLAGS ()');
    await grant('INBOX.Sent', 'lri');
    await grantee.command('g2 SELECT #Users.test77.INBOX.Sent');
    await grantee.command('g3 FETCH 1 BODY[]');
    expect(await ownerFlags()).toMatch(/FLAGS \(\)/);
    await grant('INBOX.Sent', 'lris');
    await grantee.command('g4 SELECT #Users.test77.INBOX.Sent');
    await grantee.command('g5 FETCH 1 BODY[]');
    expect(await ownerFlags()).toMatch(/FLAGS \(\\Seen\)/);
    await owner.command('o4 STORE 1 FLAGS ()');
  });

  it('APPEND keeps only the flags the user may set; it does not fail for the others', async () => {
    await grant('INBOX.Junk', 'lrsi');
    const appended = tagged(await grantee.command('g2 APPEND #Users.test77.INBOX.Junk (\\Seen \\Deleted $Forwarded) {20+}\r\nSubject: flags\r\n\r\nx'));
    expect(appended).toMatchObject({ status: 'OK' });
    await owner.command('o2 SELECT INBOX.Junk');
    const flags = texts(await owner.command('o3 FETCH * FLAGS')).find((l) => l.includes('FETCH')) ?? '';
    // (\Recent: the owner's session is the first to see the new message.)
    expect(flags).toMatch(/FLAGS \(\\Seen( \\Recent)?\)/);
    await owner.command('o4 STORE * +FLAGS (\\Deleted)');
    await owner.command('o5 EXPUNGE');
  });
});
