// `mailscope demo --messages PATH`: seed the demo server from the user's own mail instead
// of the tutorial's. PATH is a directory of .eml files (each one message; the directory's
// files go to INBOX, a sub-directory NAME to mailbox INBOX.NAME, recursively), a single
// mbox file (RFC 4155, split on "From " lines, ">From " unquoted as mboxrd does), or a
// single .eml file. Line ends become CRLF (RFC 5322 section 2.1).

import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoText, MailscopeError } from '../errors.js';
import { encodeMailboxName } from '../protocol/imap/mutf7.js';
import { formatDateTime, parseDateTime } from './store/date-time.js';
import type { SeedMessage } from './seed-messages.js';

const INBOX = 'INBOX';
/** Courier-style hierarchy delimiter, as in SEED_MAILBOXES. */
const DELIMITER = '.';

export async function loadMessagesFrom(path: string): Promise<SeedMessage[]> {
  const info = await guard(path, () => stat(path));
  if (info.isDirectory()) {
    const messages = await loadDirectory(path, INBOX);
    if (messages.length === 0) throw new MailscopeError('NOT_MAIL', `no messages in ${path}: it has no .eml files, nor sub-directories with any`);
    return messages;
  }
  const bytes = await guard(path, () => readFile(path));
  if (isMbox(bytes)) return splitMbox(bytes, formatDateTime(info.mtime).text);
  return [emlMessage(bytes, INBOX, info.mtime, path)];
}

async function guard<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (cause) {
    const reason = errnoText(cause as NodeJS.ErrnoException);
    throw new MailscopeError('FILE_UNREADABLE', `cannot read messages from ${path}: ${reason}`, { cause });
  }
}

async function loadDirectory(dir: string, mailbox: string): Promise<SeedMessage[]> {
  const entries = await guard(dir, () => readdir(dir, { withFileTypes: true }));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  const messages: SeedMessage[] = [];
  // The mailbox's own messages first, then its sub-mailboxes.
  for (const entry of visible.filter((e) => e.isFile() && /\.eml$/i.test(e.name))) {
    const path = join(dir, entry.name);
    const info = await guard(path, () => stat(path));
    const bytes = await guard(path, () => readFile(path));
    // Some tools save a message with its mbox From_ line (Thunderbird's "Save as" once did).
    if (isMbox(bytes)) for (const m of splitMbox(bytes, formatDateTime(info.mtime).text)) messages.push({ ...m, mailbox });
    else messages.push(emlMessage(bytes, mailbox, info.mtime, path));
  }
  for (const entry of visible.filter((e) => e.isDirectory())) {
    const child = mailbox + DELIMITER + encodeMailboxName(entry.name);
    // No spread: a folder of 120,000+ messages would overflow V8's stack.
    for (const m of await loadDirectory(join(dir, entry.name), child)) messages.push(m);
  }
  return messages;
}

function emlMessage(bytes: Uint8Array, mailbox: string, mtime: Date, path: string): SeedMessage {
  if (!startsWithHeaderField(bytes)) {
    throw new MailscopeError('NOT_MAIL', `${path} is not a message: it does not start with a header field ("Name: value"), nor with an mbox "From " line`);
  }
  return { mailbox, flags: [], internalDate: formatDateTime(mtime).text, raw: messageText(bytes) };
}

// RFC 5322 2.2: field-name = 1*(printable US-ASCII except ":"), then ":". A message starts with
// one (a file starting "From " is taken as mbox before this is asked). Without this check any
// file (/etc/hostname) became a one-message mailbox that FETCH then showed as a body-only mess.
const HEADER_FIELD_START = /^[\x21-\x39\x3b-\x7e]+:/;

function startsWithHeaderField(bytes: Uint8Array): boolean {
  return HEADER_FIELD_START.test(Buffer.from(bytes.subarray(0, 1000)).toString('latin1'));
}

/**
 * The message as text for SeedMessage.raw: UTF-8 when the bytes are valid UTF-8 (so the
 * store's UTF-8 encoding gives them back exactly), else ISO-8859-1; line ends CRLF.
 */
function messageText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('latin1');
  }
  return text.replace(/\r?\n/g, '\r\n');
}

const FROM_ = Buffer.from('From ');

function isMbox(bytes: Uint8Array): boolean {
  return bytes.length >= FROM_.length && Buffer.from(bytes.subarray(0, FROM_.length)).equals(FROM_);
}

// RFC 4155: each message starts with a "From " line. mboxrd quotes every body line that
// matches /^>*From / with one more ">"; reading undoes one level. A From_ line is
// recognised at the start of the file or after an empty line, which also reads mboxo files
// whose writers did not quote.
export function splitMbox(bytes: Uint8Array, fallbackDate: string): SeedMessage[] {
  const lines = Buffer.from(bytes).toString('latin1').split('\n');
  const messages: SeedMessage[] = [];
  let current: { date: string; lines: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const body = current.lines;
    if (body.length && body[body.length - 1].replace(/\r$/, '') === '') body.pop(); // mbox separator
    const text = body.map((l) => l.replace(/\r$/, '')).join('\n') + '\n';
    messages.push({ mailbox: INBOX, flags: [], internalDate: current.date, raw: messageText(Buffer.from(text, 'latin1')) });
  };
  lines.forEach((line, i) => {
    const previousEmpty = i === 0 || lines[i - 1].replace(/\r$/, '') === '';
    if (line.startsWith('From ') && previousEmpty) {
      finish();
      current = { date: fromLineDate(line) ?? fallbackDate, lines: [] };
    } else if (current && !(i === lines.length - 1 && line === '')) {
      current.lines.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
  });
  finish();
  return messages;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "From sender@example.com Sat Jan 15 10:50:17 2011" (asctime, RFC 4155 section 2), some
// writers put a zone before or after the year. Without a zone the time is taken as UTC.
const FROM_LINE_DATE =
  /\s(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:([+-]\d{4})\s+)?(\d{4})(?:\s+([+-]\d{4}))?/;

export function fromLineDate(line: string): string | undefined {
  const m = FROM_LINE_DATE.exec(line);
  if (!m) return undefined;
  const [, mon, day, hour, minute, second, zoneBefore, year, zoneAfter] = m;
  if (!MONTHS.includes(mon)) return undefined;
  const p = (n: string) => n.padStart(2, '0');
  const text = `${p(day)}-${mon}-${year} ${p(hour)}:${minute}:${second ?? '00'} ${zoneBefore ?? zoneAfter ?? '+0000'}`;
  return parseDateTime(text)?.text;
}
