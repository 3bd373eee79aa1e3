// `:save FILE` and `:save next FILE` end to end: a 3 MiB message (past the 1 MiB the readers
// keep, so it is streamed) served by the demo from --load, fetched over IMAP and retrieved over
// POP3 (dot-stuffed on the wire), must land in the file byte for byte.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, stripAnsi } from '../support/cli-harness.js';
import { demoForFile } from '../support/demo-server.js';
import { tempDirs } from '../support/temp.js';

/** About 3 MiB, every 7th line starting with "." (POP3 stuffs those, RFC 1939 3). */
function bigMessage(): Buffer {
  const lines = ['Subject: big one', 'From: me@example.com', ''];
  for (let i = 0, size = 0; size < 3 * 1024 * 1024; i++) {
    const line = `${i % 7 === 0 ? '.' : ''}line ${i} ${'x'.repeat(60)}`;
    lines.push(line);
    size += line.length + 2;
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

const MESSAGE = bigMessage();
const loadDir = mkdtempSync(join(tmpdir(), 'mailscope-save-load-'));
writeFileSync(join(loadDir, 'big.eml'), MESSAGE);
afterAll(() => rmSync(loadDir, { recursive: true, force: true }));
const server = demoForFile({ loadFrom: loadDir });
const tempDir = tempDirs();

describe(':save', () => {
  it('IMAP: a streamed BODY[] is not kept for :save FILE, and :save next FILE gets all of it', async () => {
    const dir = tempDir('mailscope-save-');
    const last = join(dir, 'last.eml');
    const next = join(dir, 'next.eml');
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap',
      '-c', 'login test77@example.com qwe123#$', '-c', 'select INBOX',
      '-c', 'fetch 1 body.peek[]', '-c', `:save ${last}`,
      '-c', `:save next ${next}`, '-c', 'fetch 1 body.peek[]']);
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    expect(stripAnsi(run.stderr())).toContain(`the last body was ${MESSAGE.length} bytes, streamed and not kept whole`);
    expect(existsSync(last)).toBe(false);
    expect(stripAnsi(run.stdout())).toContain(`saved ${MESSAGE.length} bytes to ${next}`);
    expect(readFileSync(next).equals(MESSAGE)).toBe(true);
  });

  it('POP3: RETR of the same message, unstuffed, with :save next FILE', async () => {
    const file = join(tempDir('mailscope-save-'), 'retr.eml');
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3',
      '-c', 'user test77@example.com', '-c', 'pass qwe123#$', '-c', `:save next ${file}`, '-c', 'retr 1']);
    expect(await run.code).toBe(0);
    expect(stripAnsi(run.stdout())).toContain(`saved ${MESSAGE.length} bytes to ${file}`);
    const saved = readFileSync(file);
    expect(saved.length).toBe(MESSAGE.length);
    expect(saved.equals(MESSAGE)).toBe(true);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('POP3: :save FILE after TOP writes the header and the lines asked for, unstuffed', async () => {
    const file = join(tempDir('mailscope-save-'), 'top.txt');
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3',
      '-c', 'user test77@example.com', '-c', 'pass qwe123#$', '-c', 'top 1 3', '-c', `:save ${file}`]);
    expect(await run.code).toBe(0);
    const lines = MESSAGE.toString('latin1').split('\r\n');
    const blank = lines.indexOf('');
    const expected = lines.slice(0, blank + 4).join('\r\n') + '\r\n';
    expect(expected).toContain('\r\n.line 0 '); // a dot-led line, stuffed on the wire
    expect(readFileSync(file, 'latin1')).toBe(expected);
  });

  it('a small literal: :save FILE after the fetch writes it; bad usage and paths are one error line each', async () => {
    const dir = tempDir('mailscope-save-');
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap',
      '-c', ':save early.eml',
      '-c', 'login test77@example.com qwe123#$', '-c', 'select INBOX',
      '-c', 'fetch 1 body.peek[header]', '-c', `:save ${join(dir, 'header.txt')}`,
      '-c', ':save', '-c', ':save next', '-c', `:save next ${join(dir, 'missing', 'x.eml')}`]);
    expect(await run.code).toBe(1); // a refused :save fails the script, as a NO does
    const header = MESSAGE.subarray(0, MESSAGE.indexOf('\r\n\r\n') + 4);
    expect(readFileSync(join(dir, 'header.txt')).equals(header)).toBe(true);
    const errors = stripAnsi(run.stderr()).trim().split('\n');
    expect(errors).toEqual([
      'nothing to save: no literal or multi-line body received yet',
      ':save takes [next] [-d | --decode | --decode=ENCODING] FILE',
      ':save takes [next] [-d | --decode | --decode=ENCODING] FILE',
      `cannot write ${join(dir, 'missing', 'x.eml')}: no such file or directory`,
    ]);
  });
});
