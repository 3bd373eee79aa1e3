// SAVEDATE (RFC 8514) and WITHIN (RFC 5032) on the demo server, over a raw socket, with a
// clock the test moves: a save date is the server's time of arrival in the mailbox (APPEND,
// COPY, MOVE), while INTERNALDATE may be given by APPEND and stays with a copy; OLDER and
// YOUNGER count seconds back from the server's clock to INTERNALDATE. The seeded INBOX holds
// 1 (15-Jan-2011 10:50:17 +0530), 2 (15-Jan-2011 16:49:00 +0530), 3 (16-Jan-2011 14:05:31 +0530).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_NOW, PASSWORD, RawImap, USER, startCheckedDemo, texts, type CheckedDemo } from './helpers.js';

let clock = FIXED_NOW;
let demo: CheckedDemo | undefined;
let client: RawImap | undefined;

beforeEach(async () => {
  clock = FIXED_NOW;
  demo = await startCheckedDemo({ now: () => clock });
  client = await RawImap.open(demo.imapPort);
  await client.command(`l1 LOGIN ${USER} ${PASSWORD}`);
});

afterEach(async () => {
  client?.close();
  demo?.expectWellFormed();
  await demo?.close();
});

const run = async (line: string): Promise<string[]> => texts(await client!.command(line));
const later = (seconds: number): void => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const TEXT = 'Subject: saved\r\n\r\nBody.\r\n';
/** APPEND to INBOX, with an INTERNALDATE when `date` is given. */
const append = (tag: string, date?: string): Promise<string[]> =>
  run(`${tag} APPEND INBOX ${date ? `"${date}" ` : ''}{${TEXT.length}+}\r\n${TEXT}`);

describe('FETCH SAVEDATE (RFC 8514 4.2)', () => {
  it('is the seed\'s own time for seeded mail, the same as its INTERNALDATE', async () => {
    await run('s EXAMINE INBOX');
    expect(await run('f FETCH 1 (INTERNALDATE SAVEDATE)')).toEqual([
      '* 1 FETCH (INTERNALDATE "15-Jan-2011 10:50:17 +0530" SAVEDATE "15-Jan-2011 10:50:17 +0530")', 'f OK FETCH completed.',
    ]);
  });

  it('is the server\'s clock at APPEND, whatever INTERNALDATE the client gave', async () => {
    await append('a', '01-Jan-2020 08:00:00 +0100');
    await append('b');
    await run('s EXAMINE INBOX');
    expect(await run('f FETCH 4:5 (INTERNALDATE SAVEDATE)')).toEqual([
      '* 4 FETCH (INTERNALDATE "01-Jan-2020 08:00:00 +0100" SAVEDATE "26-Nov-2026 10:00:00 +0000")',
      '* 5 FETCH (INTERNALDATE "26-Nov-2026 10:00:00 +0000" SAVEDATE "26-Nov-2026 10:00:00 +0000")',
      'f OK FETCH completed.',
    ]);
  });

  it('is new after COPY and MOVE, which keep INTERNALDATE; the source keeps its save date', async () => {
    await run('s SELECT INBOX');
    later(3600);
    await run('c COPY 1 INBOX.Trash');
    later(60);
    await run('m MOVE 2 INBOX.Trash');
    expect(await run('f FETCH 1 (SAVEDATE)')).toEqual(['* 1 FETCH (SAVEDATE "15-Jan-2011 10:50:17 +0530")', 'f OK FETCH completed.']);
    await run('t EXAMINE INBOX.Trash');
    expect(await run('g FETCH 1:2 (INTERNALDATE SAVEDATE)')).toEqual([
      '* 1 FETCH (INTERNALDATE "15-Jan-2011 10:50:17 +0530" SAVEDATE "26-Nov-2026 11:00:00 +0000")',
      '* 2 FETCH (INTERNALDATE "15-Jan-2011 16:49:00 +0530" SAVEDATE "26-Nov-2026 11:01:00 +0000")',
      'g OK FETCH completed.',
    ]);
  });
});

describe('SEARCH by save date (RFC 8514 4.3)', () => {
  it('compares the save date\'s day, where BEFORE/ON/SINCE compare INTERNALDATE\'s', async () => {
    await append('a', '01-Jan-2020 08:00:00 +0100');
    await run('s EXAMINE INBOX');
    expect(await run('b SEARCH SAVEDON 26-Nov-2026')).toEqual(['* SEARCH 4', 'b OK SEARCH completed']);
    expect(await run('c SEARCH SAVEDBEFORE 26-Nov-2026')).toEqual(['* SEARCH 1 2 3', 'c OK SEARCH completed']);
    // Message 3 was saved on 16-Jan-2011 in its own zone (+0530), 08:35 UTC.
    expect(await run('d SEARCH SAVEDSINCE 16-Jan-2011')).toEqual(['* SEARCH 3 4', 'd OK SEARCH completed']);
    expect(await run('e SEARCH SINCE 1-Jan-2021')).toEqual(['* SEARCH', 'e OK SEARCH completed']);
    expect(await run('f SEARCH SAVEDSINCE 1-Jan-2021')).toEqual(['* SEARCH 4', 'f OK SEARCH completed']);
    expect(await run('g SEARCH NOT SAVEDON 26-Nov-2026 SAVEDSINCE "15-Jan-2011"')).toEqual(['* SEARCH 1 2 3', 'g OK SEARCH completed']);
  });

  it('SAVEDATESUPPORTED matches every message, since every demo mailbox keeps save dates', async () => {
    await run('s EXAMINE INBOX');
    expect(await run('a SEARCH SAVEDATESUPPORTED')).toEqual(['* SEARCH 1 2 3', 'a OK SEARCH completed']);
    await run('t EXAMINE INBOX.Trash');
    expect(await run('b SEARCH SAVEDATESUPPORTED')).toEqual(['* SEARCH', 'b OK SEARCH completed']);
  });

  it('a save-date key without a date is BAD', async () => {
    await run('s EXAMINE INBOX');
    expect(await run('a SEARCH SAVEDON 2026-11-26')).toEqual(['a BAD SAVEDON needs a date like 1-Feb-2011']);
    expect(await run('b SEARCH SAVEDBEFORE')).toEqual(['b BAD SAVEDBEFORE needs an argument']);
  });
});

describe('SEARCH OLDER and YOUNGER (RFC 5032)', () => {
  beforeEach(async () => {
    // 4 is a minute old, 5 an hour old, 6 thirty seconds old (given in another zone).
    await append('a', '26-Nov-2026 09:59:00 +0000');
    await append('b', '26-Nov-2026 09:00:00 +0000');
    await append('c', '26-Nov-2026 11:59:30 +0200');
    await run('s EXAMINE INBOX');
  });

  it('count seconds back from the server\'s clock; a message exactly n seconds old matches both (RFC 5032 2)', async () => {
    expect(await run('a SEARCH YOUNGER 60')).toEqual(['* SEARCH 4 6', 'a OK SEARCH completed']);
    expect(await run('b SEARCH YOUNGER 59')).toEqual(['* SEARCH 6', 'b OK SEARCH completed']);
    expect(await run('c SEARCH OLDER 60')).toEqual(['* SEARCH 1 2 3 4 5', 'c OK SEARCH completed']);
    expect(await run('d SEARCH OLDER 61')).toEqual(['* SEARCH 1 2 3 5', 'd OK SEARCH completed']);
    expect(await run('e SEARCH YOUNGER 3600 OLDER 31')).toEqual(['* SEARCH 4 5', 'e OK SEARCH completed']);
    expect(await run('f UID SEARCH RETURN (COUNT) YOUNGER 86400')).toEqual(['* ESEARCH (TAG "f") UID COUNT 3', 'f OK UID SEARCH completed']);
  });

  it('follow the clock: the same search later finds older messages', async () => {
    later(30);
    expect(await run('a SEARCH YOUNGER 60')).toEqual(['* SEARCH 6', 'a OK SEARCH completed']);
    later(1);
    expect(await run('b SEARCH YOUNGER 60')).toEqual(['* SEARCH', 'b OK SEARCH completed']);
    expect(await run('c SEARCH OLDER 61')).toEqual(['* SEARCH 1 2 3 4 5 6', 'c OK SEARCH completed']);
  });

  it('take a number of seconds above 0 (nz-number, RFC 5032 3)', async () => {
    expect(await run('a SEARCH OLDER 0')).toEqual(['a BAD OLDER needs a number of seconds above 0 (RFC 5032 3: nz-number)']);
    expect(await run('b SEARCH YOUNGER 0')).toEqual(['b BAD YOUNGER needs a number of seconds above 0 (RFC 5032 3: nz-number)']);
    expect(await run('c SEARCH YOUNGER -5')).toEqual(['c BAD YOUNGER needs a number']);
    expect(await run('d SEARCH OLDER')).toEqual(['d BAD OLDER needs an argument']);
  });
});
