// `:save --decode` end to end against the demo server (`demo --load`): a multipart message
// with a small and a large (streamed, past the reader's 1 MiB) base64 attachment, a small and
// a large quoted-printable text and a 7bit part. The saved file must be the original bytes,
// with the encoding taken from the same FETCH, from a BODYSTRUCTURE seen before, or from
// --decode=ENCODING; BINARY answers come decoded already; what cannot be decoded is refused
// in one line and writes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, stripAnsi } from '../support/cli-harness.js';
import { demoForFile } from '../support/demo-server.js';
import { tempDirs } from '../support/temp.js';

/** Every byte value, then pseudo-random bytes: what an attachment holds. */
function octets(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i < 256 ? i : x >>> 24;
  }
  return out;
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** RFC 2045 6.7: printable ASCII but "=" as is, all else =XX, lines cut at 76 with soft breaks. */
function quotedPrintable(text: Buffer): string {
  return text
    .toString('latin1')
    .split('\r\n')
    .map((line) => {
      const encoded = [...Buffer.from(line, 'latin1')].map((b) => (b > 32 && b < 127 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`));
      const out: string[] = [];
      let current = '';
      for (const piece of encoded) {
        if (current.length + piece.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += piece;
      }
      return [...out, current].join('\r\n');
    })
    .join('\r\n');
}

const SMALL = octets(300, 7);
const BIG = octets(1536 * 1024, 11);
const TEXT = Buffer.from('Grüße aus München = 100 % "quoted-printable"; eine lange Zeile, die umbrochen werden muss, weil sie länger als 76 Zeichen ist.\r\n');
const BIG_TEXT = Buffer.from(Array.from({ length: 9000 }, (_, i) => `Zeile ${i}: Grüße, Ärger, Öl, Übermut — ${'ü'.repeat(20)}\r\n`).join(''));
const SEVEN_BIT = 'plain seven bit text\r\n';

const ATTACHMENTS = [
  'Subject: attachments',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="=-b-="',
  '',
  '--=-b-=',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  quotedPrintable(TEXT),
  '--=-b-=',
  'Content-Type: application/octet-stream; name="small.bin"',
  'Content-Disposition: attachment; filename="small.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(SMALL),
  '--=-b-=',
  'Content-Type: application/octet-stream; name="big.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(BIG),
  '--=-b-=',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  quotedPrintable(BIG_TEXT),
  '--=-b-=',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  SEVEN_BIT,
  '--=-b-=--',
  '',
].join('\r\n');

// Message 1 is a plain one, so that the message with attachments is 2 until the last test
// expunges 1.
const loadDir = mkdtempSync(join(tmpdir(), 'mailscope-decode-load-'));
writeFileSync(join(loadDir, 'a-plain.eml'), 'Subject: plain\r\n\r\nhello\r\n');
writeFileSync(join(loadDir, 'b-attachments.eml'), ATTACHMENTS);
afterAll(() => rmSync(loadDir, { recursive: true, force: true }));
const server = demoForFile({ loadFrom: loadDir });
const tempDir = tempDirs();

const LOGIN = ['-c', 'login test77@example.com qwe123#$', '-c', 'select INBOX'];

function imap(...commands: string[]) {
  return runCli([`127.0.0.1:${server.imapPort}`, '--imap', ...LOGIN, ...commands.flatMap((c) => ['-c', c])]);
}

function same(file: string, expected: Buffer): boolean {
  return existsSync(file) && readFileSync(file).equals(expected);
}

describe(':save --decode, where the encoding comes from', () => {
  it('a small base64 part: unknown at first (refused), then --decode=base64, the same FETCH, BODY[n.MIME], a BODYSTRUCTURE seen before', async () => {
    const dir = tempDir('mailscope-decode-');
    const f = (name: string) => join(dir, name);
    const run = imap(
      'fetch 2 body.peek[2]', `:save --decode ${f('refused.bin')}`, `:save --decode=BASE64 ${f('named.bin')}`,
      'fetch 2 (bodystructure body.peek[2])', `:save -d ${f('same-fetch.bin')}`,
      'fetch 2 (body.peek[1.mime] body.peek[1])', `:save -d ${f('mime-header.txt')}`,
      'fetch 2 body.peek[1]', `:save --decode ${f('remembered.txt')}`,
    );
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    expect(stripAnsi(run.stderr()).trim().split('\n')).toEqual([
      'the Content-Transfer-Encoding of BODY[2] is not known: fetch 2 bodystructure first, give --decode=ENCODING (base64 or quoted-printable), or use BINARY.PEEK[2] if the server offers BINARY',
    ]);
    expect(existsSync(f('refused.bin'))).toBe(false);
    expect(same(f('named.bin'), SMALL)).toBe(true);
    expect(same(f('same-fetch.bin'), SMALL)).toBe(true);
    expect(same(f('mime-header.txt'), TEXT)).toBe(true);
    expect(same(f('remembered.txt'), TEXT)).toBe(true);
    const encodedSize = base64Lines(SMALL).length;
    expect(stripAnsi(run.stdout())).toContain(`saved ${SMALL.length} bytes to ${f('same-fetch.bin')}, decoded from base64 (${encodedSize} bytes as received)`);
  });

  it('streamed parts (past 1 MiB): base64 and quoted-printable, the BODYSTRUCTURE before, after or in an earlier FETCH', async () => {
    const dir = tempDir('mailscope-decode-');
    const f = (name: string) => join(dir, name);
    const run = imap(
      `:save next -d ${f('before.bin')}`, 'fetch 2 (bodystructure body.peek[3])',
      'select INBOX', // forgets the BODYSTRUCTURE: the next one comes after the part
      `:save next -d ${f('after.bin')}`, 'fetch 2 (body.peek[3] bodystructure)',
      `:save next --decode ${f('big-text.txt')}`, 'fetch 2 body.peek[4]',
    );
    expect(await run.code).toBe(0);
    expect(stripAnsi(run.stderr())).toBe('');
    expect(BIG.length).toBeGreaterThan(1024 * 1024);
    expect(same(f('before.bin'), BIG)).toBe(true);
    expect(same(f('after.bin'), BIG)).toBe(true);
    expect(existsSync(f('after.bin.part'))).toBe(false);
    expect(quotedPrintable(BIG_TEXT).length).toBeGreaterThan(1024 * 1024);
    expect(same(f('big-text.txt'), BIG_TEXT)).toBe(true);
    const out = stripAnsi(run.stdout());
    expect(out).toContain(`the next literal or multi-line body goes to ${f('before.bin')}, its Content-Transfer-Encoding undone`);
    expect(out).toContain(`saved ${BIG.length} bytes to ${f('before.bin')}, decoded from base64 (${base64Lines(BIG).length} bytes as received)`);
    expect(out).toContain(`saved ${BIG_TEXT.length} bytes to ${f('big-text.txt')}, decoded from quoted-printable`);
  });

  it('a new SELECT forgets the BODYSTRUCTUREs seen: a streamed part is then refused at its end and leaves no file', async () => {
    const dir = tempDir('mailscope-decode-');
    const run = imap('fetch 2 bodystructure', 'select INBOX', `:save next -d ${join(dir, 'x.bin')}`, 'fetch 2 body.peek[3]',
      'fetch 2 body.peek[2]', `:save -d ${join(dir, 'y.bin')}`);
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    const errors = stripAnsi(run.stderr()).trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(`the Content-Transfer-Encoding of BODY[3] is not known: fetch 2 bodystructure first, give --decode=ENCODING (base64 or quoted-printable), or use BINARY.PEEK[3] if the server offers BINARY; ${join(dir, 'x.bin')} not written`);
    expect(errors[1]).toContain('the Content-Transfer-Encoding of BODY[2] is not known');
    expect(existsSync(join(dir, 'x.bin'))).toBe(false);
    expect(existsSync(join(dir, 'x.bin.part'))).toBe(false);
    expect(existsSync(join(dir, 'y.bin'))).toBe(false);
  });

  it('after CLOSE or UNSELECT no mailbox is selected: the BODYSTRUCTURE seen in it no longer counts', async () => {
    const dir = tempDir('mailscope-decode-');
    const run = imap('fetch 2 bodystructure', 'fetch 2 body.peek[2]', 'close', `:save -d ${join(dir, 'closed.bin')}`,
      'select INBOX', 'fetch 2 bodystructure', 'fetch 2 body.peek[2]', `:save -d ${join(dir, 'selected.bin')}`, 'unselect', `:save -d ${join(dir, 'unselected.bin')}`);
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    const errors = stripAnsi(run.stderr()).trim().split('\n');
    expect(errors).toHaveLength(2);
    for (const line of errors) expect(line).toMatch(/^the Content-Transfer-Encoding of BODY\[2\] is not known/);
    expect(existsSync(join(dir, 'closed.bin'))).toBe(false);
    expect(same(join(dir, 'selected.bin'), SMALL)).toBe(true);
    expect(existsSync(join(dir, 'unselected.bin'))).toBe(false);
  });

  it('a 7bit part has nothing to decode: saved as received, with a note', async () => {
    const file = join(tempDir('mailscope-decode-'), 'seven.txt');
    const run = imap('fetch 2 (bodystructure body.peek[5])', `:save -d ${file}`);
    expect(await run.code).toBe(0);
    expect(stripAnsi(run.stdout())).toContain('BODY[5] is 7bit: nothing to decode, saved as received');
    expect(readFileSync(file, 'latin1')).toBe(SEVEN_BIT);
  });
});

describe('BINARY (RFC 3516): the server decodes', () => {
  it(':save next FILE takes literal8 answers, small and streamed; --decode on them adds nothing and says so', async () => {
    const dir = tempDir('mailscope-decode-');
    const f = (name: string) => join(dir, name);
    const run = imap(
      `:save next ${f('small.bin')}`, 'fetch 2 binary.peek[2]',
      `:save -d ${f('small-d.bin')}`,
      `:save next ${f('big.bin')}`, 'fetch 2 binary.peek[3]',
      `:save next --decode ${f('big-d.bin')}`, 'fetch 2 binary.peek[3]',
    );
    expect(await run.code).toBe(0);
    expect(stripAnsi(run.stderr())).toBe('');
    expect(stripAnsi(run.stdout())).toMatch(/BINARY\[2\] ~\{300\}/);
    for (const [name, data] of [['small.bin', SMALL], ['small-d.bin', SMALL], ['big.bin', BIG], ['big-d.bin', BIG]] as const) {
      expect(same(f(name), data), name).toBe(true);
    }
    expect(stripAnsi(run.stdout())).toContain('BINARY[3] came decoded by the server (RFC 3516): saved as received, --decode had nothing to undo');
    expect(stripAnsi(run.stdout())).toContain('BINARY[2] came decoded by the server');
  });
});

describe(':save --decode refuses what it cannot decode, in one line, writing nothing', () => {
  it('IMAP: a whole message, a header, a partial from inside the part, a bad ENCODING, an unknown option', async () => {
    const dir = tempDir('mailscope-decode-');
    const f = (name: string) => join(dir, name);
    const run = imap(
      'fetch 2 body.peek[]', `:save -d ${f('whole.eml')}`,
      `:save next -d ${f('whole-next.eml')}`, 'fetch 1 rfc822',
      'fetch 2 body.peek[header]', `:save -d ${f('header.txt')}`,
      'fetch 2 (bodystructure body.peek[2]<8>)', `:save -d ${f('partial.bin')}`,
      `:save --decode=x-uuencode ${f('named.bin')}`, `:save --unpack ${f('unpack.bin')}`,
    );
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    expect(stripAnsi(run.stderr()).trim().split('\n')).toEqual([
      '--decode undoes the Content-Transfer-Encoding of one MIME part, and a whole message has none: BODY[] is the whole message; fetch one part, BODY.PEEK[n]',
      `--decode undoes the Content-Transfer-Encoding of one MIME part, and a whole message has none: RFC822 is the whole message; fetch one part, BODY.PEEK[n]; ${f('whole-next.eml')} not written`,
      "--decode needs a part's content, BODY[n] (BODY[1.2]...): BODY[HEADER] is not one",
      '--decode needs the part from its start: BODY[2]<8> begins inside it; fetch BODY.PEEK[2] whole',
      '--decode=x-uuencode: ENCODING is base64 or quoted-printable',
      ':save knows -d, --decode and --decode=ENCODING, not --unpack',
    ]);
    for (const name of ['whole.eml', 'whole-next.eml', 'header.txt', 'partial.bin', 'named.bin', 'unpack.bin']) expect(existsSync(f(name)), name).toBe(false);
  });

  it('POP3: RETR gives whole messages, so --decode is refused at once, and after RETR', async () => {
    const dir = tempDir('mailscope-decode-');
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '-c', 'user test77@example.com', '-c', 'pass qwe123#$',
      '-c', `:save next --decode ${join(dir, 'next.eml')}`, '-c', 'retr 1', '-c', `:save -d ${join(dir, 'last.eml')}`]);
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    const reason = '--decode undoes the Content-Transfer-Encoding of one MIME part, and a whole message has none: POP3 gives whole messages (RETR, TOP); fetch the part over IMAP with BODY.PEEK[n]';
    expect(stripAnsi(run.stderr()).trim().split('\n')).toEqual([reason, reason]);
    expect(existsSync(join(dir, 'next.eml'))).toBe(false);
    expect(existsSync(join(dir, 'last.eml'))).toBe(false);
  });
});

describe('EXPUNGE moves the BODYSTRUCTUREs seen with the messages (RFC 3501 7.4.1)', () => {
  // Last: it removes message 1 from the store the other tests share.
  it('message 2 becomes 1: its BODYSTRUCTURE follows it, and the one of the message expunged is gone', async () => {
    const file = join(tempDir('mailscope-decode-'), 'after-expunge.bin');
    const run = imap('fetch 1:2 bodystructure', 'store 1 +flags (\\Deleted)', 'expunge', 'fetch 1 body.peek[2]', `:save -d ${file}`);
    expect(await run.code).toBe(0);
    expect(stripAnsi(run.stdout())).toMatch(/\* 1 EXPUNGE/);
    expect(stripAnsi(run.stderr())).toBe('');
    expect(same(file, SMALL)).toBe(true);
  });
});
