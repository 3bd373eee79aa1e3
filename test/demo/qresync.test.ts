// QRESYNC (RFC 7162 section 3.2) on the demo server, over raw sockets, imapflow and the
// expunged-UID memory of the store. The seeded INBOX holds UIDs 1-3 at MODSEQ 2, 3, 4
// (HIGHESTMODSEQ 4, message 1 \Seen); each STORE that changes flags and each EXPUNGE takes
// the next mod-sequence.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { beforeEach, describe, expect, it } from 'vitest';
import { explainResponse, explainTerm, formatLines } from '../../src/registry/explain.js';
import { MailStore } from '../../src/demo/store/store.js';
import { MailboxView } from '../../src/demo/store/view.js';
import { renderImapResponse } from '../../src/terminal/render-imap.js';
import { plainTheme } from '../../src/terminal/theme.js';
import { PASSWORD, USER, connectedImapflow, parsedLine, rawSession } from './helpers.js';

const session = rawSession();
const run = session.run;
const inbox = () => session.demo.server.store.account(USER)!.find('INBOX')!;
const SELECT_HEAD = [
  '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
  '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited',
];

/** Another session expunges these UIDs of INBOX (one EXPUNGE, one mod-sequence). */
async function expungeElsewhere(uids: string): Promise<void> {
  const w = await session.other();
  await run('s SELECT INBOX', w);
  await run(`d UID STORE ${uids} +FLAGS.SILENT (\\Deleted)`, w);
  await run('x EXPUNGE', w);
  await run('u LOGOUT', w);
}

describe('ENABLE QRESYNC (RFC 7162 3.2.3)', () => {
  it('is announced right after CONDSTORE', async () => {
    expect((await run('c CAPABILITY'))[0]).toMatch(/ CONDSTORE QRESYNC( |$)/);
  });

  it('answers ENABLED QRESYNC and implies CONDSTORE: FLAGS come with MODSEQ', async () => {
    expect(await run('e ENABLE QRESYNC')).toEqual(['* ENABLED QRESYNC', 'e OK ENABLE completed']);
    await run('s SELECT INBOX');
    expect(await run('f FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))', 'f OK FETCH completed.']);
  });

  it('without it, SELECT (QRESYNC ...) and UID FETCH ... VANISHED are BAD; ENABLE CONDSTORE is not enough', async () => {
    await run('e ENABLE CONDSTORE');
    await run('s SELECT INBOX');
    const v = inbox().uidValidity;
    expect(await run(`s2 SELECT INBOX.Sent (QRESYNC (${v} 1))`)).toEqual(['s2 BAD SELECT (QRESYNC ...) needs ENABLE QRESYNC first (RFC 7162 3.2.5)']);
    // BAD leaves INBOX selected: no [CLOSED], and FETCH still works there.
    expect(await run('f FETCH 3 (UID)')).toEqual(['* 3 FETCH (UID 3)', 'f OK FETCH completed.']);
    expect(await run('v UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)')).toEqual(['v BAD VANISHED needs ENABLE QRESYNC first (RFC 7162 3.2.6)']);
  });
});

describe('the mailbox remembers expunged UIDs with their mod-sequence (RFC 7162 3.2.5.2, 3.2.6)', () => {
  const seed = {
    users: [{ user: 'u', password: 'p' }],
    mailboxes: [],
    messages: [1, 2, 3, 4, 5].map((n) => ({ mailbox: 'INBOX', flags: [], internalDate: '01-Jan-2026 00:00:00 +0000', raw: `Subject: ${n}\n\nbody\n` })),
  };
  const all = () => true;

  it('answers exactly while it remembers', () => {
    const box = new MailStore(seed).account('u')!.find('INBOX')!; // UIDs 1-5, HIGHESTMODSEQ 6
    box.expunge([box.byUid(2)!]); // 7
    box.expunge([box.byUid(4)!, box.byUid(5)!]); // 8
    expect(box.expunged).toEqual([{ uid: 2, modseq: 7 }, { uid: 4, modseq: 8 }, { uid: 5, modseq: 8 }]);
    expect(box.vanishedSince(6, all)).toEqual([2, 4, 5]);
    expect(box.vanishedSince(7, all)).toEqual([4, 5]);
    expect(box.vanishedSince(8, all)).toEqual([]);
    expect(box.vanishedSince(1, (uid) => uid !== 4)).toEqual([2, 5]);
  });

  it('past its bound it reports every missing UID: more than needed, never fewer', () => {
    const box = new MailStore(seed).account('u')!.find('INBOX')!;
    box.expungedMemory = 1;
    box.expunge([box.byUid(2)!]); // 7
    box.expunge([box.byUid(4)!]); // 8, and UID 2's entry is forgotten
    expect(box.expunged).toEqual([{ uid: 4, modseq: 8 }]);
    expect(box.forgottenModseq).toBe(7);
    expect(box.vanishedSince(7, all)).toEqual([4]); // still exact: nothing after 7 was forgotten
    expect(box.vanishedSince(6, all)).toEqual([2, 4]); // forgotten: every UID no longer here
    expect(box.vanishedSince(8, all)).toEqual([]);
    // The guess still keeps to the candidates (known-uids) and above the seq-match UID.
    expect(box.vanishedSince(6, (uid) => uid >= 3)).toEqual([4]);
    expect(box.vanishedSince(6, all, 2)).toEqual([4]);
    // UIDs never given out (UIDNEXT is 6) are not reported.
    expect(box.vanishedSince(1, (uid) => uid <= 100)).toEqual([2, 4]);
  });

  it('a view drains an expunge with its UID', () => {
    const box = new MailStore(seed).account('u')!.find('INBOX')!;
    const view = new MailboxView(box, false);
    box.expunge([box.byUid(3)!]);
    expect(view.drain(true)).toEqual([{ kind: 'expunge', seq: 3, uid: 3 }]);
  });
});

describe('SELECT/EXAMINE (QRESYNC ...) (RFC 7162 3.2.5)', () => {
  /** Another session: \Flagged on UID 2 (5), UID 3 expunged (6 and 7), a new UID 4 (8). */
  async function changeInbox(): Promise<void> {
    const w = await session.other();
    await run('s SELECT INBOX', w);
    await run('f UID STORE 2 +FLAGS.SILENT (\\Flagged)', w);
    await run('d UID STORE 3 +FLAGS.SILENT (\\Deleted)', w);
    await run('x EXPUNGE', w);
    await run('a APPEND INBOX {11+}\r\nSubject: \r\n', w);
  }

  it('reports the known UIDs that vanished and the known messages that changed, after the usual responses', async () => {
    const v = inbox().uidValidity;
    await changeInbox();
    await run('e ENABLE QRESYNC');
    expect(await run(`s SELECT INBOX (QRESYNC (${v} 4 1:3))`)).toEqual([
      ...SELECT_HEAD,
      '* 3 EXISTS',
      '* 0 RECENT',
      '* OK [UNSEEN 2] First unseen',
      `* OK [UIDVALIDITY ${v}] UIDs valid`,
      '* OK [UIDNEXT 5] Predicted next UID',
      '* OK [MAILBOXID (F1)] Ok',
      '* OK [HIGHESTMODSEQ 8] Highest',
      '* VANISHED (EARLIER) 3',
      '* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (5))',
      's OK [READ-WRITE] SELECT completed',
    ]);
  });

  it('without known-uids every UID counts as known; EXAMINE works the same; a later mod-sequence narrows it', async () => {
    const v = inbox().uidValidity;
    await changeInbox();
    await run('e ENABLE QRESYNC');
    expect((await run(`s EXAMINE INBOX (QRESYNC (${v} 4))`)).slice(-4)).toEqual([
      '* VANISHED (EARLIER) 3',
      '* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (5))',
      '* 3 FETCH (UID 4 FLAGS () MODSEQ (8))',
      's OK [READ-ONLY] EXAMINE completed',
    ]);
    expect((await run(`s2 EXAMINE INBOX (QRESYNC (${v} 7))`)).slice(-3)).toEqual([
      '* OK [HIGHESTMODSEQ 8] Highest',
      '* 3 FETCH (UID 4 FLAGS () MODSEQ (8))',
      's2 OK [READ-ONLY] EXAMINE completed',
    ]);
    expect((await run(`s3 EXAMINE INBOX (QRESYNC (${v} 8))`)).slice(-2)).toEqual(['* OK [HIGHESTMODSEQ 8] Highest', 's3 OK [READ-ONLY] EXAMINE completed']);
  });

  it('a UIDVALIDITY that does not match gets the usual responses only', async () => {
    const v = inbox().uidValidity;
    await changeInbox();
    await run('e ENABLE QRESYNC');
    const lines = await run(`s SELECT INBOX (QRESYNC (${v + 1} 4 1:3))`);
    expect(lines.filter((l) => /VANISHED|FETCH/.test(l))).toEqual([]);
    expect(lines.at(-1)).toBe('s OK [READ-WRITE] SELECT completed');
  });

  it('once the memory is gone, seq-match-data keeps the guess down (RFC 7162 3.2.5.2)', async () => {
    const v = inbox().uidValidity;
    inbox().expungedMemory = 0;
    await expungeElsewhere('1'); // 5, 6: the client then knew UIDs 2 and 3 as messages 1 and 2
    await expungeElsewhere('3'); // 7, 8
    await run('e ENABLE QRESYNC');
    // Nothing is remembered: UID 1 is reported as well, though it went before mod-sequence 6.
    expect((await run(`s EXAMINE INBOX (QRESYNC (${v} 6))`)).filter((l) => l.includes('VANISHED'))).toEqual(['* VANISHED (EARLIER) 1,3']);
    // Message 1 is still UID 2 as the client had it, so nothing at or below UID 2 went.
    expect((await run(`s2 EXAMINE INBOX (QRESYNC (${v} 6 (1:2 2:3)))`)).filter((l) => l.includes('VANISHED'))).toEqual(['* VANISHED (EARLIER) 3']);
    expect((await run(`s3 EXAMINE INBOX (QRESYNC (${v} 6 2:3 (1:2 2:3)))`)).filter((l) => l.includes('VANISHED'))).toEqual(['* VANISHED (EARLIER) 3']);
  });

  it('refuses malformed parameters with BAD and leaves the selection alone', async () => {
    await run('e ENABLE QRESYNC');
    await run('s SELECT INBOX');
    const v = inbox().uidValidity;
    const bads: Array<[string, string]> = [
      [`(QRESYNC (${v}))`, 'expected: SELECT mailbox (QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)]))'],
      ['(QRESYNC)', 'expected: SELECT mailbox (QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)]))'],
      [`(QRESYNC (0 4))`, 'QRESYNC needs the last known UIDVALIDITY: a number from 1 to 2^32-1'],
      [`(QRESYNC (${v} 0))`, 'QRESYNC 0 is not a mod-sequence: they start at 1 (RFC 7162 section 7)'],
      [`(QRESYNC (${v} 4 1:*))`, 'known-uids may not hold * (RFC 7162 section 7)'],
      [`(QRESYNC (${v} 4 1:3 (1:2 1)))`, 'seq-match-data pairs 2 message numbers with 1 UIDs'],
      [`(QRESYNC (${v} 4 1:3 (1:2)))`, 'seq-match-data is (known-sequence-set known-uid-set)'],
      ['(FOO)', 'unknown SELECT parameter FOO'],
    ];
    for (const [params, text] of bads) expect(await run(`b SELECT INBOX.Sent ${params}`)).toEqual([`b BAD ${text}`]);
    expect(await run('f UID FETCH 3 (UID)')).toEqual(['* 3 FETCH (UID 3)', 'f OK UID FETCH completed.']);
  });
});

describe('[CLOSED] (RFC 7162 3.2.11)', () => {
  it('marks the end of the old mailbox when SELECT or EXAMINE closes it, enabled or not', async () => {
    expect((await run('s SELECT INBOX'))[0]).toBe(SELECT_HEAD[0]);
    expect((await run('s2 EXAMINE INBOX.Sent'))[0]).toBe('* OK [CLOSED] Previous mailbox closed.');
    expect((await run('s3 SELECT INBOX.Sent'))[0]).toBe('* OK [CLOSED] Previous mailbox closed.');
    // A failed SELECT closes the old mailbox too (RFC 3501 6.3.1).
    expect(await run('s4 SELECT INBOX.Nowhere')).toEqual(['* OK [CLOSED] Previous mailbox closed.', 's4 NO [NONEXISTENT] Mailbox INBOX.Nowhere does not exist']);
    expect((await run('s5 SELECT INBOX'))[0]).toBe(SELECT_HEAD[0]);
    // CLOSE and UNSELECT end the selection themselves: no [CLOSED].
    expect(await run('u UNSELECT')).toEqual(['u OK UNSELECT completed']);
  });
});

describe('VANISHED instead of EXPUNGE once QRESYNC is on (RFC 7162 3.2.10.2)', () => {
  beforeEach(async () => {
    await run('e ENABLE QRESYNC');
    await run('s SELECT INBOX');
  });

  it('EXPUNGE and UID EXPUNGE answer with one VANISHED and the new HIGHESTMODSEQ (3.2.7, 3.2.9)', async () => {
    await run('d STORE 1,3 +FLAGS.SILENT (\\Deleted)'); // 5, 6
    expect(await run('x EXPUNGE')).toEqual(['* VANISHED 1,3', 'x OK [HIGHESTMODSEQ 7] EXPUNGE completed']);
    await run('a APPEND INBOX (\\Deleted) {11+}\r\nSubject: \r\n'); // UID 4 at 8
    await run('d2 UID STORE 2 +FLAGS.SILENT (\\Deleted)'); // 9
    expect(await run('x2 UID EXPUNGE 4')).toEqual(['* VANISHED 4', 'x2 OK [HIGHESTMODSEQ 10] UID EXPUNGE completed']);
    // Nothing expunged: no HIGHESTMODSEQ.
    expect(await run('x3 UID EXPUNGE 3:4')).toEqual(['x3 OK UID EXPUNGE completed']);
  });

  it('MOVE reports its sources as VANISHED after the COPYUID', async () => {
    const lines = await run('m UID MOVE 2:3 INBOX.Trash');
    expect(lines).toEqual([expect.stringMatching(/^\* OK \[COPYUID \d+ 2:3 1:2\] Moved$/), '* VANISHED 2:3', 'm OK UID MOVE completed.']);
  });

  it('another session\'s expunge comes as VANISHED where EXPUNGE may be sent, and as EXPUNGE to a plain session', async () => {
    const plain = await session.other();
    await run('s SELECT INBOX', plain);
    await expungeElsewhere('2');
    // FETCH may not report it (RFC 3501 7.4.1, RFC 7162 3.2.10.2); NOOP does.
    expect(await run('f FETCH 2 (UID)')).toEqual(['* 2 FETCH (UID 2)', 'f OK FETCH completed.']);
    expect(await run('n NOOP')).toEqual(['* VANISHED 2', 'n OK NOOP completed']);
    expect(await run('n NOOP', plain)).toEqual(['* 2 EXPUNGE', 'n OK NOOP completed']);
  });

  it('CLOSE says nothing of the expunged messages but gives the new HIGHESTMODSEQ', async () => {
    await run('d STORE 2 +FLAGS.SILENT (\\Deleted)'); // 5
    expect(await run('c CLOSE')).toEqual(['c OK [HIGHESTMODSEQ 6] mailbox closed.']);
    await run('s SELECT INBOX');
    expect(await run('c2 CLOSE')).toEqual(['c2 OK mailbox closed.']);
  });
});

describe('UID FETCH ... (CHANGEDSINCE n VANISHED) (RFC 7162 3.2.6)', () => {
  beforeEach(async () => {
    await run('e ENABLE QRESYNC');
    await run('s SELECT INBOX');
  });

  it('reports the set\'s UIDs expunged after n before the FETCH responses', async () => {
    await expungeElsewhere('1'); // 5, 6
    await run('n NOOP');
    await run('st UID STORE 3 +FLAGS.SILENT (\\Flagged)'); // 7
    expect(await run('f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)')).toEqual([
      '* VANISHED (EARLIER) 1', '* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (7))', 'f OK UID FETCH completed.',
    ]);
    // Only UIDs of the set, and only those gone after n.
    expect(await run('f2 UID FETCH 2:3 (FLAGS) (CHANGEDSINCE 5 VANISHED)')).toEqual(['* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (7))', 'f2 OK UID FETCH completed.']);
    expect(await run('f3 UID FETCH 1:3 (FLAGS) (VANISHED CHANGEDSINCE 6)')).toEqual(['* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (7))', 'f3 OK UID FETCH completed.']);
  });

  it('"*" reaches the highest UID ever given out, so the last message going is heard of', async () => {
    await expungeElsewhere('3');
    await run('n NOOP');
    expect(await run('f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)')).toEqual(['* VANISHED (EARLIER) 3', 'f OK UID FETCH completed.']);
  });

  it('with the saved result $ (RFC 5182) reports no VANISHED: $ only holds messages still here', async () => {
    await run('r UID SEARCH RETURN (SAVE) ALL');
    await expungeElsewhere('1');
    await run('n NOOP');
    expect(await run('f UID FETCH $ (FLAGS) (CHANGEDSINCE 3 VANISHED)')).toEqual(['* 2 FETCH (UID 3 FLAGS () MODSEQ (4))', 'f OK UID FETCH completed.']);
  });

  it('is BAD without CHANGEDSINCE, and not a FETCH modifier at all', async () => {
    expect(await run('f UID FETCH 1:* (FLAGS) (VANISHED)')).toEqual([
      'f BAD VANISHED goes with CHANGEDSINCE: UID FETCH set (items) (CHANGEDSINCE modseq VANISHED)',
    ]);
    expect(await run('f2 FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)')).toEqual(['f2 BAD unknown FETCH modifier VANISHED']);
    expect(await run('f3 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED VANISHED)')).toEqual(['f3 BAD VANISHED given twice']);
  });
});

describe('showing VANISHED in mailscope', () => {
  const response = parsedLine;

  it('the pretty printer shows VANISHED (EARLIER) as sent', () => {
    expect(renderImapResponse(response('* VANISHED (EARLIER) 1:3,7'), plainTheme)).toBe('* VANISHED (EARLIER) 1:3,7');
    expect(renderImapResponse(response('* VANISHED 405,407'), plainTheme)).toBe('* VANISHED 405,407');
  });

  it(':explain takes VANISHED (EARLIER) apart: the response, the tag, the UIDs', () => {
    const lines = explainResponse(response('* VANISHED (EARLIER) 1:3,7'));
    expect(lines.map((l) => [l.term, l.kind, l.rfc, l.depth])).toEqual([
      ['VANISHED', 'untagged-response', 'RFC 7162 3.2.10', 0],
      ['EARLIER', 'modifier', 'RFC 7162 3.2.10.1', 1],
      ['1:3,7', 'value', undefined, 1],
    ]);
    expect(lines[1].text).toContain('the message count and numbers stay as they are');
    expect(lines[2].text).toBe('UIDs, not message numbers');
    // A live VANISHED has no tag: only the response and its UIDs.
    expect(explainResponse(response('* VANISHED 405')).map((l) => l.term)).toEqual(['VANISHED', '405']);
    expect(formatLines(explainResponse(response('* OK [CLOSED] Previous mailbox closed.')))).toContain('CLOSED: IMAP response code');
  });

  it(':explain knows the select parameter and the modifiers QRESYNC uses', () => {
    for (const [term, rfc] of [['EARLIER', 'RFC 7162 3.2.10.1'], ['CHANGEDSINCE', 'RFC 7162 3.1.4.1'], ['UNCHANGEDSINCE', 'RFC 7162 3.1.3']]) {
      const result = explainTerm(term);
      expect(result.known, term).toBe(true);
      expect(result.lines.find((l) => l.kind === 'modifier')?.rfc, term).toBe(rfc);
    }
    // QRESYNC and VANISHED keep their first meaning (capability, response) and gain this one.
    expect(explainTerm('QRESYNC').lines.map((l) => l.kind)).toEqual(['capability', 'modifier']);
    expect(explainTerm('vanished').lines.map((l) => l.kind)).toEqual(['untagged-response', 'modifier']);
  });
});

describe('imapflow with qresync: true', () => {
  const flow = connectedImapflow(() => session.demo, { qresync: true });

  it('enables QRESYNC and hears of expunges as VANISHED while the mailbox is open', async () => {
    const f = await flow();
    expect(f.enabled.has('QRESYNC')).toBe(true);
    await f.mailboxOpen('INBOX');
    const expunged: Array<{ uid?: number; vanished: boolean; earlier?: boolean }> = [];
    f.on('expunge', (e: { uid?: number; vanished: boolean; earlier?: boolean }) => expunged.push({ uid: e.uid, vanished: e.vanished, earlier: e.earlier }));
    await expungeElsewhere('2');
    await f.noop();
    expect(expunged).toEqual([{ uid: 2, vanished: true, earlier: false }]);
    expect(f.mailbox && f.mailbox.exists).toBe(2);
  });

  it('resynchronises on open from uidValidity and changedSince: vanished UIDs and changed flags', async () => {
    const first = await flow();
    const box = await first.mailboxOpen('INBOX');
    const known = { uidValidity: box.uidValidity, highestModseq: box.highestModseq };
    await first.logout();
    await expungeElsewhere('1');
    const w = await session.other();
    await run('s SELECT INBOX', w);
    await run('f UID STORE 3 +FLAGS.SILENT ($Later)', w);
    const f = await flow();
    const expunged: Array<{ uid?: number; earlier?: boolean }> = [];
    const flags: Array<{ uid?: number; flags: string[] }> = [];
    f.on('expunge', (e: { uid?: number; earlier?: boolean }) => expunged.push({ uid: e.uid, earlier: e.earlier }));
    f.on('flags', (e: { uid?: number; flags: Set<string> }) => flags.push({ uid: e.uid, flags: [...e.flags] }));
    const reopened = await f.mailboxOpen('INBOX', { uidValidity: known.uidValidity, changedSince: known.highestModseq } as Parameters<ImapFlow['mailboxOpen']>[1]);
    expect((reopened as { qresync?: boolean }).qresync).toBe(true);
    expect(expunged).toEqual([{ uid: 1, earlier: true }]);
    expect(flags).toEqual([{ uid: 3, flags: ['$Later'] }]);
    expect(reopened.exists).toBe(2);
  });
});

describe('Python imaplib', () => {
  it('enables QRESYNC, hears VANISHED for its EXPUNGE, resynchronises with SELECT (QRESYNC) and UID FETCH VANISHED', async () => {
    const script = fileURLToPath(new URL('../fixtures/demo/qresync_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const r = JSON.parse(stdout) as Record<string, unknown>;
    expect(r.enable).toEqual(['OK', ['QRESYNC']]);
    expect(r.expunge).toEqual(['OK', ['2']]);
    expect(r.select).toBe('OK');
    expect(r.select_closed_first).toHaveLength(1);
    expect(r.select_vanished).toEqual(['(EARLIER) 2']);
    expect(r.select_fetch).toEqual(['2 (UID 3 FLAGS (\\Flagged) MODSEQ (7))']);
    expect(r.uid_fetch).toEqual(['OK', ['2 (UID 3 FLAGS (\\Flagged) MODSEQ (7))']]);
    expect(r.uid_fetch_vanished).toEqual(['(EARLIER) 2']);
    expect(r.logout).toBe('BYE');
  });
});
