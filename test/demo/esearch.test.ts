// ESEARCH (RFC 4731) and SEARCHRES (RFC 5182) on the demo server, over a raw socket,
// byte-exact; then imapflow and Python's imaplib; then how mailscope prints and explains an
// ESEARCH line. The seeded INBOX holds three messages (UIDs 1-3, message 1 \Seen) with
// mod-sequences 2, 3 and 4 (see condstore.test.ts).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, texts, rawSession, imapflowFor, parsedLine, savedBy } from './helpers.js';
import { explainResponse, explainTerm } from '../../src/registry/explain.js';
import { renderImapResponse } from '../../src/terminal/render-imap.js';
import { plainTheme } from '../../src/terminal/theme.js';
import { runCli, stripAnsi } from '../support/cli-harness.js';

const session = rawSession();
const run = session.run;

/** Makes UIDs differ from message numbers: INBOX is then UIDs 2 and 3 at numbers 1 and 2. */
async function expungeFirst(): Promise<void> {
  await run('d STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect(await run('x EXPUNGE')).toEqual(['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
}

describe('SEARCH RETURN (...) answers with one ESEARCH line (RFC 4731 3.1)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('ESEARCH and SEARCHRES are announced', async () => {
    expect((await run('c CAPABILITY'))[0]).toMatch(/ ESEARCH SEARCHRES( |$)/);
  });

  it('MIN MAX COUNT ALL, tagged with the command\'s tag; UID SEARCH says UID and answers UIDs', async () => {
    expect(await run('a1 SEARCH RETURN (MIN MAX COUNT ALL) ALL')).toEqual([
      '* ESEARCH (TAG "a1") MIN 1 MAX 3 COUNT 3 ALL 1:3',
      'a1 OK SEARCH completed',
    ]);
    await expungeFirst();
    expect(await run('a2 SEARCH RETURN (MIN MAX COUNT ALL) ALL')).toEqual(['* ESEARCH (TAG "a2") MIN 1 MAX 2 COUNT 2 ALL 1:2', 'a2 OK SEARCH completed']);
    expect(await run('a3 UID SEARCH RETURN (MIN MAX COUNT ALL) ALL')).toEqual([
      '* ESEARCH (TAG "a3") UID MIN 2 MAX 3 COUNT 2 ALL 2:3',
      'a3 OK UID SEARCH completed',
    ]);
    expect(await run('a4 uid search return (min count) unseen')).toEqual(['* ESEARCH (TAG "a4") UID MIN 2 COUNT 2', 'a4 OK UID SEARCH completed']);
  });

  it('ALL is a compact sequence-set; RETURN () means ALL', async () => {
    expect(await run('b1 SEARCH RETURN (ALL) 1,3')).toEqual(['* ESEARCH (TAG "b1") ALL 1,3', 'b1 OK SEARCH completed']);
    expect(await run('b2 SEARCH RETURN () UNSEEN')).toEqual(['* ESEARCH (TAG "b2") ALL 2:3', 'b2 OK SEARCH completed']);
  });

  it('the data come in one order (MIN MAX COUNT ALL) however the options were asked', async () => {
    expect(await run('o1 SEARCH RETURN (ALL COUNT MAX MIN) ALL')).toEqual(['* ESEARCH (TAG "o1") MIN 1 MAX 3 COUNT 3 ALL 1:3', 'o1 OK SEARCH completed']);
    expect(await run('o2 SEARCH RETURN (COUNT MIN MIN) SEEN')).toEqual(['* ESEARCH (TAG "o2") MIN 1 COUNT 1', 'o2 OK SEARCH completed']);
  });

  it('with no match only COUNT 0 is sent, and the ESEARCH line still comes', async () => {
    expect(await run('n1 SEARCH RETURN (MIN MAX COUNT ALL) KEYWORD nothing')).toEqual(['* ESEARCH (TAG "n1") COUNT 0', 'n1 OK SEARCH completed']);
    expect(await run('n2 UID SEARCH RETURN (MIN MAX ALL) KEYWORD nothing')).toEqual(['* ESEARCH (TAG "n2") UID', 'n2 OK UID SEARCH completed']);
  });

  it('plain SEARCH keeps its SEARCH answer; CHARSET comes after RETURN', async () => {
    expect(await run('p1 SEARCH UNSEEN')).toEqual(['* SEARCH 2 3', 'p1 OK SEARCH completed']);
    expect(await run('p2 SEARCH RETURN (COUNT) CHARSET UTF-8 ALL')).toEqual(['* ESEARCH (TAG "p2") COUNT 3', 'p2 OK SEARCH completed']);
  });

  it('malformed or unsupported RETURN lists are BAD, with the reason', async () => {
    expect(await run('e1 SEARCH RETURN MIN ALL')).toEqual(['e1 BAD RETURN needs a list of result options, like RETURN (MIN MAX COUNT)']);
    expect(await run('e2 SEARCH RETURN (BOGUS) ALL')).toEqual(['e2 BAD unknown result option BOGUS: use MIN MAX COUNT ALL PARTIAL SAVE CONTEXT UPDATE']);
    // A registered option of an extension the demo does not have: contexts for SORT (RFC 5267 4).
    expect(await run('e3 SORT RETURN (UPDATE) (DATE) UTF-8 ALL')).toEqual(['e3 BAD result option UPDATE is not supported after SORT by this server (it needs CONTEXT=SORT)']);
    expect(await run('e4 SEARCH CHARSET UTF-8 RETURN (MIN) ALL')).toEqual(['e4 BAD RETURN (options) comes first, before CHARSET and the search keys (RFC 4466 2.6)']);
    // A bad charset is NO [BADCHARSET], as without RETURN.
    expect(await run('e5 SEARCH RETURN (MIN) CHARSET KOI8-R ALL')).toEqual(['e5 NO [BADCHARSET (US-ASCII UTF-8)] KOI8-R is not supported']);
  });

  it('with the MODSEQ key the answer ends with the highest MODSEQ of what it returns (RFC 4731 3.2)', async () => {
    // Message 2 goes from mod-sequence 3 to 5: now 1, 2, 3 are at 2, 5, 4.
    await run('f STORE 2 +FLAGS.SILENT (\\Flagged)');
    expect(await run('m1 SEARCH RETURN (MIN) MODSEQ 2')).toEqual(['* ESEARCH (TAG "m1") MIN 1 MODSEQ 2', 'm1 OK SEARCH completed']);
    expect(await run('m2 SEARCH RETURN (MAX) MODSEQ 2')).toEqual(['* ESEARCH (TAG "m2") MAX 3 MODSEQ 4', 'm2 OK SEARCH completed']);
    // MIN and MAX alone: the higher of those two, not message 2's 5.
    expect(await run('m3 SEARCH RETURN (MIN MAX) MODSEQ 2')).toEqual(['* ESEARCH (TAG "m3") MIN 1 MAX 3 MODSEQ 4', 'm3 OK SEARCH completed']);
    expect(await run('m4 UID SEARCH RETURN (MIN COUNT) MODSEQ 2')).toEqual(['* ESEARCH (TAG "m4") UID MIN 1 COUNT 3 MODSEQ 5', 'm4 OK UID SEARCH completed']);
    expect(await run('m5 SEARCH RETURN () MODSEQ "/flags/\\\\flagged" all 4')).toEqual(['* ESEARCH (TAG "m5") ALL 2:3 MODSEQ 5', 'm5 OK SEARCH completed']);
    // Nothing found, nothing returned: no MODSEQ.
    expect(await run('m6 SEARCH RETURN (COUNT) MODSEQ 99')).toEqual(['* ESEARCH (TAG "m6") COUNT 0', 'm6 OK SEARCH completed']);
    // The MODSEQ key enables CONDSTORE (RFC 7162 3.1) with RETURN as without.
    expect(await run('f2 FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))', 'f2 OK FETCH completed.']);
  });
});

describe('SEARCHRES: RETURN (SAVE) and $ (RFC 5182)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('SAVE alone sends no ESEARCH; FETCH $ and UID FETCH $ use the saved messages', async () => {
    expect(await run('a1 SEARCH RETURN (SAVE) UNSEEN')).toEqual(['a1 OK SEARCH completed, result saved']);
    expect(await run('a2 FETCH $ (UID)')).toEqual(['* 2 FETCH (UID 2)', '* 3 FETCH (UID 3)', 'a2 OK FETCH completed.']);
    expect(await run('a3 UID FETCH $ (FLAGS)')).toEqual(['* 2 FETCH (UID 2 FLAGS ())', '* 3 FETCH (UID 3 FLAGS ())', 'a3 OK UID FETCH completed.']);
  });

  it('$ is message numbers in a command and UIDs in its UID form, whichever SEARCH saved it', async () => {
    await expungeFirst();
    // UID 3 is message 2 now.
    await run('a1 UID SEARCH RETURN (SAVE) UID 3');
    expect(await run('a2 FETCH $ (UID)')).toEqual(['* 2 FETCH (UID 3)', 'a2 OK FETCH completed.']);
    await run('a3 SEARCH RETURN (SAVE) 1');
    expect(await run('a4 UID FETCH $ (UID)')).toEqual(['* 1 FETCH (UID 2)', 'a4 OK UID FETCH completed.']);
    expect(await run('a5 UID SEARCH RETURN (ALL) $')).toEqual(['* ESEARCH (TAG "a5") UID ALL 2', 'a5 OK UID SEARCH completed']);
  });

  it('with nothing saved, $ is an empty set: the command completes with no data', async () => {
    expect(await run('e1 FETCH $ (UID)')).toEqual(['e1 OK FETCH completed.']);
    expect(await run('e2 SEARCH $')).toEqual(['* SEARCH', 'e2 OK SEARCH completed']);
    expect(await run('e3 STORE $ +FLAGS (\\Flagged)')).toEqual(['e3 OK STORE completed.']);
  });

  it('SAVE with other options still answers them (RFC 5182 2.4)', async () => {
    expect(await run('b1 SEARCH RETURN (SAVE COUNT) UNSEEN')).toEqual(['* ESEARCH (TAG "b1") COUNT 2', 'b1 OK SEARCH completed, result saved']);
    expect(await run('b2 SEARCH RETURN (ALL) $')).toEqual(['* ESEARCH (TAG "b2") ALL 2:3', 'b2 OK SEARCH completed']);
  });

  it('with only MIN and/or MAX, $ holds just those messages; with ALL or COUNT, every match (RFC 5182 2.4)', async () => {
    const saved = (options: string) => savedBy(run, options);
    expect(await saved('SAVE MIN')).toBe('* SEARCH 1');
    expect(await saved('SAVE MAX')).toBe('* SEARCH 3');
    expect(await saved('MIN SAVE MAX')).toBe('* SEARCH 1 3');
    expect(await saved('SAVE MIN COUNT')).toBe('* SEARCH 1 2 3');
    expect(await saved('SAVE MAX ALL')).toBe('* SEARCH 1 2 3');
    expect(await saved('SAVE')).toBe('* SEARCH 1 2 3');
  });

  it('$ works in STORE, COPY, MOVE, their UID forms, and as a SEARCH key (alone, in UID, under NOT)', async () => {
    await run('a SEARCH RETURN (SAVE) 2:3');
    expect(await run('t1 STORE $ +FLAGS (\\Flagged)')).toEqual([
      '* 2 FETCH (FLAGS (\\Flagged))',
      '* 3 FETCH (FLAGS (\\Flagged))',
      't1 OK STORE completed.',
    ]);
    expect(await run('t2 UID STORE $ -FLAGS.SILENT (\\Flagged)')).toEqual(['t2 OK STORE completed.']);
    expect((await run('t3 COPY $ INBOX.Drafts')).at(-1)).toMatch(/^t3 OK \[COPYUID \d+ 2:3 \d+:\d+\] COPY completed\.$/);
    expect((await run('t4 UID COPY $ INBOX.Junk')).at(-1)).toMatch(/^t4 OK \[COPYUID \d+ 2:3 1:2\] UID COPY completed\.$/);
    expect(await run('k1 SEARCH NOT $')).toEqual(['* SEARCH 1', 'k1 OK SEARCH completed']);
    expect(await run('k2 SEARCH UID $ SEEN')).toEqual(['* SEARCH', 'k2 OK SEARCH completed']);
    expect(await run('k3 UID SEARCH OR $ 1')).toEqual(['* SEARCH 1 2 3', 'k3 OK UID SEARCH completed']);
    const moved = await run('t5 MOVE $ INBOX.Trash');
    expect(moved).toEqual([
      expect.stringMatching(/^\* OK \[COPYUID \d+ 2:3 \d+:\d+\] Moved$/),
      // Messages 2 and 3 go; after the first, the second is number 2 too.
      '* 2 EXPUNGE',
      '* 2 EXPUNGE',
      't5 OK MOVE completed.',
    ]);
  });

  it('UID EXPUNGE $ expunges the saved messages that are \\Deleted, and no others', async () => {
    await run('d STORE 1:3 +FLAGS.SILENT (\\Deleted)');
    await run('a UID SEARCH RETURN (SAVE) 2:3');
    expect(await run('x UID EXPUNGE $')).toEqual(['* 2 EXPUNGE', '* 2 EXPUNGE', 'x OK UID EXPUNGE completed']);
    expect(await run('f FETCH 1:* (UID)')).toEqual(['* 1 FETCH (UID 1)', 'f OK FETCH completed.']);
  });

  it('an expunged message leaves $; the others keep their place under their new numbers', async () => {
    await run('a SEARCH RETURN (SAVE) ALL');
    await expungeFirst();
    expect(await run('b SEARCH RETURN (ALL) $')).toEqual(['* ESEARCH (TAG "b") ALL 1:2', 'b OK SEARCH completed']);
    expect(await run('c UID SEARCH RETURN (ALL) $')).toEqual(['* ESEARCH (TAG "c") UID ALL 2:3', 'c OK UID SEARCH completed']);
  });

  it('SELECT, EXAMINE, CLOSE and UNSELECT empty $ (RFC 5182 2.1)', async () => {
    const emptied = async (leave: string) => {
      await run('v SEARCH RETURN (SAVE) ALL');
      expect(await run('w FETCH $ (UID)')).toHaveLength(4);
      await run(leave);
      if (!/SELECT INBOX|EXAMINE INBOX/i.test(leave)) await run('s2 SELECT INBOX');
      expect(await run('y FETCH $ (UID)')).toEqual(['y OK FETCH completed.']);
    };
    await emptied('s3 SELECT INBOX');
    await emptied('s4 EXAMINE INBOX');
    await run('s5 SELECT INBOX');
    await emptied('u UNSELECT');
    await emptied('c CLOSE');
  });

  it('a SAVE that fails with NO empties $; a BAD one leaves it alone (RFC 5182 2.1)', async () => {
    await run('a SEARCH RETURN (SAVE) 2');
    expect(await run('b SEARCH RETURN (SAVE) NOSUCHKEY')).toEqual(['b BAD unknown search key NOSUCHKEY']);
    expect(await run('c SEARCH $')).toEqual(['* SEARCH 2', 'c OK SEARCH completed']);
    expect((await run('d SEARCH RETURN (SAVE) CHARSET KOI8-R ALL'))[0]).toMatch(/^d NO \[BADCHARSET/);
    expect(await run('e SEARCH $')).toEqual(['* SEARCH', 'e OK SEARCH completed']);
    // A search without SAVE does not touch it.
    await run('f SEARCH RETURN (SAVE) 3');
    await run('g SEARCH RETURN (MIN) 1');
    expect(await run('h SEARCH $')).toEqual(['* SEARCH 3', 'h OK SEARCH completed']);
  });

  it('a command pipelined after SEARCH SAVE sees the new result (RFC 5182 2.3)', async () => {
    session.c.write('p1 SEARCH RETURN (SAVE) 1\r\np2 SEARCH RETURN (SAVE) $ UNSEEN\r\np3 SEARCH RETURN (SAVE) UNSEEN\r\np4 FETCH $ (UID)\r\n');
    expect(texts(await session.c.untilTagged('p4'))).toEqual([
      'p1 OK SEARCH completed, result saved',
      'p2 OK SEARCH completed, result saved',
      'p3 OK SEARCH completed, result saved',
      '* 2 FETCH (UID 2)',
      '* 3 FETCH (UID 3)',
      'p4 OK FETCH completed.',
    ]);
  });

  it('$ stands alone: 1,$ or $:3 is BAD', async () => {
    await run('a SEARCH RETURN (SAVE) ALL');
    expect(await run('b FETCH 1,$ (UID)')).toEqual(['b BAD $ (the saved search result) stands alone, not in 1,$']);
    expect(await run('c UID FETCH $:3 (UID)')).toEqual(['c BAD $ (the saved search result) stands alone, not in $:3']);
    expect(await run('d SEARCH 1,$')).toEqual(['d BAD $ (the saved search result) stands alone, not in 1,$']);
  });
});

describe('real clients', () => {
  it('imapflow asks for ESEARCH return options and reads the answer; plain searches still work', async () => {
    const client = imapflowFor(session.demo);
    await client.connect();
    try {
      expect(client.capabilities.has('ESEARCH')).toBe(true);
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uidResult = await client.search({ seen: false }, { uid: true, returnOptions: ['MIN', 'MAX', 'COUNT', 'ALL'] });
        expect(uidResult).toEqual({ min: 2, max: 3, count: 2, all: '2:3' });
        const none = await client.search({ keyword: 'nothing' }, { returnOptions: ['COUNT', 'MIN'] });
        expect(none).toEqual({ count: 0 });
        expect(await client.search({ seen: true }, { uid: true })).toEqual([1]);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('Python imaplib sends RETURN and finds the ESEARCH line among the untagged responses', async () => {
    const script = fileURLToPath(new URL('../fixtures/demo/esearch_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const out = JSON.parse(stdout);
    expect(out.capabilities).toEqual(expect.arrayContaining(['ESEARCH', 'SEARCHRES']));
    // imaplib looks for a SEARCH response; the ESEARCH line is in response('ESEARCH').
    expect(out.uid_search_data).toEqual(['OK', [null]]);
    expect(out.uid_search).toEqual(['OK', [expect.stringMatching(/^\(TAG "[A-Z]+\d+"\) UID MIN 1 MAX 3 COUNT 3$/)]]);
    expect(out.save).toEqual(['OK', ['SEARCH completed, result saved']]);
    expect(out.fetch_saved).toEqual(['OK', ['2 (UID 2)', '3 (UID 3)']]);
    expect(out.plain_search).toEqual(['OK', ['2 3']]);
  });
});

describe('printing and explaining an ESEARCH line', () => {
  const response = parsedLine;
  const LINE = '* ESEARCH (TAG "a1") UID MIN 1 COUNT 3';

  it('the pretty printer shows it on one line, as sent', () => {
    expect(renderImapResponse(response(LINE), plainTheme)).toBe(LINE);
    expect(renderImapResponse(response('* ESEARCH (TAG "a2") ALL 1:3,7 MODSEQ 9'), plainTheme)).toBe('* ESEARCH (TAG "a2") ALL 1:3,7 MODSEQ 9');
  });

  it('the explainer names the correlator, the UID indicator and each return datum', () => {
    const lines = explainResponse(response(LINE));
    expect(lines.map((l) => [l.term, l.kind, l.depth])).toEqual([
      ['ESEARCH', 'untagged-response', 0],
      ['(TAG "a1")', 'search-return', 1],
      ['UID', 'search-return', 1],
      ['MIN 1', 'search-return', 1],
      ['COUNT 3', 'search-return', 1],
    ]);
    expect(lines[3]!.text).toMatch(/lowest message number/);
    expect(lines[3]!.rfc).toMatch(/RFC 4731 3\.1/);
    // PARTIAL's value is a list (RFC 9394 4): shown whole, NIL included.
    expect(explainResponse(response('* ESEARCH (TAG "p") PARTIAL (-1:-3 7:9) COUNT 9')).map((l) => l.term).slice(2)).toEqual(['PARTIAL (-1:-3 7:9)', 'COUNT 9']);
    expect(explainResponse(response('* ESEARCH (TAG "q") PARTIAL (5:9 NIL)')).at(-1)?.term).toBe('PARTIAL (5:9 NIL)');
    const odd = explainResponse(response('* ESEARCH (TAG "a9") XFOO 3'));
    expect(odd.at(-1)).toMatchObject({ term: 'XFOO 3', kind: 'search-return', text: expect.stringMatching(/do not know/) });
  });

  it('result options are terms of their own: MIN, SAVE, MODSEQ', () => {
    const save = explainTerm('save');
    expect(save.known).toBe(true);
    expect(save.lines[0]).toMatchObject({ kind: 'search-return', rfc: 'RFC 5182 2; RFC 9051 6.4.4.1' });
    expect(save.lines[0]!.notes).toContain('needs capability: SEARCHRES');
    expect(explainTerm('MIN').lines.map((l) => l.kind)).toEqual(['search-return']);
    expect(explainTerm('MODSEQ').lines.map((l) => l.kind)).toEqual(expect.arrayContaining(['search-key', 'search-return']));
  });

  it('in the REPL against the demo: the ESEARCH answer, then :explain of it', async () => {
    const cli = runCli([`127.0.0.1:${session.demo.server.imapPort}`, '--imap', '--no-history', '--no-color',
      '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', 'uid search return (min count) all', '-c', ':explain']);
    await cli.code;
    const out = stripAnsi(cli.stdout());
    expect(out).toMatch(/\* ESEARCH \(TAG "a002"\) UID MIN 1 COUNT 3/);
    expect(out).toMatch(/MIN 1: SEARCH result option \/ ESEARCH data/);
    expect(out).toMatch(/COUNT 3: SEARCH result option \/ ESEARCH data/);
  });
});
