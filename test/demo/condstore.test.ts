// CONDSTORE (RFC 7162 section 3.1) on the demo server, over a raw socket, byte-exact.
// The seeded INBOX holds three messages (UIDs 1-3, message 1 \Seen); a new mailbox starts at
// HIGHESTMODSEQ 1 and each arrival takes the next mod-sequence, so they are 2, 3 and 4.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, tagged, connectedImapflow, rawSession, SEEDED_INBOX_SELECTED } from './helpers.js';

const session = rawSession();
const { run, other } = session;

describe('announcing and enabling CONDSTORE (RFC 7162 3.1)', () => {
  it('is announced before and after login', async () => {
    const fresh = await session.greeted();
    expect((await run('c CAPABILITY', fresh))[0]).toMatch(/^\* CAPABILITY IMAP4rev1 .* CONDSTORE( |$)/);
    expect((await run('c CAPABILITY'))[0]).toMatch(/ CONDSTORE( |$)/);
  });

  it('SELECT and EXAMINE report HIGHESTMODSEQ, with or without the CONDSTORE parameter', async () => {
    expect(await run('s SELECT INBOX (CONDSTORE)')).toEqual([
      ...SEEDED_INBOX_SELECTED,
      's OK [READ-WRITE] SELECT completed',
    ]);
    const examine = await run('e EXAMINE INBOX.Drafts');
    expect(examine).toContain('* OK [HIGHESTMODSEQ 3] Highest');
    expect(examine.at(-1)).toBe('e OK [READ-ONLY] EXAMINE completed');
    // A mailbox that never held mail is at 1: mod-sequences are positive (RFC 7162 section 7).
    expect(await run('e2 EXAMINE INBOX.Junk (condstore)')).toContain('* OK [HIGHESTMODSEQ 1] Highest');
  });

  it('an unknown SELECT parameter is BAD and leaves the selection alone', async () => {
    await run('s SELECT INBOX');
    expect(await run('s2 SELECT INBOX.Junk (X-FOO (1 2))')).toEqual(['s2 BAD unknown SELECT parameter X-FOO']);
    expect(await run('f FETCH 3 (UID)')).toEqual(['* 3 FETCH (UID 3)', 'f OK FETCH completed.']);
  });

  it('before an enabling command FLAGS come alone; ENABLE CONDSTORE answers ENABLED and adds MODSEQ', async () => {
    expect(await run('e ENABLE X-UNKNOWN')).toEqual(['* ENABLED', 'e OK ENABLE completed']);
    await run('s SELECT INBOX');
    expect(await run('f FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen))', 'f OK FETCH completed.']);
    await run('u UNSELECT');
    expect(await run('e2 ENABLE utf8=accept condstore CONDSTORE')).toEqual(['* ENABLED CONDSTORE', 'e2 OK ENABLE completed']);
    await run('s2 SELECT INBOX');
    expect(await run('f2 FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))', 'f2 OK FETCH completed.']);
  });

  it.each([
    ['SELECT INBOX (CONDSTORE)', 'SELECT INBOX (CONDSTORE)'],
    ['STATUS (HIGHESTMODSEQ)', 'STATUS INBOX.Sent (HIGHESTMODSEQ)'],
    ['FETCH MODSEQ', 'FETCH 3 MODSEQ'],
    ['FETCH CHANGEDSINCE', 'FETCH 3 (UID) (CHANGEDSINCE 1)'],
    ['STORE UNCHANGEDSINCE', 'STORE 3 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)'],
    ['SEARCH MODSEQ', 'SEARCH MODSEQ 1'],
  ])('%s is a CONDSTORE enabling command', async (_name, command) => {
    await run('s SELECT INBOX');
    await run(`x ${command}`);
    expect((await run('f FETCH 1 (FLAGS)'))[0]).toBe('* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))');
  });
});

describe('mod-sequences in the store (RFC 7162 3.1)', () => {
  it('STATUS HIGHESTMODSEQ follows flag changes, arrivals and expunges; a no-op STORE keeps it', async () => {
    const highest = async (name: string) => (await run(`st STATUS ${name} (HIGHESTMODSEQ)`))[0];
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 4)');
    await run('s SELECT INBOX');
    await run('f FETCH 1 BODY[]'); // \Seen already set: nothing changes
    await run('st1 STORE 1 +FLAGS.SILENT (\\Seen)');
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 4)');
    await run('st2 STORE 2 +FLAGS (\\Deleted)');
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 5)');
    await run('x EXPUNGE');
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 6)');
    // COPY arrivals take the target's next mod-sequences; MOVE also expunges the source.
    await run('c COPY 1:2 INBOX.Trash');
    expect(await run('st3 STATUS INBOX.Trash (MESSAGES HIGHESTMODSEQ)')).toEqual([
      '* STATUS "INBOX.Trash" (MESSAGES 2 HIGHESTMODSEQ 3)', 'st3 OK STATUS completed',
    ]);
    await run('m MOVE 1 INBOX.Trash');
    expect(await highest('INBOX.Trash')).toBe('* STATUS "INBOX.Trash" (HIGHESTMODSEQ 4)');
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 7)');
    await run('a APPEND INBOX {9+}\r\nSubject: \r\n'.replace('{9+}', '{11+}'));
    expect(await highest('INBOX')).toBe('* STATUS "INBOX" (HIGHESTMODSEQ 8)');
    expect(await run('f2 UID FETCH 1:* (MODSEQ)')).toEqual([
      '* 1 FETCH (UID 3 MODSEQ (4))', '* 2 FETCH (UID 4 MODSEQ (8))', 'f2 OK UID FETCH completed.',
    ]);
  });
});

describe('FETCH MODSEQ and CHANGEDSINCE (RFC 7162 3.1.4)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('MODSEQ comes as a parenthesized number', async () => {
    expect(await run('f FETCH 1:* (UID MODSEQ)')).toEqual([
      '* 1 FETCH (UID 1 MODSEQ (2))', '* 2 FETCH (UID 2 MODSEQ (3))', '* 3 FETCH (UID 3 MODSEQ (4))', 'f OK FETCH completed.',
    ]);
  });

  it('CHANGEDSINCE returns only messages changed after it, and adds MODSEQ', async () => {
    await run('st STORE 1 -FLAGS (\\Seen)');
    expect(await run('f FETCH 1:* (FLAGS) (CHANGEDSINCE 3)')).toEqual([
      '* 1 FETCH (FLAGS () MODSEQ (5))', '* 3 FETCH (FLAGS () MODSEQ (4))', 'f OK FETCH completed.',
    ]);
    expect(await run('f2 UID FETCH 1:* (FLAGS) (changedsince 4)')).toEqual([
      '* 1 FETCH (UID 1 FLAGS () MODSEQ (5))', 'f2 OK UID FETCH completed.',
    ]);
    expect(await run('f3 FETCH 1:* (FLAGS) (CHANGEDSINCE 5)')).toEqual(['f3 OK FETCH completed.']);
  });

  it('refuses CHANGEDSINCE 0, a second modifier list and unknown modifiers with BAD', async () => {
    expect(tagged(await session.c.command('f FETCH 1 (FLAGS) (CHANGEDSINCE 0)'))).toEqual({
      status: 'BAD', code: undefined, text: 'CHANGEDSINCE 0 is not a mod-sequence: they start at 1 (RFC 7162 section 7)',
    });
    expect(tagged(await session.c.command('f2 FETCH 1 (FLAGS) (VANISHED)')).text).toBe('unknown FETCH modifier VANISHED');
    expect(tagged(await session.c.command('f3 FETCH 1 (FLAGS) (CHANGEDSINCE 1 CHANGEDSINCE 2)')).text).toBe('CHANGEDSINCE given twice');
    expect(tagged(await session.c.command('f4 FETCH 1 (FLAGS) (CHANGEDSINCE 9223372036854775808)')).status).toBe('BAD');
    expect(tagged(await session.c.command('f5 FETCH 1 (FLAGS) (CHANGEDSINCE 9223372036854775807)'))).toEqual({
      status: 'OK', code: undefined, text: 'FETCH completed.',
    });
  });

  it('a FETCH that sets \\Seen reports FLAGS, UID and MODSEQ once CONDSTORE is on', async () => {
    expect(await run('f FETCH 2 (RFC822.SIZE BODY[HEADER.FIELDS (SUBJECT)])')).toEqual([
      '* 2 FETCH (RFC822.SIZE 2095 BODY[HEADER.FIELDS (SUBJECT)] {27}\r\nSubject: Linux Terminal\r\n\r\n FLAGS (\\Seen))',
      'f OK FETCH completed.',
    ]);
    await run('e NOOP');
    await run('m FETCH 1 MODSEQ');
    expect(await run('f2 FETCH 3 (BODY[HEADER.FIELDS (SUBJECT)])')).toEqual([
      expect.stringMatching(/^\* 3 FETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}\r\nSubject: .*\r\n\r\n FLAGS \(\\Seen\) UID 3 MODSEQ \(6\)\)$/),
      'f2 OK FETCH completed.',
    ]);
  });
});

describe('STORE UNCHANGEDSINCE (RFC 7162 3.1.3)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('stores where MODSEQ <= the value, names the rest in [MODIFIED], reports UID and MODSEQ', async () => {
    expect(await run('st STORE 1:3 (UNCHANGEDSINCE 3) +FLAGS (\\Answered)')).toEqual([
      '* 1 FETCH (UID 1 FLAGS (\\Seen \\Answered) MODSEQ (5))',
      '* 2 FETCH (UID 2 FLAGS (\\Answered) MODSEQ (6))',
      'st OK [MODIFIED 3] Conditional STORE failed for some messages',
    ]);
    expect(await run('f FETCH 3 (FLAGS)')).toEqual(['* 3 FETCH (FLAGS () MODSEQ (4))', 'f OK FETCH completed.']);
    expect(await run('st2 STORE 3 (UNCHANGEDSINCE 4) FLAGS (\\Flagged)')).toEqual([
      '* 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (7))', 'st2 OK STORE completed.',
    ]);
  });

  it('a modifier after the flags (a common slip) gets a BAD that shows where it goes', async () => {
    expect(await run('st STORE 1 +FLAGS (\\Flagged) (UNCHANGEDSINCE 1)')).toEqual([
      'st BAD modifiers go before the flags: STORE 1 (UNCHANGEDSINCE n) +FLAGS (flags)',
    ]);
    // Refused, so nothing changed and CONDSTORE was not turned on either (no MODSEQ yet).
    expect(await run('f FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen))', 'f OK FETCH completed.']);
  });

  it('UNCHANGEDSINCE 0 fails for every message and changes nothing', async () => {
    expect(await run('st STORE 1:* (UNCHANGEDSINCE 0) +FLAGS (\\Deleted)')).toEqual([
      'st OK [MODIFIED 1:3] Conditional STORE failed for some messages',
    ]);
    expect(await run('f FETCH 1:3 (FLAGS)')).toEqual([
      '* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))', '* 2 FETCH (FLAGS () MODSEQ (3))', '* 3 FETCH (FLAGS () MODSEQ (4))', 'f OK FETCH completed.',
    ]);
  });

  it('MODIFIED holds message numbers for STORE and UIDs for UID STORE', async () => {
    await run('d STORE 1 +FLAGS.SILENT (\\Deleted)');
    await run('x EXPUNGE'); // now message 1 is UID 2, message 2 is UID 3
    expect(await run('st UID STORE 2:3 (UNCHANGEDSINCE 3) -FLAGS (\\Seen)')).toEqual([
      '* 1 FETCH (UID 2 FLAGS () MODSEQ (3))', 'st OK [MODIFIED 3] Conditional UID STORE failed for some messages',
    ]);
    expect(await run('st2 STORE 1:2 (UNCHANGEDSINCE 3) -FLAGS (\\Seen)')).toEqual([
      '* 1 FETCH (UID 2 FLAGS () MODSEQ (3))', 'st2 OK [MODIFIED 2] Conditional STORE failed for some messages',
    ]);
  });

  it('.SILENT still reports MODSEQ: for every stored message when conditional, for changed ones once enabled', async () => {
    expect(await run('q STORE 2 +FLAGS.SILENT (\\Flagged)')).toEqual(['q OK STORE completed.']);
    expect(await run('st STORE 1:2 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)')).toEqual([
      '* 1 FETCH (UID 1 MODSEQ (2))', '* 2 FETCH (UID 2 MODSEQ (6))', 'st OK STORE completed.',
    ]);
    expect(await run('st2 STORE 1:2 -FLAGS.SILENT (\\Flagged)')).toEqual(['* 2 FETCH (UID 2 MODSEQ (7))', 'st2 OK STORE completed.']);
  });

  it('is refused on a read-only mailbox and with bad modifiers', async () => {
    expect(tagged(await session.c.command('b STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)')).status).toBe('BAD');
    expect(tagged(await session.c.command('b2 STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) +FLAGS (\\Seen)')).text).toBe('UNCHANGEDSINCE given twice');
    expect(tagged(await session.c.command('b3 STORE 1 (CHANGEDSINCE 1) +FLAGS (\\Seen)')).text).toBe('unknown STORE modifier CHANGEDSINCE');
    await run('e EXAMINE INBOX');
    expect(await run('n STORE 1 (UNCHANGEDSINCE 9) +FLAGS (\\Seen)')).toEqual(['n NO [READ-ONLY] Mailbox is read-only (EXAMINE)']);
  });
});

describe('other sessions\' changes (RFC 7162 3.1)', () => {
  it('a CONDSTORE-aware session gets UID and MODSEQ with the new FLAGS; a plain one gets FLAGS', async () => {
    await run('s SELECT INBOX (CONDSTORE)');
    const plain = await other();
    await run('s SELECT INBOX', plain);
    const writer = await other();
    await run('s SELECT INBOX', writer);
    await run('st STORE 2 +FLAGS.SILENT (\\Flagged)', writer);
    expect(await run('n NOOP')).toEqual(['* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (5))', 'n OK NOOP completed']);
    expect(await run('n NOOP', plain)).toEqual(['* 2 FETCH (FLAGS (\\Flagged))', 'n OK NOOP completed']);
  });

  it('a FETCH or STORE that shows the new FLAGS is not followed by the same update again', async () => {
    await run('s SELECT INBOX (CONDSTORE)');
    const writer = await other();
    await run('s SELECT INBOX', writer);
    await run('st STORE 2:3 +FLAGS.SILENT (\\Flagged)', writer);
    expect(await run('f FETCH 2 (FLAGS)')).toEqual([
      '* 2 FETCH (FLAGS (\\Flagged) MODSEQ (5))', '* 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (6))', 'f OK FETCH completed.',
    ]);
    await run('st2 STORE 2:3 -FLAGS.SILENT (\\Flagged)', writer);
    expect(await run('st STORE 3 +FLAGS (\\Answered)')).toEqual([
      '* 2 FETCH (UID 2 FLAGS () MODSEQ (7))', '* 3 FETCH (UID 3 FLAGS (\\Answered) MODSEQ (9))', 'st OK STORE completed.',
    ]);
    expect(await run('n NOOP')).toEqual(['n OK NOOP completed']);
  });
});

describe('SEARCH MODSEQ (RFC 7162 3.1.5, 3.1.6)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('finds messages with MODSEQ at least the value and ends with the highest of them', async () => {
    expect(await run('a SEARCH MODSEQ 4')).toEqual(['* SEARCH 3 (MODSEQ 4)', 'a OK SEARCH completed']);
    expect(await run('b SEARCH MODSEQ 0')).toEqual(['* SEARCH 1 2 3 (MODSEQ 4)', 'b OK SEARCH completed']);
    await run('st STORE 1 +FLAGS (\\Flagged)');
    expect(await run('c UID SEARCH MODSEQ 4')).toEqual(['* SEARCH 1 3 (MODSEQ 5)', 'c OK UID SEARCH completed']);
    expect(await run('d SEARCH UNSEEN MODSEQ 3')).toEqual(['* SEARCH 2 3 (MODSEQ 4)', 'd OK SEARCH completed']);
    expect(await run('e SEARCH OR MODSEQ 5 UID 2')).toEqual(['* SEARCH 1 2 (MODSEQ 5)', 'e OK SEARCH completed']);
    expect(await run('f SEARCH UNSEEN')).toEqual(['* SEARCH 2 3', 'f OK SEARCH completed']);
    // No match: no MODSEQ at all (3.1.6 appends it to a non-empty result only).
    expect(await run('g SEARCH MODSEQ 6')).toEqual(['* SEARCH', 'g OK SEARCH completed']);
  });

  it('accepts and ignores the entry-name form', async () => {
    expect(await run('a SEARCH MODSEQ "/flags/\\\\draft" all 3')).toEqual(['* SEARCH 2 3 (MODSEQ 4)', 'a OK SEARCH completed']);
    expect(await run('b UID SEARCH modseq "/flags/$Label" priv 4')).toEqual(['* SEARCH 3 (MODSEQ 4)', 'b OK UID SEARCH completed']);
    expect(await run('c SEARCH MODSEQ "/flags/\\\\seen" everyone 3')).toEqual(['c BAD a MODSEQ entry type is one of priv, shared, all']);
    expect(await run('d SEARCH MODSEQ "draft" all 3')).toEqual(['d BAD a MODSEQ entry name is "/flags/<flag>", like "/flags/\\\\draft"']);
    expect(tagged(await session.c.command('e SEARCH MODSEQ -1')).status).toBe('BAD');
  });
});

describe('imapflow, which ENABLEs CONDSTORE when announced', () => {
  const flow = connectedImapflow(() => session.demo);

  it('gets HIGHESTMODSEQ on open, MODSEQ with every fetch, and only changes with changedSince', async () => {
    const f = await flow();
    expect(f.enabled.has('CONDSTORE')).toBe(true);
    const box = await f.mailboxOpen('INBOX');
    expect(box.highestModseq).toBe(4n);
    const all: Array<[number, bigint | undefined]> = [];
    for await (const m of f.fetch('1:*', { uid: true, flags: true })) all.push([m.uid, m.modseq]);
    expect(all).toEqual([[1, 2n], [2, 3n], [3, 4n]]);
    await run('s SELECT INBOX');
    await run('st STORE 2 +FLAGS.SILENT (\\Flagged)');
    const changed: Array<[number, string[], bigint | undefined]> = [];
    for await (const m of f.fetch('1:*', { uid: true, flags: true }, { changedSince: 4n })) changed.push([m.uid, [...m.flags!], m.modseq]);
    expect(changed).toEqual([[2, ['\\Flagged'], 5n]]);
    expect(f.mailbox && f.mailbox.highestModseq).toBe(5n);
  });

  it('sees another session\'s change with its MODSEQ, and stores with unchangedSince only if unchanged', async () => {
    const f = await flow();
    await f.mailboxOpen('INBOX');
    const seen = new Promise<{ uid?: number; modseq?: bigint; flags: Set<string> }>((resolve) => f.on('flags', resolve));
    await run('s SELECT INBOX');
    await run('st STORE 3 +FLAGS.SILENT ($Later)');
    await f.noop();
    const event = await seen;
    expect({ uid: event.uid, modseq: event.modseq, flags: [...event.flags] }).toEqual({ uid: 3, modseq: 5n, flags: ['$Later'] });
    // Stale: message 3 changed after mod-sequence 4, so nothing is stored ([MODIFIED 3]).
    await f.messageFlagsAdd('3', ['\\Flagged'], { unchangedSince: 4n });
    expect([...(await f.fetchOne('3', { flags: true }) || { flags: new Set() }).flags!]).toEqual(['$Later']);
    await f.messageFlagsAdd('3', ['\\Flagged'], { unchangedSince: 5n });
    const after = await f.fetchOne('3', { flags: true });
    expect(after && [...after.flags!]).toEqual(['$Later', '\\Flagged']);
    expect(after && after.modseq).toBe(6n);
  });
});

describe('Python imaplib', () => {
  it('enables CONDSTORE, stores conditionally, fetches CHANGEDSINCE and searches MODSEQ', async () => {
    const script = fileURLToPath(new URL('../fixtures/demo/condstore_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const r = JSON.parse(stdout) as Record<string, unknown>;
    expect(r.capabilities).toContain('CONDSTORE');
    expect(r.enable).toEqual(['OK', ['CONDSTORE']]);
    expect(r.select).toEqual(['OK', ['3']]);
    expect(r.highestmodseq).toEqual(['4']);
    expect(r.store).toEqual(['OK', ['2 (UID 2 FLAGS (\\Flagged) MODSEQ (5))']]);
    expect(r.fetch_changedsince).toEqual(['OK', ['2 (FLAGS (\\Flagged) MODSEQ (5))']]);
    expect(r.search_modseq).toEqual(['OK', ['2 3 (MODSEQ 5)']]);
    expect(r.status).toEqual(['OK', ['"INBOX" (HIGHESTMODSEQ 5)']]);
    expect(r.logout).toBe('BYE');
  });
});
