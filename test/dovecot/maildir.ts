// Writes the demo server's seed (src/demo/seed-messages.ts: SEED_MAILBOXES, SEED_MESSAGES and
// the tutorial's user) as a Dovecot Maildir++ tree, so the transcripts recorded from the demo
// replay against Dovecot with the same sizes, envelopes, bodies, flags and internal dates.
// Used by test/support/dovecot.ts at start and by resetMailbox().
import { chown, mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SEED_MAILBOXES, SEED_MESSAGES, SEED_USERS, seedBytes, type SeedMessage } from '../../src/demo/seed-messages.js';

// Courier-style namespace (dovecot.conf.template): folders are INBOX.<name>, stored as ".<name>".
const NAMESPACE_PREFIX = 'INBOX.';
/** The demo store's first UIDVALIDITY (the tutorial's INBOX); it counts up in SEED_MAILBOXES order. */
const UIDVALIDITY_BASE = 1294991877;

/** The tutorial's login, the first demo user. */
export const seedUser: { user: string; password: string } = SEED_USERS[0];

export interface SeededMailbox {
  /** As on the wire: modified UTF-7 (RFC 3501 5.1.3); Dovecot's Maildir++ keeps it so on disk. */
  name: string;
  uidValidity: number;
  specialUse?: string;
  messages: SeedMessage[];
}

/** The seeded folders with their messages in UID order, as Dovecot will show them. */
export const seededMailboxes: SeededMailbox[] = SEED_MAILBOXES.map((mailbox, index) => ({
  name: mailbox.name,
  uidValidity: UIDVALIDITY_BASE + index,
  ...(mailbox.specialUse ? { specialUse: mailbox.specialUse } : {}),
  messages: SEED_MESSAGES.filter((message) => message.mailbox === mailbox.name),
}));

/**
 * The namespace's `mailbox` sections giving each seeded folder its RFC 6154 special-use
 * attribute (Dovecot names them without the namespace prefix).
 */
export function specialUseConfig(): string {
  return seededMailboxes.flatMap((m) => (m.specialUse
    ? [`  mailbox ${m.name.slice(NAMESPACE_PREFIX.length)} {\n    special_use = ${m.specialUse}\n  }`]
    : [])).join('\n');
}

// Maildir "info" letters for IMAP system flags (cr.yp.to/proto/maildir.html); the letters
// of a file name must be in ASCII order.
const MAILDIR_FLAG_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3501 date-time ("15-Jan-2011 10:50:17 +0530") as the instant it names. */
export function parseImapDateTime(text: string): Date {
  const m = /^ ?(\d{1,2})-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(text);
  if (!m || !MONTHS.includes(m[2])) throw new Error(`seed: not an IMAP date-time: ${text}`);
  const utc = Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '-' ? -1 : 1);
  return new Date(utc - offset);
}

/**
 * Creates the seeded tree under `maildir` (which must not exist yet) and gives it to `owner`,
 * the uid the mail processes run as. A dovecot-uidlist per folder fixes UIDVALIDITY and UIDs,
 * so every run shows the same numbers, the demo's.
 */
export async function writeSeededMaildir(maildir: string, owner: { uid: number; gid: number }): Promise<void> {
  for (const mailbox of seededMailboxes) await writeFolder(folderPath(maildir, mailbox.name), mailbox);
  // Every folder but INBOX subscribed, as in the tutorial; Dovecot stores the names without the namespace prefix.
  const subscribed = seededMailboxes.filter((m) => m.name !== 'INBOX').map((m) => m.name.slice(NAMESPACE_PREFIX.length));
  await writeFile(path.join(maildir, 'subscriptions'), `${subscribed.join('\n')}\n`);
  await chownTree(maildir, owner);
}

function folderPath(maildir: string, name: string): string {
  return name === 'INBOX' ? maildir : path.join(maildir, `.${name.slice(NAMESPACE_PREFIX.length)}`);
}

async function writeFolder(folder: string, mailbox: SeededMailbox): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(folder, sub), { recursive: true, mode: 0o700 });
  if (mailbox.name !== 'INBOX') await writeFile(path.join(folder, 'maildirfolder'), ''); // Maildir++ subfolder mark
  // dovecot-uidlist version 3: "3 V<uidvalidity> N<next uid>", then "<uid> :<base name>".
  const uidlist = [`3 V${mailbox.uidValidity} N${mailbox.messages.length + 1}`];
  for (const [index, message] of mailbox.messages.entries()) {
    const when = parseImapDateTime(message.internalDate);
    const base = `${Math.floor(when.getTime() / 1000)}.M${index + 1}P0.mailscope`;
    const file = path.join(folder, 'cur', `${base}:2,${maildirFlags(message.flags)}`);
    await writeFile(file, seedBytes(message)); // CRLF already: RFC822.SIZE is the file size
    await utimes(file, when, when); // Dovecot takes INTERNALDATE from the file's mtime
    uidlist.push(`${index + 1} :${base}`);
  }
  await writeFile(path.join(folder, 'dovecot-uidlist'), `${uidlist.join('\n')}\n`);
}

function maildirFlags(flags: string[]): string {
  return flags.map((flag) => {
    const letter = MAILDIR_FLAG_LETTERS[flag];
    if (!letter) throw new Error(`seed: no maildir letter for flag ${flag}`);
    return letter;
  }).sort().join('');
}

async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, owner);
    else await chown(full, owner.uid, owner.gid);
  }
}
