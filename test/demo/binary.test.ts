// BINARY (RFC 3516, RFC 9051 6.4.5 and 7.5.2) on the demo server: FETCH BINARY[...],
// BINARY.PEEK[...], BINARY.SIZE[...] and APPEND with literal8, over a raw socket, byte-exact;
// then imapflow and Python's imaplib; then how mailscope's REPL prints and explains it.
// The seed has a base64 PDF (INBOX.Entw&APw-rfe 1, part 2) and a quoted-printable body
// (INBOX 3); a part with NULs is APPENDed here (INBOX 4), since the seed has none.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, USER, tagged, texts, type SeenResponse, rawSession, imapflowFor } from './helpers.js';
import { binaryContent, crlfLineEnds, parseSectionBinary } from '../../src/mime/binary-section.js';
import { parseMessage } from '../../src/mime/message.js';
import type { ImapLiteral } from '../../src/protocol/imap/types.js';
import { explainTerm } from '../../src/registry/explain.js';
import { runCli, stripAnsi } from '../support/cli-harness.js';

const crlf = (lines: string[]) => lines.join('\r\n');

/** Decoded part 2 of MIXED: NULs, 0xFF and text. */
const OCTETS = Buffer.from([0, 1, 2, 3, 0, 0xff, ...Buffer.from('Hello'), 0, 0]);
const INNER = crlf(['Subject: inner', '', 'inner body', '']);

/** INBOX 4 in most tests: one part of each kind BINARY meets. */
const MIXED = Buffer.from(crlf([
  'From: binary@example.com',
  'To: test77@example.com',
  'Subject: BINARY parts',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe=',
  ' und mehr',
  '--b1',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  OCTETS.toString('base64'),
  '--b1',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '`',
  'end',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  INNER,
  '--b1',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: BASE64',
  '',
  Buffer.from('one\ntwo\n').toString('base64'),
  '--b1--',
  '',
]), 'latin1');

/** A one-part message with raw NULs (CTE binary): only literal8 can carry it. */
const RAW_BINARY = Buffer.concat([
  Buffer.from(crlf(['Subject: raw', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: binary', '', ''])),
  Buffer.from([0x41, 0, 0x42, 0, 0x0d, 0x0a]),
]);

const session = rawSession();
const run = session.run;
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** APPENDs with a literal8 `~{N}`: waits for the "+" as a synchronizing literal asks. */
async function appendLiteral8(tag: string, mailbox: string, message: Buffer): Promise<SeenResponse[]> {
  session.c.write(`${tag} APPEND ${mailbox} () ~{${message.length}}\r\n`);
  const plus = await session.c.until((r) => r.response.kind === 'continuation' || (r.response.kind === 'status' && r.response.tag === tag));
  if (plus.at(-1)!.response.kind !== 'continuation') return plus;
  session.c.write(Buffer.concat([message, Buffer.from('\r\n')]));
  return session.c.untilTagged(tag);
}

/** The literal value of the first FETCH item of a response. */
function literalOf(r: SeenResponse): ImapLiteral {
  if (r.response.kind !== 'data') throw new Error(`not data: ${r.text}`);
  const list = r.response.values[0];
  if (list.type !== 'list') throw new Error(`no list: ${r.text}`);
  const v = list.items[1];
  if (v.type !== 'literal') throw new Error(`not a literal: ${r.text}`);
  return v;
}

async function appendMixed(): Promise<void> {
  expect(tagged(await appendLiteral8('a', 'INBOX', MIXED))).toMatchObject({ status: 'OK', code: 'APPENDUID' });
  await run('s SELECT INBOX');
}

describe('the BINARY capability (RFC 3516 4.1)', () => {
  it('is announced after the other extensions', async () => {
    expect((await run('c CAPABILITY'))[0]).toMatch(/^\* CAPABILITY IMAP4rev1 .* BINARY( |$)/);
  });
});

describe('FETCH BINARY of the seeded messages', () => {
  it('a base64 PDF attachment comes decoded; BINARY.SIZE is its decoded size; BODY.PEEK stays encoded', async () => {
    await run('s SELECT INBOX.Entw&APw-rfe');
    const body = await session.c.command('f1 FETCH 1 (BODY.PEEK[2])');
    const encoded = literalOf(body[0]).data;
    const pdf = Buffer.from(latin1(encoded), 'base64');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.1');
    const r = await session.c.command('f2 FETCH 1 (BINARY.PEEK[2])');
    expect(texts(r)).toEqual([`* 1 FETCH (BINARY[2] {${pdf.length}}\r\n${latin1(pdf)})`, 'f2 OK FETCH completed.']);
    expect(literalOf(r[0]).binary).toBe(false);
    expect(await run('f3 FETCH 1 (BINARY.SIZE[2])')).toEqual([`* 1 FETCH (BINARY.SIZE[2] ${pdf.length})`, 'f3 OK FETCH completed.']);
  });

  it('a quoted-printable UTF-8 body comes decoded; on a one-part message the body is part 1', async () => {
    await run('s SELECT INBOX');
    const r = await session.c.command('f FETCH 3 (BINARY.PEEK[1])');
    const text = Buffer.from(literalOf(r[0]).data).toString('utf8');
    expect(text).toContain('viele Grüße aus Köln!\r\n');
    expect(text).toContain('\r\n-- \r\nJürgen\r\n');
    expect(text).not.toContain('=C3');
  });
});

describe('FETCH BINARY of an APPENDed message with NULs (RFC 3516 4.2, 4.3)', () => {
  beforeEach(appendMixed);

  it('decoded data with NUL goes as literal8 ~{N}, byte for byte; BINARY.SIZE agrees', async () => {
    const r = await session.c.command('f FETCH 4 (BINARY.PEEK[2] BINARY.SIZE[2])');
    expect(texts(r)).toEqual([
      `* 4 FETCH (BINARY[2] ~{${OCTETS.length}}\r\n${latin1(OCTETS)} BINARY.SIZE[2] ${OCTETS.length})`,
      'f OK FETCH completed.',
    ]);
    expect(literalOf(r[0])).toMatchObject({ binary: true, size: OCTETS.length });
    expect(Buffer.from(literalOf(r[0]).data).equals(OCTETS)).toBe(true);
  });

  it('quoted-printable without NUL goes as a plain literal; soft line breaks are gone', async () => {
    const r = await session.c.command('f FETCH 4 (BINARY.PEEK[1])');
    expect(literalOf(r[0]).binary).toBe(false);
    expect(Buffer.from(literalOf(r[0]).data).toString('utf8')).toBe('Grüße und mehr');
  });

  it('a text part has CRLF line ends even when the encoded text had bare LF (RFC 9051 7.5.2)', async () => {
    expect(await run('f FETCH 4 (BINARY.PEEK[5] BINARY.SIZE[5])')).toEqual([
      '* 4 FETCH (BINARY[5] {10}\r\none\r\ntwo\r\n BINARY.SIZE[5] 10)',
      'f OK FETCH completed.',
    ]);
  });

  it('<origin.count> counts decoded bytes; the answer names the origin, as BODY[] does', async () => {
    const r = await session.c.command('f FETCH 4 (BINARY.PEEK[2]<4.3>)');
    expect(texts(r)).toEqual([`* 4 FETCH (BINARY[2]<4> ~{3}\r\n\u0000\u00ffH)`, 'f OK FETCH completed.']);
    // Past the end: empty, and without a NUL a plain literal.
    expect(await run('f2 FETCH 4 (BINARY.PEEK[2]<100.5>)')).toEqual(['* 4 FETCH (BINARY[2]<100> {0}\r\n)', 'f2 OK FETCH completed.']);
  });

  it('BINARY[] is the whole message as stored, in a plain literal when it holds no NUL', async () => {
    const r = await session.c.command('f FETCH 4 (BINARY.PEEK[])');
    expect(texts(r)[0]).toBe(`* 4 FETCH (BINARY[] {${MIXED.length}}\r\n${latin1(MIXED)})`);
  });

  it('a part that does not exist is NIL, and its BINARY.SIZE 0', async () => {
    expect(await run('f FETCH 4 (BINARY.PEEK[9] BINARY.SIZE[2.1])')).toEqual([
      '* 4 FETCH (BINARY[9] NIL BINARY.SIZE[2.1] 0)',
      'f OK FETCH completed.',
    ]);
  });

  it('an unknown Content-Transfer-Encoding fails the FETCH with NO [UNKNOWN-CTE], sending nothing', async () => {
    for (const item of ['BINARY[3]', 'BINARY.PEEK[3]', 'BINARY.SIZE[3]']) {
      const r = await session.c.command(`f FETCH 1:4 (FLAGS ${item})`);
      expect(r).toHaveLength(1);
      expect(tagged(r)).toEqual({ status: 'NO', code: 'UNKNOWN-CTE', text: expect.stringContaining('x-uuencode') });
    }
    // The failed BINARY[3] did not set \Seen.
    expect(await run('g FETCH 4 (FLAGS)')).toEqual(['* 4 FETCH (FLAGS (\\Recent))', 'g OK FETCH completed.']);
  });

  it('BINARY of a multipart or message/rfc822 part is BAD (RFC 9051 6.4.5: leaf parts only)', async () => {
    const r = await session.c.command('f FETCH 4 (BINARY.PEEK[4])');
    expect(tagged(r)).toMatchObject({ status: 'BAD', text: expect.stringContaining('message/rfc822') });
    expect(r).toHaveLength(1);
    // The message/rfc822 part's own body is a leaf: part 4.1.
    expect(await run('f2 FETCH 4 (BINARY.PEEK[4.1])')).toEqual(['* 4 FETCH (BINARY[4.1] {12}\r\ninner body\r\n)', 'f2 OK FETCH completed.']);
    await run('s2 SELECT INBOX.Entw&APw-rfe');
    // A multipart message's part 1 is a leaf; BINARY.SIZE of a multipart is BAD too.
    expect(tagged(await session.c.command('f3 FETCH 1 (BINARY.SIZE[1])')).status).toBe('OK');
    await appendLiteral8('a2', 'INBOX.Entw&APw-rfe', Buffer.from(crlf(['Content-Type: multipart/mixed; boundary=x', '', '--x', 'Content-Type: multipart/alternative; boundary=y', '', '--y', '', 'a', '--y--', '--x--', ''])));
    await run('n NOOP');
    expect(tagged(await session.c.command('f4 FETCH 2 (BINARY.SIZE[1])'))).toMatchObject({ status: 'BAD', text: expect.stringContaining('multipart/alternative') });
  });

  it('HEADER, TEXT, MIME and HEADER.FIELDS are BAD after BINARY: section-binary is part numbers only', async () => {
    for (const section of ['HEADER', 'TEXT', '1.MIME', '4.HEADER', 'HEADER.FIELDS (SUBJECT)', '0', '1.']) {
      const r = await session.c.command(`f FETCH 4 (BINARY.PEEK[${section}])`);
      expect(r, section).toHaveLength(1);
      expect(tagged(r).status, section).toBe('BAD');
    }
    expect(tagged(await session.c.command('f2 FETCH 4 (BINARY.SIZE[2]<0.5>)'))).toMatchObject({ status: 'BAD', text: expect.stringContaining('partial') });
    expect(tagged(await session.c.command('f3 FETCH 4 (BINARY.PEEK[2]<0.0>)')).status).toBe('BAD');
  });

  it('BINARY sets \\Seen like BODY[] and reports the new FLAGS; BINARY.PEEK and BINARY.SIZE do not', async () => {
    expect(await run('p FETCH 4 (BINARY.PEEK[5] BINARY.SIZE[2])')).toEqual([
      '* 4 FETCH (BINARY[5] {10}\r\none\r\ntwo\r\n BINARY.SIZE[2] 13)',
      'p OK FETCH completed.',
    ]);
    expect(await run('f FETCH 4 (BINARY[5])')).toEqual(['* 4 FETCH (BINARY[5] {10}\r\none\r\ntwo\r\n FLAGS (\\Seen \\Recent))', 'f OK FETCH completed.']);
    // Read-only (EXAMINE): nothing is set.
    await run('st STORE 4 -FLAGS.SILENT (\\Seen)');
    await run('e EXAMINE INBOX');
    expect(await run('f2 FETCH 4 (BINARY[5])')).toEqual(['* 4 FETCH (BINARY[5] {10}\r\none\r\ntwo\r\n)', 'f2 OK FETCH completed.']);
  });

  it('UID FETCH BINARY works the same, with the UID', async () => {
    expect(await run('u UID FETCH 4 (BINARY.SIZE[1])')).toEqual(['* 4 FETCH (UID 4 BINARY.SIZE[1] 16)', 'u OK UID FETCH completed.']);
  });
});

describe('APPEND with literal8 (RFC 3516 4.4)', () => {
  it('a message with raw NULs is stored as given; BINARY returns it in literal8, BODY[] with NUL as 0x80', async () => {
    expect(tagged(await appendLiteral8('a', 'INBOX', RAW_BINARY))).toMatchObject({ status: 'OK', code: 'APPENDUID' });
    await run('s SELECT INBOX');
    const whole = await session.c.command('f FETCH 4 (BINARY.PEEK[] RFC822.SIZE)');
    expect(texts(whole)[0]).toBe(`* 4 FETCH (BINARY[] ~{${RAW_BINARY.length}}\r\n${latin1(RAW_BINARY)} RFC822.SIZE ${RAW_BINARY.length})`);
    expect(await run('f2 FETCH 4 (BINARY.PEEK[1])')).toEqual(['* 4 FETCH (BINARY[1] ~{6}\r\nA\u0000B\u0000\r\n)', 'f2 OK FETCH completed.']);
    // RFC 3501 9: a {N} literal cannot hold NUL (CHAR8); Dovecot sends 0x80 instead, so do we.
    expect(await run('f3 FETCH 4 (BODY.PEEK[TEXT])')).toEqual(['* 4 FETCH (BODY[TEXT] {6}\r\nA\u0080B\u0080\r\n)', 'f3 OK FETCH completed.']);
    expect(texts(await session.c.command('f4 FETCH 4 (RFC822)'))[0]).not.toContain('\u0000');
  });

  it('a non-synchronizing literal8 ~{N+} works as LITERAL+ allows', async () => {
    session.c.write(Buffer.concat([Buffer.from(`a APPEND INBOX.Junk (\\Flagged) ~{${RAW_BINARY.length}+}\r\n`), RAW_BINARY, Buffer.from('\r\n')]));
    expect(tagged(await session.c.untilTagged('a')).status).toBe('OK');
    await run('s SELECT INBOX.Junk');
    expect(await run('f FETCH 1 (FLAGS BINARY.SIZE[1])')).toEqual(['* 1 FETCH (FLAGS (\\Flagged \\Recent) BINARY.SIZE[1] 6)', 'f OK FETCH completed.']);
  });

  it('a NUL in a plain {N} literal is BAD (RFC 3501 9: CHAR8 excludes NUL), and nothing is stored', async () => {
    session.c.write(Buffer.concat([Buffer.from(`a APPEND INBOX {${RAW_BINARY.length}+}\r\n`), RAW_BINARY, Buffer.from('\r\n')]));
    expect(tagged(await session.c.untilTagged('a'))).toEqual({ status: 'BAD', text: expect.stringContaining('literal8 ~{N}') });
    expect(await run('st STATUS INBOX (MESSAGES)')).toEqual(['* STATUS "INBOX" (MESSAGES 3)', 'st OK STATUS completed']);
  });
});

describe('imapflow uses BINARY once it is announced', () => {
  const clients: ImapFlow[] = [];
  afterEach(async () => {
    for (const f of clients.splice(0)) await f.logout().catch(() => f.close());
  });
  const flow = async (): Promise<ImapFlow> => {
    const f = imapflowFor(session.demo);
    clients.push(f);
    await f.connect();
    return f;
  };

  it('appends a message with NULs as literal8, then fetches and downloads the part decoded', async () => {
    const f = await flow();
    expect(f.capabilities.has('BINARY')).toBe(true);
    const appended = await f.append('INBOX', MIXED);
    expect(appended).toMatchObject({ destination: 'INBOX', uid: 4 });
    const nul = await f.append('INBOX', RAW_BINARY);
    expect(nul).toMatchObject({ uid: 5 });
    const lock = await f.getMailboxLock('INBOX');
    try {
      const msg = await f.fetchOne('4', { bodyParts: ['2'] }, { binary: true });
      if (!msg) throw new Error('no message 4');
      // binaryParts: imapflow saw a BINARY[2] answer, so it will not decode again.
      expect(msg.binaryParts?.has('2')).toBe(true);
      expect(Buffer.from(msg.bodyParts!.get('2')!).equals(OCTETS)).toBe(true);
      const { content } = await f.download('4', '2', { binary: true });
      if (!content) throw new Error('download found no part 2');
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(OCTETS)).toBe(true);
      const raw = await f.fetchOne('5', { bodyParts: ['1'] }, { binary: true });
      expect(Buffer.from(raw ? raw.bodyParts!.get('1')! : []).equals(Buffer.from([0x41, 0, 0x42, 0, 0x0d, 0x0a]))).toBe(true);
    } finally {
      lock.release();
    }
  });
});

describe('Python imaplib', () => {
  it('reads ~{N} as a literal; its append of a NUL message is refused', async () => {
    await appendMixed();
    const script = fileURLToPath(new URL('../fixtures/demo/binary_imaplib.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const r = JSON.parse(stdout) as Record<string, unknown[]>;
    expect(r.capabilities).toContain('BINARY');
    expect(r.fetch).toEqual(['OK', [[`4 (BINARY[2] ~{${OCTETS.length}}`, OCTETS.toString('base64')], ` BINARY.SIZE[2] ${OCTETS.length})`]]);
    expect(r.fetch_text).toEqual(['OK', [['4 (BINARY[1] {16}', Buffer.from('Grüße und mehr').toString('base64')], ')']]);
    expect(r.append_nul).toEqual(['error', expect.stringMatching(/^APPEND command error: BAD .*literal8/)]);
    expect(r.unknown_cte).toEqual(['NO', [expect.stringMatching(/^\[UNKNOWN-CTE\] /)]]);
    expect(r.logout).toBe('BYE');
  });
});

describe('mailscope\'s REPL on a BINARY answer', () => {
  it('shows literal8 as ~{N} and its binary bytes as a hex dump, and :explain knows BINARY and UNKNOWN-CTE', async () => {
    await appendMixed();
    const cli = runCli([`127.0.0.1:${session.demo.server.imapPort}`, '--imap', '--no-history', '--no-color',
      '-c', '. login test77@example.com qwe123#$', '-c', 'select INBOX', '-c', 'fetch 4 binary.peek[2]', '-c', ':explain',
      '-c', 'fetch 4 binary.peek[3]', '-c', ':explain', '-c', ':explain BINARY BINARY.SIZE[]']);
    await cli.code;
    const raw = cli.stdout();
    // No NUL and no other C0 control but tab, CR and LF reach the terminal.
    expect(raw).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]/);
    const out = stripAnsi(raw);
    expect(out).toContain(`BINARY[2] ~{${OCTETS.length}}`);
    // Binary (it has NULs): the first bytes as a hex dump, not lines of escapes.
    expect(out).toContain('00000000  00 01 02 03 00 ff 48 65  6c 6c 6f 00 00           |......Hello..|');
    expect(out).toMatch(/BINARY\[2\]: .*RFC 3516 4\.2/);
    expect(out).toMatch(/a003 NO \[UNKNOWN-CTE\] BINARY\.PEEK\[3\]: cannot decode Content-Transfer-Encoding x-uuencode/);
    expect(out).toMatch(/UNKNOWN-CTE: IMAP response code \(RFC 3516 4\.3; RFC 9051 7\.1\)\n.*cannot decode the part's Content-Transfer-Encoding/);
    expect(out).toMatch(/BINARY: IMAP capability \(RFC 3516\)/);
    expect(out).toMatch(/BINARY\.SIZE\[\]: FETCH item .*\n.*decoded size/);
  });

  it('the registry explains the BINARY terms (RFC 3516, RFC 9051)', () => {
    // Bare BINARY is the capability and, as one may ask about it, the FETCH item BINARY[].
    expect(explainTerm('BINARY').lines.map((l) => l.kind)).toEqual(['capability', 'fetch-item']);
    expect(explainTerm('BINARY.SIZE').lines.map((l) => l.kind)).toEqual(['fetch-item']);
    expect(explainTerm('BINARY[]').lines.map((l) => l.kind)).toEqual(['fetch-item']);
    expect(explainTerm('BINARY.PEEK[1]').lines[0]).toMatchObject({ kind: 'fetch-item', rfc: expect.stringContaining('RFC 3516') });
    expect(explainTerm('UNKNOWN-CTE').lines[0]).toMatchObject({ kind: 'response-code', text: expect.stringContaining('Content-Transfer-Encoding') });
  });
});

describe('the pure pieces (src/mime/binary-section.ts)', () => {
  const tree = parseMessage(MIXED);

  it('section-binary is part numbers or nothing', () => {
    expect(parseSectionBinary('')).toEqual([]);
    expect(parseSectionBinary('1.2.10')).toEqual([1, 2, 10]);
    for (const bad of ['HEADER', '1.TEXT', '1.MIME', '0', '01', '1..2', '1.']) expect(parseSectionBinary(bad), bad).toBeUndefined();
  });

  it('each part kind', () => {
    expect(binaryContent(tree, [2])).toEqual({ kind: 'decoded', bytes: new Uint8Array(OCTETS) });
    expect(binaryContent(tree, [3])).toEqual({ kind: 'unknown-cte', encoding: 'x-uuencode' });
    expect(binaryContent(tree, [4])).toEqual({ kind: 'not-leaf', mediaType: 'message/rfc822' });
    expect(binaryContent(tree, [6])).toEqual({ kind: 'missing' });
    expect(binaryContent(tree, [])).toEqual({ kind: 'decoded', bytes: tree.bytes });
  });

  it('crlfLineEnds adds CR only before bare LF', () => {
    expect(latin1(crlfLineEnds(Buffer.from('a\nb\r\nc\n\n')))).toBe('a\r\nb\r\nc\r\n\r\n');
    const same = Buffer.from('a\r\n');
    expect(crlfLineEnds(same)).toBe(same);
  });
});
