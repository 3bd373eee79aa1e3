// Command by command, over a raw socket: what the demo server answers, byte-exact where the
// RFC fixes the form.

import { beforeEach, describe, expect, it } from 'vitest';
import { tagged, rawSession, SEEDED_INBOX_SELECTED } from './helpers.js';

const session = rawSession('l1 login test77@example.com qwe123#$');
const run = session.run;

describe('authenticated state', () => {
  it('NAMESPACE is Courier\'s personal one, plus the Other Users namespace of shared mailboxes (RFC 2342 5)', async () => {
    expect(await run('n NAMESPACE')).toEqual(['* NAMESPACE (("INBOX." ".")) (("#Users." ".")) NIL', 'n OK NAMESPACE completed']);
  });

  it('LIST with an empty pattern gives the separator; % stops at it', async () => {
    expect(await run('l LIST "" ""')).toEqual(['* LIST (\\Noselect) "." ""', 'l OK LIST completed']);
    const top = await run('l2 LIST "" %');
    expect(top).toEqual(['* LIST (\\Unmarked \\HasChildren) "." "INBOX"', 'l2 OK LIST completed']);
    const under = await run('l3 LIST INBOX. %');
    expect(under).toContain('* LIST (\\Unmarked \\HasNoChildren \\Drafts) "." "INBOX.Drafts"');
    expect(await run('l4 list "" inbox')).toEqual(['* LIST (\\Unmarked \\HasChildren) "." "INBOX"', 'l4 OK LIST completed']);
  });

  it('LSUB lists subscriptions; UNSUBSCRIBE removes one', async () => {
    expect(await run('u UNSUBSCRIBE INBOX.Junk')).toEqual(['u OK UNSUBSCRIBE completed']);
    const lsub = await run('s LSUB "" *');
    expect(lsub).toContain('* LSUB () "." "INBOX.Sent"');
    expect(lsub.some((l) => l.includes('INBOX.Junk'))).toBe(false);
  });

  it('STATUS reports the items asked for', async () => {
    expect(await run('s STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)')).toEqual([
      '* STATUS "INBOX" (MESSAGES 3 RECENT 0 UIDNEXT 4 UNSEEN 2)', 's OK STATUS completed',
    ]);
  });

  it('SELECT reports FLAGS, PERMANENTFLAGS, EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ', async () => {
    const r = await run('s SELECT INBOX');
    expect(r).toEqual([
      ...SEEDED_INBOX_SELECTED,
      's OK [READ-WRITE] SELECT completed',
    ]);
  });

  it('DELETE of a parent leaves it \\Noselect; RENAME INBOX moves its messages', async () => {
    await run('c CREATE INBOX.a.b');
    expect(await run('d DELETE INBOX.a')).toEqual(['d OK Folder deleted.']);
    expect(await run('l LIST "" INBOX.a*')).toEqual([
      '* LIST (\\Noselect \\HasChildren) "." "INBOX.a"', '* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.a.b"', 'l OK LIST completed',
    ]);
    expect(tagged(await session.c.command('s SELECT INBOX.a')).code).toBe('NONEXISTENT');
    expect(await run('r RENAME INBOX INBOX.old')).toEqual(['r OK Folder renamed.']);
    expect((await run('st STATUS INBOX.old (MESSAGES)'))[0]).toBe('* STATUS "INBOX.old" (MESSAGES 3)');
    expect((await run('st2 STATUS INBOX (MESSAGES)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 0)');
  });

  it('ID answers with the server\'s name; ENABLE enables what it knows (CONDSTORE) and nothing else', async () => {
    expect((await run('i ID NIL'))[0]).toMatch(/^\* ID \("name" "mailscope demo"/);
    expect(await run('e ENABLE X-UNKNOWN')).toEqual(['* ENABLED', 'e OK ENABLE completed']);
    expect(await run('e ENABLE CONDSTORE')).toEqual(['* ENABLED CONDSTORE', 'e OK ENABLE completed']);
  });

  it('APPEND answers APPENDUID and keeps the internal date given', async () => {
    const msg = 'Subject: dated\r\n\r\nx\r\n';
    const r = await run(`a APPEND INBOX.Junk (\\Seen $Label) "05-Feb-2011 10:00:00 +0100" {${msg.length}+}\r\n${msg}`);
    expect(r.at(-1)).toMatch(/^a OK \[APPENDUID \d+ 1\] APPEND completed\.$/);
    await run('s SELECT INBOX.Junk');
    expect(await run('f FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE)')).toEqual([
      `* 1 FETCH (FLAGS (\\Seen $Label \\Recent) INTERNALDATE "05-Feb-2011 10:00:00 +0100" RFC822.SIZE ${msg.length})`,
      'f OK FETCH completed.',
    ]);
  });

  it('APPEND with a synchronizing literal waits for the client after "+"', async () => {
    session.c.write('a APPEND INBOX.Junk {5}\r\n');
    const [cont] = await session.c.until((r) => r.response.kind === 'continuation');
    expect(cont.text).toBe('+ Ready for literal data');
    session.c.write('x: y\r\n\r\n'.slice(0, 5) + '\r\n');
    const done = await session.c.untilTagged('a');
    expect(tagged(done).status).toBe('OK');
  });

  it('APPEND uses the injected clock when no date is given', async () => {
    await run('a APPEND INBOX.Junk {9+}\r\nSubject: \r\n'.replace('{9+}', '{11+}'));
    await run('s EXAMINE INBOX.Junk');
    expect((await run('f FETCH 1 INTERNALDATE'))[0]).toBe('* 1 FETCH (INTERNALDATE "26-Nov-2026 10:00:00 +0000")');
  });
});

describe('access control lists (RFC 4314)', () => {
  it('the owner holds every right: MYRIGHTS, GETACL, LISTRIGHTS', async () => {
    expect(await run('m MYRIGHTS INBOX')).toEqual(['* MYRIGHTS "INBOX" lrswipkxtea', 'm OK MYRIGHTS completed']);
    expect(await run('g GETACL inbox')).toEqual(['* ACL "INBOX" test77@example.com lrswipkxtea', 'g OK GETACL completed']);
    expect(await run('l LISTRIGHTS INBOX test77@example.com')).toEqual(['* LISTRIGHTS "INBOX" test77@example.com lrswipkxtea', 'l OK LISTRIGHTS completed']);
    expect(await run('l2 LISTRIGHTS INBOX anne')).toEqual(['* LISTRIGHTS "INBOX" anne "" l r s w i p k x t e a', 'l2 OK LISTRIGHTS completed']);
  });

  it('SETACL sets, adds (+), removes (-) and expands the old letters c and d; GETACL shows it; DELETEACL drops it', async () => {
    expect(await run('s1 SETACL INBOX.Sent anne lrs')).toEqual(['s1 OK SETACL completed']);
    expect(await run('s2 SETACL INBOX.Sent anne +wc')).toEqual(['s2 OK SETACL completed']);
    expect(await run('s3 SETACL INBOX.Sent "group one" d')).toEqual(['s3 OK SETACL completed']);
    expect(await run('g GETACL INBOX.Sent')).toEqual([
      '* ACL "INBOX.Sent" test77@example.com lrswipkxtea anne lrswk "group one" te', 'g OK GETACL completed',
    ]);
    expect(await run('s4 SETACL INBOX.Sent anne -lw')).toEqual(['s4 OK SETACL completed']);
    expect(await run('d DELETEACL INBOX.Sent "group one"')).toEqual(['d OK DELETEACL completed']);
    expect(await run('g2 GETACL INBOX.Sent')).toEqual(['* ACL "INBOX.Sent" test77@example.com lrswipkxtea anne rsk', 'g2 OK GETACL completed']);
    // Removing the last right removes the identifier.
    await run('s5 SETACL INBOX.Sent anne -rsk');
    expect(await run('g3 GETACL INBOX.Sent')).toEqual(['* ACL "INBOX.Sent" test77@example.com lrswipkxtea', 'g3 OK GETACL completed']);
  });

  it('refuses an unknown right (BAD), the owner\'s own entry (NO [CANNOT]) and a missing mailbox (NO [NONEXISTENT])', async () => {
    expect(await run('a SETACL INBOX anne lrz')).toEqual(['a BAD unknown right in "lrz" (this server has lrswipkxtea)']);
    expect(await run('b SETACL INBOX test77@example.com lr')).toEqual(['b NO [CANNOT] the owner\'s rights are fixed on the demo server']);
    expect(await run('c DELETEACL INBOX test77@example.com')).toEqual(['c NO [CANNOT] the owner\'s rights are fixed on the demo server']);
    expect(await run('d MYRIGHTS INBOX.Nope')).toEqual(['d NO [NONEXISTENT] Mailbox INBOX.Nope does not exist']);
  });

  it('the ACL lives in the shared store: a second session sees it', async () => {
    await run('s SETACL INBOX.Junk anne lr');
    const other = await session.other();
    expect((await run('g GETACL INBOX.Junk', other))[0]).toBe('* ACL "INBOX.Junk" test77@example.com lrswipkxtea anne lr');
  });
});

describe('quotas (RFC 9208)', () => {
  it('one root, "", counts the STORAGE of every mailbox in KiB; seeded mail plus 64 MiB of room', async () => {
    const account = session.demo.server.store.account('test77@example.com')!;
    const usedKiB = Math.ceil(account.storageUsed() / 1024);
    expect(usedKiB).toBeGreaterThan(0);
    expect(await run('q GETQUOTAROOT INBOX.Sent')).toEqual([
      '* QUOTAROOT "INBOX.Sent" ""', `* QUOTA "" (STORAGE ${usedKiB} ${usedKiB + 64 * 1024})`, 'q OK GETQUOTAROOT completed',
    ]);
    expect(await run('g GETQUOTA ""')).toEqual([`* QUOTA "" (STORAGE ${usedKiB} ${usedKiB + 64 * 1024})`, 'g OK GETQUOTA completed']);
    expect(await run('n GETQUOTA user.anne')).toEqual(['n NO [NONEXISTENT] no quota root "user.anne" (this server has "")']);
  });

  it('APPEND and COPY past the limit get NO [OVERQUOTA] and add nothing; within it they work', async () => {
    const account = session.demo.server.store.account('test77@example.com')!;
    // Room for exactly one more KiB.
    account.storageLimitKiB = Math.ceil(account.storageUsed() / 1024) + 1;
    const big = 'x'.repeat(2048);
    expect((await run(`a1 APPEND INBOX.Drafts {${big.length}+}\r\n${big}`)).at(-1)).toBe('a1 NO [OVERQUOTA] over the STORAGE quota of ' + account.storageLimitKiB + ' KiB (GETQUOTAROOT INBOX shows the usage)');
    await run('s SELECT INBOX');
    expect((await run('c COPY 1:* INBOX.Trash')).at(-1)).toMatch(/^c NO \[OVERQUOTA\]/);
    expect(await run('t STATUS INBOX.Trash (MESSAGES)')).toContain('* STATUS "INBOX.Trash" (MESSAGES 0)');
    account.storageLimitKiB += 1024;
    expect((await run('c2 COPY 1 INBOX.Trash')).at(-1)).toMatch(/^c2 OK \[COPYUID /);
    expect((await run(`a2 APPEND INBOX.Drafts {${big.length}+}\r\n${big}`)).at(-1)).toMatch(/^a2 OK \[APPENDUID /);
  });
});

describe('selected state', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('FETCH BODY[HEADER.FIELDS] returns the fields asked for, as a literal', async () => {
    const r = await session.c.command('f FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    expect(r[0].text).toBe('* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {27}\r\nSubject: Linux Terminal\r\n\r\n)');
  });

  it('BODY[] sets \\Seen and returns FLAGS; BODY.PEEK does not', async () => {
    const peek = await run('p FETCH 2 (BODY.PEEK[TEXT]<0.8>)');
    expect(peek[0]).toMatch(/^\* 2 FETCH \(BODY\[TEXT\]<0> \{8\}\r\n.{8}\)$/s);
    expect((await run('f1 FETCH 2 FLAGS'))[0]).toBe('* 2 FETCH (FLAGS ())');
    const body = await run('b FETCH 2 BODY[1]');
    expect(body[0]).toMatch(/^\* 2 FETCH \(BODY\[1\] \{\d+\}\r\n[\s\S]* FLAGS \(\\Seen\)\)$/);
    expect((await run('f2 FETCH 2 FLAGS'))[0]).toBe('* 2 FETCH (FLAGS (\\Seen))');
  });

  it('EXAMINE is read-only: no \\Seen from BODY[], STORE refused with [READ-ONLY]', async () => {
    await run('e EXAMINE INBOX');
    await run('b FETCH 3 BODY[]');
    expect((await run('f FETCH 3 FLAGS'))[0]).toBe('* 3 FETCH (FLAGS ())');
    expect(tagged(await session.c.command('s STORE 3 +FLAGS (\\Seen)'))).toMatchObject({ status: 'NO', code: 'READ-ONLY' });
  });

  it('UID FETCH always carries UID; sequence sets take * and reversed ranges', async () => {
    expect(await run('u UID FETCH 2:* FLAGS')).toEqual([
      '* 2 FETCH (UID 2 FLAGS ())', '* 3 FETCH (UID 3 FLAGS ())', 'u OK UID FETCH completed.',
    ]);
    expect(await run('r FETCH 3:2 UID')).toEqual(['* 2 FETCH (UID 2)', '* 3 FETCH (UID 3)', 'r OK FETCH completed.']);
  });

  it('FETCH FULL gives ENVELOPE and BODY', async () => {
    const r = await run('f FETCH 1 FULL');
    expect(r[0]).toContain('ENVELOPE ("Sat, 15 Jan 2011 10:50:12 +0530" "Test Message"');
    expect(r[0]).toMatch(/ BODY \(/);
  });

  it('STORE forms: FLAGS, +FLAGS, -FLAGS and .SILENT', async () => {
    expect(await run('a STORE 2 FLAGS (\\Answered)')).toEqual(['* 2 FETCH (FLAGS (\\Answered))', 'a OK STORE completed.']);
    expect(await run('b STORE 2 +FLAGS (\\flagged)')).toEqual(['* 2 FETCH (FLAGS (\\Answered \\Flagged))', 'b OK STORE completed.']);
    expect(await run('c STORE 2 -FLAGS (\\Answered)')).toEqual(['* 2 FETCH (FLAGS (\\Flagged))', 'c OK STORE completed.']);
    expect(await run('d STORE 2 +FLAGS.SILENT (\\Seen)')).toEqual(['d OK STORE completed.']);
    expect(await run('e UID STORE 2 -FLAGS (\\Seen)')).toEqual(['* 2 FETCH (UID 2 FLAGS (\\Flagged))', 'e OK STORE completed.']);
  });

  it('SEARCH keys', async () => {
    const cases: Array<[string, string]> = [
      ['ALL', '1 2 3'], ['SEEN', '1'], ['UNSEEN', '2 3'], ['NEW', ''], ['OLD', '1 2 3'], ['RECENT', ''],
      ['SUBJECT linux', '2'], ['HEADER Subject "Test"', '1'], ['NOT SUBJECT linux', '1 3'],
      ['OR SEEN SUBJECT linux', '1 2'], ['2:3', '2 3'], ['UID 3', '3'], ['1,3 UNSEEN', '3'],
      ['LARGER 2100', '1'], ['SMALLER 600', '3'], ['TEXT "Terminal"', '2'], ['BODY Terminal', '2'],
      ['ON 15-Jan-2011', '1 2'], ['BEFORE 16-Jan-2011', '1 2'], ['SINCE 16-Jan-2011', '3'],
      ['SENTON 15-Jan-2011', '1 2'], ['SENTSINCE 16-Jan-2011', '3'], ['KEYWORD NonJunk', ''],
      ['(SEEN) (SUBJECT test)', '1'], ['CHARSET UTF-8 SUBJECT linux', '2'],
    ];
    for (const [keys, hits] of cases) {
      const r = await run(`s SEARCH ${keys}`);
      expect({ keys, r: r[0] }).toEqual({ keys, r: hits ? `* SEARCH ${hits}` : '* SEARCH' });
    }
    expect(await run('u UID SEARCH UID 2:*')).toEqual(['* SEARCH 2 3', 'u OK UID SEARCH completed']);
  });

  it('MOVE sends COPYUID untagged before the EXPUNGEs (RFC 6851)', async () => {
    expect(await run('m MOVE 2:3 INBOX.Trash')).toEqual([
      expect.stringMatching(/^\* OK \[COPYUID \d+ 2:3 1:2\] Moved$/), '* 2 EXPUNGE', '* 2 EXPUNGE', 'm OK MOVE completed.',
    ]);
  });

  it('UID EXPUNGE removes only \\Deleted messages in the set; CLOSE expunges silently', async () => {
    await run('a STORE 1:3 +FLAGS.SILENT (\\Deleted)');
    expect(await run('u UID EXPUNGE 2')).toEqual(['* 2 EXPUNGE', 'u OK UID EXPUNGE completed']);
    expect(await run('c CLOSE')).toEqual(['c OK mailbox closed.']);
    expect((await run('s STATUS INBOX (MESSAGES)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 0)');
  });

  it('UNSELECT leaves without expunging', async () => {
    await run('a STORE 1 +FLAGS.SILENT (\\Deleted)');
    expect(await run('u UNSELECT')).toEqual(['u OK UNSELECT completed']);
    expect((await run('s STATUS INBOX (MESSAGES)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 3)');
  });

  it('COPY to a missing mailbox says [TRYCREATE]; CHECK is OK', async () => {
    expect(await run('c COPY 1 INBOX.nowhere')).toEqual(['c NO [TRYCREATE] Mailbox INBOX.nowhere does not exist']);
    expect(await run('k CHECK')).toEqual(['k OK CHECK completed']);
  });
});
