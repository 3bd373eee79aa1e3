// STATUS data items (RFC 3501 6.3.10, RFC 9051 6.3.11, and extensions).
import type { StatusItemEntry } from './types.js';

const BASE = 'RFC 3501 6.3.10; RFC 9051 6.3.11';

export const STATUS_ITEMS: readonly StatusItemEntry[] = [
  { name: 'MESSAGES', rfc: BASE, explanation: 'How many messages the mailbox holds.' },
  { name: 'RECENT', rfc: 'RFC 3501 6.3.10', explanation: 'How many messages have the \\Recent flag.', obsolete: 'removed in IMAP4rev2' },
  { name: 'UIDNEXT', rfc: BASE, explanation: 'The UID the next message will get.' },
  { name: 'UIDVALIDITY', rfc: BASE, explanation: 'The mailbox\'s UID validity value.' },
  { name: 'UNSEEN', rfc: BASE, explanation: 'How many messages are not \\Seen (a count, unlike the UNSEEN response code).' },
  { name: 'DELETED', rfc: 'RFC 9051 6.3.11', explanation: 'How many messages have the \\Deleted flag.', requires: ['IMAP4rev2'] },
  { name: 'SIZE', rfc: 'RFC 8438; RFC 9051 6.3.11', explanation: 'The total size of the mailbox in bytes.', requires: ['STATUS=SIZE'] },
  { name: 'HIGHESTMODSEQ', rfc: 'RFC 7162 3.1.2.1', explanation: 'The highest modification sequence in the mailbox.', requires: ['CONDSTORE', 'QRESYNC'] },
  { name: 'APPENDLIMIT', rfc: 'RFC 7889 3.1, 3.2', explanation: 'The largest message APPEND accepts in this mailbox, in octets; NIL means no limit.', requires: ['APPENDLIMIT', 'APPENDLIMIT='] },
  { name: 'MAILBOXID', rfc: 'RFC 8474 4.3', explanation: 'The mailbox\'s permanent id.', requires: ['OBJECTID'] },
];
