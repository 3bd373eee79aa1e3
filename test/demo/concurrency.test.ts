// Two sessions on one store: changes by one reach the other at the points RFC 3501 allows
// (7.4.1: no EXPUNGE during FETCH, STORE or SEARCH; at once during IDLE, RFC 2177).

import { beforeEach, describe, expect, it } from 'vitest';
import { rawSession, tagged, texts, type RawImap } from './helpers.js';

/** An APPEND command line with a non-synchronizing literal (RFC 7888 LITERAL+). */
function append(tag: string, mailbox: string, message: string): string {
  return `${tag} APPEND ${mailbox} {${Buffer.byteLength(message)}+}\r\n${message}`;
}

const session = rawSession('t1 LOGIN test77@example.com "qwe123#$"');
let a: RawImap;
let b: RawImap;

beforeEach(async () => {
  a = session.c;
  b = await session.other();
  for (const c of [a, b]) await c.command('t2 SELECT INBOX');
});

describe('two sessions at once', () => {
  it('an idling session sees the other store and expunge as they happen', async () => {
    a.write('i1 IDLE\r\n');
    await a.until((r) => r.response.kind === 'continuation');
    expect(tagged(await b.command('s1 STORE 2 +FLAGS (\\Deleted)')).status).toBe('OK');
    const flags = await a.until((r) => r.text.startsWith('* 2 FETCH'));
    expect(flags.at(-1)!.text).toBe('* 2 FETCH (FLAGS (\\Deleted))');
    expect(tagged(await b.command('s2 EXPUNGE')).status).toBe('OK');
    const gone = await a.until((r) => r.text.endsWith('EXPUNGE'));
    expect(gone.at(-1)!.text).toBe('* 2 EXPUNGE');
    await b.command(append('s3', 'INBOX', 'Subject: x\r\n\r\nbody\r\n'));
    const exists = await a.until((r) => r.text.endsWith('EXISTS'));
    expect(exists.at(-1)!.text).toBe('* 3 EXISTS');
    a.write('DONE\r\n');
    expect(tagged(await a.untilTagged('i1')).status).toBe('OK');
  });

  it('holds EXPUNGE back during FETCH, STORE and SEARCH, and sends it at NOOP', async () => {
    await b.command('s1 STORE 1 +FLAGS (\\Deleted)');
    await b.command('s2 EXPUNGE');
    // Message 1 is gone, but session a still numbers it until told.
    const fetched = await a.command('f1 FETCH 1:3 (UID)');
    expect(texts(fetched)).toEqual([
      '* 1 FETCH (UID 1)', '* 2 FETCH (UID 2)', '* 3 FETCH (UID 3)', 'f1 OK FETCH completed.',
    ]);
    const searched = await a.command('f2 SEARCH ALL');
    expect(texts(searched)).toEqual(['* SEARCH 1 2 3', 'f2 OK SEARCH completed']);
    const noop = await a.command('f3 NOOP');
    expect(texts(noop)).toEqual(['* 1 EXPUNGE', 'f3 OK NOOP completed']);
    expect(texts(await a.command('f4 FETCH 1 (UID)'))).toEqual(['* 1 FETCH (UID 2)', 'f4 OK FETCH completed.']);
  });

  it('a UID command may carry the pending EXPUNGE', async () => {
    await b.command('s1 STORE 3 +FLAGS (\\Deleted)');
    await b.command('s2 EXPUNGE');
    const r = await a.command('u1 UID FETCH 1 (FLAGS)');
    expect(texts(r)).toContain('* 3 EXPUNGE');
  });

  it('\\Recent belongs to the first session that selects; EXAMINE does not take it', async () => {
    a.close();
    b.close();
    a = await session.other();
    b = await session.other();
    await a.command(append('t2', 'INBOX.Trash', 'Subject: recent\r\n\r\nhi\r\n'));
    const ex = await b.command('t3 EXAMINE INBOX.Trash');
    expect(texts(ex)).toContain('* 1 RECENT');
    const sel = await a.command('t4 SELECT INBOX.Trash');
    expect(texts(sel)).toContain('* 1 RECENT');
    const again = await b.command('t5 SELECT INBOX.Trash');
    expect(texts(again)).toContain('* 0 RECENT');
    expect(texts(await a.command('t6 FETCH 1 FLAGS'))).toEqual(['* 1 FETCH (FLAGS (\\Recent))', 't6 OK FETCH completed.']);
  });

  it('a new keyword stored by one session is announced to the other with FLAGS', async () => {
    await b.command('s1 STORE 1 +FLAGS (NonJunk)');
    const r = texts(await a.command('n1 NOOP'));
    expect(r[0]).toBe('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft NonJunk)');
    expect(r).toContain('* 1 FETCH (FLAGS (\\Seen NonJunk))');
  });
});
