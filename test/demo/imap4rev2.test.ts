// IMAP4rev2 (RFC 9051) next to IMAP4rev1 on the demo server. The server announces both; a
// session that sends ENABLE IMAP4rev2 speaks IMAP4rev2, every other one IMAP4rev1 byte for
// byte (RFC 9051 Appendix A). Each difference is checked over raw sockets, byte-exact, for a
// rev2 session and a rev1 session open on the same server at the same time; then imapflow
// (which enables IMAP4rev2 when it is announced), Python's imaplib and mailscope's own REPL.
// The seed: INBOX (three messages, UIDs 1-3, message 1 \Seen) with INBOX.Drafts,
// INBOX.Entw&APw-rfe ("Entwürfe" in modified UTF-7), INBOX.Junk, INBOX.Sent, INBOX.Trash.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, rawSession, texts, type RawImap } from './helpers.js';
import { runCli } from '../support/cli-harness.js';

const session = rawSession(`l LOGIN ${USER} ${PASSWORD}`);
/** The IMAP4rev2 session (ENABLE IMAP4rev2 sent after login). */
let rev2: RawImap;
/** The IMAP4rev1 session, on the same server at the same time. */
let rev1: RawImap;

beforeEach(async () => {
  rev2 = session.c;
  rev1 = await session.other();
  expect(await run(rev2, 'e ENABLE IMAP4rev2')).toEqual(['* ENABLED IMAP4rev2', 'e OK ENABLE completed']);
});

const run = async (c: RawImap, line: string) => texts(await c.command(line));
/** RawImap shows each byte as one character (latin1): the UTF-8 bytes of `s`, spelled that way. */
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const INBOX_FLAGS = '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)';
const INBOX_PERMANENT = '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited';
const INBOX_TAIL = ['* OK [UIDVALIDITY 1294991877] UIDs valid', '* OK [UIDNEXT 4] Predicted next UID', '* OK [MAILBOXID (F1)] Ok', '* OK [HIGHESTMODSEQ 4] Highest'];

describe('announcing and enabling IMAP4rev2 (RFC 9051 Appendix A, 6.3.1)', () => {
  it('both revisions are announced, and ENABLE does not change the list (RFC 9051 6.3.1)', async () => {
    const [rev2Caps] = await run(rev2, 'c CAPABILITY');
    const [rev1Caps] = await run(rev1, 'c CAPABILITY');
    expect(rev2Caps).toMatch(/^\* CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL\+ /);
    expect(rev2Caps).toBe(rev1Caps);
  });

  it('ENABLED says IMAP4rev2 once; a second ENABLE turns nothing new on but still answers ENABLED', async () => {
    expect(await run(rev1, 'e ENABLE imap4rev2 CONDSTORE IMAP4REV2')).toEqual(['* ENABLED IMAP4rev2 CONDSTORE', 'e OK ENABLE completed']);
    expect(await run(rev1, 'e2 ENABLE X-UNKNOWN')).toEqual(['* ENABLED', 'e2 OK ENABLE completed']);
  });

  it('ENABLE while a mailbox is selected is refused (RFC 9051 6.3.1: only before SELECT); after UNSELECT it affects later commands', async () => {
    await run(rev1, 's SELECT INBOX');
    expect(await run(rev1, 'e ENABLE IMAP4rev2')).toEqual(['e NO ENABLE is not valid in the selected state']);
    expect(await run(rev1, 'x SEARCH UNSEEN')).toEqual(['* SEARCH 2 3', 'x OK SEARCH completed']);
    await run(rev1, 'u UNSELECT');
    expect(await run(rev1, 'e2 ENABLE IMAP4rev2')).toEqual(['* ENABLED IMAP4rev2', 'e2 OK ENABLE completed']);
    await run(rev1, 's2 SELECT INBOX');
    expect(await run(rev1, 'x2 SEARCH UNSEEN')).toEqual(['* ESEARCH (TAG "x2") ALL 2:3', 'x2 OK SEARCH completed']);
  });
});

describe('SELECT and EXAMINE (RFC 9051 6.3.2, Appendix E items 9-12)', () => {
  it('rev2: a LIST of the mailbox with its attributes and OLDNAME for "inbox"; no RECENT, no [UNSEEN n]', async () => {
    expect(await run(rev2, 's SELECT inbox')).toEqual([
      INBOX_FLAGS, INBOX_PERMANENT, '* 3 EXISTS',
      '* LIST (\\Unmarked \\HasChildren) "." "INBOX" ("OLDNAME" ("inbox"))',
      ...INBOX_TAIL, 's OK [READ-WRITE] SELECT completed',
    ]);
  });

  it('rev1 at the same time: RECENT and [UNSEEN n] as before, no LIST', async () => {
    await run(rev2, 's SELECT INBOX');
    expect(await run(rev1, 's SELECT INBOX')).toEqual([
      INBOX_FLAGS, INBOX_PERMANENT, '* 3 EXISTS', '* 0 RECENT', '* OK [UNSEEN 2] First unseen',
      ...INBOX_TAIL, 's OK [READ-WRITE] SELECT completed',
    ]);
  });

  it('rev2: the canonical name needs no OLDNAME; [CLOSED] when another mailbox was selected; EXAMINE too', async () => {
    expect(await run(rev2, 's SELECT INBOX')).toContain('* LIST (\\Unmarked \\HasChildren) "." "INBOX"');
    expect(await run(rev2, 'x EXAMINE INBOX.Drafts')).toEqual([
      '* OK [CLOSED] Previous mailbox closed.',
      INBOX_FLAGS, '* OK [PERMANENTFLAGS ()] No permanent flags permitted', '* 2 EXISTS',
      '* LIST (\\Unmarked \\HasNoChildren \\Drafts) "." "INBOX.Drafts"',
      '* OK [UIDVALIDITY 1294991881] UIDs valid', '* OK [UIDNEXT 3] Predicted next UID', '* OK [MAILBOXID (F5)] Ok', '* OK [HIGHESTMODSEQ 3] Highest',
      'x OK [READ-ONLY] EXAMINE completed',
    ]);
  });
});

describe('SEARCH answers with ESEARCH (RFC 9051 6.4.4, Appendix E item 4)', () => {
  beforeEach(async () => {
    await run(rev2, 's SELECT INBOX');
    await run(rev1, 's SELECT INBOX');
  });

  it('no RETURN means RETURN (ALL); UID SEARCH says UID; SEARCH is never sent', async () => {
    expect(await run(rev2, 't1 SEARCH UNSEEN')).toEqual(['* ESEARCH (TAG "t1") ALL 2:3', 't1 OK SEARCH completed']);
    expect(await run(rev2, 't2 UID SEARCH ALL')).toEqual(['* ESEARCH (TAG "t2") UID ALL 1:3', 't2 OK UID SEARCH completed']);
    expect(await run(rev2, 't3 SEARCH CHARSET UTF-8 SEEN')).toEqual(['* ESEARCH (TAG "t3") ALL 1', 't3 OK SEARCH completed']);
  });

  it('nothing matched: nothing after the correlator (UID SEARCH keeps UID)', async () => {
    expect(await run(rev2, 't1 SEARCH SUBJECT "no such subject"')).toEqual(['* ESEARCH (TAG "t1")', 't1 OK SEARCH completed']);
    expect(await run(rev2, 't2 UID SEARCH SUBJECT "no such subject"')).toEqual(['* ESEARCH (TAG "t2") UID', 't2 OK UID SEARCH completed']);
  });

  it('RETURN options work as before; SAVE alone still answers nothing', async () => {
    expect(await run(rev2, 't1 SEARCH RETURN (MIN COUNT) ALL')).toEqual(['* ESEARCH (TAG "t1") MIN 1 COUNT 3', 't1 OK SEARCH completed']);
    expect(await run(rev2, 't2 SEARCH RETURN (SAVE) UNSEEN')).toEqual(['t2 OK SEARCH completed, result saved']);
  });

  it('rev1 at the same time: the SEARCH response; SORT is an extension and unchanged in rev2', async () => {
    expect(await run(rev1, 't1 SEARCH UNSEEN')).toEqual(['* SEARCH 2 3', 't1 OK SEARCH completed']);
    expect(await run(rev1, 't2 SEARCH SUBJECT "no such subject"')).toEqual(['* SEARCH', 't2 OK SEARCH completed']);
    expect(await run(rev2, 't3 SORT (REVERSE ARRIVAL) UTF-8 ALL')).toEqual(await run(rev1, 't3 SORT (REVERSE ARRIVAL) UTF-8 ALL'));
  });
});

describe('\\Recent is gone in IMAP4rev2 (RFC 9051 2.3.2, Appendix E item 12)', () => {
  /** A message the rev1 session appends to INBOX: it is \Recent for whoever claims it. */
  const MESSAGE = 'Subject: new\r\n\r\nHello.\r\n';
  const append = async (c: RawImap) => texts(await c.command(`a APPEND INBOX {${MESSAGE.length}+}\r\n${MESSAGE}`));

  it('rev2 FETCH FLAGS never shows \\Recent and no RECENT arrives; rev1 sees both', async () => {
    await run(rev2, 's SELECT INBOX');
    await run(rev1, 's EXAMINE INBOX');
    // EXAMINE shows \Recent without taking it (RFC 3501 6.3.2), so both sessions see it as new.
    expect(await append(rev1)).toEqual(['* 4 EXISTS', '* 1 RECENT', 'a OK [APPENDUID 1294991877 4] APPEND completed.']);
    expect(await run(rev2, 'n NOOP')).toEqual(['* 4 EXISTS', 'n OK NOOP completed']);
    expect(await run(rev2, 'f FETCH 4 FLAGS')).toEqual(['* 4 FETCH (FLAGS ())', 'f OK FETCH completed.']);
    expect(await run(rev1, 'f FETCH 4 FLAGS')).toEqual(['* 4 FETCH (FLAGS (\\Recent))', 'f OK FETCH completed.']);
  });

  it('RECENT, NEW and OLD search keys and STATUS RECENT are BAD in rev2, fine in rev1', async () => {
    await run(rev2, 's SELECT INBOX');
    await run(rev1, 's SELECT INBOX');
    for (const key of ['RECENT', 'NEW', 'OLD']) {
      const [line] = await run(rev2, `x SEARCH ${key}`);
      expect(line).toBe(`x BAD The search key ${key} was removed in IMAP4rev2 (RFC 9051 Appendix E); this session enabled IMAP4rev2`);
      expect((await run(rev1, `x SEARCH ${key}`)).at(-1)).toBe('x OK SEARCH completed');
    }
    expect(await run(rev2, 'y SEARCH NOT (OR SEEN NEW)')).toEqual([
      'y BAD The search key NEW was removed in IMAP4rev2 (RFC 9051 Appendix E); this session enabled IMAP4rev2',
    ]);
    expect(await run(rev2, 'st STATUS INBOX.Sent (MESSAGES RECENT)')).toEqual([
      'st BAD The STATUS item RECENT was removed in IMAP4rev2 (RFC 9051 Appendix E); this session enabled IMAP4rev2',
    ]);
    expect(await run(rev2, 'ls LIST "" INBOX.Sent RETURN (STATUS (RECENT))')).toEqual([
      'ls BAD The STATUS item RECENT was removed in IMAP4rev2 (RFC 9051 Appendix E); this session enabled IMAP4rev2',
    ]);
    expect(await run(rev1, 'st STATUS INBOX.Sent (MESSAGES RECENT)')).toEqual(['* STATUS "INBOX.Sent" (MESSAGES 1 RECENT 0)', 'st OK STATUS completed']);
  });
});

describe('mailbox names in UTF-8 for IMAP4rev2, modified UTF-7 for IMAP4rev1 (RFC 9051 5.1, Appendix A.1)', () => {
  it('LIST, STATUS and SELECT speak UTF-8 in rev2, mUTF-7 in rev1', async () => {
    expect(await run(rev2, 'l LIST "" "INBOX.Entw*"')).toEqual([utf8('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Entwürfe"'), 'l OK LIST completed']);
    expect(await run(rev1, 'l LIST "" "INBOX.Entw*"')).toEqual(['* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Entw&APw-rfe"', 'l OK LIST completed']);
    expect(await run(rev2, 'st STATUS "INBOX.Entwürfe" (MESSAGES UNSEEN)')).toEqual([
      utf8('* STATUS "INBOX.Entwürfe" (MESSAGES 1 UNSEEN 0)'), 'st OK STATUS completed',
    ]);
    expect(await run(rev1, 'st STATUS "INBOX.Entw&APw-rfe" (MESSAGES)')).toEqual(['* STATUS "INBOX.Entw&APw-rfe" (MESSAGES 1)', 'st OK STATUS completed']);
    expect(await run(rev2, 's EXAMINE "INBOX.Entwürfe"')).toContain(utf8('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Entwürfe"'));
  });

  it('a rev2 "&" is a character, not a shift: the mUTF-7 spelling is another name', async () => {
    expect(await run(rev2, 'st STATUS "INBOX.Entw&APw-rfe" (MESSAGES)')).toEqual(['st NO [NONEXISTENT] Mailbox INBOX.Entw&-APw-rfe does not exist']);
    expect(await run(rev2, 'c CREATE "INBOX.R&D"')).toEqual(['c OK [MAILBOXID (F13)] "INBOX.R&D" created.']);
    expect(await run(rev1, 'l LIST "" "INBOX.R*"')).toEqual(['* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.R&-D"', 'l OK LIST completed']);
  });

  it('a name one session creates, the other sees in its own spelling; a decomposed name is stored composed (NFC)', async () => {
    // "Bär" with a combining diaeresis (U+0061 U+0308), as some clients send it.
    expect(await run(rev2, 'c CREATE "INBOX.Ba\u0308r"')).toEqual([
      utf8('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Bär" ("OLDNAME" ("INBOX.Ba\u0308r"))'), utf8('c OK [MAILBOXID (F13)] "INBOX.Bär" created.'),
    ]);
    // Already canonical, or only declaring children with a trailing ".": no OLDNAME.
    expect(await run(rev2, 'c2 CREATE "INBOX.Café."')).toEqual([utf8('c2 OK [MAILBOXID (F14)] "INBOX.Café" created.')]);
    expect(await run(rev2, 'c3 CREATE "INBOX.Café"')).toEqual([utf8('c3 NO [ALREADYEXISTS] INBOX.Café already exists')]);
    expect(await run(rev1, 'c3 CREATE "INBOX.Caf&AOk-"')).toEqual(['c3 NO [ALREADYEXISTS] INBOX.Caf&AOk- already exists']);
    expect(await run(rev1, 'l LIST "" "INBOX.B*"')).toEqual(['* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.B&AOQ-r"', 'l OK LIST completed']);
    expect(await run(rev1, 'c CREATE "INBOX.&AMk-t&AOk-"')).toEqual(['c OK [MAILBOXID (F15)] "INBOX.&AMk-t&AOk-" created.']);
    expect(await run(rev2, 'l LIST "" "INBOX.É*"')).toEqual([utf8('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Été"'), 'l OK LIST completed']);
    // SELECT with the decomposed spelling opens the same mailbox and says so with OLDNAME (RFC 9051 6.3.2).
    expect(await run(rev2, 's SELECT "INBOX.Ba\u0308r"')).toContain(utf8('* LIST (\\Unmarked \\HasNoChildren) "." "INBOX.Bär" ("OLDNAME" ("INBOX.Ba\u0308r"))'));
  });

  it('RENAME, COPY and LSUB take and give UTF-8 names in rev2', async () => {
    expect(await run(rev2, 'r RENAME "INBOX.Entwürfe" "INBOX.Brouillons été"')).toEqual(['r OK Folder renamed.']);
    expect(await run(rev1, 'l LSUB "" "INBOX.Br*"')).toEqual(['* LSUB () "." "INBOX.Brouillons &AOk-t&AOk-"', 'l OK LSUB completed']);
    expect(await run(rev2, 'l LSUB "" "INBOX.Br*"')).toEqual([utf8('* LSUB () "." "INBOX.Brouillons été"'), 'l OK LSUB completed']);
    await run(rev2, 's SELECT INBOX');
    expect(await run(rev2, 'c COPY 1 "INBOX.Brouillons été"')).toEqual(['c OK [COPYUID 1294991882 1 2] COPY completed.']);
  });
});

describe('the rest of Appendix E that a server sees', () => {
  beforeEach(async () => {
    await run(rev2, 's SELECT INBOX');
    await run(rev1, 's SELECT INBOX');
  });

  it('CHECK was removed (item 17): BAD in rev2, OK in rev1', async () => {
    expect(await run(rev2, 'k CHECK')).toEqual(['k BAD CHECK was removed in IMAP4rev2 (RFC 9051 Appendix E); use NOOP; this session enabled IMAP4rev2']);
    expect(await run(rev1, 'k CHECK')).toEqual(['k OK CHECK completed']);
  });

  it('an unsolicited FETCH carries UID in rev2 (item 21, 6.3.13), not in rev1', async () => {
    await run(rev1, 'x STORE 2 +FLAGS.SILENT (\\Flagged)');
    expect(await run(rev2, 'n NOOP')).toEqual(['* 2 FETCH (UID 2 FLAGS (\\Flagged))', 'n OK NOOP completed']);
    await run(rev2, 'y STORE 3 +FLAGS.SILENT (\\Answered)');
    expect(await run(rev1, 'n NOOP')).toEqual(['* 3 FETCH (FLAGS (\\Answered))', 'n OK NOOP completed']);
  });

  it('LSUB and the RFC822 fetch items are deprecated, not removed: still answered', async () => {
    expect(await run(rev2, 'f FETCH 1 RFC822.SIZE')).toEqual(['* 1 FETCH (RFC822.SIZE 2127)', 'f OK FETCH completed.']);
    expect((await run(rev2, 'l LSUB "" INBOX')).at(-1)).toBe('l OK LSUB completed');
  });
});

describe('real clients', () => {
  it('imapflow enables IMAP4rev2 when announced and works through a rev2 session', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: session.demo.imapPort, secure: false, doSTARTTLS: false, auth: { user: USER, pass: PASSWORD }, logger: false } as ConstructorParameters<typeof ImapFlow>[0]);
    client.on('error', () => {});
    await client.connect();
    try {
      expect(client.enabled.has('IMAP4REV2')).toBe(true);
      const list = await client.list();
      expect(list.map((m) => m.path)).toContain('INBOX.Entwürfe');
      const lock = await client.getMailboxLock('INBOX');
      try {
        expect(await client.search({ seen: false }, { uid: true })).toEqual([2, 3]);
        const status = await client.status('INBOX.Entwürfe', { messages: true, unseen: true });
        expect(status).toMatchObject({ path: 'INBOX.Entwürfe', messages: 1, unseen: 0 });
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('Python imaplib: ENABLE IMAP4rev2 by hand, then SELECT has LIST and SEARCH has ESEARCH', async () => {
    const script = fileURLToPath(new URL('../fixtures/demo/rev2_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      rev2_announced: true,
      enable: ['OK', ['ENABLE completed'], ['IMAP4rev2']],
      select: ['OK', ['3']],
      select_list: ['(\\Unmarked \\HasChildren) "." "INBOX"'],
      select_recent: [null],
      search_data: ['OK', [null]],
      // imaplib's tags are a random prefix and a counter.
      search_esearch: [expect.stringMatching(/^\(TAG "[A-Z]+4"\) ALL 2:3$/)],
      uid_search_esearch: ['OK', [expect.stringMatching(/^\(TAG "[A-Z]+5"\) UID ALL 2:3$/)]],
      logout: 'BYE',
    });
  });

  it('mailscope REPL: a rev2 SELECT shows the LIST line and SEARCH the ESEARCH line', async () => {
    const cli = runCli([`127.0.0.1:${session.demo.server.imapPort}`, '--imap', '--no-history', '--no-color',
      '-c', '. login test77@example.com qwe123#$', '-c', 'enable IMAP4rev2', '-c', 'select INBOX', '-c', 'search unseen']);
    await cli.code;
    const out = cli.stdout();
    expect(out).toMatch(/\* ENABLED IMAP4rev2/);
    expect(out).toMatch(/\* LIST \(\\Unmarked \\HasChildren\) "\." "INBOX"/);
    expect(out).not.toMatch(/RECENT|\[UNSEEN/);
    expect(out).toMatch(/\* ESEARCH \(TAG "a003"\) ALL 2:3/);
    expect(out).not.toMatch(/\* SEARCH/);
  });

  it('mailscope REPL: once IMAP4rev2 is enabled, "&AOk-" in a name is not decoded as modified UTF-7', async () => {
    const lines = ['. login test77@example.com qwe123#$', 'list "" "INBOX.Entw*"', 'enable IMAP4rev2', 'create "INBOX.Lab&AOk-"', 'list "" "*"'];
    const cli = runCli([`127.0.0.1:${session.demo.server.imapPort}`, '--imap', '--no-history', '--no-color', ...lines.flatMap((l) => ['-c', l])]);
    expect(await cli.code).toBe(0);
    const out = cli.stdout();
    // Before ENABLE the server speaks modified UTF-7, and mailscope shows the decoded name beside.
    expect(out).toMatch(/^\* LIST \([^)]*\) "\." "INBOX\.Entw&APw-rfe" \(INBOX\.Entwürfe\)$/m);
    // After it, names are UTF-8: the same mailbox comes as "INBOX.Entwürfe", and "Lab&AOk-" is literal.
    expect(out).toMatch(/^\* LIST \([^)]*\) "\." "INBOX\.Entwürfe"$/m);
    expect(out).toMatch(/^\* LIST \([^)]*\) "\." "INBOX\.Lab&AOk-"$/m);
    expect(out).not.toContain('(INBOX.Labé)');
  });
});
