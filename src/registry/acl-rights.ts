// ACL rights letters (RFC 4314 2.1; the older RFC 2086 letters c and d are kept as "virtual"
// rights by RFC 4314 2.1.1 so that old clients and servers such as Courier still work).
import type { AclRightEntry } from './types.js';

const R = 'RFC 4314 2.1';

export const ACL_RIGHTS: readonly AclRightEntry[] = [
  { letter: 'l', rfc: R, explanation: 'lookup: the mailbox is visible to LIST.' },
  { letter: 'r', rfc: R, explanation: 'read: SELECT the mailbox, FETCH, SEARCH and COPY from it.' },
  { letter: 's', rfc: R, explanation: 'seen: keep the \\Seen flag across sessions.' },
  { letter: 'w', rfc: R, explanation: 'write: set and clear flags other than \\Seen and \\Deleted.' },
  { letter: 'i', rfc: R, explanation: 'insert: APPEND and COPY messages into the mailbox.' },
  { letter: 'p', rfc: R, explanation: 'post: send mail to the mailbox\'s submission address (not enforced by IMAP itself).' },
  { letter: 'k', rfc: R, explanation: 'create mailboxes: CREATE children, RENAME into this place.' },
  { letter: 'x', rfc: R, explanation: 'delete mailbox: DELETE it, or RENAME it away.' },
  { letter: 't', rfc: R, explanation: 'delete messages: set or clear the \\Deleted flag.' },
  { letter: 'e', rfc: R, explanation: 'expunge: EXPUNGE, and CLOSE removing deleted messages.' },
  { letter: 'a', rfc: R, explanation: 'administer: change the ACL with SETACL and DELETEACL.' },
  { letter: 'c', rfc: 'RFC 2086 3; RFC 4314 2.1.1', obsolete: 'replaced by k (and x) in RFC 4314',
    explanation: 'create (old RFC 2086 letter): create child mailboxes. RFC 4314 keeps it as a virtual right meaning k.' },
  { letter: 'd', rfc: 'RFC 2086 3; RFC 4314 2.1.1', obsolete: 'replaced by t, e (and x) in RFC 4314',
    explanation: 'delete (old RFC 2086 letter): delete messages and expunge. RFC 4314 keeps it as a virtual right meaning t and e.' },
  { letter: 'n', rfc: 'RFC 5257', explanation: 'annotate: store per-message annotations (ANNOTATE-EXPERIMENT-1).' },
  { letter: '0-9', rfc: 'RFC 2086 3; RFC 4314 2.1', explanation: 'A digit is a right whose meaning the server\'s administrator defines.' },
];
