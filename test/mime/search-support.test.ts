// SEARCH helpers: header lookups, the Date header in its current and obsolete forms, and
// case-insensitive substring tests over headers and decoded bodies.
import { describe, it, expect } from 'vitest';
import { SEED_MESSAGES, seedBytes } from '../../src/demo/seed-messages.js';
import { parseMessage } from '../../src/mime/message.js';
import { parseMessageDate } from '../../src/mime/date.js';
import { bodyContains, headerContains, headerValue, messageDate, textContains } from '../../src/mime/search-support.js';
import { crlfMessage } from './support.js';

const grusse = parseMessage(seedBytes(SEED_MESSAGES.find((m) => m.raw.includes('R3LDvMOfZSBhdXMgS8O2bG4='))!));
const entwurf = parseMessage(seedBytes(SEED_MESSAGES.find((m) => m.mailbox === 'INBOX.Entw&APw-rfe')!));

describe('headerValue', () => {
  const msg = crlfMessage('Received: one\nSubject: s\nreceived: two\n  folded\nX-Empty:\n\n');
  it('joins every occurrence with "\\n", unfolded', () => {
    expect(headerValue(msg, 'RECEIVED')).toBe('one\ntwo  folded');
  });
  it('is "" for an empty field and undefined for an absent one', () => {
    expect(headerValue(msg, 'x-empty')).toBe('');
    expect(headerValue(msg, 'Cc')).toBeUndefined();
  });
});

describe('parseMessageDate', () => {
  it.each([
    ['Fri, 14 Jan 2011 13:33:25 +0530', '2011-01-14T08:03:25.000Z', 330],
    ['14 Jan 2011 13:33:25 +0530', '2011-01-14T08:03:25.000Z', 330],
    ['Sat, 15 Jan 2011 03:18:56 -0800 (PST)', '2011-01-15T11:18:56.000Z', -480],
    ['Mon, 7 Feb 1994 21:52 -0800', '1994-02-08T05:52:00.000Z', -480],
    ['Thu, 13 Feb 69 23:32:54 -0330', '1969-02-14T03:02:54.000Z', -210],
    ['Thu, 13 Feb 19 23:32:54 +0000', '2019-02-13T23:32:54.000Z', 0],
    ['Thu, 13 Feb 102 23:32:54 GMT', '2002-02-13T23:32:54.000Z', 0],
    ['Tue, 1 Jul 2003 10:52:37 EDT', '2003-07-01T14:52:37.000Z', -240],
    ['1 Jul 2003 10:52:37 PST', '2003-07-01T18:52:37.000Z', -480],
    ['Tue,  1 Jul 2003 10:52:37 A', '2003-07-01T10:52:37.000Z', 0],
    ['1 Jul 2003 10:52:37 CEST', '2003-07-01T10:52:37.000Z', 0],
    ['Tue, 1 Jul 2003 10 : 52 : 37 +0200', '2003-07-01T08:52:37.000Z', 120],
    ['Tuesday, 01-Jul-2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z', 120],
    ['(comment) 1 (more) Jul 2003 10:52:37 +0000', '2003-07-01T10:52:37.000Z', 0],
  ])('%s', (value, iso, offset) => {
    const parsed = parseMessageDate(value);
    expect(parsed?.date.toISOString()).toBe(iso);
    expect(parsed?.offsetMinutes).toBe(offset);
  });

  it.each([[''], ['yesterday'], ['32 Jan 2011 10:00:00 +0000'], ['1 Foo 2011 10:00:00 +0000'], ['1 Jan 2011 25:00:00 +0000']])(
    '%j is not a date', (value) => expect(parseMessageDate(value)).toBeUndefined(),
  );

  it('messageDate reads the Date header, undefined without one', () => {
    expect(messageDate(grusse)?.toISOString()).toBe('2011-01-16T08:35:27.000Z');
    expect(messageDate(crlfMessage('Subject: x\n\n'))).toBeUndefined();
  });
});

describe('headerContains', () => {
  it('matches raw and RFC 2047-decoded values, case-insensitively', () => {
    expect(headerContains(grusse, 'subject', 'R3LDvMOf')).toBe(true);
    expect(headerContains(grusse, 'Subject', 'grüße AUS köln')).toBe(true);
    expect(headerContains(grusse, 'From', 'müller')).toBe(true);
    expect(headerContains(grusse, 'From', 'Meier')).toBe(false);
    expect(headerContains(grusse, 'Cc', '')).toBe(false);
  });
});

describe('bodyContains and textContains', () => {
  it('find text in a quoted-printable UTF-8 body after decoding, and as sent', () => {
    expect(bodyContains(grusse, 'VIELE GRÜßE')).toBe(true);
    expect(bodyContains(grusse, 'K=C3=B6ln')).toBe(true);
    expect(bodyContains(grusse, 'Köln!')).toBe(true);
  });

  it('look inside base64 attachments', () => {
    expect(bodyContains(entwurf, '/Type/Catalog')).toBe(true);
  });

  it('BODY does not search the header; TEXT does', () => {
    expect(bodyContains(grusse, 'juergen.mueller@example.de')).toBe(false);
    expect(textContains(grusse, 'juergen.mueller@example.de')).toBe(true);
    expect(textContains(grusse, 'Jürgen Müller')).toBe(true);
    expect(textContains(grusse, 'Punkt')).toBe(true);
    expect(textContains(grusse, 'not in this message')).toBe(false);
  });

  it('match 8-bit bytes as UTF-8 or ISO-8859-1', () => {
    const utf8 = parseMessage(Buffer.from('Subject: x\r\n\r\nStraße', 'utf8'));
    const latin1 = parseMessage(Buffer.from('Subject: x\r\n\r\nStra\xdfe', 'latin1'));
    expect(bodyContains(utf8, 'STRAßE')).toBe(true);
    expect(bodyContains(latin1, 'straße')).toBe(true);
  });
});
