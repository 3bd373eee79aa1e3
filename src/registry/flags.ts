// Message flags and keywords (RFC 3501 2.3.2, RFC 9051 2.3.2, IANA "IMAP and JMAP Keywords")
// and mailbox name attributes (RFC 3501 7.2.2, RFC 5258, RFC 6154, IANA "IMAP Mailbox Name
// Attributes"). Flag names are matched without regard to case (RFC 9051 2.3.2).
import type { FlagEntry, FlagKind } from './types.js';

function fl(name: string, kind: FlagKind, rfc: string, explanation: string, more: Partial<FlagEntry> = {}): FlagEntry {
  return { name, kind, rfc, explanation, ...more };
}
const SYS = 'RFC 3501 2.3.2; RFC 9051 2.3.2';
const KW = (name: string, rfc: string, explanation: string, more: Partial<FlagEntry> = {}) => fl(name, 'keyword', rfc, explanation, more);
const ATTR = (name: string, rfc: string, explanation: string, more: Partial<FlagEntry> = {}) => fl(name, 'mailbox-attribute', rfc, explanation, more);
const USE = (name: string, rfc: string, explanation: string, more: Partial<FlagEntry> = {}) => fl(name, 'special-use', rfc, explanation, more);
const JMAP_ONLY = 'JMAP spelling of an IMAP system flag; IMAP uses the backslash form';
const THUNDERBIRD_TAG = (n: number, label: string) =>
  KW(`$Label${n}`, 'unregistered (Thunderbird tag)', `Thunderbird's old built-in tag ${n} ("${label}"), kept as a keyword on the server.`, { vendor: 'Thunderbird' });

export const FLAGS_AND_ATTRIBUTES: readonly FlagEntry[] = [
  // --- system flags
  fl('\\Seen', 'system-flag', SYS, 'The message has been read.'),
  fl('\\Answered', 'system-flag', SYS, 'The message has been replied to.'),
  fl('\\Flagged', 'system-flag', SYS, 'The message is marked for attention (a star or red flag in clients).'),
  fl('\\Deleted', 'system-flag', SYS, 'The message is marked for removal; EXPUNGE or CLOSE removes it for good.'),
  fl('\\Draft', 'system-flag', SYS, 'The message is an unfinished draft.'),
  fl('\\Recent', 'system-flag', 'RFC 3501 2.3.2', 'The message arrived since the previous session opened this mailbox. Only the server sets it.', { obsolete: 'removed in IMAP4rev2' }),
  fl('\\*', 'permanentflags-marker', 'RFC 3501 7.1; RFC 9051 7.1', 'Seen only in PERMANENTFLAGS: you may create new keywords of your own by simply storing them.'),
  // --- IANA keywords
  KW('$MDNSent', 'RFC 3503', 'A read receipt (message disposition notification) was already sent for this message.'),
  KW('$Forwarded', 'RFC 5550; RFC 9051 2.3.2', 'The message has been forwarded.'),
  KW('$SubmitPending', 'RFC 5550', 'The message is being submitted for sending by the server (Lemonade); clients should not touch it.'),
  KW('$Submitted', 'RFC 5550', 'The message has been submitted for sending.'),
  KW('$Junk', 'IANA keyword (2010); RFC 9051 2.3.2', 'The message was judged to be spam, by a filter or the user.'),
  KW('$NotJunk', 'IANA keyword (2010); RFC 9051 2.3.2', 'The message was judged not to be spam, usually by the user correcting a filter.'),
  KW('$Phishing', 'IANA keyword (2017); RFC 9051 2.3.2', 'The message looks like a phishing attempt; clients should warn and disable links.'),
  KW('$Important', 'RFC 8457', 'The message is important to the user (for example Gmail\'s importance marker).'),
  KW('$draft', 'RFC 8621 (JMAP)', 'JMAP\'s name for \\Draft.', { obsolete: JMAP_ONLY }),
  KW('$seen', 'RFC 8621 (JMAP)', 'JMAP\'s name for \\Seen.', { obsolete: JMAP_ONLY }),
  KW('$flagged', 'RFC 8621 (JMAP)', 'JMAP\'s name for \\Flagged.', { obsolete: JMAP_ONLY }),
  KW('$answered', 'RFC 8621 (JMAP)', 'JMAP\'s name for \\Answered.', { obsolete: JMAP_ONLY }),
  KW('$recent', 'RFC 8621 (reserved)', 'Reserved so that no one uses it; IMAP\'s \\Recent has no JMAP keyword.', { obsolete: 'reserved, never to be set' }),
  KW('$autosent', 'RFC 9979', 'The message was sent automatically (an auto-reply or notification), not written by a person.'),
  KW('$canunsubscribe', 'RFC 9979', 'The message has a usable List-Unsubscribe header.'),
  KW('$followed', 'RFC 9979', 'The user follows this thread and wants to hear about replies.'),
  KW('$hasattachment', 'RFC 9979', 'The message has attachments (set by the server to save clients from parsing).'),
  KW('$hasmemo', 'RFC 9979', 'The message has a note (memo) attached by the user.'),
  KW('$hasnoattachment', 'RFC 9979', 'The message has no attachments.'),
  KW('$imported', 'RFC 9979', 'The message was imported from elsewhere rather than delivered.'),
  KW('$istrusted', 'RFC 9979', 'The server verified the sender (for example a known brand) and clients may show a trust mark.'),
  KW('$MailFlagBit0', 'RFC 9979', 'Apple Mail flag colour bit 0; with bits 1 and 2 it encodes the flag colour.'),
  KW('$MailFlagBit1', 'RFC 9979', 'Apple Mail flag colour bit 1.'),
  KW('$MailFlagBit2', 'RFC 9979', 'Apple Mail flag colour bit 2.'),
  KW('$maskedemail', 'RFC 9979', 'The message was sent to a masked (alias) address. Limited use.'),
  KW('$memo', 'RFC 9979', 'The message is itself a memo (a note the user wrote about another message).'),
  KW('$muted', 'RFC 9979', 'The user muted this thread: new replies should skip the inbox.'),
  KW('$new', 'RFC 9979', 'The message should be shown as new (for example after un-snoozing). Limited use.'),
  KW('$notify', 'RFC 9979', 'The user asked to be notified about this message.'),
  KW('$unsubscribed', 'RFC 9979', 'The user has unsubscribed from the list this message came from.'),
  // --- unregistered keywords seen in the wild
  KW('Junk', 'unregistered (Thunderbird and others)', 'Spam mark used by Thunderbird and others before $Junk was registered.', { vendor: 'Thunderbird' }),
  KW('NonJunk', 'unregistered (Thunderbird)', 'Thunderbird\'s mark for a message its spam filter (or the user) judged not to be spam; the unregistered ancestor of $NotJunk.', { vendor: 'Thunderbird' }),
  KW('NotJunk', 'unregistered', 'Another spelling of "not spam" used by some clients; the registered one is $NotJunk.', { vendor: 'various clients' }),
  KW('Forwarded', 'unregistered', 'Old spelling of $Forwarded, without the dollar sign.', { vendor: 'various clients' }),
  KW('Redirected', 'unregistered', 'The message was redirected (bounced on) to someone else.', { vendor: 'various clients' }),
  THUNDERBIRD_TAG(1, 'Important'),
  THUNDERBIRD_TAG(2, 'Work'),
  THUNDERBIRD_TAG(3, 'Personal'),
  THUNDERBIRD_TAG(4, 'To Do'),
  THUNDERBIRD_TAG(5, 'Later'),
  KW('$HasAttachment', 'unregistered spelling (Dovecot)', 'Dovecot\'s spelling of $hasattachment: the message has attachments.', { vendor: 'Dovecot' }),
  KW('$HasNoAttachment', 'unregistered spelling (Dovecot)', 'Dovecot\'s spelling of $hasnoattachment.', { vendor: 'Dovecot' }),
  // --- mailbox attributes (LIST)
  ATTR('\\HasChildren', 'RFC 5258 4; RFC 3348; RFC 9051 7.3.1', 'The mailbox has child mailboxes below it.'),
  ATTR('\\HasNoChildren', 'RFC 5258 4; RFC 3348; RFC 9051 7.3.1', 'The mailbox has no child mailboxes.'),
  ATTR('\\Marked', 'RFC 3501 7.2.2; RFC 9051 7.3.1', 'The server thinks the mailbox has new messages since it was last selected.'),
  ATTR('\\Unmarked', 'RFC 3501 7.2.2; RFC 9051 7.3.1', 'The mailbox has no new messages since it was last selected.'),
  ATTR('\\Noinferiors', 'RFC 3501 7.2.2; RFC 9051 7.3.1', 'No child mailbox can ever be created under this one.'),
  ATTR('\\Noselect', 'RFC 3501 7.2.2; RFC 9051 7.3.1', 'The name exists only as a level of the hierarchy; it cannot be selected.'),
  ATTR('\\NonExistent', 'RFC 5258 3; RFC 9051 7.3.1', 'The mailbox does not exist (it is listed because it is subscribed or has children).'),
  ATTR('\\Remote', 'RFC 5258 3; RFC 9051 7.3.1', 'The mailbox lives on another server.'),
  ATTR('\\Subscribed', 'RFC 5258 3; RFC 9051 7.3.1', 'The mailbox is in your subscription list.'),
  ATTR('\\NoUTF8', 'RFC 5738', 'The mailbox cannot hold UTF-8 headers.', { obsolete: 'RFC 5738 replaced by RFC 6855' }),
  ATTR('\\UTF8Only', 'RFC 5738', 'The mailbox can only be used by UTF-8 aware clients.', { obsolete: 'RFC 5738 replaced by RFC 6855' }),
  ATTR('Inbox', 'RFC 8621 (JMAP only)', 'JMAP role for the inbox; IMAP does not send it.'),
  ATTR('Memos', 'RFC 9979', 'The mailbox holds memos (notes about messages). Written without a backslash.'),
  ATTR('Scheduled', 'RFC 9979', 'The mailbox holds messages scheduled to be sent later. Written without a backslash.'),
  ATTR('Snoozed', 'RFC 9979', 'The mailbox holds snoozed messages waiting to return to the inbox. Written without a backslash.'),
  // --- special-use attributes (RFC 6154, RFC 8457)
  USE('\\All', 'RFC 6154 2', 'A virtual mailbox showing every message (like Gmail\'s All Mail).'),
  USE('\\Archive', 'RFC 6154 2', 'The mailbox used to archive messages.'),
  USE('\\Drafts', 'RFC 6154 2', 'The mailbox where drafts are saved.'),
  USE('\\Flagged', 'RFC 6154 2', 'A virtual mailbox showing all messages with the \\Flagged flag.'),
  USE('\\Junk', 'RFC 6154 2', 'The mailbox where spam goes.'),
  USE('\\Sent', 'RFC 6154 2', 'The mailbox where copies of sent messages are kept.'),
  USE('\\Trash', 'RFC 6154 2', 'The mailbox where deleted messages go before being removed for good.'),
  USE('\\Important', 'RFC 8457 3', 'A virtual mailbox with messages marked $Important.'),
  USE('\\Inbox', 'vendor: Gmail XLIST', 'Gmail XLIST marker for the inbox.', { vendor: 'Gmail', obsolete: 'XLIST only; replaced by SPECIAL-USE' }),
  USE('\\AllMail', 'vendor: Gmail XLIST', 'Gmail XLIST marker for All Mail; SPECIAL-USE calls it \\All.', { vendor: 'Gmail', obsolete: 'XLIST only; replaced by \\All' }),
  USE('\\Spam', 'vendor: Gmail XLIST', 'Gmail XLIST marker for the spam folder; SPECIAL-USE calls it \\Junk.', { vendor: 'Gmail', obsolete: 'XLIST only; replaced by \\Junk' }),
  USE('\\Starred', 'vendor: Gmail XLIST', 'Gmail XLIST marker for starred messages; SPECIAL-USE calls it \\Flagged.', { vendor: 'Gmail', obsolete: 'XLIST only; replaced by \\Flagged' }),
];

/**
 * The system flag (RFC 3501 2.3.2) a word names when it was typed without its backslash:
 * `Deleted` is `\Deleted`; undefined for any other word. Without the backslash the word is a
 * keyword of that name, a different flag that no client reads as the system one.
 */
export function systemFlagMeantBy(word: string): string | undefined {
  const wanted = `\\${word}`.toUpperCase();
  return FLAGS_AND_ATTRIBUTES.find((f) => f.kind === 'system-flag' && f.name.toUpperCase() === wanted)?.name;
}
