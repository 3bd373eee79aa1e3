// Writes the tutorial's mailbox (test/fixtures/dovecot/seed.json and messages/) as a Dovecot
// Maildir++ tree. Used by test/support/dovecot.ts at start and by resetMailbox().
import { chown, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/dovecot');
// Courier-style namespace (dovecot.conf.template): folders are INBOX.<name>, stored as ".<name>".
const NAMESPACE_PREFIX = 'INBOX.';

interface SeedMessage { file: string; flags: string[]; internalDate: string }
interface SeedMailbox { name: string; uidValidity: number; messages: SeedMessage[] }
interface Seed { user: string; password: string; mailboxes: SeedMailbox[] }

export const seed: Seed = JSON.parse(readFileSync(path.join(FIXTURES, 'seed.json'), 'utf8'));

// Maildir "info" letters for IMAP system flags (cr.yp.to/proto/maildir.html); the letters
// of a file name must be in ASCII order.
const MAILDIR_FLAG_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

/**
 * Creates the seeded tree under `maildir` (which must not exist yet) and gives it to `owner`,
 * the uid the mail processes run as. A dovecot-uidlist per folder fixes UIDVALIDITY and UIDs,
 * so every run shows the same numbers, the tutorial's where it has them.
 */
export async function writeSeededMaildir(maildir: string, owner: { uid: number; gid: number }): Promise<void> {
  for (const mailbox of seed.mailboxes) await writeFolder(folderPath(maildir, mailbox.name), mailbox);
  // Subscribed as in the tutorial; Dovecot stores the names without the namespace prefix.
  const subscribed = seed.mailboxes.filter((m) => m.name !== 'INBOX').map((m) => m.name.slice(NAMESPACE_PREFIX.length));
  await writeFile(path.join(maildir, 'subscriptions'), `${subscribed.join('\n')}\n`);
  await chownTree(maildir, owner);
}

function folderPath(maildir: string, name: string): string {
  return name === 'INBOX' ? maildir : path.join(maildir, `.${name.slice(NAMESPACE_PREFIX.length)}`);
}

async function writeFolder(folder: string, mailbox: SeedMailbox): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(folder, sub), { recursive: true, mode: 0o700 });
  if (mailbox.name !== 'INBOX') await writeFile(path.join(folder, 'maildirfolder'), ''); // Maildir++ subfolder mark
  // dovecot-uidlist version 3: "3 V<uidvalidity> N<next uid>", then "<uid> :<base name>".
  const uidlist = [`3 V${mailbox.uidValidity} N${mailbox.messages.length + 1}`];
  for (const [index, message] of mailbox.messages.entries()) {
    const when = new Date(message.internalDate);
    const base = `${Math.floor(when.getTime() / 1000)}.M${index + 1}P0.mailscope`;
    const file = path.join(folder, 'cur', `${base}:2,${maildirFlags(message.flags)}`);
    await writeFile(file, await readFile(path.join(FIXTURES, 'messages', message.file)));
    await utimes(file, when, when); // Dovecot takes INTERNALDATE from the file's mtime
    uidlist.push(`${index + 1} :${base}`);
  }
  await writeFile(path.join(folder, 'dovecot-uidlist'), `${uidlist.join('\n')}\n`);
}

function maildirFlags(flags: string[]): string {
  return flags.map((flag) => {
    const letter = MAILDIR_FLAG_LETTERS[flag];
    if (!letter) throw new Error(`seed.json: no maildir letter for flag ${flag}`);
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
