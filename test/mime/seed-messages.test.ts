// Each seed message's ENVELOPE and BODYSTRUCTURE against hand-written IMAP text, and the
// seed against what the tutorial's FETCH lines show.
import { describe, it, expect } from 'vitest';
import { SEED_MESSAGES, SEED_MAILBOXES, SEED_USERS, seedBytes, type SeedMessage } from '../../src/demo/seed-messages.js';
import { parseMessage } from '../../src/mime/message.js';
import { envelope } from '../../src/mime/envelope.js';
import { bodyStructure } from '../../src/mime/bodystructure.js';
import { fetchSection } from '../../src/mime/section.js';
import { tutorialFact, wire, text } from './support.js';

function seed(mailbox: string, index: number): SeedMessage {
  const m = SEED_MESSAGES.filter((s) => s.mailbox === mailbox)[index];
  if (!m) throw new Error(`no seed ${mailbox} ${index}`);
  return m;
}

const TEST77 = '((NIL NIL "test77" "example.com"))';
const SUPPORT = '(("support team" NIL "examplesupport" "gmail.com"))';
const JUERGEN = '(("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=" NIL "juergen.mueller" "example.de"))';

interface Expected {
  mailbox: string;
  index: number;
  envelope: string;
  body: string;
  bodystructure: string;
}

const CASES: Expected[] = [
  {
    mailbox: 'INBOX', index: 0,
    envelope: `("Sat, 15 Jan 2011 10:50:12 +0530" "Test Message" ${SUPPORT} ${SUPPORT} ${SUPPORT} ((NIL NIL "test77" "webdemo.com")) NIL NIL NIL "<AANLkTim2ssdyyPEqt+fWKQ6zB6scR7jFKJvwzL=gd2r4@mail.gmail.com>")`,
    body: '(("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 172 4) ("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 127 2) "ALTERNATIVE")',
    bodystructure: '(("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 172 4 NIL NIL NIL NIL) ("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 127 2 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "90e6ba53a4f47aa2d80499e0a1f3") NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX', index: 1,
    envelope: `("Sat, 15 Jan 2011 16:48:56 +0530" "Linux Terminal" ${SUPPORT} ${SUPPORT} ${SUPPORT} ${TEST77} NIL NIL NIL "<AANLkTikV8hPz0w1TgbU6Lq1ZmX8Ee2oN3cXrR5yKaH=w@mail.gmail.com>")`,
    body: '(("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 10 1) ("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 10 1) "ALTERNATIVE")',
    bodystructure: '(("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL) ("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "90e6ba53a4f47aa2e40499e0b764") NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX', index: 2,
    envelope: `("Sun, 16 Jan 2011 09:35:27 +0100" "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=" ${JUERGEN} ${JUERGEN} (("Juergen (home)" NIL "juergen" "example.org")) (("Test 77" NIL "test77" "example.com")) NIL NIL NIL "<20110116093527.4711@mail.example.de>")`,
    body: '("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 124 9)',
    bodystructure: '("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 124 9 NIL NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX.Sent', index: 0,
    envelope: `("Fri, 14 Jan 2011 13:33:25 +0530" NIL ${TEST77} ${TEST77} ${TEST77} ((NIL NIL "testaccount" "gmail.com")) NIL NIL NIL "<4D3004ED.2050601@example.com>")`,
    body: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 73 3)',
    bodystructure: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 73 3 NIL NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX.Drafts', index: 0,
    envelope: `("Fri, 14 Jan 2011 13:33:25 +0530" NIL ${TEST77} ${TEST77} ${TEST77} ((NIL NIL "testaccount" "gmail.com")) NIL NIL NIL NIL)`,
    body: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 73 3)',
    bodystructure: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 73 3 NIL NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX.Drafts', index: 1,
    envelope: `("Fri, 14 Jan 2011 13:38:05 +0530" "TESTING IMAP COMMANDS TELNET" ${TEST77} ${TEST77} ${TEST77} ((NIL NIL "testaccount" "gmail.com")) ((NIL NIL "supportsages" "gmail.com")) NIL NIL NIL)`,
    body: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 93 4)',
    bodystructure: '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 93 4 NIL NIL NIL NIL)',
  },
  {
    mailbox: 'INBOX.Entw&APw-rfe', index: 0,
    envelope: `("Sun, 16 Jan 2011 15:02:11 +0530" "Re: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=" ${TEST77} ${TEST77} ${TEST77} ${JUERGEN} NIL NIL "<20110116093527.4711@mail.example.de>" NIL)`,
    body: '(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 50 3) ("APPLICATION" "PDF" ("NAME" "notizen.pdf") NIL NIL "BASE64" 264) "MIXED")',
    bodystructure: '(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 50 3 NIL NIL "de" NIL) ("APPLICATION" "PDF" ("NAME" "notizen.pdf") NIL NIL "BASE64" 264 NIL ("ATTACHMENT" ("FILENAME" "notizen.pdf")) NIL NIL) "MIXED" ("BOUNDARY" "=_mailscope_0001") NIL NIL NIL)',
  },
];

describe('seed messages: ENVELOPE, BODY and BODYSTRUCTURE', () => {
  it('covers every seed message', () => {
    expect(CASES.length).toBe(SEED_MESSAGES.length);
  });
  for (const c of CASES) {
    describe(`${c.mailbox} #${c.index + 1}`, () => {
      const msg = parseMessage(seedBytes(seed(c.mailbox, c.index)));
      it('ENVELOPE', () => expect(wire(envelope(msg))).toBe(c.envelope));
      it('BODY', () => expect(wire(bodyStructure(msg, false))).toBe(c.body));
      it('BODYSTRUCTURE', () => expect(wire(bodyStructure(msg, true))).toBe(c.bodystructure));
    });
  }
});

describe('seed messages match the tutorial', () => {
  const fetchAll = (m: SeedMessage) => {
    const bytes = seedBytes(m);
    const flags = m.flags.join(' ');
    return `(FLAGS (${flags}) INTERNALDATE "${m.internalDate}" RFC822.SIZE ${bytes.length} ENVELOPE ${wire(envelope(parseMessage(bytes)))})`;
  };

  it('INBOX.Drafts 1 and 2 give the tutorial\'s FETCH ALL lines byte for byte', () => {
    expect(`* 1 FETCH ${fetchAll(seed('INBOX.Drafts', 0))}`).toBe(tutorialFact('drafts-1-fetch-all'));
    expect(`* 2 FETCH ${fetchAll(seed('INBOX.Drafts', 1))}`).toBe(tutorialFact('drafts-2-fetch-all'));
  });

  it('INBOX 1 is "Test Message" with the tutorial\'s size, date and envelope (flags as seeded)', () => {
    const line = `* 1 FETCH ${fetchAll(seed('INBOX', 0))}`;
    expect(line.replace('FLAGS (\\Seen)', 'FLAGS (\\Deleted)')).toBe(tutorialFact('inbox-1-fetch-all'));
  });

  it('INBOX.Sent 1 answers BODY[HEADER.FIELDS (FROM TO SUBJECT DATE)] with Date, From, To', () => {
    const msg = parseMessage(seedBytes(seed('INBOX.Sent', 0)));
    const expected = tutorialFact('sent-header-fields-lines').split('|').join('\r\n') + '\r\n';
    expect(text(fetchSection(msg, 'HEADER.FIELDS ("from" "to" "subject" "date")'))).toBe(expected);
  });

  it('INBOX 2 is the "Linux Terminal" multipart/alternative with the tutorial\'s boundary', () => {
    const msg = parseMessage(seedBytes(seed('INBOX', 1)));
    expect(msg.contentType.params).toContainEqual(['boundary', tutorialFact('linux-terminal-boundary')]);
    expect(msg.children.map((p) => text(p.bodyBytes))).toEqual(['Terminal\r\n', 'Terminal\r\n']);
  });

  it('INBOX holds three messages, the tutorial\'s later state', () => {
    expect(SEED_MESSAGES.filter((m) => m.mailbox === 'INBOX')).toHaveLength(3);
  });
});

describe('seed data is well-formed', () => {
  it('every message is CRLF-only ASCII and its mailbox exists', () => {
    const names = SEED_MAILBOXES.map((b) => b.name);
    for (const m of SEED_MESSAGES) {
      expect(m.raw).not.toMatch(/[^\r]\n|\r[^\n]/);
      expect(m.raw).toMatch(/^[\x00-\x7f]*$/);
      expect(names).toContain(m.mailbox);
      expect(m.internalDate).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
    }
  });

  it('has the special-use mailboxes and one modified UTF-7 name', () => {
    expect(SEED_MAILBOXES).toEqual(expect.arrayContaining([
      { name: 'INBOX.Trash', specialUse: '\\Trash' },
      { name: 'INBOX.Junk', specialUse: '\\Junk' },
      { name: 'INBOX.Sent', specialUse: '\\Sent' },
      { name: 'INBOX.Drafts', specialUse: '\\Drafts' },
      { name: 'INBOX.Entw&APw-rfe' },
    ]));
  });

  it('keeps the tutorial\'s login', () => {
    expect(SEED_USERS[0]).toEqual({ user: 'test77@example.com', password: 'qwe123#$' });
    expect(SEED_USERS[1].user).toBe('student@example.com');
  });

  it('has body lines starting with "." for POP3 dot-stuffing', () => {
    expect(SEED_MESSAGES.some((m) => /\r\n\.\r\n/.test(m.raw) && /\r\n\.\.?[^.\r]/.test(m.raw))).toBe(true);
  });
});
