// RFC 4314 4, "Mailbox management", between two users: CREATE under another user's mailbox
// needs "k" on the nearest existing parent and makes a mailbox of the owner's that inherits the
// parent's ACL; DELETE needs "x" and deletes the ACL; RENAME needs "x" on the mailbox and "k" on
// the new parent, and keeps the ACL. Each test works under a top name of its own (INBOX.T<n>).

import { beforeEach, describe, expect, it } from 'vitest';
import { ownerAndGrantee, tagged, texts, type RawImap } from './helpers.js';

const users = ownerAndGrantee();
let owner: RawImap;
let grantee: RawImap;
beforeEach(() => {
  ({ owner, grantee } = users);
});

async function ownerRuns(line: string): Promise<string[]> {
  const responses = await owner.command(line);
  expect(tagged(responses).status).toBe('OK');
  return texts(responses);
}

/** The owner makes `mailbox` and grants student `rights` on it. */
async function sharedBox(mailbox: string, rights: string): Promise<void> {
  await ownerRuns(`oc CREATE ${mailbox}`);
  await ownerRuns(`os SETACL ${mailbox} student@example.com ${rights}`);
}

const ownerAcl = async (mailbox: string) => (await ownerRuns(`oa GETACL ${mailbox}`))[0];
const ownerList = async (pattern: string) => (await ownerRuns(`ol LIST "" "${pattern}"`)).filter((l) => l.startsWith('* LIST')).map((l) => l.split(' "." ')[1]);

describe('CREATE under another user\'s mailbox (RFC 4314 4: "k" on the nearest existing parent)', () => {
  it('with k: the mailbox is the owner\'s, inherits the parent\'s ACL, and the grantee reaches it', async () => {
    await sharedBox('INBOX.T1', 'lrk');
    const created = tagged(await grantee.command('g2 CREATE #Users.test77.INBOX.T1.Sub'));
    expect(created).toMatchObject({ status: 'OK', code: 'MAILBOXID' });
    expect(created.text).toBe('"#Users.test77.INBOX.T1.Sub" created.');
    expect(await ownerList('INBOX.T1*')).toEqual(['"INBOX.T1"', '"INBOX.T1.Sub"']);
    expect(await ownerAcl('INBOX.T1.Sub')).toBe('* ACL "INBOX.T1.Sub" test77@example.com lrswipkxtea student@example.com lrk');
    expect(texts(await grantee.command('g3 MYRIGHTS #Users.test77.INBOX.T1.Sub'))[0]).toBe('* MYRIGHTS "#Users.test77.INBOX.T1.Sub" lrk');
    expect(texts(await grantee.command('g4 LIST "" "#Users.test77.INBOX.T1.*"'))[0]).toBe('* LIST (\\Unmarked \\HasNoChildren) "." "#Users.test77.INBOX.T1.Sub"');
    // Nothing was made in the grantee's own store.
    expect(texts(await grantee.command('g5 LIST "" "INBOX.T1*"'))).toEqual(['g5 OK LIST completed']);
    // A second CREATE finds it.
    expect(tagged(await grantee.command('g6 CREATE #Users.test77.INBOX.T1.Sub'))).toMatchObject({ status: 'NO', code: 'ALREADYEXISTS' });
  });

  it('missing levels between the parent and the new name are made too, each with the ACL', async () => {
    await sharedBox('INBOX.T2', 'lrk');
    expect(tagged(await grantee.command('g2 CREATE #Users.test77.INBOX.T2.a.b')).status).toBe('OK');
    expect(await ownerList('INBOX.T2*')).toEqual(['"INBOX.T2"', '"INBOX.T2.a"', '"INBOX.T2.a.b"']);
    expect(await ownerAcl('INBOX.T2.a')).toBe('* ACL "INBOX.T2.a" test77@example.com lrswipkxtea student@example.com lrk');
  });

  it('without k on a visible parent: NO [NOPERM], and nothing is made', async () => {
    await sharedBox('INBOX.T3', 'lr');
    const refused = tagged(await grantee.command('g2 CREATE #Users.test77.INBOX.T3.Sub'));
    expect(refused).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(refused.text).toContain('"k" right on #Users.test77.INBOX.T3');
    expect(await ownerList('INBOX.T3*')).toEqual(['"INBOX.T3"']);
  });

  it('a parent the grantee cannot see answers as no parent at all (RFC 4314 6)', async () => {
    const absent = { status: 'NO', code: 'NONEXISTENT' };
    await ownerRuns('oc CREATE INBOX.T4');
    // No rights on INBOX.T4 (nor on INBOX, the next existing parent up for a deeper name).
    expect(tagged(await grantee.command('g2 CREATE #Users.test77.INBOX.T4.Sub'))).toMatchObject(absent);
    expect(tagged(await grantee.command('g3 CREATE #Users.test77.INBOX.T4.x.y'))).toMatchObject(absent);
    // r without l: not visible, so no NOPERM either (k, even without l, is enough to create).
    await ownerRuns('os SETACL INBOX.T4 student@example.com r');
    expect(tagged(await grantee.command('g4 CREATE #Users.test77.INBOX.T4.Sub'))).toMatchObject(absent);
    // The same answer for a user that does not exist.
    expect(tagged(await grantee.command('g5 CREATE #Users.nobody.INBOX.Sub'))).toMatchObject(absent);
    expect(await ownerList('INBOX.T4*')).toEqual(['"INBOX.T4"']);
    await ownerRuns('os SETACL INBOX.T4 student@example.com k');
    expect(tagged(await grantee.command('g6 CREATE #Users.test77.INBOX.T4.Sub')).status).toBe('OK');
  });

  it('the owner\'s own CREATE inherits the parent\'s ACL as well', async () => {
    await sharedBox('INBOX.T5', 'lr');
    await ownerRuns('oa SETACL INBOX.T5 anyone l');
    await ownerRuns('oc CREATE INBOX.T5.Child');
    expect(await ownerAcl('INBOX.T5.Child')).toBe('* ACL "INBOX.T5.Child" test77@example.com lrswipkxtea student@example.com lr anyone l');
  });
});

describe('DELETE and RENAME of another user\'s mailbox (RFC 4314 4)', () => {
  it('DELETE with x removes the owner\'s mailbox', async () => {
    await sharedBox('INBOX.T6', 'lrk');
    await ownerRuns('oc CREATE INBOX.T6.Gone');
    await ownerRuns('os SETACL INBOX.T6.Gone student@example.com lr');
    expect(tagged(await grantee.command('g2 DELETE #Users.test77.INBOX.T6.Gone'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    await ownerRuns('os SETACL INBOX.T6.Gone student@example.com +x');
    expect(tagged(await grantee.command('g3 DELETE #Users.test77.INBOX.T6.Gone')).status).toBe('OK');
    expect(await ownerList('INBOX.T6*')).toEqual(['"INBOX.T6"']);
  });

  it('DELETE of a parent leaves it \\Noselect without its ACL ("MUST delete the ACL")', async () => {
    await sharedBox('INBOX.T7', 'lrx');
    await ownerRuns('oc CREATE INBOX.T7.Kid');
    expect(tagged(await grantee.command('g2 DELETE #Users.test77.INBOX.T7')).status).toBe('OK');
    expect(await ownerAcl('INBOX.T7')).toBe('* ACL "INBOX.T7" test77@example.com lrswipkxtea');
    expect(tagged(await grantee.command('g3 MYRIGHTS #Users.test77.INBOX.T7'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    expect((await ownerRuns('ol LIST "" INBOX.T7'))[0]).toContain('\\Noselect');
  });

  it('RENAME needs x on the mailbox and k on the new parent, keeps the ACL, and stays with the owner', async () => {
    await sharedBox('INBOX.T8', 'lrk');
    await ownerRuns('oc CREATE INBOX.T8.Old');
    await ownerRuns('os SETACL INBOX.T8.Old student@example.com lrx');
    expect(tagged(await grantee.command('g2 RENAME #Users.test77.INBOX.T8.Old #Users.test77.INBOX.T8.New')).status).toBe('OK');
    expect(await ownerList('INBOX.T8*')).toEqual(['"INBOX.T8"', '"INBOX.T8.New"']);
    expect(await ownerAcl('INBOX.T8.New')).toBe('* ACL "INBOX.T8.New" test77@example.com lrswipkxtea student@example.com lrx');
    // The new parent INBOX grants nothing: the answer a missing parent gets; with l only, NOPERM.
    expect(tagged(await grantee.command('g3 RENAME #Users.test77.INBOX.T8.New #Users.test77.INBOX.Elsewhere'))).toMatchObject({ status: 'NO', code: 'NONEXISTENT' });
    await ownerRuns('os SETACL INBOX student@example.com l');
    expect(tagged(await grantee.command('g4 RENAME #Users.test77.INBOX.T8.New #Users.test77.INBOX.Elsewhere'))).toMatchObject({ status: 'NO', code: 'NOPERM' });
    await ownerRuns('od DELETEACL INBOX student@example.com');
    // Into the grantee's own namespace: a mailbox never changes owner.
    expect(tagged(await grantee.command('g5 RENAME #Users.test77.INBOX.T8.New INBOX.Mine'))).toMatchObject({ status: 'NO', code: 'CANNOT' });
    expect(await ownerList('INBOX.T8*')).toEqual(['"INBOX.T8"', '"INBOX.T8.New"']);
  });
});
