// Layout rules of the IMAP pretty printer: one line when it fits, wrapping otherwise, literals.
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ImapResponse, ImapValue, ReaderEvent } from '../../src/protocol/imap/types.js';
import {
  renderClientLine,
  renderImapEvent,
  renderImapResponse,
  renderLiteralProgress,
} from '../../src/terminal/render-imap.js';
import { createTheme, plainTheme } from '../../src/terminal/theme.js';
import { fixture, readImap, wire } from './support.js';

const atom = (value: string): ImapValue => ({ type: 'atom', value });
const num = (value: number): ImapValue => ({ type: 'number', value });
const list = (...items: ImapValue[]): ImapValue => ({ type: 'list', items });
const literal = (text: string, complete = true, size = Buffer.byteLength(text)): ImapValue => ({
  type: 'literal', size, binary: false, data: new Uint8Array(Buffer.from(text)), complete,
});
const fetch = (n: number, ...items: ImapValue[]): ImapResponse => ({ kind: 'data', name: 'FETCH', number: n, values: [list(...items)] });

function render(r: ImapResponse, opts = {}): string {
  return renderImapResponse(r, plainTheme, opts);
}

describe('layout', () => {
  it('keeps a short FETCH on one line', () => {
    expect(render(fetch(1, atom('FLAGS'), list(atom('\\Seen')), atom('UID'), num(7)))).toBe('* 1 FETCH (FLAGS (\\Seen) UID 7)');
  });

  it('breaks a FETCH into one item per line when narrower than the line', () => {
    const r = fetch(1, atom('FLAGS'), list(atom('\\Seen')), atom('UID'), num(7));
    expect(render(r, { width: 20 })).toBe('* 1 FETCH (FLAGS (\\Seen)\n  UID 7)');
  });

  it('keeps each STATUS item and METADATA entry with its value when filling lines', () => {
    const status: ImapResponse = { kind: 'data', name: 'STATUS', values: [atom('INBOX'), list(atom('MESSAGES'), num(3), atom('UIDVALIDITY'), num(1294991877), atom('UNSEEN'), num(2))] };
    expect(render(status, { width: 40 })).toBe('* STATUS INBOX (MESSAGES 3\n  UIDVALIDITY 1294991877 UNSEEN 2)');
    const quoted = (value: string): ImapValue => ({ type: 'quoted', value });
    const metadata: ImapResponse = { kind: 'data', name: 'METADATA', values: [quoted(''), list(atom('/shared/comment'), quoted('a long comment on the server'), atom('/shared/admin'), quoted('mailto:p@example.com'))] };
    expect(render(metadata, { width: 50 })).toBe('* METADATA "" (/shared/comment\n    "a long comment on the server"\n  /shared/admin "mailto:p@example.com")');
  });

  it('fills a long flag list like a paragraph with a hanging indent', () => {
    const flags: ImapResponse = { kind: 'data', name: 'FLAGS', values: [list(...['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'].map(atom))] };
    expect(render(flags, { width: 30 })).toBe('* FLAGS (\\Seen \\Answered\n  \\Flagged \\Deleted \\Draft)');
  });

  it('wraps untagged CAPABILITY data at the width', () => {
    const caps: ImapResponse = { kind: 'data', name: 'CAPABILITY', values: ['IMAP4rev1', 'IDLE', 'UIDPLUS', 'MOVE'].map(atom) };
    expect(render(caps, { width: 26 })).toBe('* CAPABILITY IMAP4rev1\n  IDLE UIDPLUS MOVE');
  });

  it('keeps a run of spaces in status text as sent', () => {
    expect(render({ kind: 'status', tag: 'a', status: 'OK', text: 'Inc.  See COPYING' })).toBe('a OK Inc.  See COPYING');
  });

  it('cuts a literal after literalLines lines and says how many are left', () => {
    const r = fetch(3, atom('BODY[]'), literal('l1\r\nl2\r\nl3\r\nl4\r\n'));
    expect(render(r, { literalLines: 2 })).toBe(
      '* 3 FETCH (BODY[] {16}\n    l1\n    l2\n    … 2 more lines (:show to see all)\n)',
    );
  });

  it('shows a section item with its partial origin', () => {
    const r = fetch(1, { type: 'section', name: 'BODY', section: [], sectionText: 'TEXT', partial: { origin: 0 } }, literal(''));
    expect(render(r)).toBe('* 1 FETCH (BODY[TEXT]<0> {0})');
  });

  it('says a streamed literal is incomplete, and gives no text for literal-start/chunk/end', () => {
    const reader = new ImapResponseReader({ maxBufferedLiteral: 100, literalHead: 40 });
    const events: ReaderEvent[] = [...reader.push(wire(fixture('body.imap'))), ...reader.end()];
    const kinds = events.map((ev) => ev.kind);
    expect(kinds).toContain('literal-start');
    expect(kinds).toContain('literal-chunk');
    expect(kinds).toContain('literal-end');
    for (const ev of events.filter((e) => e.kind.startsWith('literal-'))) expect(renderImapEvent(ev, plainTheme)).toBe('');
    const fetched = events.find((ev) => ev.kind === 'response' && ev.response.kind === 'data');
    const shown = renderImapEvent(fetched!, plainTheme);
    // The 40-byte head ends inside the second header line.
    expect(shown).toBe(
      '* 1 FETCH (BODY[] {1817}\n    Return-path:\n    Envelope-to: test77@exampl\n' +
        '    … streamed literal: first 40 of 1817 bytes shown (:show to see all)\n)',
    );
  });

  it('reports literal progress', () => {
    expect(renderLiteralProgress(512, 2048)).toBe('{2048} 512 of 2048 bytes received (25%)');
  });

  it('escapes control characters a server puts in a quoted string', () => {
    const [ev] = readImap('* 1 FETCH (BODY[] "a\x1b[2Jb")\n');
    expect(renderImapEvent(ev, plainTheme)).toBe('* 1 FETCH (BODY[] "a\\x1b[2Jb")');
  });

  it('dims the decoded mailbox name and encoded-word text beside the original', () => {
    const colour = createTheme({ color: true, level: 1 });
    const [list] = readImap('* LIST (\\HasNoChildren) "." "INBOX.Entw&APw-rfe"\n');
    expect(renderImapEvent(list, colour)).toContain(colour.mailbox('"INBOX.Entw&APw-rfe"') + colour.dim(' (INBOX.Entwürfe)'));
    const [env] = readImap(fixture('encoded-words.imap'));
    expect(renderImapEvent(env, colour)).toContain(colour.quoted('"=?US-ASCII?Q?Keith_Moore?="') + colour.dim(' (Keith Moore)'));
  });

  it('echoes client lines with C: and a note when a secret was hidden', () => {
    expect(renderClientLine('a1 NOOP', plainTheme)).toBe('C: a1 NOOP');
    expect(renderClientLine('a2 LOGIN bob ***', plainTheme, { redacted: true })).toBe('C: a2 LOGIN bob ***  (secret hidden)');
  });
});

describe('THREAD (RFC 5256 section 4): thread-lists are written back to back', () => {
  const thread = (text: string): ImapResponse => {
    const [ev] = readImap(`${text}\n`);
    if (ev.kind !== 'response') throw new Error(`not a response: ${text}`);
    return ev.response;
  };

  it('shows no space between threads or nested threads, as the grammar has it', () => {
    expect(render(thread('* THREAD (2)(3 6 (4 23)(44 7 96))'))).toBe('* THREAD (2)(3 6 (4 23)(44 7 96))');
    expect(render(thread('* THREAD ((3)(5))'))).toBe('* THREAD ((3)(5))');
  });

  it('breaks a long THREAD between threads without adding spaces, and every line reads back the same', () => {
    const text = `* THREAD ${Array.from({ length: 30 }, (_, i) => `(${i + 1} ${i + 100})`).join('')}`;
    const broken = render(thread(text), { width: 40 });
    expect(broken.split('\n').length).toBeGreaterThan(3);
    expect(broken.split('\n').every((l) => l.length <= 40)).toBe(true);
    expect(broken).not.toMatch(/\) \(/);
    expect(broken.replace(/\n */g, '')).toBe(text);
  });

  it('other lists keep their spaces: (a) (b) in a LIST or a FETCH stays spaced', () => {
    expect(render(fetch(1, atom('X'), list(list(atom('a')), list(atom('b')))))).toBe('* 1 FETCH (X ((a) (b)))');
  });
});

describe('mailbox names once they are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled, RFC 9051 5.1)', () => {
  const listLine = (name: string): ImapResponse => {
    const [ev] = readImap(`* LIST () "." ${name}\n`);
    if (ev.kind !== 'response') throw new Error('not a response');
    return ev.response;
  };

  it('modified UTF-7 is decoded beside the name in an IMAP4rev1 session', () => {
    expect(render(listLine('"Lab&AOk-"'))).toBe('* LIST () "." "Lab&AOk-" (Labé)');
    expect(render(listLine('Lab&AOk-'))).toBe('* LIST () "." Lab&AOk- (Labé)');
  });

  it('but not once names are UTF-8: "&AOk-" is then five characters of the name', () => {
    expect(render(listLine('"Lab&AOk-"'), { utf8MailboxNames: true })).toBe('* LIST () "." "Lab&AOk-"');
    expect(render(listLine('Lab&AOk-'), { utf8MailboxNames: true })).toBe('* LIST () "." Lab&AOk-');
    expect(render(listLine('"Labé"'), { utf8MailboxNames: true })).toBe('* LIST () "." "Labé"');
    // The same printer, back in a rev1 session: the cached leaves do not carry over.
    expect(render(listLine('Lab&AOk-'))).toBe('* LIST () "." Lab&AOk- (Labé)');
  });
});
