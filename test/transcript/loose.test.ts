// Each --loose rule (transcripts/README.md "Matching"): one case it lets through, and one
// difference it must still report.
import { describe, expect, it } from 'vitest';
import { looseDiff, looseLine, sameAstring, sameInAnyOrder, sameMailboxAttributes, sortFlagLists } from '../../src/transcript/loose.js';
import { matchLine } from '../../src/transcript/match.js';

const wire = (s: string): Buffer => Buffer.from(`${s}\r\n`, 'latin1');
const expected = (lines: string[]) => lines.map((text) => looseLine(text, 'imap', true));
const looseMatches = (transcript: string, received: string): boolean => matchLine(looseLine(transcript, 'imap', true).pattern, wire(received));
const answerMatches = (transcript: string[], received: string[]): boolean =>
  looseDiff(expected(transcript), received.map(wire), 'imap', true).every((d) => d.op === 'same');

describe('capability lists are the server\'s own', () => {
  it('a [CAPABILITY] code in the greeting and after LOGIN matches another list', () => {
    expect(looseMatches('* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] mailscope demo server ready', '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS STARTTLS] Dovecot (Debian) ready.')).toBe(true);
    expect(looseMatches('. OK [CAPABILITY IMAP4rev1 MOVE] Logged in', '. OK [CAPABILITY IMAP4rev1 SORT THREAD=REFS] Logged in')).toBe(true);
  });
  it('* CAPABILITY data matches another list', () => {
    expect(looseMatches('* CAPABILITY IMAP4rev1 IDLE', '* CAPABILITY IMAP4rev1 SORT CONDSTORE')).toBe(true);
  });
  it('but the code must still be a CAPABILITY code, and the status the same', () => {
    expect(looseMatches('* OK [CAPABILITY IMAP4rev1] ready', '* OK ready')).toBe(false);
    expect(looseMatches('* OK [CAPABILITY IMAP4rev1] ready', '* BYE [CAPABILITY IMAP4rev1] ready')).toBe(false);
    expect(looseMatches('* CAPABILITY IMAP4rev1', '* FLAGS (IMAP4rev1)')).toBe(false);
  });
});

describe('astrings: an atom and a quoted string with the same content (RFC 3501 sections 4.3, 9)', () => {
  it('are the same mailbox in LIST, LSUB and STATUS', () => {
    expect(sameAstring('"INBOX"', 'INBOX')).toBe(true);
    expect(looseMatches('* LIST (\\HasChildren) "." "INBOX"', '* LIST (\\HasChildren) "." INBOX')).toBe(true);
    expect(looseMatches('* LSUB () "." INBOX.Sent', '* LSUB () "." "INBOX.Sent"')).toBe(true);
    expect(looseMatches('* STATUS "INBOX" (MESSAGES 3)', '* STATUS INBOX (MESSAGES 3)')).toBe(true);
    expect(looseMatches('* LIST () "." "a\\"b"', '* LIST () "." "a\\"b"')).toBe(true);
  });
  it('but another name, another count, or content that needs quoting is a difference', () => {
    expect(looseMatches('* LIST (\\HasChildren) "." "INBOX"', '* LIST (\\HasChildren) "." INBOX.Trash')).toBe(false);
    expect(looseMatches('* STATUS "INBOX" (MESSAGES 3)', '* STATUS INBOX (MESSAGES 4)')).toBe(false);
    expect(sameAstring('"a b"', 'a')).toBe(false);
    expect(sameAstring('"a%"', 'a%')).toBe(false); // % is a list-wildcard, never in an atom
  });
  it('is not applied where the grammar wants a string (ENVELOPE nstring: "NIL" is no NIL)', () => {
    expect(looseMatches('* 1 FETCH (ENVELOPE (NIL "NIL" NIL NIL NIL NIL NIL NIL NIL NIL))', '* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))')).toBe(false);
  });
});

describe('untagged lines of one answer in any order (a multiset)', () => {
  const transcript = ['* LIST () "." "INBOX"', '* LIST (\\Sent) "." "INBOX.Sent"', '* LIST (\\Trash) "." "INBOX.Trash"', '. OK LIST completed'];
  it('matches the same lines in another order', () => {
    expect(answerMatches(transcript, ['* LIST (\\Trash) "." INBOX.Trash', '* LIST () "." INBOX', '* LIST (\\Sent) "." INBOX.Sent', '. OK done'])).toBe(true);
  });
  it('but each expected line is used once, a missing line is a difference, the completion stays last', () => {
    expect(answerMatches(transcript, ['* LIST (\\Trash) "." INBOX.Trash', '* LIST (\\Trash) "." INBOX.Trash', '* LIST () "." INBOX', '. OK done'])).toBe(false);
    expect(answerMatches(transcript, ['* LIST (\\Trash) "." INBOX.Trash', '* LIST () "." INBOX', '. OK done'])).toBe(false);
    expect(answerMatches(transcript, ['. OK done', '* LIST (\\Trash) "." INBOX.Trash', '* LIST () "." INBOX', '* LIST (\\Sent) "." INBOX.Sent'])).toBe(false);
  });
  it('finds an assignment a greedy pick would miss', () => {
    // The wildcard line could take either; only one assignment uses both received lines.
    const lines = [looseLine('* {*} EXISTS', 'imap', true), looseLine('* 3 EXISTS', 'imap', true), looseLine('a OK done', 'imap', true)];
    expect(sameInAnyOrder(lines, [wire('* 3 EXISTS'), wire('* 4 EXISTS'), wire('a OK done')])).toBe(true);
  });
});

describe('optional LIST attributes (RFC 3501 7.2.2 \\Marked/\\Unmarked, RFC 3348 \\HasChildren/\\HasNoChildren)', () => {
  it('one side alone having them is no difference', () => {
    expect(sameMailboxAttributes(['\\Unmarked', '\\HasNoChildren', '\\Drafts'], ['\\HasNoChildren', '\\Drafts'])).toBe(true);
    expect(looseMatches('* LIST (\\Unmarked \\HasChildren) "." "INBOX"', '* LIST () "." INBOX')).toBe(true);
    expect(looseMatches('* LIST (\\HasNoChildren) "." "INBOX.Junk"', '* LIST (\\Marked \\HasNoChildren) "." INBOX.Junk')).toBe(true);
  });
  it('but both sides stating different ones, or special-use and \\Noselect differing, is a difference', () => {
    expect(sameMailboxAttributes(['\\HasChildren'], ['\\HasNoChildren'])).toBe(false);
    expect(sameMailboxAttributes(['\\Marked'], ['\\Unmarked'])).toBe(false);
    expect(looseMatches('* LIST (\\Unmarked \\HasNoChildren \\Drafts) "." "INBOX.Drafts"', '* LIST (\\HasNoChildren) "." INBOX.Drafts')).toBe(false);
    expect(looseMatches('* LIST (\\Noselect) "." "INBOX.x"', '* LIST () "." INBOX.x')).toBe(false);
    expect(looseMatches('* LIST () "." "INBOX.x"', '* LIST (\\NonExistent) "." INBOX.x')).toBe(false);
    expect(looseMatches('* LIST () "." "INBOX"', '* LIST () "/" INBOX')).toBe(false);
  });
});

describe('extra informational * OK [CODE] lines the transcript lacks', () => {
  const select = ['* 2 EXISTS', '* OK [UIDVALIDITY 1294991881] UIDs valid', '. OK [READ-ONLY] EXAMINE completed'];
  it('[CLOSED] (RFC 7162) and [HIGHESTMODSEQ] are ignored, and shown as matched', () => {
    const received = ['* OK [CLOSED] Previous mailbox closed.', '* 2 EXISTS', '* OK [HIGHESTMODSEQ 7] Highest', '* OK [UIDVALIDITY 9] UIDs valid', '. OK [READ-ONLY] Examine completed'];
    const diff = looseDiff(expected(select), received.map(wire), 'imap', true);
    expect(diff.map((d) => d.op)).toEqual(['same', 'same', 'same', 'same', 'same']);
    expect(diff[0].text).toBe('* OK [CLOSED] Previous mailbox closed.');
  });
  it('but any other extra line, [ALERT] included, is a difference', () => {
    expect(answerMatches(select, ['* OK [ALERT] Disk full', '* 2 EXISTS', '* OK [UIDVALIDITY 9] x', '. OK [READ-ONLY] x'])).toBe(false);
    expect(answerMatches(select, ['* 1 RECENT', '* 2 EXISTS', '* OK [UIDVALIDITY 9] x', '. OK [READ-ONLY] x'])).toBe(false);
    expect(answerMatches(select, ['* NO [CLOSED] x', '* 2 EXISTS', '* OK [UIDVALIDITY 9] x', '. OK [READ-ONLY] x'])).toBe(false);
  });
});

describe('informational * OK [CODE] lines the server does not send', () => {
  const select = ['* 2 EXISTS', '* OK [UIDVALIDITY 1294991881] UIDs valid', '* OK [HIGHESTMODSEQ 4] Highest', '. OK [READ-WRITE] SELECT completed'];
  it('[HIGHESTMODSEQ] in the transcript and not from the server (Dovecot without CONDSTORE enabled) is no difference', () => {
    const received = ['* 2 EXISTS', '* OK [UIDVALIDITY 9] UIDs valid', '. OK [READ-WRITE] Select completed'];
    expect(looseDiff(expected(select), received.map(wire), 'imap', true).map((d) => d.op)).toEqual(['same', 'same', 'same']);
  });
  it('but a required line missing is still one, and so is a missing [ALERT]', () => {
    expect(answerMatches(select, ['* OK [UIDVALIDITY 9] x', '. OK [READ-WRITE] x'])).toBe(false);
    const alert = ['* OK [ALERT] Disk full', '. OK [READ-WRITE] SELECT completed'];
    expect(answerMatches(alert, ['. OK [READ-WRITE] x'])).toBe(false);
  });
});

describe('text after the status word', () => {
  it('is free', () => {
    expect(looseMatches('. OK [READ-ONLY] EXAMINE completed', '. OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).')).toBe(true);
  });
  it('but the status and the response code are not', () => {
    expect(looseMatches('. OK [READ-ONLY] EXAMINE completed', '. OK [READ-WRITE] EXAMINE completed')).toBe(false);
    expect(looseMatches('. OK LIST completed', '. NO LIST completed')).toBe(false);
  });
});

describe('a tagged NO and BAD stand for each other (RFC 3501 section 3: a command in the wrong state)', () => {
  it('NO matches BAD and BAD matches NO', () => {
    expect(looseMatches('a12 NO FETCH is not valid in the authenticated state', 'a12 BAD No mailbox selected')).toBe(true);
    expect(looseMatches('a1 BAD unknown', 'a1 NO unknown')).toBe(true);
  });
  it('but neither matches OK, nor another tag, nor untagged NO/BAD', () => {
    expect(looseMatches('a12 NO FETCH failed', 'a12 OK FETCH done')).toBe(false);
    expect(looseMatches('a12 NO FETCH failed', 'a13 BAD FETCH failed')).toBe(false);
    expect(looseMatches('* NO [ALERT] quota', '* BAD [ALERT] quota')).toBe(false);
  });
});

describe('flag lists are sets (RFC 3501 section 2.3.2)', () => {
  it('the same flags in another order match', () => {
    expect(sortFlagLists('* 1 FETCH (FLAGS (\\Seen \\Draft) UID 1)')).toBe('* 1 FETCH (FLAGS (\\Draft \\Seen) UID 1)');
    expect(looseMatches('* 1 FETCH (FLAGS (\\Draft \\Seen) INTERNALDATE "14-Jan-2011 13:33:25 +0530")', '* 1 FETCH (FLAGS (\\Seen \\Draft) INTERNALDATE "14-Jan-2011 08:03:25 +0000")')).toBe(true);
    expect(looseMatches('* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited', '* OK [PERMANENTFLAGS (\\* \\Seen \\Deleted)] Flags permitted.')).toBe(true);
  });
  it('but a flag more or less is a difference', () => {
    expect(looseMatches('* 1 FETCH (FLAGS (\\Draft \\Seen))', '* 1 FETCH (FLAGS (\\Seen))')).toBe(false);
    expect(looseMatches('* FLAGS (\\Seen \\Draft)', '* FLAGS (\\Seen \\Draft NonJunk)')).toBe(false);
  });
});

describe('lines inside literals stay exact', () => {
  it('no rule applies to a body line', () => {
    const line = looseLine('* LIST () "." "INBOX"', 'imap', false);
    expect(matchLine(line.pattern, wire('* LIST () "." INBOX'))).toBe(false);
  });
});
