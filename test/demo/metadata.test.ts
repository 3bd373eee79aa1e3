// METADATA (RFC 5464) on the demo server: entry-name rules, the ACL rule and the entry store
// on their own, then raw IMAP sessions on the checked demo (every server line must parse
// with mailscope's reader, and every response code and untagged name must be in the
// registry; rawSession checks that after each test).

import { describe, expect, it } from 'vitest';
import { RawImap, rawSession, tagged, texts, type SeenResponse } from './helpers.js';
import { ANNOTATION_RIGHTS, entryNameProblem, mayAnnotate } from '../../src/demo/imap/commands/metadata.js';
import { Annotations, METADATA_MAX_ENTRIES, METADATA_MAX_VALUE_SIZE, SEEDED_SERVER_ENTRIES } from '../../src/demo/store/metadata.js';
import { capability, imapCommand, responseCode, untaggedResponse } from '../../src/registry/index.js';

describe('entry names (RFC 5464 3.2)', () => {
  const valid = (name: string, forSet = true) => entryNameProblem(name, forSet) === undefined;

  it('takes /shared and /private names of any depth, in any case', () => {
    for (const name of ['/shared/comment', '/private/comment', '/shared/a/b/c', '/PRIVATE/Comment', '/shared/vendor/mailscope/note']) expect(valid(name)).toBe(true);
  });

  it('refuses what 3.2 forbids, saying why', () => {
    expect(entryNameProblem('shared/comment', false)).toMatch(/starts with \//);
    expect(entryNameProblem('/other/comment', false)).toMatch(/\/shared or \/private/);
    expect(entryNameProblem('/shared//comment', false)).toMatch(/\/\//);
    expect(entryNameProblem('/shared/comment/', false)).toMatch(/end with \//);
    expect(entryNameProblem('/shared/a*', false)).toMatch(/\* or %/);
    expect(entryNameProblem('/shared/a%', false)).toMatch(/\* or %/);
    expect(entryNameProblem('/shared/\u00e9t\u00e9', false)).toMatch(/ASCII/);
    expect(entryNameProblem('/shared/a\x19b', false)).toMatch(/control/);
    // 0x1a-0x1f are outside the range 3.2 names; discouraged but allowed.
    expect(valid('/shared/a\x1ab')).toBe(true);
  });

  it('a bare scope may be looked under but holds no value; vendor names need four components', () => {
    expect(valid('/shared', false)).toBe(true);
    expect(entryNameProblem('/shared', true)).toMatch(/two components/);
    expect(entryNameProblem('/private/vendor/mailscope', true)).toMatch(/four components/);
    expect(valid('/private/vendor/mailscope', false)).toBe(true);
  });
});

describe('the ACL rule for mailbox annotations (RFC 5464 3.3)', () => {
  it('needs l and any one of r s w i p', () => {
    expect(ANNOTATION_RIGHTS).toEqual({ required: 'l', anyOf: 'rswip' });
    expect(mayAnnotate('lr')).toBe(true);
    expect(mayAnnotate('lp')).toBe(true);
    expect(mayAnnotate('l')).toBe(false);
    expect(mayAnnotate('rswip')).toBe(false);
    expect(mayAnnotate('lkxtea')).toBe(false);
  });
});

describe('a set of entries', () => {
  it('is case-insensitive, removes on undefined, and finds entries below a name by depth (4.2.2)', () => {
    const a = new Annotations([['/Shared/A', 'x']]);
    a.set('/shared/a/b', Buffer.from('1'));
    a.set('/shared/a/b/c', Buffer.from('2'));
    a.set('/shared/ab', Buffer.from('not below /shared/a'));
    expect(Buffer.from(a.get('/SHARED/a')!).toString()).toBe('x');
    expect(a.below('/shared/a', 0)).toEqual([]);
    expect(a.below('/shared/a', 1).map(([n]) => n)).toEqual(['/shared/a/b']);
    expect(a.below('/shared/A', Infinity).map(([n]) => n)).toEqual(['/shared/a/b', '/shared/a/b/c']);
    a.set('/shared/a', undefined);
    expect(a.has('/shared/a')).toBe(false);
    expect(a.size).toBe(3);
  });

  it('the limits are within what RFC 5464 4.1 requires a server to accept', () => {
    expect(METADATA_MAX_VALUE_SIZE).toBeGreaterThanOrEqual(1024);
    expect(METADATA_MAX_ENTRIES).toBeGreaterThanOrEqual(10);
  });
});

describe('the registry knows what the demo sends', () => {
  it('METADATA covers server annotations and can be ENABLEd; both commands are for authenticated and selected', () => {
    expect(capability('METADATA')?.entry).toMatchObject({ implies: ['METADATA-SERVER'], enableable: true });
    for (const name of ['GETMETADATA', 'SETMETADATA']) expect(imapCommand(name)?.states).toEqual(['authenticated', 'selected']);
    expect(responseCode('METADATA')?.argSyntax).toBe('LONGENTRIES n | MAXSIZE n | TOOMANY | NOPRIVATE');
    expect(untaggedResponse('METADATA')).toBeDefined();
  });
});

const session = rawSession();
const run = session.run;
const [adminValue, commentValue] = SEEDED_SERVER_ENTRIES.map(([, v]) => v);

/** The tagged line's status and code text, e.g. `NO [METADATA MAXSIZE 4096]`. */
async function outcome(line: string): Promise<string> {
  const last = (await run(line)).at(-1)!;
  return /^\S+ (\w+(?: \[[^\]]*\])?)/.exec(last)![1];
}

/** A second user on the same demo server (the seed's other account). */
async function otherUser(): Promise<RawImap> {
  const c = await RawImap.open(session.demo.imapPort);
  expect(tagged(await c.command('o1 LOGIN student@example.com student')).status).toBe('OK');
  return c;
}

describe('GETMETADATA and SETMETADATA over the wire', () => {
  it('announces METADATA after login', async () => {
    const [caps] = await run('c CAPABILITY');
    expect(caps.split(' ')).toContain('METADATA');
  });

  it('answers the seeded server entries, as in RFC 5464 4.2', async () => {
    expect(await run('g1 GETMETADATA "" /shared/comment')).toEqual([
      `* METADATA "" (/shared/comment "${commentValue}")`,
      'g1 OK GETMETADATA completed',
    ]);
    expect(await run('g2 GETMETADATA "" (/shared/admin /shared/comment)')).toEqual([
      `* METADATA "" (/shared/admin "${adminValue}" /shared/comment "${commentValue}")`,
      'g2 OK GETMETADATA completed',
    ]);
    expect(adminValue).toBe('mailto:postmaster@example.com');
  });

  it('a requested entry without value answers NIL; /private/specialuse mirrors SPECIAL-USE (RFC 6154 4)', async () => {
    expect(await run('g1 GETMETADATA INBOX (/private/comment /private/specialuse)')).toEqual([
      '* METADATA "INBOX" (/private/comment NIL /private/specialuse NIL)',
      'g1 OK GETMETADATA completed',
    ]);
    expect(await run('g2 GETMETADATA INBOX.Sent /private/specialuse')).toEqual([
      '* METADATA "INBOX.Sent" (/private/specialuse "\\\\Sent")',
      'g2 OK GETMETADATA completed',
    ]);
    await run('s1 SETMETADATA INBOX.Drafts (/private/comment "unsent")');
    expect(await run('g3 GETMETADATA (DEPTH 1) INBOX.Drafts /private')).toEqual([
      '* METADATA "INBOX.Drafts" (/private/comment "unsent" /private/specialuse "\\\\Drafts")',
      'g3 OK GETMETADATA completed',
    ]);
  });

  it('sets then gets a mailbox entry; entry names are case-insensitive; NIL removes', async () => {
    expect(await run('s1 SETMETADATA INBOX (/private/comment "My own comment" /Shared/Comment "For all")')).toEqual(['s1 OK SETMETADATA completed']);
    expect(await run('g1 GETMETADATA inbox (/PRIVATE/comment /shared/comment)')).toEqual([
      '* METADATA "INBOX" (/private/comment "My own comment" /shared/comment "For all")',
      'g1 OK GETMETADATA completed',
    ]);
    expect(await run('s2 SETMETADATA INBOX (/private/comment NIL)')).toEqual(['s2 OK SETMETADATA completed']);
    expect(await run('g2 GETMETADATA INBOX (/private/comment /shared/comment)')).toEqual([
      '* METADATA "INBOX" (/private/comment NIL /shared/comment "For all")',
      'g2 OK GETMETADATA completed',
    ]);
  });

  it('takes a multi-line literal value and answers it as a literal (RFC 5464 4.3 example)', async () => {
    const value = 'My new comment across\r\ntwo lines.';
    expect(await run(`s1 SETMETADATA INBOX (/private/comment {${value.length}+}\r\n${value})`)).toEqual(['s1 OK SETMETADATA completed']);
    const answer = await session.c.command('g1 GETMETADATA INBOX /private/comment');
    expect(texts(answer)[0]).toBe(`* METADATA "INBOX" (/private/comment {33}\r\n${value})`);
    const data = answer[0].response;
    if (data.kind !== 'data' || data.values[1]?.type !== 'list') throw new Error('no METADATA list');
    expect(data.values[1].items[1]).toMatchObject({ type: 'literal', binary: false, size: 33 });
  });

  it('keeps 8-bit values as octets; a value with NUL comes back as literal8 (value = nstring / literal8)', async () => {
    const utf8 = Buffer.from('Gr\u00fc\u00dfe', 'utf8');
    session.c.write(Buffer.concat([Buffer.from(`s1 SETMETADATA INBOX (/shared/comment {${utf8.length}+}\r\n`), utf8, Buffer.from(' /private/comment ~{3+}\r\na\0b)\r\n')]));
    expect(tagged(await session.c.untilTagged('s1')).status).toBe('OK');
    const answer = await session.c.command('g1 GETMETADATA INBOX (/shared/comment /private/comment)');
    const data = answer[0].response;
    if (data.kind !== 'data' || data.values[1]?.type !== 'list') throw new Error('no METADATA list');
    const [, shared, , priv] = data.values[1].items;
    expect(shared).toMatchObject({ type: 'literal', binary: false });
    expect(Buffer.from((shared as { data: Uint8Array }).data)).toEqual(utf8);
    expect(priv).toMatchObject({ type: 'literal', binary: true, size: 3 });
    expect(Buffer.from((priv as { data: Uint8Array }).data)).toEqual(Buffer.from('a\0b'));
  });

  it('DEPTH 0, 1 and infinity (RFC 5464 4.2.2), options before or after the mailbox', async () => {
    await run('s1 SETMETADATA INBOX (/shared/vendor/mailscope/a "A" /shared/vendor/mailscope/a/b "B" /shared/vendor/mailscope/a/b/c "C")');
    const base = '/shared/vendor/mailscope/a';
    expect((await run(`g0 GETMETADATA (DEPTH 0) INBOX ${base}`))[0]).toBe(`* METADATA "INBOX" (${base} "A")`);
    expect((await run(`g1 GETMETADATA (DEPTH 1) INBOX ${base}`))[0]).toBe(`* METADATA "INBOX" (${base} "A" ${base}/b "B")`);
    expect((await run(`g2 GETMETADATA (DEPTH infinity) INBOX ${base}`))[0]).toBe(`* METADATA "INBOX" (${base} "A" ${base}/b "B" ${base}/b/c "C")`);
    // The order of the RFC's own examples (4.2.1, 4.2.2): options after the mailbox.
    expect((await run(`g3 GETMETADATA INBOX (DEPTH INFINITY) (${base}/b)`))[0]).toBe(`* METADATA "INBOX" (${base}/b "B" ${base}/b/c "C")`);
    // A whole scope, looked under: the entry itself has no value, so only what is below shows.
    expect((await run('g4 GETMETADATA "" (DEPTH 1) /shared'))[0]).toBe(`* METADATA "" (/shared/admin "${adminValue}" /shared/comment "${commentValue}")`);
    expect(await outcome(`g5 GETMETADATA (DEPTH 2) INBOX ${base}`)).toBe('BAD');
    expect(await outcome(`g6 GETMETADATA (COLOUR 1) INBOX ${base}`)).toBe('BAD');
  });

  it('MAXSIZE leaves out longer values and the OK says how long the longest was (RFC 5464 4.2.1)', async () => {
    const big = 'x'.repeat(100);
    await run(`s1 SETMETADATA INBOX (/shared/comment "${big}" /private/comment "short" /private/note "${'y'.repeat(80)}")`);
    expect(await run('g1 GETMETADATA (MAXSIZE 50) INBOX (/shared/comment /private/comment /private/note)')).toEqual([
      '* METADATA "INBOX" (/private/comment "short")',
      'g1 OK [METADATA LONGENTRIES 100] GETMETADATA completed; values over MAXSIZE 50 were left out',
    ]);
    // Nothing fits: no METADATA response at all (entry-values needs one entry), still LONGENTRIES.
    expect(await run('g2 GETMETADATA (MAXSIZE 10) INBOX /shared/comment')).toEqual([
      'g2 OK [METADATA LONGENTRIES 100] GETMETADATA completed; values over MAXSIZE 10 were left out',
    ]);
    expect(await run('g3 GETMETADATA (MAXSIZE 100) INBOX /shared/comment')).toEqual([
      `* METADATA "INBOX" (/shared/comment "${big}")`,
      'g3 OK GETMETADATA completed',
    ]);
  });

  it('a value over the limit is NO [METADATA MAXSIZE n], and nothing of the command is set (RFC 5464 4.3)', async () => {
    const tooBig = 'z'.repeat(METADATA_MAX_VALUE_SIZE + 1);
    const line = `s1 SETMETADATA INBOX (/private/comment "fits" /shared/comment {${tooBig.length}+}\r\n${tooBig})`;
    expect(await outcome(line)).toBe(`NO [METADATA MAXSIZE ${METADATA_MAX_VALUE_SIZE}]`);
    expect((await run('g1 GETMETADATA INBOX /private/comment'))[0]).toBe('* METADATA "INBOX" (/private/comment NIL)');
    const limit = 'z'.repeat(METADATA_MAX_VALUE_SIZE);
    expect(await outcome(`s2 SETMETADATA INBOX (/shared/comment {${limit.length}+}\r\n${limit})`)).toBe('OK');
  });

  it('past the entry limit is NO [METADATA TOOMANY]; removing in the same command makes room', async () => {
    const entries = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `/private/n${from + i} "v"`).join(' ');
    expect(await outcome(`s1 SETMETADATA INBOX (${entries(METADATA_MAX_ENTRIES + 1)})`)).toBe('NO [METADATA TOOMANY]');
    expect((await run('g1 GETMETADATA INBOX /private/n0'))[0]).toBe('* METADATA "INBOX" (/private/n0 NIL)');
    expect(await outcome(`s2 SETMETADATA INBOX (${entries(METADATA_MAX_ENTRIES)})`)).toBe('OK');
    expect(await outcome('s3 SETMETADATA INBOX (/private/n0 "changed")')).toBe('OK');
    expect(await outcome('s4 SETMETADATA INBOX (/private/extra "v")')).toBe('NO [METADATA TOOMANY]');
    expect(await outcome('s5 SETMETADATA INBOX (/private/n1 NIL /private/extra "v")')).toBe('OK');
    // Each mailbox has its own room.
    expect(await outcome('s6 SETMETADATA INBOX.Sent (/private/extra "v")')).toBe('OK');
  });

  it('bad entry names and values are BAD (RFC 5464 3.2, 5)', async () => {
    for (const entry of ['/shared//x', '/other/x', '/shared/x*', 'shared/x', '/shared/x/', '/shared', '/shared/vendor/mailscope']) {
      expect(await outcome(`b SETMETADATA INBOX (${entry} "v")`), entry).toBe('BAD');
    }
    expect(await outcome('b1 GETMETADATA INBOX /shared/x%')).toBe('BAD');
    // value = nstring / literal8: an atom is not a value.
    expect(await outcome('b2 SETMETADATA INBOX (/shared/comment hello)')).toBe('BAD');
    expect(await outcome('b3 SETMETADATA INBOX (/shared/comment)')).toBe('BAD');
    expect(await outcome('b4 SETMETADATA INBOX /shared/comment "v"')).toBe('BAD');
    expect(await outcome('b5 GETMETADATA INBOX')).toBe('BAD');
  });

  it('an unknown mailbox is NO [NONEXISTENT] for both commands', async () => {
    expect(await outcome('n1 GETMETADATA INBOX.Nowhere /shared/comment')).toBe('NO [NONEXISTENT]');
    expect(await outcome('n2 SETMETADATA INBOX.Nowhere (/shared/comment "v")')).toBe('NO [NONEXISTENT]');
  });

  it('/shared/admin and /private/specialuse are read-only: NO [CANNOT], nothing changes', async () => {
    expect(await outcome('r1 SETMETADATA "" (/shared/comment "new" /shared/admin "tel:+1-555-0100")')).toBe('NO [CANNOT]');
    expect((await run('g1 GETMETADATA "" (/shared/admin /shared/comment)'))[0]).toBe(`* METADATA "" (/shared/admin "${adminValue}" /shared/comment "${commentValue}")`);
    expect(await outcome('r2 SETMETADATA INBOX.Sent (/private/specialuse "\\\\Sent")')).toBe('NO [CANNOT]');
  });

  it('private entries are the user\'s own; shared server entries are everyone\'s (RFC 5464 3.2, 3.3)', async () => {
    await run('p1 SETMETADATA "" (/private/vendor/mailscope/note "mine" /shared/vendor/mailscope/motd "hello all")');
    await run('p2 SETMETADATA INBOX (/shared/comment "my INBOX")');
    const other = await otherUser();
    try {
      expect(texts(await other.command('o2 GETMETADATA "" (/private/vendor/mailscope/note /shared/vendor/mailscope/motd)'))[0])
        .toBe('* METADATA "" (/private/vendor/mailscope/note NIL /shared/vendor/mailscope/motd "hello all")');
      // Each account has its own INBOX (the demo has no shared mailboxes).
      expect(texts(await other.command('o3 GETMETADATA INBOX /shared/comment'))[0]).toBe('* METADATA "INBOX" (/shared/comment NIL)');
      await other.command('o4 SETMETADATA "" (/private/vendor/mailscope/note "theirs")');
    } finally {
      other.close();
    }
    expect((await run('p3 GETMETADATA "" /private/vendor/mailscope/note'))[0]).toBe('* METADATA "" (/private/vendor/mailscope/note "mine")');
  });

  it('annotations follow RENAME and do not outlive DELETE (RFC 5464 4.1)', async () => {
    await run('c1 CREATE INBOX.Projects');
    await run('s1 SETMETADATA INBOX.Projects (/shared/comment "plans")');
    await run('r1 RENAME INBOX.Projects INBOX.Archive');
    expect((await run('g1 GETMETADATA INBOX.Archive /shared/comment'))[0]).toBe('* METADATA "INBOX.Archive" (/shared/comment "plans")');
    await run('d1 DELETE INBOX.Archive');
    await run('c2 CREATE INBOX.Archive');
    expect((await run('g2 GETMETADATA INBOX.Archive /shared/comment'))[0]).toBe('* METADATA "INBOX.Archive" (/shared/comment NIL)');
  });

  it('works in the selected state too, and not before login', async () => {
    await run('x1 SELECT INBOX');
    expect(await outcome('x2 GETMETADATA "" /shared/admin')).toBe('OK');
    const fresh = await RawImap.open(session.demo.imapPort);
    try {
      const answer: SeenResponse[] = await fresh.command('f1 GETMETADATA "" /shared/admin');
      expect(tagged(answer).status).toBe('NO');
      expect(answer).toHaveLength(1);
    } finally {
      fresh.close();
    }
  });
});
