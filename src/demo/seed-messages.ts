// The demo server's mailboxes, users and messages: the ones the IMAP/POP3 telnet tutorial's
// session (Courier-IMAP, January 2011) shows, rebuilt as whole RFC 5322 messages with CRLF
// line ends. Where the blog mangled them (lost folding indentation,
// addresses eaten as HTML tags, masked domains) they are repaired to something a real
// server could have stored. Sizes match the tutorial where it shows them: the two drafts
// are 267 and 354 octets and "Test Message" 2127 (RFC822.SIZE in its FETCH ALL).
//
// The tutorial's mailbox changed during its session (STATUS INBOX says MESSAGES 0 at the
// start, SELECT INBOX later says 3 EXISTS); the seed holds the later state: 3 in INBOX.
// Its BODY[HEADER.FIELDS ...] of the Sent message is {102} where ours is 94 octets: the
// blog masked the real domains. Its POP3 sizes (STAT 2 4994) come from yet another moment.
// `raw` is ASCII only (8-bit text is MIME-encoded), so every text encoding gives the same octets.

export interface SeedMessage {
  mailbox: string;
  flags: string[];
  /** RFC 3501 date-time, e.g. "15-Jan-2011 10:50:17 +0530". */
  internalDate: string;
  /** The message text, CRLF line ends; its octets are its UTF-8 encoding (see seedBytes). */
  raw: string;
}

export interface SeedMailbox {
  /** The mailbox name as on the wire (modified UTF-7, RFC 3501 section 5.1.3). */
  name: string;
  /** RFC 6154 special-use attribute. */
  specialUse?: string;
}

/** Courier-style namespace: everything under INBOX, "." as the hierarchy delimiter. */
export const SEED_MAILBOXES: SeedMailbox[] = [
  { name: 'INBOX' },
  { name: 'INBOX.Trash', specialUse: '\\Trash' },
  { name: 'INBOX.Junk', specialUse: '\\Junk' },
  { name: 'INBOX.Sent', specialUse: '\\Sent' },
  { name: 'INBOX.Drafts', specialUse: '\\Drafts' },
  // "Entwürfe" (German for drafts): ü is U+00FC, modified UTF-7 "&APw-".
  { name: 'INBOX.Entw&APw-rfe' },
];

/**
 * Demo logins. The first is the tutorial's own. The second is for classes: its password
 * is simply "student". Each user gets its own copy of SEED_MESSAGES.
 */
export const SEED_USERS: Array<{ user: string; password: string }> = [
  { user: 'test77@example.com', password: 'qwe123#$' },
  { user: 'student@example.com', password: 'student' },
];

/** A seed message's octets: its text in UTF-8, as the demo store encodes it. */
export function seedBytes(message: SeedMessage): Uint8Array {
  return Buffer.from(message.raw, 'utf8');
}

function crlf(lines: string[]): string {
  return lines.join('\r\n');
}

// INBOX.Drafts 1: FETCH 1 ALL shows no subject, no Message-ID, RFC822.SIZE 267.
const DRAFT_1 = crlf([
  'Date: Fri, 14 Jan 2011 13:33:25 +0530',
  'From: test77@example.com',
  'To: testaccount@gmail.com',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=us-ascii',
  'User-Agent: Roundcube Webmail/0.4.2',
  '',
  'Hi,',
  '',
  'this draft is saved in INBOX.Drafts for the telnet lesson today.',
  '',
]);

// INBOX.Drafts 2: subject and Cc as FETCH 2 ALL shows them, RFC822.SIZE 354.
const DRAFT_2 = crlf([
  'Date: Fri, 14 Jan 2011 13:38:05 +0530',
  'From: test77@example.com',
  'To: testaccount@gmail.com',
  'Cc: supportsages@gmail.com',
  'Subject: TESTING IMAP COMMANDS TELNET',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=us-ascii',
  'User-Agent: Roundcube Webmail/0.4.2',
  '',
  'Hello,',
  '',
  'LIST, SELECT, FETCH and STORE by hand over telnet.',
  'Drafts carry the \\Draft flag.',
  '',
]);

// INBOX.Sent 1: BODY[HEADER.FIELDS (FROM TO SUBJECT DATE)] shows Date, From, To in this
// order and no Subject.
const SENT_1 = crlf([
  'Date: Fri, 14 Jan 2011 13:33:25 +0530',
  'From: test77@example.com',
  'To: testaccount@gmail.com',
  'Message-ID: <4D3004ED.2050601@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=us-ascii',
  'Content-Transfer-Encoding: 7bit',
  'User-Agent: Roundcube Webmail/0.4.2',
  '',
  'Hi,',
  '',
  'this draft is saved in INBOX.Drafts for the telnet lesson today.',
  '',
]);

// INBOX 1: ENVELOPE as FETCH 1 ALL shows it (the blog's "<pre>" damage removed), 2127 octets.
const TEST_MESSAGE = crlf([
  'Return-path: <examplesupport@gmail.com>',
  'Envelope-to: test77@example.com',
  'Delivery-date: Sat, 15 Jan 2011 10:50:17 +0530',
  'Received: from mail-iw0-f169.google.com ([209.85.214.169])',
  '\tby xxx.server.com with esmtps (TLSv1:RC4-MD5:128)',
  '\t(Exim 4.69)',
  '\t(envelope-from <examplesupport@gmail.com>)',
  '\tid 1Pe3sK-0001xT-Az',
  '\tfor test77@example.com; Sat, 15 Jan 2011 10:50:17 +0530',
  'Received: by iwn40 with SMTP id 40so3441186iwn.14',
  '        for <test77@webdemo.com>; Fri, 14 Jan 2011 21:20:14 -0800 (PST)',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;',
  '        d=gmail.com; s=gamma;',
  '        h=domainkey-signature:mime-version:date:message-id:subject:from:to',
  '         :content-type;',
  '        bh=Vd3kz8b2cC1wL0Qy1o4m5hD3HcZ0c8e2m4Qx9Yb7n1A=;',
  '        b=Qm9ndXMgc2lnbmF0dXJlIGZvciB0aGUgbWFpbHNjb3BlIGRlbW8gc2VydmVyOyBp',
  '         dCBkb2VzIG5vdCB2ZXJpZnku',
  'DomainKey-Signature: a=rsa-sha1; c=nofws;',
  '        d=gmail.com; s=gamma;',
  '        h=mime-version:date:message-id:subject:from:to:content-type;',
  '        b=SW4gMjAxMSBHbWFpbCBzaWduZWQgd2l0aCBib3RoLg==',
  'MIME-Version: 1.0',
  'Received: by 10.231.199.196 with SMTP id et4mr1838212ibb.71.1295068814512;',
  ' Fri, 14 Jan 2011 21:20:14 -0800 (PST)',
  'Received: by 10.231.14.4 with HTTP; Fri, 14 Jan 2011 21:20:12 -0800 (PST)',
  'Date: Sat, 15 Jan 2011 10:50:12 +0530',
  'Message-ID: <AANLkTim2ssdyyPEqt+fWKQ6zB6scR7jFKJvwzL=gd2r4@mail.gmail.com>',
  'Subject: Test Message',
  'From: support team <examplesupport@gmail.com>',
  'To: test77@webdemo.com',
  'Content-Type: multipart/alternative; boundary=90e6ba53a4f47aa2d80499e0a1f3',
  'X-Spam-Status: No, score=-1.0',
  'X-Spam-Score: -9',
  'X-Spam-Bar: -',
  'X-Spam-Flag: NO',
  '',
  '--90e6ba53a4f47aa2d80499e0a1f3',
  'Content-Type: text/plain; charset=ISO-8859-1',
  '',
  'This is a test message from the support team.',
  '',
  'It arrived while the telnet session was open, so IDLE reported it.',
  'Write back to this address if you need any more help.',
  '',
  '--90e6ba53a4f47aa2d80499e0a1f3',
  'Content-Type: text/html; charset=ISO-8859-1',
  '',
  'This is a test message from the support team.<br><br>It arrived while the telnet',
  ' session was open, so IDLE reported it.<br>',
  '',
  '--90e6ba53a4f47aa2d80499e0a1f3--',
  '',
]);

// INBOX 2: the message the tutorial prints with FETCH 1 BODY[] (folding restored, the
// addresses the blog dropped put back, a Message-ID supplied).
const LINUX_TERMINAL = crlf([
  'Return-path: <examplesupport@gmail.com>',
  'Envelope-to: test77@example.com',
  'Delivery-date: Sat, 15 Jan 2011 16:49:00 +0530',
  'Received: from mail-iw0-f169.google.com ([209.85.214.169])',
  '\tby xxx.server.com with esmtps (TLSv1:RC4-MD5:128)',
  '\t(Exim 4.69)',
  '\t(envelope-from <examplesupport@gmail.com>)',
  '\tid 1Pe49s-0002rL-GE',
  '\tfor test77@example.com; Sat, 15 Jan 2011 16:49:00 +0530',
  'Received: by iwn40 with SMTP id 40so3450323iwn.14',
  '        for <test77@example.com>; Sat, 15 Jan 2011 03:18:56 -0800 (PST)',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;',
  '        d=gmail.com; s=gamma;',
  '        h=domainkey-signature:mime-version:date:message-id:subject:from:to',
  '         :content-type;',
  '        bh=B0Luob/bjcCckrFJ65OJ/jYZYzofzMPfMMnoH9qYRks=;',
  '        b=pPOO38Xpmst6rAWSXYSHzwyTXkYcormyjX+5+msdml2QZFJ5ezdEkqOYz8CyQTnc0y',
  '         Y3Y1NPgixK/qiZFhzYaYZcNznRkAHQmPKWHD+BHqIReqMGeC0VYn0NpIOdXradWF2gNx',
  '         Q+SP+FjVVl2uPDRru573Hen2TaJUCOd2jVFws=',
  'DomainKey-Signature: a=rsa-sha1; c=nofws;',
  '        d=gmail.com; s=gamma;',
  '        h=mime-version:date:message-id:subject:from:to:content-type;',
  '        b=Jga7prO4D9cX54WvYYRo2ABvHCepe9QjWCyOz6QrqbjwKhk4pTDGAfKcgD6ztsc7BR',
  '         yWpAL3NKASoZ1TzYvP9PmOV7Qik7IRNiV2An3JZJJIRZKrCdnVak9zBp92KdJr2bIjwp',
  '         /+kbKg7ViTBYmKfRFPhyw7id4BfLvjY0WmljE=',
  'MIME-Version: 1.0',
  'Received: by 10.231.199.196 with SMTP id et4mr1855641ibb.71.1295090336833;',
  ' Sat, 15 Jan 2011 03:18:56 -0800 (PST)',
  'Received: by 10.231.14.4 with HTTP; Sat, 15 Jan 2011 03:18:56 -0800 (PST)',
  'Date: Sat, 15 Jan 2011 16:48:56 +0530',
  'Message-ID: <AANLkTikV8hPz0w1TgbU6Lq1ZmX8Ee2oN3cXrR5yKaH=w@mail.gmail.com>',
  'Subject: Linux Terminal',
  'From: support team <examplesupport@gmail.com>',
  'To: test77@example.com',
  'Content-Type: multipart/alternative; boundary=90e6ba53a4f47aa2e40499e0b764',
  'X-Spam-Status: No, score=-1.0',
  'X-Spam-Score: -9',
  'X-Spam-Bar: -',
  'X-Spam-Flag: NO',
  '',
  '--90e6ba53a4f47aa2e40499e0b764',
  'Content-Type: text/plain; charset=ISO-8859-1',
  '',
  'Terminal',
  '',
  '--90e6ba53a4f47aa2e40499e0b764',
  'Content-Type: text/html; charset=ISO-8859-1',
  '',
  'Terminal',
  '',
  '--90e6ba53a4f47aa2e40499e0b764--',
  '',
]);

// INBOX 3 (not in the tutorial): RFC 2047 encoded words in Subject and From ("Grüße aus
// Köln", "Jürgen Müller"), a Reply-To apart from From, a quoted-printable UTF-8 body, and
// lines starting with "." that POP3 RETR must dot-stuff (RFC 1939 section 3).
const GRUESSE = crlf([
  'Return-Path: <juergen.mueller@example.de>',
  'Date: Sun, 16 Jan 2011 09:35:27 +0100',
  'From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen.mueller@example.de>',
  'Reply-To: "Juergen (home)" <juergen@example.org>',
  'To: "Test 77" <test77@example.com>',
  'Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  'Message-ID: <20110116093527.4711@mail.example.de>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hallo,',
  '',
  'viele Gr=C3=BC=C3=9Fe aus K=C3=B6ln!',
  '.',
  '..und diese Zeilen beginnen mit einem Punkt.',
  '.Ende',
  '',
  '-- ',
  'J=C3=BCrgen',
  '',
]);

// INBOX.Entw&APw-rfe 1 (not in the tutorial): a reply draft with an attachment,
// multipart/mixed with a text part and a small base64 PDF.
const ENTWURF = crlf([
  'Date: Sun, 16 Jan 2011 15:02:11 +0530',
  'From: test77@example.com',
  'To: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen.mueller@example.de>',
  'Subject: Re: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  'In-Reply-To: <20110116093527.4711@mail.example.de>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="=_mailscope_0001"',
  '',
  'This is a multi-part message in MIME format.',
  '',
  '--=_mailscope_0001',
  'Content-Type: text/plain; charset=us-ascii',
  'Content-Transfer-Encoding: 7bit',
  'Content-Language: de',
  '',
  'Danke! Die Notizen sind angehaengt.',
  '.',
  'Bis bald',
  '',
  '--=_mailscope_0001',
  'Content-Type: application/pdf; name="notizen.pdf"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="notizen.pdf"',
  '',
  'JVBERi0xLjEKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZy9QYWdlcyAyIDAgUj4+ZW5kb2JqCjIgMCBv',
  'Ymo8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PmVuZG9iagozIDAgb2JqPDwvVHlw',
  'ZS9QYWdlL1BhcmVudCAyIDAgUi9NZWRpYUJveFswIDAgMjAwIDUwXT4+ZW5kb2JqCnRyYWlsZXI8',
  'PC9Sb290IDEgMCBSPj4KJSVFT0YK',
  '',
  '--=_mailscope_0001--',
  '',
]);

export const SEED_MESSAGES: SeedMessage[] = [
  { mailbox: 'INBOX', flags: ['\\Seen'], internalDate: '15-Jan-2011 10:50:17 +0530', raw: TEST_MESSAGE },
  { mailbox: 'INBOX', flags: [], internalDate: '15-Jan-2011 16:49:00 +0530', raw: LINUX_TERMINAL },
  { mailbox: 'INBOX', flags: [], internalDate: '16-Jan-2011 14:05:31 +0530', raw: GRUESSE },
  { mailbox: 'INBOX.Sent', flags: ['\\Seen'], internalDate: '14-Jan-2011 13:33:26 +0530', raw: SENT_1 },
  { mailbox: 'INBOX.Drafts', flags: ['\\Draft', '\\Seen'], internalDate: '14-Jan-2011 13:33:25 +0530', raw: DRAFT_1 },
  { mailbox: 'INBOX.Drafts', flags: ['\\Draft', '\\Seen'], internalDate: '14-Jan-2011 13:38:05 +0530', raw: DRAFT_2 },
  { mailbox: 'INBOX.Entw&APw-rfe', flags: ['\\Draft', '\\Seen'], internalDate: '16-Jan-2011 15:02:11 +0530', raw: ENTWURF },
];
