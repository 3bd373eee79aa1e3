// Untagged server responses (`* ...`), RFC 3501 7.2-7.4, RFC 9051 7.2-7.5 and extensions.
import type { UntaggedEntry } from './types.js';

function u(name: string, numbered: boolean, syntax: string, rfc: string, explanation: string, more: Partial<UntaggedEntry> = {}): UntaggedEntry {
  return { name, numbered, syntax, rfc, explanation, ...more };
}

export const UNTAGGED_RESPONSES: readonly UntaggedEntry[] = [
  // status responses (RFC 3501 7.1)
  u('OK', false, '* OK [code] text', 'RFC 3501 7.1.1; RFC 9051 7.1.1', 'Untagged: information, often with a response code such as UIDVALIDITY. Tagged: the command with that tag succeeded.'),
  u('NO', false, '* NO [code] text', 'RFC 3501 7.1.2; RFC 9051 7.1.2', 'Tagged: the command was understood but failed (no such mailbox, wrong password...). Untagged: a warning.'),
  u('BAD', false, '* BAD [code] text', 'RFC 3501 7.1.3; RFC 9051 7.1.3', 'The server could not understand the command: a typo, a wrong argument, or a command not allowed in this state.'),
  u('PREAUTH', false, '* PREAUTH [code] text', 'RFC 3501 7.1.4; RFC 9051 7.1.4', 'A greeting saying you are already logged in (for example over a pre-authenticated pipe); skip LOGIN.'),
  u('BYE', false, '* BYE [code] text', 'RFC 3501 7.1.5; RFC 9051 7.1.5', 'The server is about to close the connection: after LOGOUT, on idle timeout, or on shutdown.'),
  // server and mailbox status (RFC 3501 7.2)
  u('CAPABILITY', false, '* CAPABILITY name ...', 'RFC 3501 7.2.1; RFC 9051 7.2.2', 'The list of features the server supports.'),
  u('ENABLED', false, '* ENABLED capability ...', 'RFC 5161 3.2; RFC 9051 7.2.1', 'The extensions an ENABLE command actually turned on.'),
  u('ID', false, '* ID ("name" "value" ...) | * ID NIL', 'RFC 2971 3.2', 'The server\'s answer to ID: its software name, version and more, as name/value pairs.'),
  u('LIST', false, '* LIST (attributes) "delimiter" mailbox', 'RFC 3501 7.2.2; RFC 9051 7.3.1', 'One mailbox: its attributes (\\HasChildren, \\Sent...), the hierarchy delimiter and its name.'),
  u('LSUB', false, '* LSUB (attributes) "delimiter" mailbox', 'RFC 3501 7.2.3', 'One subscribed mailbox, in answer to LSUB.', { obsolete: 'removed in IMAP4rev2' }),
  u('XLIST', false, '* XLIST (attributes) "delimiter" mailbox', 'vendor: Gmail', 'One mailbox in answer to Gmail\'s XLIST, with Gmail folder attributes.', { vendor: 'Gmail' }),
  u('NAMESPACE', false, '* NAMESPACE personal other shared', 'RFC 2342 5; RFC 9051 7.3.2', 'Where personal, other users\' and shared mailboxes live: prefix and delimiter for each, or NIL.'),
  u('STATUS', false, '* STATUS mailbox (item value ...)', 'RFC 3501 7.2.4; RFC 9051 7.3.3', 'Counters of one mailbox, in answer to STATUS (or LIST ... RETURN (STATUS)).'),
  u('SEARCH', false, '* SEARCH number ...', 'RFC 3501 7.2.5; RFC 9051 7.3.4', 'The message numbers (or UIDs for UID SEARCH) that matched; empty if none did.', { obsolete: 'IMAP4rev2 answers with ESEARCH instead' }),
  u('ESEARCH', false, '* ESEARCH (TAG "tag") [UID] MIN n MAX n COUNT n ALL set', 'RFC 4731 3.1; RFC 9051 7.3.4', 'A compact search result: only the parts asked for with RETURN (MIN, MAX, COUNT, ALL), tied to the command\'s tag.'),
  u('SORT', false, '* SORT number ...', 'RFC 5256 4', 'The matching messages in the order SORT asked for.'),
  u('THREAD', false, '* THREAD (1 2)(3 (4 5))', 'RFC 5256 4', 'Conversation threads: each parenthesised group is a thread; nesting shows replies.'),
  u('FLAGS', false, '* FLAGS (flag ...)', 'RFC 3501 7.2.6; RFC 9051 7.3.5', 'The flags defined in the selected mailbox. Which of them you can set permanently is in PERMANENTFLAGS.'),
  u('QUOTA', false, '* QUOTA root (resource usage limit ...)', 'RFC 9208 5.1', 'Usage and limit of each resource of a quota root (STORAGE in KiB, MESSAGE count...).'),
  u('QUOTAROOT', false, '* QUOTAROOT mailbox root ...', 'RFC 9208 5.2', 'The quota roots a mailbox counts against.'),
  u('ACL', false, '* ACL mailbox identifier rights ...', 'RFC 4314 3.6', 'Who has which rights on a mailbox, as identifier and rights-letter pairs.'),
  u('LISTRIGHTS', false, '* LISTRIGHTS mailbox identifier required optional ...', 'RFC 4314 3.7', 'Rights always granted to the identifier, then groups of rights that can be granted.'),
  u('MYRIGHTS', false, '* MYRIGHTS mailbox rights', 'RFC 4314 3.8', 'Your own rights on the mailbox, as a string of letters.'),
  u('METADATA', false, '* METADATA mailbox (entry value ...) | * METADATA mailbox entry ...', 'RFC 5464 4.4', 'Annotation entries and their values on a mailbox ("" is the server), in answer to GETMETADATA. Without values it is an unsolicited notice that those entries changed (after ENABLE METADATA).'),
  u('LANGUAGE', false, '* LANGUAGE (tag ...)', 'RFC 5255 3.3', 'Languages the server offers, or the one now in use.'),
  u('COMPARATOR', false, '* COMPARATOR name ...', 'RFC 5255 4.8', 'The active collation and the ones available.'),
  u('GENURLAUTH', false, '* GENURLAUTH url ...', 'RFC 4467 7', 'The authorized URLs GENURLAUTH made.'),
  u('URLFETCH', false, '* URLFETCH url data', 'RFC 4467 7', 'The content behind a URL asked for with URLFETCH.'),
  u('JMAPACCESS', false, '* JMAPACCESS url', 'RFC 9698 3', 'Where the JMAP service for this account is.'),
  u('UIDBATCHES', false, '* UIDBATCHES (TAG "tag") range ...', 'RFC 10022', 'The UID ranges that split the mailbox into batches.'),
  u('ANNOTATION', false, '* ANNOTATION mailbox entry (attribute value)', 'draft-daboo-imap-annotatemore', 'Annotations in answer to GETANNOTATION.', { vendor: 'Cyrus' }),
  // mailbox size (RFC 3501 7.3)
  u('EXISTS', true, '* n EXISTS', 'RFC 3501 7.3.1; RFC 9051 7.4.1', 'The mailbox now holds n messages. A bigger number than before means new mail arrived.'),
  u('RECENT', true, '* n RECENT', 'RFC 3501 7.3.2', 'n messages arrived since the last time any session selected this mailbox.', { obsolete: 'removed in IMAP4rev2' }),
  // message status (RFC 3501 7.4)
  u('EXPUNGE', true, '* n EXPUNGE', 'RFC 3501 7.4.1; RFC 9051 7.5.1', 'Message number n was removed; every later message\'s number drops by one.'),
  u('FETCH', true, '* n FETCH (item value ...)', 'RFC 3501 7.4.2; RFC 9051 7.5.2', 'Data about message number n: flags, size, envelope, body parts... Sent for FETCH, after STORE, and whenever flags change.'),
  u('VANISHED', false, '* VANISHED [(EARLIER)] uid-set', 'RFC 7162 3.2.10', 'With QRESYNC: these UIDs were expunged. (EARLIER) means it happened before this session caught up.'),
  // command continuation request (RFC 3501 7.5)
  u('+', false, '+ [text or base64]', 'RFC 3501 7.5; RFC 9051 7.6', 'Continuation request: the server is ready for the rest of the command (a literal\'s bytes or a SASL answer), or IDLE has started.'),
  u('UIDFETCH', true, '* uid UIDFETCH (item value ...)', 'RFC 9586 3.3', 'With UIDONLY: like FETCH, but addressed by UID rather than sequence number.'),
];
