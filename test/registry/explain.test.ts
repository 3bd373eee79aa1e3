// The explainer: golden texts (plain theme) for the tutorial's responses and for single terms.
// Responses are built by hand (src/protocol/imap/types.ts) so these tests do not depend on the
// reader; the lines they stand for are in test/fixtures/reference/tutorial-imap-lines.txt.
import { describe, expect, it } from 'vitest';
import {
  explainPop3, explainResponse, explainTerm, formatExplanation, formatLines, type ExplainTheme,
} from '../../src/registry/explain.js';
import type { ImapResponse, ImapValue, ResponseCode } from '../../src/protocol/imap/types.js';

const atom = (value: string): ImapValue => ({ type: 'atom', value });
const num = (value: number): ImapValue => ({ type: 'number', value });
const quoted = (value: string): ImapValue => ({ type: 'quoted', value });
const list = (...items: ImapValue[]): ImapValue => ({ type: 'list', items });
const atoms = (text: string) => text.split(' ').map(atom);
const code = (name: string, args: ImapValue[], argText: string): ResponseCode => ({ name, args, argText });

const GOLDEN = '../fixtures/reference/golden/';

// Tutorial, greeting: * OK [CAPABILITY IMAP4rev1 UIDPLUS ...] Courier-IMAP ready. ...
const GREETING: ImapResponse = {
  kind: 'status', status: 'OK',
  code: code('CAPABILITY', atoms('IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS'),
    'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS'),
  text: 'Courier-IMAP ready. Copyright 1998-2008 Double Precision, Inc.  See COPYING for distribution information.',
};

// Tutorial, `. select INBOX` after the NonJunk keyword appeared.
const SELECT_LINES: ImapResponse[] = [
  { kind: 'data', name: 'FLAGS', values: [list(...atoms('NonJunk \\Draft \\Answered \\Flagged \\Deleted \\Seen \\Recent'))] },
  { kind: 'status', status: 'OK', code: code('PERMANENTFLAGS', [list(...atoms('NonJunk \\* \\Draft \\Answered \\Flagged \\Deleted \\Seen'))], '(NonJunk \\* \\Draft \\Answered \\Flagged \\Deleted \\Seen)'), text: 'Limited' },
  { kind: 'data', name: 'EXISTS', number: 3, values: [] },
  { kind: 'data', name: 'RECENT', number: 0, values: [] },
  { kind: 'status', status: 'OK', code: code('UIDVALIDITY', [num(1294991877)], '1294991877'), text: 'Ok' },
  { kind: 'status', status: 'OK', code: code('MYRIGHTS', [quoted('acdilrsw')], '"acdilrsw"'), text: 'ACL' },
  { kind: 'status', tag: '.', status: 'OK', code: code('READ-WRITE', [], ''), text: 'Ok' },
];

describe('explainResponse on the tutorial', () => {
  it('explains each capability of the greeting', async () => {
    const text = formatLines(explainResponse(GREETING));
    await expect(text).toMatchFileSnapshot(`${GOLDEN}greeting-capability.txt`);
    expect(text).toContain('ACL2=UNION: IMAP capability');
    expect(text).toContain('THREAD=REFERENCES: IMAP capability');
  });

  it('explains the SELECT lines piece by piece', async () => {
    const text = SELECT_LINES.map((r) => formatLines(explainResponse(r))).join('\n');
    await expect(text).toMatchFileSnapshot(`${GOLDEN}select-inbox.txt`);
    expect(text).toContain('\\*: PERMANENTFLAGS marker');
    expect(text).toContain('NonJunk: keyword');
    expect(text).toContain('1294991877: uidvalidity');
  });

  it('tells each THREAD message by message: chains, branches, and a missing first message (RFC 5256 4)', () => {
    // RFC 5256 section 4's own example: (2)(3 6 (4 23)(44 7 96)).
    const rfc = { kind: 'data', name: 'THREAD', values: [list(num(2)), list(num(3), num(6), list(num(4), num(23)), list(num(44), num(7), num(96)))] } satisfies ImapResponse;
    expect(explainResponse(rfc).slice(1).map((l) => `${l.term}: ${l.text}`)).toEqual([
      '(2): 2 starts it',
      '(3 6 (4 23)(44 7 96)): 3 starts it; 6 comes under 3; 4 comes under 6; 23 comes under 4; 44 comes under 6; 7 comes under 44; 96 comes under 7',
    ]);
    const dummy = { kind: 'data', name: 'THREAD', values: [list(list(num(9)), list(num(8), num(10)))] } satisfies ImapResponse;
    expect(explainResponse(dummy)[1]).toMatchObject({
      term: '((9)(8 10))', depth: 1,
      text: '9 and 8 come under a message that is not here (not in the mailbox, or not found by the search); 10 comes under 8',
    });
  });

  it('explains an ACL response identifier by identifier, right by right (RFC 4314 3.6)', () => {
    const acl = { kind: 'data', name: 'ACL', values: [quoted('INBOX.Sent'), atom('test77@example.com'), atom('lrswipkxtea'), atom('anne'), atom('lr')] } satisfies ImapResponse;
    const text = formatLines(explainResponse(acl));
    expect(text).toContain('ACL: IMAP response (RFC 4314 3.6)');
    expect(text).toMatch(/^  anne: rights lr\n    l: ACL right[^\n]*\n      lookup: the mailbox is visible to LIST\.\n    r: ACL right/m);
    expect(text).toContain('  test77@example.com: rights lrswipkxtea');
    expect(text.match(/: ACL right/g)).toHaveLength(11 + 2);
  });

  it('explains READ-ONLY and an empty PERMANENTFLAGS (EXAMINE)', async () => {
    const lines = [
      { kind: 'status', status: 'OK', code: code('PERMANENTFLAGS', [list()], '()'), text: 'No permanent flags permitted' },
      { kind: 'status', tag: '.', status: 'OK', code: code('READ-ONLY', [], ''), text: 'Ok' },
    ] satisfies ImapResponse[];
    const text = lines.map((r) => formatLines(explainResponse(r))).join('\n');
    await expect(text).toMatchFileSnapshot(`${GOLDEN}examine-read-only.txt`);
  });

  it('explains COPYUID argument by argument', async () => {
    const resp: ImapResponse = { kind: 'status', tag: '.', status: 'OK', code: code('COPYUID', [num(1295001279), num(1), num(1)], '1295001279 1 1'), text: 'COPY completed.' };
    const text = formatLines(explainResponse(resp));
    await expect(text).toMatchFileSnapshot(`${GOLDEN}copyuid.txt`);
    expect(text).toContain('1295001279: uidvalidity');
    expect(text).toContain('1: dest-uids');
  });

  it('explains LIST attributes as mailbox attributes', () => {
    const resp: ImapResponse = { kind: 'data', name: 'LIST', values: [list(atom('\\Unmarked'), atom('\\HasChildren')), quoted('.'), quoted('INBOX')] };
    const lines = explainResponse(resp);
    expect(lines.map((l) => [l.term, l.kind, l.depth])).toEqual([
      ['LIST', 'untagged-response', 0],
      ['\\Unmarked', 'mailbox-attribute', 1],
      ['\\HasChildren', 'mailbox-attribute', 1],
    ]);
  });

  it('explains FETCH items and the flags inside FLAGS', () => {
    const resp: ImapResponse = { kind: 'data', name: 'FETCH', number: 1, values: [list(atom('FLAGS'), list(atom('\\Deleted'), atom('NonJunk')), atom('RFC822.SIZE'), num(2127))] };
    expect(explainResponse(resp).map((l) => `${l.depth} ${l.term} ${l.kind}`)).toEqual([
      '0 FETCH untagged-response',
      '1 FLAGS fetch-item',
      '2 \\Deleted system-flag',
      '2 NonJunk keyword',
      '1 RFC822.SIZE fetch-item',
    ]);
  });

  it('says which status items STATUS returned', () => {
    const resp: ImapResponse = { kind: 'data', name: 'STATUS', values: [quoted('INBOX'), list(atom('MESSAGES'), num(0))] };
    expect(explainResponse(resp).map((l) => l.term)).toEqual(['STATUS', 'MESSAGES']);
  });

  it('marks unknown codes and responses instead of failing', () => {
    const resp: ImapResponse = { kind: 'status', status: 'NO', code: code('XWEIRD', [], ''), text: 'hm' };
    expect(explainResponse(resp)[1]).toMatchObject({ term: '[XWEIRD]', kind: 'response-code' });
    expect(explainResponse({ kind: 'data', name: 'XSTUFF', values: [] })[0]!.text).toMatch(/do not know/);
  });
});

describe('explainTerm', () => {
  it.each([
    ['acdilrsw', 'acdilrsw.txt'],
    ['NonJunk', 'nonjunk.txt'],
    ['frobnicate', 'unknown.txt'],
    ['SELCT', 'near-miss.txt'],
    ['[UIDVALIDITY 1294991877]', 'uidvalidity-bracketed.txt'],
    ['AUTH=PLAIN', 'auth-plain.txt'],
  ])('%s', async (term, file) => {
    await expect(formatExplanation(explainTerm(term))).toMatchFileSnapshot(`${GOLDEN}${file}`);
  });

  it('marks the obsolete RFC 2086 letters in a rights string', () => {
    const result = explainTerm('acdilrsw');
    expect(result.known).toBe(true);
    expect(result.lines[0]!.kind).toBe('acl-rights');
    const obsolete = result.lines.filter((l) => l.notes?.some((n) => n.startsWith('obsolete')));
    expect(obsolete.map((l) => l.term)).toEqual(['c', 'd']);
  });

  it('shows every reading of a name (LIST: IMAP command, IMAP response, POP3 command)', () => {
    expect(explainTerm('list').lines.map((l) => l.kind)).toEqual(['imap-command', 'untagged-response', 'pop3-command']);
  });

  it.each<[string, string]>([
    ['IDLE', 'imap-command'],
    ['THREAD=REFERENCES', 'capability'],
    ['TRYCREATE', 'response-code'],
    ['\\Seen', 'system-flag'],
    ['\\*', 'permanentflags-marker'],
    ['\\HasNoChildren', 'mailbox-attribute'],
    ['\\Sent', 'special-use'],
    ['[IN-USE]', 'pop3-response-code'],
    ['RETR', 'pop3-command'],
    ['SCRAM-SHA-256', 'sasl-mechanism'],
    ['EXPUNGE', 'imap-command'],
    ['VANISHED', 'untagged-response'],
    ['BODY.PEEK[HEADER]', 'fetch-item'],
    ['UNKEYWORD', 'search-key'],
    ['+OK', 'pop3-status'],
    ['X-GM-EXT-1', 'capability'],
    ['+FLAGS.SILENT', 'store-action'],
    ['UIDNEXT', 'status-item'],
    ['ARRIVAL', 'sort-criterion'],
    ['BINARY.SIZE', 'fetch-item'],
    ['body.peek', 'fetch-item'],
    ['BINARY', 'fetch-item'],
    ['SUBJECT', 'sort-criterion'],
  ])('%s is a %s', (term, kind) => {
    expect(explainTerm(term).lines.map((l) => l.kind)).toContain(kind);
  });

  it('gives values of alternative-syntax codes as one argument', () => {
    const lines = explainTerm('[METADATA LONGENTRIES 2000]').lines;
    expect(lines[1]).toMatchObject({ term: 'LONGENTRIES 2000', kind: 'value', depth: 1 });
  });

  it('a rights string that is also a near miss gets both readings', () => {
    const result = explainTerm('selct');
    expect(result.lines[0]!.kind).toBe('acl-rights');
    expect(result.suggestions).toContain('SELECT');
  });

  it('is honest about unknown terms and suggests near misses', () => {
    const result = explainTerm('EXAMIN');
    expect(result.known).toBe(false);
    expect(result.lines[0]!.text).toBe('not in any registry we know');
    expect(result.suggestions[0]).toBe('EXAMINE');
    expect(explainTerm('qqqqqqqq').suggestions).toEqual([]);
  });

  it('wraps an explanation to a width at word boundaries, each line styled on its own', () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const theme: ExplainTheme = { bold: tag('b'), dim: tag('d'), accent: tag('a'), warn: tag('w') };
    const text = formatLines([{ term: 'X', kind: 'capability', text: 'one two three four five six', rfc: 'RFC 1', depth: 1, notes: ['valid in: any state'] }], theme, 17);
    expect(text).toBe('  <b>X</b>: <a>IMAP</a>\n    <a>capability</a>\n    <d>(RFC 1)</d>\n    one two three\n    four five six\n    <d>valid in: any</d>\n    <d>state</d>\n');
  });

  it('wraps a value line (an ENVELOPE field, a part) under its term, the term styled once', () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const theme: ExplainTheme = { bold: tag('b'), dim: tag('d'), accent: tag('a'), warn: tag('w') };
    const text = formatLines([{ term: 'from', kind: 'value', text: 'a b <ab@example.com>: the From: header', depth: 2 }], theme, 24);
    expect(text).toBe('    <b>from</b>: a b\n      <ab@example.com>:\n      the From: header\n');
    for (const line of text.replace(/<\/?[bdaw]>/g, '').split('\n')) expect(line.length).toBeLessThanOrEqual(24);
  });

  it('renders through the theme', () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const theme: ExplainTheme = { bold: tag('b'), dim: tag('d'), accent: tag('a'), warn: tag('w') };
    expect(formatExplanation(explainTerm('NOOP'), theme).split('\n')[0]).toBe('<b>NOOP</b>: <a>IMAP command</a> <d>(RFC 3501 6.1.2; RFC 9051 6.1.2)</d>');
  });
});

describe('explainPop3', () => {
  it('explains the status, the code and each CAPA line', () => {
    const lines = explainPop3({ ok: true, text: 'Capability list follows', lines: ['TOP', 'SASL PLAIN XOAUTH2', 'X-VENDOR'] }, 'CAPA');
    expect(lines.map((l) => `${l.depth} ${l.term} ${l.kind}`)).toEqual([
      '0 +OK pop3-status',
      '1 TOP pop3-capability',
      '1 SASL pop3-capability',
      '2 PLAIN sasl-mechanism',
      '2 XOAUTH2 sasl-mechanism',
      '1 X-VENDOR pop3-capability',
    ]);
    expect(lines[5]!.text).toMatch(/do not know/);
  });

  it('reads a bracketed code from the text', () => {
    const lines = explainPop3({ ok: false, text: '[IN-USE] maildrop locked' });
    expect(lines.map((l) => l.term)).toEqual(['-ERR', '[IN-USE]']);
  });
});

describe('explainResponse of an ENVELOPE (RFC 9051 7.5.2)', () => {
  const nil: ImapValue = { type: 'nil' };
  const addr = (name: ImapValue, mailbox: ImapValue, host: ImapValue) => list(name, nil, mailbox, host);
  // RFC 3501's example shape, with a group in To: `undisclosed: ;` and one address in Cc.
  const envelope = list(
    quoted('Wed, 17 Jul 1996 02:23:25 -0700 (PDT)'), quoted('IMAP4rev1 WG mtg summary and minutes'),
    list(addr(quoted('Terry Gray'), quoted('gray'), quoted('cac.washington.edu'))),
    list(addr(quoted('Terry Gray'), quoted('gray'), quoted('cac.washington.edu'))),
    list(addr(quoted('Terry Gray'), quoted('gray'), quoted('cac.washington.edu'))),
    list(list(nil, nil, quoted('undisclosed'), nil), list(nil, nil, nil, nil)),
    list(addr(nil, quoted('minutes'), quoted('CNRI.Reston.VA.US'))),
    nil, nil, quoted('<B27397-0100000@cac.washington.edu>'),
  );
  const resp: ImapResponse = { kind: 'data', name: 'FETCH', number: 12, values: [list(atom('ENVELOPE'), envelope)] };

  it('names the ten fields in order, writes addresses as readers do, and says which are absent', () => {
    const lines = explainResponse(resp).filter((l) => l.depth === 2);
    expect(lines.map((l) => l.term)).toEqual([
      'date: "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"',
      'subject: "IMAP4rev1 WG mtg summary and minutes"',
      'from: Terry Gray <gray@cac.washington.edu>',
      'sender: Terry Gray <gray@cac.washington.edu>',
      'reply-to: Terry Gray <gray@cac.washington.edu>',
      'to: undisclosed: ;',
      'cc: minutes@CNRI.Reston.VA.US',
      'bcc: NIL',
      'in-reply-to: NIL',
      'message-id: "<B27397-0100000@cac.washington.edu>"',
    ]);
    expect(lines[2]!.text).toMatch(/each address is \(name adl mailbox host\)/);
    expect(lines[3]!.text).not.toMatch(/each address/);
    expect(lines[3]!.text).toMatch(/repeats From when there is none/);
    expect(lines[7]!.text).toMatch(/NIL, not there/);
  });
});

describe('explainResponse of a BODYSTRUCTURE (RFC 9051 7.5.2): part numbers for BODY[n]', () => {
  const nil: ImapValue = { type: 'nil' };
  const text = (subtype: string, size: number, lines: number) =>
    list(quoted('TEXT'), quoted(subtype), list(quoted('CHARSET'), quoted('UTF-8')), nil, nil, quoted('7BIT'), num(size), num(lines));
  const pdf = list(quoted('APPLICATION'), quoted('PDF'), list(quoted('NAME'), quoted('a.pdf')), nil, nil, quoted('BASE64'), num(264));
  const envelope = list(nil, quoted('fwd'), nil, nil, nil, nil, nil, nil, nil, nil);
  const forwarded = list(quoted('MESSAGE'), quoted('RFC822'), nil, nil, nil, quoted('7BIT'), num(900), envelope, text('PLAIN', 40, 1), num(20));
  const body = list(list(text('PLAIN', 120, 4), text('HTML', 300, 9), quoted('ALTERNATIVE')), pdf, forwarded, quoted('MIXED'));
  const explain = (structure: ImapValue) =>
    explainResponse({ kind: 'data', name: 'FETCH', number: 1, values: [list(atom('BODYSTRUCTURE'), structure)] }).filter((l) => l.depth === 2);

  it('numbers nested parts as BODY[] does, and says what each is', () => {
    expect(explain(body).map((l) => `${l.term}: ${l.text}`)).toEqual([
      'the message: multipart/mixed, 3 parts: independent parts in order, such as a text and attachments',
      '1: multipart/alternative, 2 parts: the same content in different forms, the last the richest',
      '1.1: text/plain; charset=UTF-8, 7BIT, 120 bytes as encoded, 4 lines; fetch it with BODY[1.1]',
      '1.2: text/html; charset=UTF-8, 7BIT, 300 bytes as encoded, 9 lines; fetch it with BODY[1.2]',
      '2: application/pdf; name=a.pdf, BASE64, 264 bytes as encoded; fetch it with BODY[2] (BINARY[2] decodes it)',
      '3: message/rfc822, 7BIT, 900 bytes as encoded; fetch it with BODY[3]',
      '3.1: text/plain; charset=UTF-8, 7BIT, 40 bytes as encoded, 1 line; fetch it with BODY[3.1]',
    ]);
  });

  it('a multipart inside a message/rfc822 part is n.TEXT, its parts n.1, n.2 (RFC 9051 6.4.5)', () => {
    const inner = list(text('PLAIN', 10, 1), pdf, quoted('MIXED'));
    const message = list(quoted('MESSAGE'), quoted('RFC822'), nil, nil, nil, quoted('7BIT'), num(900), envelope, inner, num(20));
    expect(explain(list(text('PLAIN', 5, 1), message, quoted('MIXED'))).map((l) => l.term)).toEqual(['the message', '1', '2', '2.TEXT', '2.1', '2.2']);
  });

  it('says when a part is an attachment, from its Content-Disposition (extension data)', () => {
    const attached = list(quoted('APPLICATION'), quoted('PDF'), list(quoted('NAME'), quoted('n.pdf')), nil, nil, quoted('BASE64'), num(264), nil,
      list(quoted('ATTACHMENT'), list(quoted('FILENAME'), quoted('n.pdf'))), nil, nil);
    const inline = list(quoted('TEXT'), quoted('PLAIN'), nil, nil, nil, quoted('7BIT'), num(50), num(3), nil, list(quoted('INLINE'), nil), nil, nil);
    expect(explain(list(inline, attached, quoted('MIXED'))).map((l) => l.text).slice(1)).toEqual([
      'text/plain, 7BIT, 50 bytes as encoded, 3 lines, inline; fetch it with BODY[1]',
      'application/pdf; name=n.pdf, BASE64, 264 bytes as encoded, attachment; filename=n.pdf; fetch it with BODY[2] (BINARY[2] decodes it)',
    ]);
  });

  it('a message that is not multipart has only part 1', () => {
    expect(explain(text('PLAIN', 3028, 92)).map((l) => l.term)).toEqual(['1']);
  });
});
