// Mailbox names as the client sends them (modified UTF-7, RFC 3501 5.1.3) and LIST patterns
// (RFC 3501 6.3.8: `*` matches anything, `%` anything but the hierarchy separator).

import { decodeMailboxName, encodeMailboxName } from '../../protocol/imap/mutf7.js';
import { HIERARCHY_SEPARATOR, PERSONAL_PREFIX, mailboxKey } from '../store/store.js';

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** Checks a name a client wants to create or rename to; returns it in stored form. */
export function checkNewName(raw: string): NameCheck {
  let name = raw;
  // RFC 3501 6.3.3: a trailing separator only says the client means to create children.
  if (name.endsWith(HIERARCHY_SEPARATOR)) name = name.slice(0, -1);
  if (name === '') return { ok: false, reason: 'empty mailbox name' };
  if (encodeMailboxName(decodeMailboxName(name)) !== name) {
    return { ok: false, reason: 'mailbox name is not valid modified UTF-7 (RFC 3501 5.1.3)' };
  }
  const key = mailboxKey(name);
  // Courier-IMAP keeps every folder under the personal namespace "INBOX.".
  if (key !== 'INBOX' && !key.startsWith(PERSONAL_PREFIX)) {
    return { ok: false, reason: `mailbox names live under "${PERSONAL_PREFIX}" (see NAMESPACE)` };
  }
  if (key.split(HIERARCHY_SEPARATOR).some((level) => level === '')) return { ok: false, reason: 'empty hierarchy level' };
  if (/[*%]/.test(key)) return { ok: false, reason: 'wildcards are not allowed in mailbox names' };
  return { ok: true, name: key };
}

/** The parents a name needs ("INBOX.a.b" needs "INBOX" and "INBOX.a"). */
export function parentsOf(name: string): string[] {
  const levels = name.split(HIERARCHY_SEPARATOR);
  const out: string[] = [];
  for (let i = 1; i < levels.length; i++) out.push(levels.slice(0, i).join(HIERARCHY_SEPARATOR));
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** A matcher for reference + pattern, interpreted as RFC 3501 6.3.8 suggests (concatenated). */
export function listMatcher(reference: string, pattern: string): (name: string) => boolean {
  let canonical = mailboxKey(reference + pattern);
  // INBOX is case-insensitive (RFC 3501 5.1), so "inbox*" must find INBOX and its children.
  if (canonical.toUpperCase().startsWith('INBOX')) canonical = 'INBOX' + canonical.slice(5);
  const sep = escapeRegExp(HIERARCHY_SEPARATOR);
  const source = [...canonical]
    .map((c) => (c === '*' ? '.*' : c === '%' ? `[^${sep}]*` : escapeRegExp(c)))
    .join('');
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}
