// Audit item: a SELECT made read-only by the ACL (RFC 4314 5.2: "lr" holds no right that
// changes the mailbox) answered STORE with "Mailbox is read-only (EXAMINE)". The text now
// names the rights where they are the reason, and EXAMINE only after EXAMINE.

import { afterEach, describe, expect, it } from 'vitest';
import { ownerAndGrantee, tagged, type RawImap } from './helpers.js';
import { readOnlyText } from '../../src/demo/imap/read-only.js';

const users = ownerAndGrantee();
let owner: RawImap;
let grantee: RawImap;

afterEach(async () => {
  await users.grantee.command('gu UNSELECT');
  await users.owner.command('ou UNSELECT');
  await users.owner.command('oz DELETEACL INBOX.Sent student@example.com');
});

describe('NO [READ-ONLY] says why', () => {
  it('a SELECT read-only by the ACL: STORE, EXPUNGE and MOVE name the rights held, not EXAMINE', async () => {
    ({ owner, grantee } = users);
    expect(tagged(await owner.command('os SETACL INBOX.Sent student@example.com lr'))).toMatchObject({ status: 'OK' });
    expect(tagged(await grantee.command('g1 SELECT #Users.test77.INBOX.Sent'))).toMatchObject({ status: 'OK', code: 'READ-ONLY' });
    const expected = { status: 'NO', code: 'READ-ONLY', text: 'you hold "lr" on this mailbox: read-only (RFC 4314 5.2)' };
    expect(tagged(await grantee.command('g2 STORE 1 +FLAGS (\\Seen)'))).toEqual(expected);
    expect(tagged(await grantee.command('g3 EXPUNGE'))).toEqual(expected);
    expect(tagged(await grantee.command('g4 MOVE 1 INBOX'))).toEqual(expected);
  });

  it('after EXAMINE of a mailbox the user may change: EXAMINE is the reason', async () => {
    ({ owner } = users);
    expect(tagged(await owner.command('oe EXAMINE INBOX'))).toMatchObject({ status: 'OK', code: 'READ-ONLY' });
    expect(tagged(await owner.command('os STORE 1 +FLAGS (\\Seen)'))).toEqual({ status: 'NO', code: 'READ-ONLY', text: 'Mailbox is read-only (EXAMINE)' });
    expect(tagged(await owner.command('ox EXPUNGE'))).toEqual({ status: 'NO', code: 'READ-ONLY', text: 'Mailbox is read-only (EXAMINE)' });
  });

  it('the rights decide: any of "iestw" makes EXAMINE the only reason left', () => {
    expect(readOnlyText({ rights: 'lr' })).toBe('you hold "lr" on this mailbox: read-only (RFC 4314 5.2)');
    expect(readOnlyText({ rights: 'lrs' })).toBe('Mailbox is read-only (EXAMINE)');
  });
});
