// Pure pieces of the store: sequence sets, RFC 3501 dates, flags, and the per-session view's
// queue (what is reported when).

import { describe, expect, it } from 'vitest';
import { formatSet, parseSequenceSet, numbersIn } from '../../src/demo/imap/sequence-set.js';
import { formatDateTime, parseDateTime, parseSearchDate } from '../../src/demo/store/date-time.js';
import { checkFlag } from '../../src/demo/store/flags.js';
import { MailStore } from '../../src/demo/store/store.js';
import { MailboxView } from '../../src/demo/store/view.js';

describe('sequence sets (RFC 3501 9)', () => {
  it.each([
    ['1', 5, [1]], ['1:3', 5, [1, 2, 3]], ['3:1', 5, [1, 2, 3]], ['*', 5, [5]], ['4:*', 5, [4, 5]],
    ['1,3:4,2', 5, [1, 2, 3, 4]], ['2:*', 1, [1]],
  ] as Array<[string, number, number[]]>)('%s with * = %i', (text, star, want) => {
    expect(numbersIn(parseSequenceSet(text, star)!, star)).toEqual(want);
  });
  it.each(['', '0', '1:', ':2', 'a', '1,,2', '1:2:3', '-1', '01'])('refuses %j', (text) => {
    expect(parseSequenceSet(text, 5)).toBeUndefined();
  });
  it('writes uid-sets compactly', () => {
    expect(formatSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
  });
});

describe('date-time', () => {
  it('parses and keeps the zone', () => {
    const d = parseDateTime('14-Jan-2011 13:33:25 +0530')!;
    expect(d.text).toBe('14-Jan-2011 13:33:25 +0530');
    expect(new Date(d.ms).toISOString()).toBe('2011-01-14T08:03:25.000Z');
    expect(parseDateTime(' 4-Jan-2011 01:02:03 -0800')!.text).toBe('04-Jan-2011 01:02:03 -0800');
  });
  it.each(['14-Foo-2011 13:33:25 +0530', '14-Jan-2011 25:00:00 +0000', '14-Jan-2011 13:33:25', 'x'])('refuses %j', (t) => {
    expect(parseDateTime(t)).toBeUndefined();
  });
  it('formats in UTC and parses search dates', () => {
    expect(formatDateTime(new Date('2026-11-26T10:00:00Z')).text).toBe('26-Nov-2026 10:00:00 +0000');
    expect(parseSearchDate('1-Feb-2011')).toBe(Date.UTC(2011, 1, 1) / 86_400_000);
    expect(parseSearchDate('"1-Feb-2011"')).toBe(Date.UTC(2011, 1, 1) / 86_400_000);
  });
});

describe('flags', () => {
  it('spells system flags the RFC way and refuses \\Recent and bad keywords', () => {
    expect(checkFlag('\\seen')).toEqual({ ok: true, flag: '\\Seen' });
    expect(checkFlag('$Label1')).toEqual({ ok: true, flag: '$Label1' });
    expect(checkFlag('\\Recent').ok).toBe(false);
    expect(checkFlag('\\Foo').ok).toBe(false);
    expect(checkFlag('a]b').ok).toBe(false);
  });
});

describe('mailbox views', () => {
  const seed = {
    users: [{ user: 'u@example.com', password: 'p' }],
    mailboxes: [{ name: 'INBOX.Sent', specialUse: '\\Sent' }],
    messages: [1, 2, 3].map((i) => ({ mailbox: 'INBOX', flags: [], internalDate: '01-Jan-2020 00:00:00 +0000', raw: `Subject: ${i}\r\n\r\n` })),
  };

  it('gives each mailbox its own fixed UIDVALIDITY and each user a copy of the seed', () => {
    const a = new MailStore(seed);
    const b = new MailStore(seed);
    const inbox = a.account('u@example.com')!.find('inbox')!;
    expect(inbox.uidValidity).toBe(b.account('U@example.com')!.find('INBOX')!.uidValidity);
    expect(a.account('u@example.com')!.find('INBOX.Sent')!.uidValidity).not.toBe(inbox.uidValidity);
    expect(inbox.messages.map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(inbox.unclaimedRecent.size).toBe(0);
  });

  it('queues expunges until allowed, and reports them in order', () => {
    const store = new MailStore(seed);
    const inbox = store.account('u@example.com')!.find('INBOX')!;
    const view = new MailboxView(inbox, false);
    inbox.expunge([inbox.messages[0], inbox.messages[2]]);
    expect(view.drain(false)).toEqual([]);
    expect(view.messages).toHaveLength(3);
    expect(view.drain(true)).toEqual([{ kind: 'expunge', seq: 1, uid: 1 }, { kind: 'expunge', seq: 2, uid: 3 }]);
    expect(view.messages.map((m) => m.uid)).toEqual([2]);
  });

  it('a message added and expunged before the view hears of either is never reported', () => {
    const store = new MailStore(seed);
    const inbox = store.account('u@example.com')!.find('INBOX')!;
    const view = new MailboxView(inbox, false);
    const [m] = inbox.add([{ raw: new Uint8Array([65]), flags: [], internalDate: store.internalNow() }]);
    inbox.expunge([m]);
    expect(view.drain(true)).toEqual([]);
  });

  it('takes 150,000 messages at once and expunges among them (a spread of that many overflowed the stack)', () => {
    const store = new MailStore(seed);
    const inbox = store.account('u@example.com')!.find('INBOX')!;
    const view = new MailboxView(inbox, false);
    const date = store.internalNow();
    const raw = new Uint8Array([65]);
    inbox.add(Array.from({ length: 150_000 }, () => ({ raw, flags: [], internalDate: date })));
    inbox.expunge([inbox.messages[0]]);
    expect(inbox.messages).toHaveLength(150_002);
    const updates = view.drain(true);
    expect(updates.filter((u) => u.kind === 'expunge')).toHaveLength(1);
    expect(view.messages).toHaveLength(150_002);
  });

  it('reports flag changes by others, not by the view that made them', () => {
    const store = new MailStore(seed);
    const inbox = store.account('u@example.com')!.find('INBOX')!;
    const mine = new MailboxView(inbox, false);
    const theirs = new MailboxView(inbox, false);
    inbox.setFlags(inbox.messages[1], new Set(['\\Seen']), mine);
    expect(mine.drain(true)).toEqual([]);
    expect(theirs.drain(true)).toEqual([{ kind: 'fetch-flags', seq: 2, message: inbox.messages[1] }]);
  });
});
