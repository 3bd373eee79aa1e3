// SORT and THREAD (RFC 5256) on the demo server: the threading algorithms on their own, then
// byte-exact `* SORT` / `* THREAD` lines over a raw socket against messages the test APPENDs,
// then Python's imaplib sort() and thread() (script in test/fixtures/demo).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, rawSession, tagged, texts } from './helpers.js';
import { referencesThreads } from '../../src/demo/imap/commands/thread-references.js';
import { formatThreads, node, link, orderedSubjectThreads, type ThreadMessage } from '../../src/demo/imap/commands/thread-tree.js';
import { msgIds } from '../../src/mime/msg-id.js';
import { IMPLEMENTED_CAPABILITIES } from '../../src/demo/imap/capabilities.js';
import { parseSortCriteria } from '../../src/demo/imap/commands/sort.js';
import { SORT_CRITERIA } from '../../src/registry/index.js';

// ---------------------------------------------------------------------------------------
// The algorithms, pure

/** A ThreadMessage: `seq` doubles as the number shown; `sent` in minutes for readability. */
function tm(seq: number, sent: number, subjectKey: string, opts: Partial<ThreadMessage> = {}): ThreadMessage {
  return { seq, number: seq, sent: sent * 60_000, subjectKey, replyOrForward: false, references: [], ...opts };
}
const refs = (messages: ThreadMessage[]) => formatThreads(referencesThreads(messages));

describe('formatThreads (RFC 5256 4 syntax)', () => {
  it('writes single-child chains flat and two or more children as adjacent lists', () => {
    const n = (seq: number) => node(tm(seq, 0, ''));
    const [t2, t3, t6, t4, t23, t44, t7, t96] = [2, 3, 6, 4, 23, 44, 7, 96].map(n);
    link(t3, t6);
    link(t6, t4);
    link(t4, t23);
    link(t6, t44);
    link(t44, t7);
    link(t7, t96);
    // The example of RFC 5256 section 4.
    expect(formatThreads([t2, t3])).toBe('(2)(3 6 (4 23)(44 7 96))');
  });

  it('shows a dummy as its children only, and nothing for no threads', () => {
    const dummy = node();
    link(dummy, node(tm(5, 0, '')));
    link(dummy, node(tm(6, 0, '')));
    expect(formatThreads([dummy])).toBe('((5)(6))');
    expect(formatThreads([])).toBe('');
  });
});

describe('ORDEREDSUBJECT', () => {
  it('groups by base subject, first message parent of the rest, threads by first sent date', () => {
    const messages = [tm(1, 30, 'B'), tm(2, 10, 'A'), tm(3, 50, 'B'), tm(4, 20, 'A'), tm(5, 20, 'A'), tm(6, 5, 'C')];
    expect(formatThreads(orderedSubjectThreads(messages))).toBe('(6)(2 (4)(5))(1 3)');
  });
});

describe('REFERENCES, step by step', () => {
  it('(1) links through References, In-Reply-To already folded in; (6) siblings by date', () => {
    const messages = [
      tm(1, 10, 'LUNCH', { messageId: 'a@x' }),
      tm(2, 30, 'LUNCH', { messageId: 'b@x', references: ['a@x'], replyOrForward: true }),
      tm(3, 20, 'LUNCH', { messageId: 'c@x', references: ['a@x'], replyOrForward: true }),
      tm(4, 40, 'LUNCH', { messageId: 'd@x', references: ['a@x', 'b@x'], replyOrForward: true }),
    ];
    expect(refs(messages)).toBe('(1 (3)(2 4))');
  });

  it('(1) a reference to a message not searched is a dummy, pruned away below the top (3)', () => {
    // 3 replies to 2, which is not among the messages: 1 -> dummy(2) -> 3 becomes 1 -> 3.
    const messages = [
      tm(1, 10, 'X', { messageId: 'a@x' }),
      tm(3, 30, 'X', { messageId: 'c@x', references: ['a@x', 'b@x'] }),
    ];
    expect(refs(messages)).toBe('(1 3)');
  });

  it('(3) a top-level dummy with two children stays, with one child it goes', () => {
    const two = [tm(1, 10, 'P', { references: ['gone@x'] }), tm(2, 5, 'Q', { references: ['gone@x'] })];
    expect(refs(two)).toBe('((2)(1))');
    const one = [tm(1, 10, 'P', { references: ['gone@x'] })];
    expect(refs(one)).toBe('(1)');
  });

  it('(1) no link that would close a loop', () => {
    const messages = [
      tm(1, 10, 'A', { messageId: 'a@x', references: ['b@x'] }),
      tm(2, 20, 'B', { messageId: 'b@x', references: ['a@x'] }),
      tm(3, 30, 'C', { messageId: 'c@x', references: ['c@x'] }),
    ];
    expect(refs(messages)).toBe('(2 1)(3)');
  });

  it('(1A) an existing parent stays; (1B) a message\'s own References re-parent it', () => {
    // 1 says c's parent is a; then c itself (3) says its parent is b.
    const messages = [
      tm(1, 10, 'S1', { messageId: 'x@x', references: ['a@x', 'c@x'] }),
      tm(2, 20, 'S2', { messageId: 'a@x' }),
      tm(3, 30, 'S3', { messageId: 'c@x', references: ['b@x'] }),
      tm(4, 40, 'S4', { messageId: 'b@x' }),
      // z would be c's parent, but c has one (b) already: only 5 goes under c; z, a childless
      // dummy, is pruned.
      tm(5, 50, 'S5', { messageId: 'd@x', references: ['z@x', 'c@x'] }),
    ];
    expect(refs(messages)).toBe('(2)(4 3 (1)(5))');
  });

  it('(1) of two messages with one Message-ID, only the first owns it', () => {
    const messages = [
      tm(1, 10, 'A', { messageId: 'dup@x' }),
      tm(2, 20, 'B', { messageId: 'dup@x' }),
      tm(3, 30, 'C', { messageId: 'r@x', references: ['dup@x'] }),
    ];
    expect(refs(messages)).toBe('(1 3)(2)');
  });

  it('(4) threads by the sent date of their first message, a dummy by its first child', () => {
    const messages = [
      tm(1, 50, 'A', { messageId: 'a@x' }),
      tm(2, 40, 'B', { references: ['gone@x'] }),
      tm(3, 60, 'C', { references: ['gone@x'] }),
      tm(4, 45, 'D'),
      tm(5, 45, 'E'),
    ];
    expect(refs(messages)).toBe('((2)(3))(4)(5)(1)');
  });

  describe('(5) threads with the same base subject are merged', () => {
    it('a reply without references goes under its original', () => {
      const messages = [
        tm(1, 10, 'BUDGET', { messageId: 'a@x' }),
        tm(2, 20, 'BUDGET', { messageId: 'b@x', replyOrForward: true }),
      ];
      expect(refs(messages)).toBe('(1 2)');
    });

    it('a reply that came first still goes under the original', () => {
      const messages = [
        tm(1, 10, 'BUDGET', { messageId: 'a@x', replyOrForward: true }),
        tm(2, 20, 'BUDGET', { messageId: 'b@x' }),
      ];
      expect(refs(messages)).toBe('(2 1)');
    });

    it('two originals (or two replies) become children of a new dummy', () => {
      expect(refs([tm(1, 10, 'S'), tm(2, 20, 'S')])).toBe('((1)(2))');
      expect(refs([tm(1, 10, 'S', { replyOrForward: true }), tm(2, 20, 'S', { replyOrForward: true })])).toBe('((1)(2))');
    });

    it('a message joins a dummy of that subject; two dummies pool their children', () => {
      const messages = [
        tm(1, 10, 'S', { references: ['p@x'] }),
        tm(2, 20, 'S', { references: ['p@x'] }),
        tm(3, 15, 'S', { references: ['q@x'] }),
        tm(4, 25, 'S', { references: ['q@x'] }),
        tm(5, 5, 'S', { messageId: 'e@x' }),
      ];
      expect(refs(messages)).toBe('((5)(1)(3)(2)(4))');
    });

    it('empty subjects are never merged', () => {
      expect(refs([tm(1, 10, ''), tm(2, 20, '')])).toBe('(1)(2)');
    });
  });
});

describe('msgIds', () => {
  it('finds the msg-ids, normalised: quotes and spaces do not matter, comments are skipped', () => {
    expect(msgIds('<a@x> (comment <c@x>)  <"b.c"@y>\r\n <d @ z>')).toEqual(['a@x', 'b.c@y', 'd@z']);
    expect(msgIds('<no-at-sign> garbage')).toEqual([]);
    expect(msgIds(undefined)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Over the wire

interface Mail {
  internal: string;
  date?: string;
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  id?: string;
  inReplyTo?: string;
  references?: string;
  bodyLength?: number;
}

function message(m: Mail): string {
  const fields: Array<[string, string | undefined]> = [
    ['Date', m.date], ['From', m.from], ['To', m.to], ['Cc', m.cc], ['Subject', m.subject],
    ['Message-ID', m.id], ['In-Reply-To', m.inReplyTo], ['References', m.references],
  ];
  const header = fields.filter(([, v]) => v !== undefined).map(([n, v]) => `${n}: ${v}\r\n`).join('');
  return `${header}\r\n${'x'.repeat(m.bodyLength ?? 10)}\r\n`;
}

const session = rawSession(`l LOGIN ${USER} "${PASSWORD}"`);
const run = session.run;

/**
 * Creates `mailbox` holding the mails after one expunged message, so UIDs are sequence
 * numbers + 1 and UID forms visibly answer with UIDs; selects it.
 */
async function mailboxWith(mailbox: string, mails: Mail[]): Promise<void> {
  expect(tagged(await session.c.command(`c CREATE ${mailbox}`)).status).toBe('OK');
  for (const [i, m] of [{ internal: '01-Jan-2026 00:00:00 +0000' }, ...mails].entries()) {
    const text = message(m);
    expect(tagged(await session.c.command(`a${i} APPEND ${mailbox} "${m.internal}" {${Buffer.byteLength(text)}+}\r\n${text}`)).status).toBe('OK');
  }
  await run(`s SELECT ${mailbox}`);
  await run('d STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect(await run('e EXPUNGE')).toContain('* 1 EXPUNGE');
}

// Sent dates (UTC): 1 01-Mar 09:00; 2 01-Mar 09:30; 3 none, internal 02-Mar 10:00;
// 4 unparsable, internal 01-Mar 09:00 (ties with 1); 5 01-Mar 04:00.
const SORT_MAILS: Mail[] = [
  { internal: '01-Mar-2026 10:00:00 +0000', date: 'Sun, 1 Mar 2026 09:00:00 +0000', from: 'Zed <zed@example.com>', to: 'bob@example.com', cc: 'Carol <carol@example.com>', subject: 'Re: beta', bodyLength: 1000 },
  { internal: '28-Feb-2026 10:00:00 +0000', date: 'Sun, 1 Mar 2026 10:30:00 +0100', from: 'alice@example.com', to: 'Dave <dave@example.com>', subject: 'alpha', bodyLength: 3000 },
  { internal: '02-Mar-2026 10:00:00 +0000', from: '"Bob" <BOB@example.com>', to: 'Alice <alice@example.com>', cc: '', subject: '[list] Alpha', bodyLength: 2000 },
  { internal: '01-Mar-2026 09:00:00 +0000', date: 'the day before yesterday', from: 'bob@example.com', to: 'undisclosed-recipients:;', subject: '=?UTF-8?Q?Fwd=3A_Gamma?=', bodyLength: 500 },
  { internal: '27-Feb-2026 10:00:00 +0000', date: 'Sat, 28 Feb 2026 23:00:00 -0500', to: 'carol@example.com', bodyLength: 4000 },
];

describe('SORT (RFC 5256 3)', () => {
  beforeEach(async () => {
    await mailboxWith('INBOX.sort', SORT_MAILS);
  });

  it.each([
    ['ARRIVAL', '5 2 4 1 3'],
    // 4's Date is unparsable: its internal date stands in, equal to 1's sent date; seq breaks the tie.
    ['DATE', '5 1 4 2 3'],
    // addr-mailbox, case-insensitive: "" < alice < BOB = bob < zed.
    ['FROM', '5 2 3 4 1'],
    // a group's name is its addr-mailbox (undisclosed-recipients).
    ['TO', '3 1 5 2 4'],
    ['CC', '2 3 4 5 1'],
    ['SIZE', '4 1 3 2 5'],
    // base subjects: "" < alpha = Alpha < beta < Gamma (decoded from an encoded word).
    ['SUBJECT', '5 2 3 1 4'],
    // REVERSE turns DATE around, but equal dates stay in sequence order.
    ['REVERSE DATE', '3 2 1 4 5'],
    ['SUBJECT REVERSE ARRIVAL', '5 3 2 1 4'],
    ['reverse size', '5 2 3 1 4'],
  ])('SORT (%s)', async (criteria, order) => {
    expect(await run(`s SORT (${criteria}) UTF-8 ALL`)).toEqual([`* SORT ${order}`, 's OK SORT completed']);
  });

  it('sorts only what the search keys match; UID SORT answers UIDs', async () => {
    expect(await run('s SORT (DATE) US-ASCII FROM bob')).toEqual(['* SORT 4 3', 's OK SORT completed']);
    expect(await run('s UID SORT (DATE) UTF-8 ALL')).toEqual(['* SORT 6 2 5 3 4', 's OK UID SORT completed']);
    expect(await run('s UID SORT (SUBJECT) "UTF-8" UID 3:5')).toEqual(['* SORT 3 4 5', 's OK UID SORT completed']);
    expect(await run('s SORT (DATE) UTF-8 SUBJECT nothing-like-this')).toEqual(['* SORT', 's OK SORT completed']);
  });

  it('refuses a charset it lacks with NO [BADCHARSET]', async () => {
    expect(await run('s SORT (DATE) KOI8-R ALL')).toEqual(['s NO [BADCHARSET (US-ASCII UTF-8)] KOI8-R is not supported']);
  });

  it.each([
    ['s SORT DATE UTF-8 ALL', 'sort criteria expected'],
    ['s SORT () UTF-8 ALL', 'sort criteria expected'],
    ['s SORT (DATE NAME) UTF-8 ALL', 'unknown sort criterion NAME'],
    ['s SORT (REVERSE) UTF-8 ALL', 'REVERSE must be followed'],
    ['s SORT (REVERSE REVERSE DATE) UTF-8 ALL', 'unknown sort criterion REVERSE'],
    ['s SORT (DATE)', 'a charset'],
    ['s SORT (DATE) UTF-8', 'empty search key list'],
  ])('%s is BAD', async (line, why) => {
    const r = await session.c.command(line);
    expect(tagged(r).status).toBe('BAD');
    expect(tagged(r).text).toContain(why);
    expect(texts(r).some((t) => t.startsWith('* SORT'))).toBe(false);
  });
});

// 1 is Lunch; 2 replies by In-Reply-To; 4 by References through 2; 5 by References to 1 only.
// 6 and 7 reply to a message that is not here. 8 replies to 3 by subject alone. 9 has nothing.
const THREAD_MAILS: Mail[] = [
  { internal: '01-Mar-2026 10:00:00 +0000', date: 'Sun, 1 Mar 2026 10:00:00 +0000', subject: 'Lunch', id: '<1@t>' },
  { internal: '01-Mar-2026 11:00:00 +0000', date: 'Sun, 1 Mar 2026 11:00:00 +0000', subject: 'Re: Lunch', id: '<2@t>', inReplyTo: '<1@t>' },
  { internal: '01-Mar-2026 09:00:00 +0000', date: 'Sun, 1 Mar 2026 09:00:00 +0000', subject: '[team] Budget', id: '<3@t>' },
  { internal: '01-Mar-2026 12:00:00 +0000', date: 'Sun, 1 Mar 2026 12:00:00 +0000', subject: 'Re: Re: Lunch', id: '<4@t>', references: '<1@t>\r\n <2@t>' },
  { internal: '01-Mar-2026 13:00:00 +0000', date: 'Sun, 1 Mar 2026 13:00:00 +0000', subject: 'RE: lunch', id: '<5@t>', references: '<1@t>' },
  { internal: '02-Mar-2026 08:00:00 +0000', date: 'Mon, 2 Mar 2026 08:00:00 +0000', subject: 'Party', id: '<6@t>', references: '<gone@t>' },
  { internal: '02-Mar-2026 07:00:00 +0000', date: 'Mon, 2 Mar 2026 07:00:00 +0000', subject: 'Re: Party', id: '<7@t>', references: '<gone@t>' },
  { internal: '01-Mar-2026 14:00:00 +0000', date: 'Sun, 1 Mar 2026 14:00:00 +0000', subject: 'Re: Budget', id: '<8@t>' },
  { internal: '28-Feb-2026 10:00:00 +0000' },
];

describe('THREAD (RFC 5256 3)', () => {
  beforeEach(async () => {
    await mailboxWith('INBOX.threads', THREAD_MAILS);
  });

  it('REFERENCES: links, a kept top-level dummy, a subject merge, date order', async () => {
    expect(await run('t THREAD REFERENCES UTF-8 ALL')).toEqual(['* THREAD (9)(3 8)(1 (2 4)(5))((7)(6))', 't OK THREAD completed']);
  });

  it('ORDEREDSUBJECT: one flat thread per base subject', async () => {
    expect(await run('t THREAD ORDEREDSUBJECT UTF-8 ALL')).toEqual(['* THREAD (9)(3 8)(1 (2)(4)(5))(7 6)', 't OK THREAD completed']);
  });

  it('UID THREAD answers UIDs', async () => {
    expect(await run('t UID THREAD references utf-8 ALL')).toEqual(['* THREAD (10)(4 9)(2 (3 5)(6))((8)(7))', 't OK UID THREAD completed']);
  });

  it('threads only what the search keys match; an unmatched parent is a pruned dummy', async () => {
    // Without 2, 4's References still lead through the missing <2@t> to 1.
    expect(await run('t THREAD REFERENCES UTF-8 NOT 2')).toEqual(['* THREAD (9)(3 8)(1 (4)(5))((7)(6))', 't OK THREAD completed']);
    expect(await run('t THREAD REFERENCES UTF-8 SUBJECT nothing-like-this')).toEqual(['* THREAD', 't OK THREAD completed']);
  });

  it('an unknown algorithm is BAD; an unknown charset NO [BADCHARSET]', async () => {
    const bad = await session.c.command('t THREAD REFS UTF-8 ALL');
    expect(tagged(bad)).toMatchObject({ status: 'BAD', text: expect.stringContaining('unknown threading algorithm REFS') });
    expect(await run('t THREAD REFERENCES ISO-2022-JP ALL')).toEqual(['t NO [BADCHARSET (US-ASCII UTF-8)] ISO-2022-JP is not supported']);
  });
});

describe('announcing and state', () => {
  it('CAPABILITY announces SORT and both THREAD algorithms', async () => {
    const [line] = await run('c CAPABILITY');
    expect(line).toMatch(/ SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES( |$)/);
    expect(IMPLEMENTED_CAPABILITIES).toEqual(expect.arrayContaining(['SORT', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES']));
  });

  it('SORT and THREAD need a selected mailbox', async () => {
    expect(tagged(await session.c.command('s SORT (DATE) UTF-8 ALL')).status).toBe('NO');
    expect(tagged(await session.c.command('t THREAD REFERENCES UTF-8 ALL')).status).toBe('NO');
  });
});

// ---------------------------------------------------------------------------------------
// A real client

const exec = promisify(execFile);
const script = fileURLToPath(new URL('../fixtures/demo/sort_thread_imaplib.py', import.meta.url));

describe('Python imaplib', () => {
  it('sort(), thread() and their uid() forms get what the server sent', async () => {
    await mailboxWith('INBOX.threads', THREAD_MAILS);
    const { stdout } = await exec('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD, 'INBOX.threads'], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      capabilities: expect.arrayContaining(['SORT', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES']),
      sort: ['OK', '9 3 1 2 4 5 8 7 6'],
      uid_sort: ['OK', '10 4 9 2 3 5 6 7 8'],
      thread: ['OK', '(9)(3 8)(1 (2 4)(5))((7)(6))'],
      uid_thread: ['OK', '(10)(4 9)(2 (3)(5)(6))(8 7)'],
      badcharset: ['NO', '[BADCHARSET (US-ASCII UTF-8)] KOI8-R is not supported'],
      logout: 'BYE',
    });
  });
});

describe('the demo sorts by what the registry explains, and by nothing else', () => {
  const atom = (value: string) => ({ type: 'atom' as const, value });
  it('every base criterion of the registry (RFC 5256 3) is one the demo sorts by', () => {
    const base = SORT_CRITERIA.filter((c) => !c.requires && c.name !== 'REVERSE').map((c) => c.name);
    expect(parseSortCriteria({ type: 'list', items: base.map(atom) }).map((c) => c.key)).toEqual(base);
  });
  it('SORT=DISPLAY criteria are not, since the demo does not announce SORT=DISPLAY', () => {
    expect(IMPLEMENTED_CAPABILITIES).not.toContain('SORT=DISPLAY');
    expect(() => parseSortCriteria({ type: 'list', items: [atom('DISPLAYFROM')] })).toThrow(/unknown sort criterion DISPLAYFROM/);
  });
});

describe('the class account\'s seeded conversation (src/demo/seed-class-thread.ts)', () => {
  it('teaches THREAD and SORT on the first run: nested replies, a forward, a subject-only join', async () => {
    const student = await session.greeted();
    await student.command('l LOGIN student@example.com student');
    const s = (line: string) => run(line, student);
    // The tutorial's three messages, then the six posts (UIDs 4 to 9).
    expect(await s('x SELECT INBOX')).toContain('* 9 EXISTS');
    // 5 replies to 4; 6 (References 4 5) and 7 (a forward citing only 5) hang under 5, by
    // sent date; 8 and 9 share a base subject without any reference: siblings under a dummy.
    expect(await s('t THREAD REFERENCES UTF-8 ALL')).toEqual(['* THREAD (1)(2)(3)(4 5 (7)(6))((9)(8))', 't OK THREAD completed']);
    expect(await s('o THREAD ORDEREDSUBJECT UTF-8 ALL')).toEqual(['* THREAD (1)(2)(3)(4 (5)(7)(6))(9 8)', 'o OK THREAD completed']);
    // Sent dates are out of arrival order: 7 was written before 6, 9 before 8.
    expect(await s('d SORT (DATE) UTF-8 ALL')).toEqual(['* SORT 1 2 3 4 5 7 6 9 8', 'd OK SORT completed']);
    expect(await s('a SORT (ARRIVAL) UTF-8 ALL')).toEqual(['* SORT 1 2 3 4 5 6 7 8 9', 'a OK SORT completed']);
    // The tutorial's account keeps the tutorial's mail only.
    expect(await run('y EXAMINE INBOX')).toContain('* 3 EXISTS');
  });
});
