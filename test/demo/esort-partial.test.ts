// ESORT (RFC 5267 3) and PARTIAL (RFC 9394) on the demo server: the partial-range reader and
// window on their own, then byte-exact ESEARCH lines over a raw socket, then imapflow and
// Python's imaplib. Most cases use INBOX with four messages the test APPENDs after the three
// seeded ones (UIDs 1-3, message 1 \Seen, mod-sequences 2-4; see condstore.test.ts), so the
// seven base subjects sort as 5 6 4 3 2 1 7:
//   1 "Test Message", 2 "Linux Terminal", 3 "Größe aus Köln", 4 Cherry, 5 Apple, 6 Banana, 7 Zebra.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, imapflowFor, savedBy, rawSession } from './helpers.js';
import { parsePartialRange, partialData, partialWindow } from '../../src/demo/imap/commands/partial.js';
import { ArgumentError } from '../../src/demo/imap/args.js';
import { capability, searchReturn } from '../../src/registry/index.js';
import type { ImapValue } from '../../src/protocol/imap/types.js';

const atom = (value: string): ImapValue => ({ type: 'atom', value });

describe('partial-range (RFC 9394 4) and the window it selects', () => {
  it('reads both forms; the ends may come in either order; the text is kept as written', () => {
    expect(parsePartialRange(atom('1:100'))).toEqual({ text: '1:100', fromEnd: false, low: 1, high: 100 });
    expect(parsePartialRange(atom('500:400'))).toEqual({ text: '500:400', fromEnd: false, low: 400, high: 500 });
    expect(parsePartialRange(atom('-1:-100'))).toEqual({ text: '-1:-100', fromEnd: true, low: 1, high: 100 });
    expect(parsePartialRange(atom('-5:-2'))).toEqual({ text: '-5:-2', fromEnd: true, low: 2, high: 5 });
  });

  it('refuses what the grammar does not allow, saying what was wrong', () => {
    const refusal = (v: ImapValue | undefined) => {
      try {
        parsePartialRange(v);
      } catch (e) {
        expect(e).toBeInstanceOf(ArgumentError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(undefined)).toMatch(/^PARTIAL needs a range, like PARTIAL 1:100/);
    expect(refusal(atom('0:5'))).toBe('PARTIAL 0:5: positions start at 1 (or -1 for the last match), 0 is none (RFC 9394 4)');
    expect(refusal(atom('-1:5'))).toMatch(/^PARTIAL -1:5: both ends must have the same sign/);
    expect(refusal(atom('1:*'))).toMatch(/^PARTIAL 1:\*: \* is not allowed/);
    expect(refusal({ type: 'number', value: 5 })).toMatch(/^PARTIAL 5 is not a range/);
    expect(refusal(atom('1,3'))).toMatch(/^PARTIAL 1,3 is not a range/);
    expect(refusal({ type: 'quoted', value: '1:2' })).toMatch(/^PARTIAL's range is written bare/);
    expect(refusal(atom('1:4294967296'))).toBe('PARTIAL 1:4294967296: a position is at most 4294967295');
    expect(parsePartialRange(atom('1:4294967295')).high).toBe(4294967295);
  });

  it('positions count from 1 at the start or -1 at the end; what lies outside the list is left out', () => {
    const items = [10, 20, 30, 40, 50];
    const win = (text: string) => partialWindow(items, parsePartialRange(atom(text)));
    expect(win('1:2')).toEqual([10, 20]);
    expect(win('3:2')).toEqual([20, 30]);
    expect(win('4:9')).toEqual([40, 50]);
    expect(win('6:9')).toEqual([]);
    expect(win('-1:-1')).toEqual([50]);
    expect(win('-1:-2')).toEqual([40, 50]);
    expect(win('-2:-9')).toEqual([10, 20, 30, 40]);
    expect(win('-6:-9')).toEqual([]);
    expect(partialWindow([], parsePartialRange(atom('-1:-3')))).toEqual([]);
  });

  it('the answer repeats the range, then the set (ranges only where it ascends), or NIL', () => {
    const range = parsePartialRange(atom('-1:-4'));
    expect(partialData(range, [7, 8, 9, 3])).toBe('(-1:-4 7:9,3)');
    expect(partialData(range, [])).toBe('(-1:-4 NIL)');
  });
});

const session = rawSession();
const run = session.run;

/** Messages 4-7 of INBOX (UIDs 4-7), unseen; their subjects place them around the seeded three. */
async function appendFour(): Promise<void> {
  for (const [i, subject] of ['Cherry', 'Apple', 'Banana', 'Zebra'].entries()) {
    const text = `From: Ann <ann@example.org>\r\nSubject: ${subject}\r\nDate: Mon, ${i + 1} Feb 2021 10:00:00 +0000\r\n\r\nbody\r\n`;
    expect(await run(`p${i} APPEND INBOX {${Buffer.byteLength(text)}+}\r\n${text}`)).toEqual([`p${i} OK [APPENDUID 1294991877 ${i + 4}] APPEND completed.`]);
  }
}

/** Makes UIDs differ from message numbers: UIDs 2-7 are then messages 1-6. */
async function expungeFirst(): Promise<void> {
  await run('d STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect(await run('x EXPUNGE')).toEqual(['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
}

/** A sequence-set as RFC 5267 3.2 reads it: each range ascending, in place. */
function expand(set: string): number[] {
  return set.split(',').flatMap((part) => {
    const [a, b = a] = part.split(':').map(Number);
    return Array.from({ length: Math.abs(b - a) + 1 }, (_, k) => Math.min(a, b) + k);
  });
}

describe('the capabilities', () => {
  it('ESORT and PARTIAL are announced, after SORT\'s and SEARCHRES\'s names', async () => {
    const line = (await run('c CAPABILITY'))[0];
    expect(line).toContain(' THREAD=REFERENCES ESORT ESEARCH SEARCHRES PARTIAL ');
  });

  it('the registry explains both, and PARTIAL as a result option', () => {
    expect(capability('ESORT')?.familyOnly).toBe(false);
    expect(capability('PARTIAL')?.familyOnly).toBe(false);
    expect(searchReturn('PARTIAL')).toMatchObject({ where: 'both', requires: ['PARTIAL'], rfc: expect.stringMatching(/RFC 9394/) });
  });
});

describe('ESORT: SORT RETURN (...) answers with one ESEARCH line, in sort order (RFC 5267 3)', () => {
  beforeEach(async () => {
    await appendFour();
    await run('s SELECT INBOX');
  });

  it('MIN and MAX are the first and last in sort order; ALL keeps that order', async () => {
    expect(await run('a1 SORT (SUBJECT) UTF-8 ALL')).toEqual(['* SORT 5 6 4 3 2 1 7', 'a1 OK SORT completed']);
    expect(await run('a2 SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "a2") MIN 5 MAX 7 COUNT 7 ALL 5:6,4,3,2,1,7',
      'a2 OK SORT completed',
    ]);
    // Descending runs are never written as ranges (RFC 5267 3.2: 4:1 would mean 1,2,3,4).
    expect(await run('a3 SORT RETURN (MIN MAX ALL) (REVERSE SUBJECT) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "a3") MIN 7 MAX 5 ALL 7,1:4,6,5',
      'a3 OK SORT completed',
    ]);
  });

  it('ALL, read as RFC 5267 3.2 says, is exactly the plain SORT answer, for every criterion', async () => {
    for (const criteria of ['(SUBJECT)', '(REVERSE SUBJECT)', '(SIZE)', '(REVERSE ARRIVAL)', '(FROM SUBJECT)', '(REVERSE DATE)']) {
      const plain = (await run(`p SORT ${criteria} UTF-8 ALL`))[0]!.replace(/^\* SORT /, '').split(' ').map(Number);
      const [line] = await run(`e SORT RETURN (ALL) ${criteria} UTF-8 ALL`);
      const all = /^\* ESEARCH \(TAG "e"\) ALL (\S+)$/.exec(line!)?.[1];
      expect(expand(all ?? ''), criteria).toEqual(plain);
    }
  });

  it('RETURN () means ALL; UID SORT says UID and answers UIDs', async () => {
    expect(await run('b1 SORT RETURN () (SUBJECT) UTF-8 UNSEEN')).toEqual(['* ESEARCH (TAG "b1") ALL 5:6,4,3,2,7', 'b1 OK SORT completed']);
    await expungeFirst();
    expect(await run('b2 SORT RETURN (ALL) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "b2") ALL 4:5,3,2,1,6', 'b2 OK SORT completed']);
    expect(await run('b3 UID SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "b3") UID MIN 5 MAX 7 COUNT 6 ALL 5:6,4,3,2,7',
      'b3 OK UID SORT completed',
    ]);
    expect(await run('b4 uid sort return (count) (subject) utf-8 all')).toEqual(['* ESEARCH (TAG "b4") UID COUNT 6', 'b4 OK UID SORT completed']);
  });

  it('with no match only COUNT 0 is sent; without RETURN the answer stays * SORT', async () => {
    expect(await run('n1 SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 KEYWORD nothing')).toEqual(['* ESEARCH (TAG "n1") COUNT 0', 'n1 OK SORT completed']);
    expect(await run('n2 UID SORT RETURN (MIN) (SUBJECT) UTF-8 KEYWORD nothing')).toEqual(['* ESEARCH (TAG "n2") UID', 'n2 OK UID SORT completed']);
    expect(await run('n3 SORT (SUBJECT) UTF-8 KEYWORD nothing')).toEqual(['* SORT', 'n3 OK SORT completed']);
  });

  it('bad RETURN lists are BAD, a missing criteria list too; an unknown charset is NO [BADCHARSET]', async () => {
    expect(await run('e1 SORT RETURN (BOGUS) (SUBJECT) UTF-8 ALL')).toEqual(['e1 BAD unknown result option BOGUS: use MIN MAX COUNT ALL PARTIAL SAVE']);
    expect(await run('e2 SORT RETURN MIN (SUBJECT) UTF-8 ALL')).toEqual(['e2 BAD RETURN needs a list of result options, like RETURN (MIN MAX COUNT)']);
    expect(await run('e3 SORT RETURN (MIN) UTF-8 ALL')).toEqual(['e3 BAD sort criteria expected, like (REVERSE DATE)']);
    expect(await run('e4 SORT RETURN (MIN) (SUBJECT) KOI8-R ALL')).toEqual(['e4 NO [BADCHARSET (US-ASCII UTF-8)] KOI8-R is not supported']);
  });
});

describe('SAVE with SORT (RFC 5182 1: "any command based on SEARCH, e.g., SORT")', () => {
  beforeEach(async () => {
    await appendFour();
    await run('s SELECT INBOX');
  });

  /** What `$` holds after `options`, as a plain SEARCH of it. */
  const saved = async (command: string) => {
    await run(`v ${command}`);
    return (await run('w SEARCH $'))[0];
  };

  it('SAVE alone sends no ESEARCH line; $ then works in FETCH', async () => {
    expect(await run('a1 SORT RETURN (SAVE) (SUBJECT) UTF-8 UNSEEN')).toEqual(['a1 OK SORT completed, result saved']);
    expect(await run('a2 FETCH $ (UID)')).toEqual([2, 3, 4, 5, 6, 7].map((n) => `* ${n} FETCH (UID ${n})`).concat('a2 OK FETCH completed.'));
    expect(await run('a3 UID SORT RETURN (SAVE COUNT) (SUBJECT) UTF-8 SEEN')).toEqual(['* ESEARCH (TAG "a3") UID COUNT 1', 'a3 OK UID SORT completed, result saved']);
    expect(await run('a4 SEARCH $')).toEqual(['* SEARCH 1', 'a4 OK SEARCH completed']);
  });

  it('with only MIN and/or MAX, $ holds the first and/or last sorted message, not the lowest number', async () => {
    expect(await saved('SORT RETURN (SAVE MIN) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5');
    expect(await saved('SORT RETURN (SAVE MAX) (REVERSE SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5');
    expect(await saved('SORT RETURN (SAVE MIN MAX) (REVERSE SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5 7');
    expect(await saved('SORT RETURN (SAVE MIN ALL) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 1 2 3 4 5 6 7');
  });

  it('with PARTIAL, $ holds the window (with MIN/MAX), or every match when COUNT is asked (RFC 9394 3.2)', async () => {
    expect(await saved('SORT RETURN (SAVE PARTIAL 1:2) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5 6');
    expect(await saved('SORT RETURN (SAVE PARTIAL 1:2 MAX) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5 6 7');
    expect(await saved('SORT RETURN (SAVE PARTIAL -1:-1 MIN MAX) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 5 7');
    expect(await saved('SORT RETURN (SAVE PARTIAL 1:2 COUNT) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH 1 2 3 4 5 6 7');
    expect(await saved('SORT RETURN (SAVE PARTIAL 9:10) (SUBJECT) UTF-8 ALL')).toBe('* SEARCH');
  });

  it('a SORT SAVE that fails with NO empties $; a BAD one leaves it alone (RFC 5182 2.1)', async () => {
    await run('a SORT RETURN (SAVE) (SUBJECT) UTF-8 2');
    expect(await run('b SORT RETURN (SAVE PARTIAL 0:1) (SUBJECT) UTF-8 ALL')).toEqual([expect.stringMatching(/^b BAD PARTIAL 0:1: /)]);
    expect(await run('c SEARCH $')).toEqual(['* SEARCH 2', 'c OK SEARCH completed']);
    expect(await run('d SORT RETURN (SAVE) (SUBJECT) KOI8-R ALL')).toEqual(['d NO [BADCHARSET (US-ASCII UTF-8)] KOI8-R is not supported']);
    expect(await run('e SEARCH $')).toEqual(['* SEARCH', 'e OK SEARCH completed']);
  });
});

describe('PARTIAL with SEARCH: a window in mailbox order (RFC 9394 3.1)', () => {
  beforeEach(async () => {
    await appendFour();
    await run('s SELECT INBOX');
  });

  it('from the start, from the end, reversed ends, past the end, nothing at all', async () => {
    expect(await run('a1 SEARCH RETURN (PARTIAL 1:3) ALL')).toEqual(['* ESEARCH (TAG "a1") PARTIAL (1:3 1:3)', 'a1 OK SEARCH completed']);
    expect(await run('a2 SEARCH RETURN (PARTIAL -1:-2) ALL')).toEqual(['* ESEARCH (TAG "a2") PARTIAL (-1:-2 6:7)', 'a2 OK SEARCH completed']);
    expect(await run('a3 SEARCH RETURN (PARTIAL 4:2) UNSEEN')).toEqual(['* ESEARCH (TAG "a3") PARTIAL (4:2 3:5)', 'a3 OK SEARCH completed']);
    expect(await run('a4 SEARCH RETURN (PARTIAL 5:100) ALL')).toEqual(['* ESEARCH (TAG "a4") PARTIAL (5:100 5:7)', 'a4 OK SEARCH completed']);
    expect(await run('a5 SEARCH RETURN (PARTIAL 8:100) ALL')).toEqual(['* ESEARCH (TAG "a5") PARTIAL (8:100 NIL)', 'a5 OK SEARCH completed']);
    expect(await run('a6 SEARCH RETURN (PARTIAL -1:-9) KEYWORD nothing')).toEqual(['* ESEARCH (TAG "a6") PARTIAL (-1:-9 NIL)', 'a6 OK SEARCH completed']);
    expect(await run('a7 search return (partial -1:-1) seen')).toEqual(['* ESEARCH (TAG "a7") PARTIAL (-1:-1 1)', 'a7 OK SEARCH completed']);
  });

  it('MIN, MAX and COUNT still describe every match; UID SEARCH windows UIDs', async () => {
    expect(await run('b1 SEARCH RETURN (COUNT PARTIAL 2:3 MAX MIN) ALL')).toEqual([
      '* ESEARCH (TAG "b1") MIN 1 MAX 7 COUNT 7 PARTIAL (2:3 2:3)',
      'b1 OK SEARCH completed',
    ]);
    await expungeFirst();
    expect(await run('b2 UID SEARCH RETURN (PARTIAL 1:2) ALL')).toEqual(['* ESEARCH (TAG "b2") UID PARTIAL (1:2 2:3)', 'b2 OK UID SEARCH completed']);
    expect(await run('b3 SEARCH RETURN (PARTIAL 1:2) ALL')).toEqual(['* ESEARCH (TAG "b3") PARTIAL (1:2 1:2)', 'b3 OK SEARCH completed']);
  });

  it('with MODSEQ, the highest mod-sequence of the window (RFC 4731 3.2), none for an empty one', async () => {
    expect(await run('m1 SEARCH RETURN (PARTIAL 1:2) MODSEQ 1')).toEqual(['* ESEARCH (TAG "m1") PARTIAL (1:2 1:2) MODSEQ 3', 'm1 OK SEARCH completed']);
    expect(await run('m2 SEARCH RETURN (PARTIAL 1:2 COUNT) MODSEQ 1')).toEqual(['* ESEARCH (TAG "m2") COUNT 7 PARTIAL (1:2 1:2) MODSEQ 8', 'm2 OK SEARCH completed']);
    expect(await run('m3 SEARCH RETURN (PARTIAL 1:2 MAX) MODSEQ 1')).toEqual(['* ESEARCH (TAG "m3") MAX 7 PARTIAL (1:2 1:2) MODSEQ 8', 'm3 OK SEARCH completed']);
    expect(await run('m4 SEARCH RETURN (PARTIAL 20:30) MODSEQ 1')).toEqual(['* ESEARCH (TAG "m4") PARTIAL (20:30 NIL)', 'm4 OK SEARCH completed']);
  });

  it('SAVE with PARTIAL keeps the window, with MIN/MAX those too, with COUNT every match (RFC 9394 3.2)', async () => {
    const saved = (options: string) => savedBy(run, options);
    expect(await saved('SAVE PARTIAL -1:-2')).toBe('* SEARCH 6 7');
    expect(await saved('SAVE PARTIAL -1:-2 MIN')).toBe('* SEARCH 1 6 7');
    expect(await saved('MAX SAVE PARTIAL 1:2')).toBe('* SEARCH 1 2 7');
    expect(await saved('SAVE PARTIAL 1:1 COUNT')).toBe('* SEARCH 1 2 3 4 5 6 7');
    expect(await saved('PARTIAL 1:1 SAVE')).toBe('* SEARCH 1');
  });
});

describe('PARTIAL with SORT: a window in sort order (RFC 5267 4.4, RFC 9394)', () => {
  beforeEach(async () => {
    await appendFour();
    await run('s SELECT INBOX');
  });

  it('positions count in sort order, from the start or the end; the set keeps sort order', async () => {
    expect(await run('a1 SORT RETURN (PARTIAL 1:3) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "a1") PARTIAL (1:3 5:6,4)', 'a1 OK SORT completed']);
    expect(await run('a2 SORT RETURN (PARTIAL -1:-2) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "a2") PARTIAL (-1:-2 1,7)', 'a2 OK SORT completed']);
    expect(await run('a3 SORT RETURN (PARTIAL 3:2) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "a3") PARTIAL (3:2 6,4)', 'a3 OK SORT completed']);
    expect(await run('a4 SORT RETURN (PARTIAL 6:10) (REVERSE SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "a4") PARTIAL (6:10 6,5)', 'a4 OK SORT completed']);
    expect(await run('a5 SORT RETURN (PARTIAL 8:9) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "a5") PARTIAL (8:9 NIL)', 'a5 OK SORT completed']);
    expect(await run('a6 SORT RETURN (MIN MAX COUNT PARTIAL 1:2) (SUBJECT) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "a6") MIN 5 MAX 7 COUNT 7 PARTIAL (1:2 5:6)',
      'a6 OK SORT completed',
    ]);
  });

  it('UID SORT windows UIDs', async () => {
    await expungeFirst();
    expect(await run('b1 UID SORT RETURN (PARTIAL -1:-3) (SUBJECT) UTF-8 ALL')).toEqual(['* ESEARCH (TAG "b1") UID PARTIAL (-1:-3 3,2,7)', 'b1 OK UID SORT completed']);
  });
});

describe('PARTIAL mistakes are BAD, with what was wrong (RFC 9394 3.1 and 4)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  const EXAMPLE = 'like PARTIAL 1:100 (the first 100 matches) or PARTIAL -1:-100 (the last 100)';
  const CASES: Array<[args: string, answer: string]> = [
    ['RETURN (PARTIAL 1:5 ALL) ALL', 'PARTIAL and ALL cannot be combined: PARTIAL already returns a part of what ALL would (RFC 9394 3.1)'],
    ['RETURN (ALL PARTIAL 1:5) ALL', 'PARTIAL and ALL cannot be combined: PARTIAL already returns a part of what ALL would (RFC 9394 3.1)'],
    ['RETURN (PARTIAL 1:5 PARTIAL 6:9) ALL', 'PARTIAL may be asked for once per command (RFC 9394 3.1)'],
    ['RETURN (ALL COUNT ALL) ALL', 'ALL may be asked for once (RFC 9394 3.1)'],
    ['RETURN (PARTIAL) ALL', `PARTIAL needs a range, ${EXAMPLE}`],
    ['RETURN (PARTIAL MIN) ALL', `PARTIAL needs a range, ${EXAMPLE}`],
    ['RETURN (PARTIAL 0:5) ALL', 'PARTIAL 0:5: positions start at 1 (or -1 for the last match), 0 is none (RFC 9394 4)'],
    ['RETURN (PARTIAL -1:5) ALL', 'PARTIAL -1:5: both ends must have the same sign, 1:5 from the start or -1:-5 from the end (RFC 9394 4)'],
    ['RETURN (PARTIAL 1:*) ALL', `PARTIAL 1:*: * is not allowed in a PARTIAL range (RFC 9394 4); write the position, ${EXAMPLE}`],
    ['RETURN (PARTIAL 5) ALL', `PARTIAL 5 is not a range: two positions joined by ":", ${EXAMPLE}`],
    ['RETURN (PARTIAL "1:5") ALL', `PARTIAL's range is written bare, not as a string, ${EXAMPLE}`],
  ];

  it('after SEARCH and UID SEARCH', async () => {
    for (const [args, answer] of CASES) {
      expect(await run(`e SEARCH ${args}`), args).toEqual([`e BAD ${answer}`]);
      expect(await run(`u UID SEARCH ${args}`), args).toEqual([`u BAD ${answer}`]);
    }
  });

  it('after SORT and UID SORT', async () => {
    for (const [args, answer] of CASES) {
      const sortArgs = args.replace(/ ALL$/, ' (DATE) UTF-8 ALL');
      expect(await run(`e SORT ${sortArgs}`), sortArgs).toEqual([`e BAD ${answer}`]);
      expect(await run(`u UID SORT ${sortArgs}`), sortArgs).toEqual([`u BAD ${answer}`]);
    }
  });

  it('a BAD SEARCH with SAVE leaves $ as it was (RFC 5182 2.1)', async () => {
    await run('a SEARCH RETURN (SAVE) 2');
    expect(await run('b SEARCH RETURN (SAVE PARTIAL 1:2 ALL) ALL')).toEqual([expect.stringMatching(/^b BAD PARTIAL and ALL cannot be combined/)]);
    expect(await run('c SEARCH $')).toEqual(['* SEARCH 2', 'c OK SEARCH completed']);
  });
});

describe('real clients', () => {
  it('imapflow asks for PARTIAL and reads the window; a plain search still works', async () => {
    const client = imapflowFor(session.demo);
    await client.connect();
    try {
      expect(client.capabilities.has('PARTIAL')).toBe(true);
      expect(client.capabilities.has('ESORT')).toBe(true);
      const lock = await client.getMailboxLock('INBOX');
      try {
        expect(await client.search({ all: true }, { returnOptions: [{ partial: '-1:-2' }, 'COUNT'] } as never)).toEqual({ count: 3, partial: { range: '-1:-2', messages: '2:3' } });
        expect(await client.search({ seen: true }, { uid: true, returnOptions: [{ partial: '2:5' }] } as never)).toEqual({ partial: { range: '2:5', messages: '' } });
        expect(await client.search({ seen: false }, { uid: true })).toEqual([2, 3]);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('Python imaplib: sort() still gets * SORT; SORT RETURN and PARTIAL leave ESEARCH lines; BAD raises', async () => {
    const script = fileURLToPath(new URL('../fixtures/demo/esort_partial_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const out = JSON.parse(stdout);
    expect(out.capabilities).toEqual(expect.arrayContaining(['ESORT', 'PARTIAL', 'SORT']));
    expect(out.plain_sort).toEqual(['OK', ['3 2 1']]);
    expect(out.uid_esort_data).toEqual(['OK', [null]]);
    expect(out.uid_esort).toEqual(['OK', [expect.stringMatching(/^\(TAG "[A-Z]+\d+"\) UID MIN 3 MAX 1 COUNT 3 ALL 3,2,1$/)]]);
    expect(out.partial).toEqual(['OK', [expect.stringMatching(/^\(TAG "[A-Z]+\d+"\) PARTIAL \(-1:-2 2:3\)$/)]]);
    expect(out.partial_bad).toMatch(/PARTIAL 0:2: positions start at 1/);
    expect(out.logout).toBe('BYE');
  });
});

describe('PARTIAL as a fetch modifier: a page of the messages the set names (RFC 9394 3.3, 3.4)', () => {
  beforeEach(async () => {
    await appendFour();
    await run('s SELECT INBOX');
    await expungeFirst(); // UIDs 2-7 are messages 1-6
  });

  it('by position among the messages the set names, from the start or the end, FETCH and UID FETCH', async () => {
    expect(await run('f1 UID FETCH 1:* (UID) (PARTIAL -1:-2)')).toEqual(['* 5 FETCH (UID 6)', '* 6 FETCH (UID 7)', 'f1 OK UID FETCH completed.']);
    expect(await run('f2 UID FETCH 3,5,7 (UID) (PARTIAL 2:3)')).toEqual(['* 4 FETCH (UID 5)', '* 6 FETCH (UID 7)', 'f2 OK UID FETCH completed.']);
    expect(await run('f3 FETCH 2:* (UID) (PARTIAL 1:2)')).toEqual(['* 2 FETCH (UID 3)', '* 3 FETCH (UID 4)', 'f3 OK FETCH completed.']);
    expect(await run('f4 UID FETCH 1:* (UID) (PARTIAL 7:9)')).toEqual(['f4 OK UID FETCH completed.']);
  });

  it('the page is cut first, then CHANGEDSINCE keeps its changed messages (RFC 9394 3.4)', async () => {
    const before = Number(/HIGHESTMODSEQ (\d+)/.exec((await run('n SELECT INBOX')).join('\n'))![1]);
    await run('t UID STORE 7 +FLAGS.SILENT (\\Flagged)');
    expect(await run(`g1 UID FETCH 1:* (FLAGS) (PARTIAL -1:-3 CHANGEDSINCE ${before})`)).toEqual([
      `* 6 FETCH (UID 7 FLAGS (\\Flagged) MODSEQ (${before + 1}))`,
      'g1 OK UID FETCH completed.',
    ]);
    // UID 7 changed, but it is not on the first page: nothing to send.
    expect(await run(`g2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${before} PARTIAL 1:2)`)).toEqual(['g2 OK UID FETCH completed.']);
  });

  it('a bad range, or PARTIAL twice, is BAD', async () => {
    expect(await run('e1 UID FETCH 1:* (FLAGS) (PARTIAL 0:2)')).toEqual(['e1 BAD PARTIAL 0:2: positions start at 1 (or -1 for the last match), 0 is none (RFC 9394 4)']);
    expect(await run('e2 UID FETCH 1:* (FLAGS) (PARTIAL 1:2 PARTIAL 3:4)')).toEqual(['e2 BAD PARTIAL given twice']);
  });
});

describe('a MODSEQ search key in SORT and THREAD (RFC 7162 3.1.5; section 7, search-sort-mod-seq)', () => {
  beforeEach(async () => {
    await run('s SELECT INBOX');
  });

  it('SORT ends with the highest mod-sequence of what it found, ESORT says MODSEQ, nothing found none', async () => {
    expect(await run('k1 SORT (SUBJECT) UTF-8 MODSEQ 1')).toEqual(['* SORT 3 2 1 (MODSEQ 4)', 'k1 OK SORT completed']);
    expect(await run('k2 SORT RETURN (MIN COUNT) (SUBJECT) UTF-8 MODSEQ 1')).toEqual(['* ESEARCH (TAG "k2") MIN 3 COUNT 3 MODSEQ 4', 'k2 OK SORT completed']);
    expect(await run('k3 SORT (SUBJECT) UTF-8 MODSEQ 100')).toEqual(['* SORT', 'k3 OK SORT completed']);
    expect(await run('k4 SORT (SUBJECT) UTF-8 ALL')).toEqual(['* SORT 3 2 1', 'k4 OK SORT completed']);
  });

  it('turns CONDSTORE on, from SORT and from THREAD: FETCH FLAGS then carries MODSEQ', async () => {
    expect(await run('f1 FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen))', 'f1 OK FETCH completed.']);
    expect(await run('t1 THREAD REFERENCES UTF-8 MODSEQ 1')).toEqual(['* THREAD (1)(2)(3)', 't1 OK THREAD completed']);
    expect(await run('f2 FETCH 1 (FLAGS)')).toEqual(['* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))', 'f2 OK FETCH completed.']);
  });
});
