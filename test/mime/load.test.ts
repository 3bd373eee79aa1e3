// loadMessagesFrom: .eml directories (sub-directories become mailboxes), mbox files
// (mboxrd unquoting, From_ dates), single .eml files, and unreadable input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, mkdir, writeFile, utimes, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMessagesFrom, fromLineDate } from '../../src/demo/load.js';
import { isMailscopeError } from '../../src/errors.js';

let root: string;
const MTIME = new Date('2011-01-15T05:20:17Z');

async function file(path: string, content: string | Buffer): Promise<string> {
  const full = join(root, path);
  await writeFile(full, content);
  await utimes(full, MTIME, MTIME);
  return full;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailscope-load-'));
  await mkdir(join(root, 'maildir', 'Entwürfe'), { recursive: true });
  await mkdir(join(root, 'maildir', 'Work', 'Old'), { recursive: true });
  await file('maildir/b.eml', 'Subject: second\n\nbody b\n');
  await file('maildir/a.EML', 'Subject: first\r\n\r\nbody a\r\n');
  await file('maildir/notes.txt', 'not a message');
  await file('maildir/.hidden.eml', 'Subject: hidden\n\n');
  await file('maildir/Entwürfe/draft.eml', 'Subject: Entwurf\n\nText\n');
  await file('maildir/Work/Old/x.eml', Buffer.from('Subject: Gr\xfc\xdfe\n\n8-bit latin1\n', 'latin1'));
  await file('mail.mbox', [
    'From examplesupport@gmail.com Sat Jan 15 10:50:17 2011',
    'Subject: one',
    '',
    '>From the desk of mboxrd: quoted',
    '>>From twice quoted',
    'From inside a paragraph is not a separator',
    '',
    'From test77@example.com Fri Jan 14 13:33:25 +0530 2011',
    'Subject: two',
    '',
    'last line',
    '',
  ].join('\n'));
  await file('single.eml', 'Subject: alone\n\nx\n');
  await file('hostname', 'vm\n');
  await mkdir(join(root, 'bad-dir'));
  await file('bad-dir/ok.eml', 'Subject: fine\n\n');
  await file('bad-dir/not-mail.eml', 'just some notes\n');
  await mkdir(join(root, 'empty-dir'));
  await file('empty-dir/readme.txt', 'Subject: not an .eml\n\n');
  await mkdir(join(root, 'from-dir'));
  await file('from-dir/saved.eml', 'From a@b Sat Jan 15 10:50:17 2011\nSubject: with From_\n\nx\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadMessagesFrom a directory', () => {
  it('reads .eml files by name into INBOX and sub-directories into INBOX.<name>, CRLF', async () => {
    const messages = await loadMessagesFrom(join(root, 'maildir'));
    expect(messages.map((m) => [m.mailbox, m.raw.split('\r\n')[0]])).toEqual([
      ['INBOX', 'Subject: first'],
      ['INBOX', 'Subject: second'],
      ['INBOX.Entw&APw-rfe', 'Subject: Entwurf'],
      ['INBOX.Work.Old', 'Subject: Grüße'],
    ]);
    expect(messages[1].raw).toBe('Subject: second\r\n\r\nbody b\r\n');
    expect(messages.every((m) => m.internalDate === '15-Jan-2011 05:20:17 +0000' && m.flags.length === 0)).toBe(true);
  });
});

describe('loadMessagesFrom an mbox file', () => {
  it('splits on From_ lines, unquotes one ">" and dates each message from its From_ line', async () => {
    const messages = await loadMessagesFrom(join(root, 'mail.mbox'));
    expect(messages).toEqual([
      {
        mailbox: 'INBOX', flags: [], internalDate: '15-Jan-2011 10:50:17 +0000',
        raw: 'Subject: one\r\n\r\nFrom the desk of mboxrd: quoted\r\n>From twice quoted\r\nFrom inside a paragraph is not a separator\r\n',
      },
      { mailbox: 'INBOX', flags: [], internalDate: '14-Jan-2011 13:33:25 +0530', raw: 'Subject: two\r\n\r\nlast line\r\n' },
    ]);
  });

  it.each([
    ['From a@b Sat Jan 15 10:50:17 2011', '15-Jan-2011 10:50:17 +0000'],
    ['From a@b  Sat Jan  5 09:05 2011', '05-Jan-2011 09:05:00 +0000'],
    ['From a@b Sat Jan 15 10:50:17 2011 -0800', '15-Jan-2011 10:50:17 -0800'],
    ['From a@b Sat Foo 15 10:50:17 2011', undefined],
    ['From a@b', undefined],
  ])('From_ date of %j', (line, expected) => {
    expect(fromLineDate(line)).toBe(expected);
  });
});

describe('loadMessagesFrom other input', () => {
  it('reads a single .eml file into INBOX', async () => {
    const [m, ...rest] = await loadMessagesFrom(join(root, 'single.eml'));
    expect(rest).toEqual([]);
    expect(m).toEqual({ mailbox: 'INBOX', flags: [], internalDate: '15-Jan-2011 05:20:17 +0000', raw: 'Subject: alone\r\n\r\nx\r\n' });
  });

  it('fails with FILE_UNREADABLE naming the path', async () => {
    const missing = join(root, 'does-not-exist');
    const error = await loadMessagesFrom(missing).catch((e: unknown) => e);
    expect(isMailscopeError(error) && error.code).toBe('FILE_UNREADABLE');
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('no such file or directory');
  });

  it('refuses a file that is not a message, naming it (any file used to become one message)', async () => {
    const error = await loadMessagesFrom(join(root, 'hostname')).catch((e: unknown) => e);
    expect(isMailscopeError(error) && error.code).toBe('NOT_MAIL');
    expect((error as Error).message).toBe(`${join(root, 'hostname')} is not a message: it does not start with a header field ("Name: value"), nor with an mbox "From " line`);
  });

  it('refuses a directory with a .eml that is not a message, naming that file', async () => {
    const error = await loadMessagesFrom(join(root, 'bad-dir')).catch((e: unknown) => e);
    expect(isMailscopeError(error) && error.code).toBe('NOT_MAIL');
    expect((error as Error).message).toContain(join(root, 'bad-dir', 'not-mail.eml'));
  });

  it('refuses a directory without any .eml', async () => {
    const error = await loadMessagesFrom(join(root, 'empty-dir')).catch((e: unknown) => e);
    expect(isMailscopeError(error) && error.code).toBe('NOT_MAIL');
    expect((error as Error).message).toContain('no .eml files');
  });

  it('reads a .eml saved with its From_ line as the message without it', async () => {
    const messages = await loadMessagesFrom(join(root, 'from-dir'));
    expect(messages).toEqual([{ mailbox: 'INBOX', flags: [], internalDate: '15-Jan-2011 10:50:17 +0000', raw: 'Subject: with From_\r\n\r\nx\r\n' }]);
  });
});
