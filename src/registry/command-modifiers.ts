// Words that change how a command or response is read without being commands, items or codes
// themselves: SELECT/EXAMINE parameters (RFC 4466 2.1), FETCH and STORE modifiers (RFC 4466
// 2.4, 2.5), the (EARLIER) tag of VANISHED (RFC 7162 3.2.10.1), and LIST-EXTENDED's options and
// extended data items (RFC 5258 3).
import type { ModifierEntry } from './types.js';

export const COMMAND_MODIFIERS: readonly ModifierEntry[] = [
  { name: 'CONDSTORE', where: 'select-param', syntax: 'SELECT mailbox (CONDSTORE)', rfc: 'RFC 7162 3.1.8', requires: ['CONDSTORE'],
    explanation: 'Turns on CONDSTORE as the mailbox opens: from then on every FETCH of flags carries MODSEQ.' },
  { name: 'QRESYNC', where: 'select-param', syntax: 'SELECT mailbox (QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)]))', rfc: 'RFC 7162 3.2.5', requires: ['QRESYNC'],
    explanation: 'Opens the mailbox and catches up from a state you saved: the server adds VANISHED (EARLIER) for the known UIDs that went and FETCH for the messages that changed since that mod-sequence. Needs ENABLE QRESYNC first; a different UIDVALIDITY means start over.' },
  { name: 'CHANGEDSINCE', where: 'fetch-modifier', syntax: 'FETCH set (items) (CHANGEDSINCE modseq)', rfc: 'RFC 7162 3.1.4.1', requires: ['CONDSTORE', 'QRESYNC'],
    explanation: 'Only the messages whose MODSEQ is above the number, each with its MODSEQ: what changed since you last looked.' },
  { name: 'VANISHED', where: 'fetch-modifier', syntax: 'UID FETCH set (items) (CHANGEDSINCE modseq VANISHED)', rfc: 'RFC 7162 3.2.6', requires: ['QRESYNC'],
    explanation: 'Also asks which UIDs of the set were expunged since the mod-sequence; they come first, as VANISHED (EARLIER). Only with UID FETCH and CHANGEDSINCE, once QRESYNC is enabled.' },
  { name: 'PARTIAL', where: 'fetch-modifier', syntax: 'UID FETCH set (items) (PARTIAL range)', rfc: 'RFC 9394 3.3, 3.4', requires: ['PARTIAL'],
    explanation: 'Fetches one page of the messages the set names, by position: PARTIAL 1:50 the first fifty, PARTIAL -1:-50 the last fifty. With CHANGEDSINCE, the page is cut first, then only its changed messages are sent.' },
  { name: 'UNCHANGEDSINCE', where: 'store-modifier', syntax: 'STORE set (UNCHANGEDSINCE modseq) +FLAGS (flags)', rfc: 'RFC 7162 3.1.3', requires: ['CONDSTORE', 'QRESYNC'],
    explanation: 'Changes only messages whose MODSEQ is not above the number; the others are named in [MODIFIED] and left alone.' },
  { name: 'EARLIER', where: 'response-tag', syntax: '* VANISHED (EARLIER) uid-set', rfc: 'RFC 7162 3.2.10.1', requires: ['QRESYNC'],
    explanation: 'These UIDs went some time ago (in answer to SELECT (QRESYNC ...) or UID FETCH ... VANISHED): forget them, but the message count and numbers stay as they are. Without EARLIER, VANISHED is an expunge happening now and the count drops.' },
  // LIST-EXTENDED (RFC 5258; RFC 9051 6.3.9). CHILDREN, SPECIAL-USE and STATUS are options too,
  // but are explained under their capability and command names.
  { name: 'SUBSCRIBED', where: 'list-select-opt', syntax: 'LIST (SUBSCRIBED) reference pattern / LIST reference pattern RETURN (SUBSCRIBED)', rfc: 'RFC 5258 3.1, 3.2; RFC 9051 6.3.9.1', requires: ['LIST-EXTENDED', 'IMAP4rev2'],
    explanation: 'As a selection option: list only the subscribed names, even ones that no longer exist (those come as \\NonExistent); it replaces LSUB. As a return option: mark subscribed mailboxes with \\Subscribed.' },
  { name: 'REMOTE', where: 'list-select-opt', syntax: 'LIST (REMOTE) reference pattern', rfc: 'RFC 5258 3.1; RFC 9051 6.3.9.1', requires: ['LIST-EXTENDED', 'IMAP4rev2'],
    explanation: 'Also list mailboxes kept on other servers (marked \\Remote); it replaces RLIST.' },
  { name: 'RECURSIVEMATCH', where: 'list-select-opt', syntax: 'LIST (SUBSCRIBED RECURSIVEMATCH) reference pattern', rfc: 'RFC 5258 3.1; RFC 9051 6.3.9.1', requires: ['LIST-EXTENDED', 'IMAP4rev2'],
    explanation: 'Also list a parent the pattern matches when only a descendant meets the other selection options (say, a subscribed child under "%"); such a parent carries CHILDINFO. Never alone: it needs SUBSCRIBED or another base option, or the answer is BAD.' },
  { name: 'CHILDINFO', where: 'list-extended-item', syntax: '* LIST (attributes) "/" name ("CHILDINFO" ("SUBSCRIBED"))', rfc: 'RFC 5258 3.5; RFC 9051 7.3.1', requires: ['LIST-EXTENDED', 'IMAP4rev2'],
    explanation: 'Extended data after the mailbox name, sent with RECURSIVEMATCH: some mailbox below this one meets the listed selection options (e.g. is subscribed), though the pattern did not reach it.' },
  { name: 'OLDNAME', where: 'list-extended-item', syntax: '* LIST (attributes) "/" name ("OLDNAME" ("old-name"))', rfc: 'RFC 5465 5.4; RFC 9051 6.3.9.7, 7.3.1',
    explanation: 'Extended data after the mailbox name: the name the client used before. Sent after a rename, or when the server spelled the name you gave in its own canonical form (SELECT inbox answered with INBOX).' },
];
