// LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819) and STATUS SIZE/DELETED (RFC 8438, RFC 9051
// 6.3.11) on the demo server, over a raw socket, byte-exact; then imapflow and Python's imaplib;
// then how mailscope prints and explains a LIST line with extended data. The seed: INBOX (three
// messages, message 1 \Seen) and INBOX.Drafts, INBOX.Entw&APw-rfe, INBOX.Junk, INBOX.Sent and
// INBOX.Trash, all subscribed.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PASSWORD, RawImap, USER, startCheckedDemo, rawSession, imapflowFor, parsedLine } from './helpers.js';
import { explainResponse, explainTerm } from '../../src/registry/explain.js';
import { renderImapResponse } from '../../src/terminal/render-imap.js';
import { plainTheme } from '../../src/terminal/theme.js';
import { runCli, stripAnsi } from '../support/cli-harness.js';

const session = rawSession();
const run = session.run;

/** What the basic `LIST "" "*"` answers on the seed (as transcripts/imap-tour.txt shows it). */
const SEED_LIST = [
  '* LIST (\\Unmarked \\HasChildren) "." "INBOX"',
  '* LIST (\\Unmarked \\HasNoChildren \\Drafts) "." "INBOX.Drafts"',
  '* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Entw&APw-rfe"',
  '* LIST (\\Unmarked \\HasNoChildren \\Junk) "." "INBOX.Junk"',
  '* LIST (\\Unmarked \\HasNoChildren \\Sent) "." "INBOX.Sent"',
  '* LIST (\\Unmarked \\HasNoChildren \\Trash) "." "INBOX.Trash"',
];

/** The octets of INBOX's messages, as FETCH RFC822.SIZE reports them one by one. */
async function inboxOctets(): Promise<number> {
  await run('s SELECT INBOX');
  const sizes = (await run('f FETCH 1:* (RFC822.SIZE)')).flatMap((l) => /RFC822\.SIZE (\d+)/.exec(l)?.[1] ?? []);
  await run('u UNSELECT');
  expect(sizes).toHaveLength(3);
  return sizes.reduce((sum, s) => sum + Number(s), 0);
}

describe('the basic LIST is unchanged; the extended syntax reads it the same (RFC 5258 3)', () => {
  it('LIST-EXTENDED, LIST-STATUS and STATUS=SIZE are announced', async () => {
    expect((await run('c CAPABILITY'))[0]).toMatch(/ LIST-EXTENDED LIST-STATUS STATUS=SIZE( |$)/);
  });

  it('LIST "" "*" answers as before; empty option lists and REMOTE change nothing', async () => {
    expect(await run('a LIST "" "*"')).toEqual([...SEED_LIST, 'a OK LIST completed']);
    expect(await run('b LIST () "" "*"')).toEqual([...SEED_LIST, 'b OK LIST completed']);
    expect(await run('c LIST "" "*" RETURN ()')).toEqual([...SEED_LIST, 'c OK LIST completed']);
    // Nothing lives on another server (RFC 5258 3.1: REMOTE adds remote mailboxes).
    expect(await run('d LIST (REMOTE) "" "*" RETURN (CHILDREN SPECIAL-USE)')).toEqual([...SEED_LIST, 'd OK LIST completed']);
    expect(await run('e LIST "" ""')).toEqual(['* LIST (\\Noselect) "." ""', 'e OK LIST completed']);
  });

  it('several patterns in parentheses: each mailbox once, in the usual order', async () => {
    expect(await run('a LIST "" ("INBOX.J*" INBOX)')).toEqual([SEED_LIST[0], SEED_LIST[3], 'a OK LIST completed']);
    expect(await run('b LIST "" ("*" "INBOX*" %)')).toEqual([...SEED_LIST, 'b OK LIST completed']);
    expect(await run('c LIST INBOX. (Sent Trash)')).toEqual([SEED_LIST[4], SEED_LIST[5], 'c OK LIST completed']);
  });

  it('unknown options, RECURSIVEMATCH without a base option and broken forms are BAD', async () => {
    expect(await run('a LIST (RECURSIVEMATCH) "" "*"')).toEqual(['a BAD RECURSIVEMATCH needs a selection option such as SUBSCRIBED (RFC 5258 3.1)']);
    expect(await run('b LIST (REMOTE RECURSIVEMATCH) "" "*"')).toEqual(['b BAD RECURSIVEMATCH needs a selection option such as SUBSCRIBED (RFC 5258 3.1)']);
    // RFC 6154 6: SPECIAL-USE is an independent option, not a base one.
    expect((await run('c LIST (SPECIAL-USE RECURSIVEMATCH) "" "*"'))[0]).toMatch(/^c BAD RECURSIVEMATCH/);
    expect(await run('d LIST (BOGUS) "" "*"')).toEqual(['d BAD unknown LIST selection option BOGUS: use SUBSCRIBED REMOTE SPECIAL-USE RECURSIVEMATCH']);
    expect(await run('e LIST "" "*" RETURN (BOGUS)')).toEqual(['e BAD unknown LIST return option BOGUS: use SUBSCRIBED CHILDREN SPECIAL-USE STATUS']);
    expect(await run('f LIST "" "*" RETURN SUBSCRIBED')).toEqual(['f BAD RETURN needs a list of return options, like RETURN (SUBSCRIBED CHILDREN)']);
    expect(await run('g LIST "" ()')).toEqual(['g BAD the pattern list needs at least one pattern']);
    expect(await run('h LIST "" "*" RETURN (STATUS ())')).toEqual(['h BAD RETURN (STATUS ...) needs a parenthesized list of items']);
    expect(await run('i LIST "" "*" RETURN (STATUS (MESSAGES BOGUS))')).toEqual(['i BAD Unknown STATUS item BOGUS']);
    expect((await run('j LIST "" "*" EXTRA'))[0]).toMatch(/^j BAD expected: LIST \[\(selection-options\)\]/);
  });
});

describe('subscriptions: SUBSCRIBED, \\Subscribed and \\NonExistent (RFC 5258 3.1, 3.2)', () => {
  it('RETURN (SUBSCRIBED) marks the subscribed mailboxes; the rest are listed as before', async () => {
    await run('u UNSUBSCRIBE INBOX.Junk');
    expect(await run('a LIST "" "INBOX.*" RETURN (SUBSCRIBED)')).toEqual([
      '* LIST (\\Unmarked \\HasNoChildren \\Drafts \\Subscribed) "." "INBOX.Drafts"',
      '* LIST (\\Unmarked \\HasNoChildren \\Subscribed) "." "INBOX.Entw&APw-rfe"',
      '* LIST (\\Unmarked \\HasNoChildren \\Junk) "." "INBOX.Junk"',
      '* LIST (\\Unmarked \\HasNoChildren \\Sent \\Subscribed) "." "INBOX.Sent"',
      '* LIST (\\Unmarked \\HasNoChildren \\Trash \\Subscribed) "." "INBOX.Trash"',
      'a OK LIST completed',
    ]);
  });

  it('LIST (SUBSCRIBED) lists only subscribed names, a deleted one as \\NonExistent; plain LIST does not show it', async () => {
    await run('c CREATE INBOX.gone');
    await run('s SUBSCRIBE INBOX.gone');
    await run('u UNSUBSCRIBE INBOX.Junk');
    await run('d DELETE INBOX.gone');
    expect(await run('a LIST (SUBSCRIBED) "" "INBOX.*"')).toEqual([
      '* LIST (\\Unmarked \\HasNoChildren \\Drafts \\Subscribed) "." "INBOX.Drafts"',
      '* LIST (\\Unmarked \\HasNoChildren \\Subscribed) "." "INBOX.Entw&APw-rfe"',
      '* LIST (\\Unmarked \\HasNoChildren \\Sent \\Subscribed) "." "INBOX.Sent"',
      '* LIST (\\Unmarked \\HasNoChildren \\Trash \\Subscribed) "." "INBOX.Trash"',
      '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "." "INBOX.gone"',
      'a OK LIST completed',
    ]);
    expect(await run('b LIST "" "INBOX.*"')).not.toContain(expect.stringContaining('INBOX.gone'));
  });

  it('RECURSIVEMATCH lists a parent whose subscribed descendant the pattern misses, with CHILDINFO (RFC 5258 3.5)', async () => {
    await run('c CREATE INBOX.Projects.Alpha');
    await run('s SUBSCRIBE INBOX.Projects.Alpha');
    expect(await run('a LIST (SUBSCRIBED RECURSIVEMATCH) "" "INBOX.%" RETURN (CHILDREN)')).toEqual([
      '* LIST (\\Unmarked \\HasNoChildren \\Drafts \\Subscribed) "." "INBOX.Drafts"',
      '* LIST (\\Unmarked \\HasNoChildren \\Subscribed) "." "INBOX.Entw&APw-rfe"',
      '* LIST (\\Unmarked \\HasNoChildren \\Junk \\Subscribed) "." "INBOX.Junk"',
      '* LIST (\\Unmarked \\HasChildren) "." "INBOX.Projects" ("CHILDINFO" ("SUBSCRIBED"))',
      '* LIST (\\Unmarked \\HasNoChildren \\Sent \\Subscribed) "." "INBOX.Sent"',
      '* LIST (\\Unmarked \\HasNoChildren \\Trash \\Subscribed) "." "INBOX.Trash"',
      'a OK LIST completed',
    ]);
    // A subscribed parent gets CHILDINFO too; with "*" the pattern reaches the child itself.
    expect(await run('b LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"')).toEqual([
      '* LIST (\\Unmarked \\HasChildren \\Subscribed) "." "INBOX" ("CHILDINFO" ("SUBSCRIBED"))',
      'b OK LIST completed',
    ]);
    expect(await run('d LIST (SUBSCRIBED RECURSIVEMATCH) "" "INBOX.P*"')).toEqual([
      '* LIST (\\Unmarked \\HasNoChildren \\Subscribed) "." "INBOX.Projects.Alpha"',
      'd OK LIST completed',
    ]);
    // Without RECURSIVEMATCH the unsubscribed parent is not listed at all.
    expect(await run('e LIST (SUBSCRIBED) "" "INBOX.P%"')).toEqual(['e OK LIST completed']);
  });

  it('a parent that no longer exists comes as \\NonExistent with CHILDINFO', async () => {
    await run('c CREATE INBOX.x.y');
    await run('s SUBSCRIBE INBOX.x.y');
    await run('d1 DELETE INBOX.x.y');
    await run('d2 DELETE INBOX.x');
    expect(await run('a LIST (SUBSCRIBED RECURSIVEMATCH) "" "INBOX.x%"')).toEqual([
      '* LIST (\\NonExistent \\HasNoChildren) "." "INBOX.x" ("CHILDINFO" ("SUBSCRIBED"))',
      'a OK LIST completed',
    ]);
  });

  it('LSUB keeps its answer', async () => {
    expect(await run('a LSUB "" "INBOX.J*"')).toEqual(['* LSUB () "." "INBOX.Junk"', 'a OK LSUB completed']);
  });
});

describe('the SPECIAL-USE selection option (RFC 6154 3)', () => {
  it('lists only the mailboxes with a special-use attribute, and combines with SUBSCRIBED', async () => {
    expect(await run('a LIST (SPECIAL-USE) "" "*"')).toEqual([SEED_LIST[1], SEED_LIST[3], SEED_LIST[4], SEED_LIST[5], 'a OK LIST completed']);
    await run('u UNSUBSCRIBE INBOX.Sent');
    expect(await run('b LIST (SPECIAL-USE SUBSCRIBED) "" "*" RETURN (SPECIAL-USE)')).toEqual([
      '* LIST (\\Unmarked \\HasNoChildren \\Drafts \\Subscribed) "." "INBOX.Drafts"',
      '* LIST (\\Unmarked \\HasNoChildren \\Junk \\Subscribed) "." "INBOX.Junk"',
      '* LIST (\\Unmarked \\HasNoChildren \\Trash \\Subscribed) "." "INBOX.Trash"',
      'b OK LIST completed',
    ]);
  });
});

describe('LIST-STATUS (RFC 5819) and STATUS SIZE / DELETED', () => {
  it('RETURN (STATUS (...)) puts a STATUS line after each selectable mailbox\'s LIST line', async () => {
    expect(await run('a LIST "" ("INBOX" "INBOX.Trash") RETURN (STATUS (MESSAGES UNSEEN))')).toEqual([
      SEED_LIST[0],
      '* STATUS "INBOX" (MESSAGES 3 UNSEEN 2)',
      SEED_LIST[5],
      '* STATUS "INBOX.Trash" (MESSAGES 0 UNSEEN 0)',
      'a OK LIST completed',
    ]);
  });

  it('a \\Noselect or \\NonExistent mailbox gets no STATUS line', async () => {
    await run('c CREATE INBOX.a.b');
    await run('d DELETE INBOX.a');
    await run('s SUBSCRIBE INBOX.a.b');
    await run('d2 DELETE INBOX.a.b');
    // INBOX.a stays as \Noselect until its last child goes; here it has none left, so it went too.
    await run('c2 CREATE INBOX.p.q');
    await run('d3 DELETE INBOX.p');
    expect(await run('a LIST (SUBSCRIBED) "" ("INBOX.a*" "INBOX.p*") RETURN (STATUS (MESSAGES))')).toEqual([
      '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "." "INBOX.a.b"',
      'a OK LIST completed',
    ]);
    expect(await run('b LIST "" "INBOX.p*" RETURN (STATUS (MESSAGES))')).toEqual([
      '* LIST (\\Noselect \\HasChildren) "." "INBOX.p"',
      '* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.p.q"',
      '* STATUS "INBOX.p.q" (MESSAGES 0)',
      'b OK LIST completed',
    ]);
  });

  it('STATUS SIZE is the sum of the messages\' RFC822.SIZE (RFC 8438); DELETED counts \\Deleted (RFC 9051 6.3.11)', async () => {
    const octets = await inboxOctets();
    expect(octets).toBeGreaterThan(0);
    expect(await run('a STATUS INBOX (SIZE DELETED MESSAGES)')).toEqual([`* STATUS "INBOX" (SIZE ${octets} DELETED 0 MESSAGES 3)`, 'a OK STATUS completed']);
    await run('s SELECT INBOX');
    await run('d STORE 2:3 +FLAGS.SILENT (\\Deleted)');
    expect((await run('b STATUS INBOX (DELETED)'))[0]).toBe('* STATUS "INBOX" (DELETED 2)');
    await run('x EXPUNGE');
    expect((await run('e STATUS INBOX (SIZE DELETED)'))[0]).toMatch(/^\* STATUS "INBOX" \(SIZE \d+ DELETED 0\)$/);
    expect(Number(/SIZE (\d+)/.exec((await run('e2 STATUS INBOX (SIZE)'))[0])![1])).toBeLessThan(octets);
    expect((await run('t STATUS INBOX.Trash (SIZE)'))[0]).toBe('* STATUS "INBOX.Trash" (SIZE 0)');
  });

  it('SIZE and DELETED ride along in LIST-STATUS; HIGHESTMODSEQ there enables CONDSTORE (RFC 7162 3.1)', async () => {
    const octets = await inboxOctets();
    expect(await run('a LIST "" INBOX RETURN (STATUS (SIZE DELETED))')).toEqual([
      SEED_LIST[0], `* STATUS "INBOX" (SIZE ${octets} DELETED 0)`, 'a OK LIST completed',
    ]);
    expect((await run('b LIST "" INBOX RETURN (STATUS (HIGHESTMODSEQ))'))[1]).toMatch(/^\* STATUS "INBOX" \(HIGHESTMODSEQ \d+\)$/);
    await run('s SELECT INBOX');
    expect((await run('f FETCH 1 (FLAGS)'))[0]).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/);
  });
});

describe('real clients', () => {
  it('imapflow lists with RETURN (STATUS ... SUBSCRIBED) and gets counters, sizes and subscriptions in one go', async () => {
    const octets = await inboxOctets();
    // A second server, seeded the same, whose log shows the commands imapflow sent.
    const commands: string[] = [];
    const logged = await startCheckedDemo({ log: (line) => commands.push(line) });
    const admin = await RawImap.open(logged.imapPort);
    await admin.command('l LOGIN test77@example.com qwe123#$');
    await admin.command('u UNSUBSCRIBE INBOX.Junk');
    admin.close();
    const client = imapflowFor(logged);
    await client.connect();
    try {
      expect(client.capabilities.has('LIST-STATUS')).toBe(true);
      commands.length = 0;
      const list = await client.list({ statusQuery: { messages: true, unseen: true, size: true } });
      // LIST brought everything: no STATUS per mailbox, no LSUB. (imapflow lists under the
      // namespace prefix "INBOX.", then INBOX itself: two LISTs.)
      expect(commands).toEqual(['LIST OK', 'LIST OK']);
      const byPath = new Map(list.map((m) => [m.path, m]));
      expect(byPath.get('INBOX')?.status).toMatchObject({ messages: 3, unseen: 2, size: octets });
      expect(byPath.get('INBOX.Trash')?.status).toMatchObject({ messages: 0, unseen: 0, size: 0 });
      expect(byPath.get('INBOX.Sent')?.subscribed).toBe(true);
      expect(byPath.get('INBOX.Junk')?.subscribed).not.toBe(true);
      expect(byPath.get('INBOX.Trash')?.specialUse).toBe('\\Trash');
      const tree = await client.listTree();
      const inbox = tree.folders?.find((f) => f.path === 'INBOX');
      expect(inbox?.folders?.map((f) => f.path)).toEqual(expect.arrayContaining(['INBOX.Drafts', 'INBOX.Junk', 'INBOX.Sent', 'INBOX.Trash']));
      expect(await client.status('INBOX', { messages: true, size: true })).toMatchObject({ messages: 3, size: octets });
    } finally {
      await client.logout();
      logged.expectWellFormed();
      await logged.close();
    }
  });

  it('Python imaplib: list() as before; the extended forms through _simple_command', async () => {
    const octets = await inboxOctets();
    const script = fileURLToPath(new URL('../fixtures/demo/list_extended_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const out = JSON.parse(stdout);
    expect(out.capabilities).toEqual(expect.arrayContaining(['LIST-EXTENDED', 'LIST-STATUS', 'STATUS=SIZE']));
    expect(out.list).toEqual(['OK', SEED_LIST.map((l) => l.slice('* LIST '.length))]);
    expect(out.list_subscribed_data).toEqual(['OK', [
      '(\\Unmarked \\HasChildren \\Subscribed) "." "INBOX"',
      '(\\Unmarked \\HasNoChildren \\Trash \\Subscribed) "." "INBOX.Trash"',
    ]]);
    expect(out.list_subscribed_status).toEqual([`"INBOX" (MESSAGES 3 SIZE ${octets})`, '"INBOX.Trash" (MESSAGES 0 SIZE 0)']);
    expect(out.status).toEqual(['OK', [`"INBOX" (MESSAGES 3 SIZE ${octets} DELETED 0)`]]);
  });
});

describe('printing and explaining a LIST line with extended data', () => {
  const response = parsedLine;
  const LINE = '* LIST (\\HasNoChildren \\Subscribed) "." INBOX ("CHILDINFO" ("SUBSCRIBED"))';

  it('the pretty printer shows the CHILDINFO item after the mailbox name, as sent', () => {
    expect(renderImapResponse(response(LINE), plainTheme)).toBe(LINE);
    const nonExistent = '* LIST (\\NonExistent \\HasNoChildren) "." "INBOX.x" ("CHILDINFO" ("SUBSCRIBED"))';
    expect(renderImapResponse(response(nonExistent), plainTheme)).toBe(nonExistent);
    expect(renderImapResponse(response('* STATUS "INBOX" (MESSAGES 3 SIZE 1338 DELETED 0)'), plainTheme)).toBe('* STATUS "INBOX" (MESSAGES 3 SIZE 1338 DELETED 0)');
  });

  it('the explainer names each attribute and the extended data item', () => {
    const lines = explainResponse(response(LINE));
    expect(lines.map((l) => [l.term, l.kind, l.depth])).toEqual([
      ['LIST', 'untagged-response', 0],
      ['\\HasNoChildren', 'mailbox-attribute', 1],
      ['\\Subscribed', 'mailbox-attribute', 1],
      ['CHILDINFO', 'modifier', 1],
    ]);
    expect(lines[3]!.rfc).toMatch(/RFC 5258 3\.5/);
    const oldName = explainResponse(response('* LIST () "/" "NewName" ("OLDNAME" ("OldName"))'));
    expect(oldName.at(-1)).toMatchObject({ term: 'OLDNAME', kind: 'modifier', rfc: expect.stringMatching(/RFC 5465/) });
    const odd = explainResponse(response('* LIST () "/" "x" ("X-FOO" "bar")'));
    expect(odd.at(-1)).toMatchObject({ term: 'X-FOO', kind: 'modifier', text: expect.stringMatching(/not in any registry/) });
  });

  it('STATUS SIZE and DELETED, and the LIST options, are terms of their own', () => {
    expect(explainTerm('SIZE').lines.map((l) => l.kind)).toContain('status-item');
    expect(explainTerm('DELETED').lines.map((l) => l.kind)).toContain('status-item');
    expect(explainTerm('RECURSIVEMATCH').lines[0]).toMatchObject({ kind: 'modifier', rfc: expect.stringMatching(/RFC 5258 3\.1/) });
    expect(explainTerm('REMOTE').lines[0]).toMatchObject({ kind: 'modifier' });
    expect(explainTerm('CHILDINFO').lines[0]).toMatchObject({ kind: 'modifier' });
  });

  it('in the REPL against the demo: the LIST line with CHILDINFO, then :explain of it', async () => {
    await run('c CREATE INBOX.Projects.Alpha');
    await run('s SUBSCRIBE INBOX.Projects.Alpha');
    const cli = runCli([`127.0.0.1:${session.demo.server.imapPort}`, '--imap', '--no-history', '--no-color',
      '-c', '. login test77@example.com qwe123#$', '-c', 'list (subscribed recursivematch) "" "INBOX.P%"', '-c', ':explain']);
    await cli.code;
    const out = stripAnsi(cli.stdout());
    expect(out).toContain('* LIST (\\Unmarked \\HasChildren) "." "INBOX.Projects" ("CHILDINFO" ("SUBSCRIBED"))');
    expect(out).toMatch(/CHILDINFO: SELECT parameter \/ command modifier \/ response tag \/ LIST option or data/);
    expect(out).toMatch(/\\HasChildren: mailbox attribute/);
  });
});
