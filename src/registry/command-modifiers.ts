// Words that change how a command or response is read without being commands, items or codes
// themselves: SELECT/EXAMINE parameters (RFC 4466 2.1), FETCH and STORE modifiers (RFC 4466
// 2.4, 2.5), and the (EARLIER) tag of VANISHED (RFC 7162 3.2.10.1).
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
  { name: 'UNCHANGEDSINCE', where: 'store-modifier', syntax: 'STORE set (UNCHANGEDSINCE modseq) +FLAGS (flags)', rfc: 'RFC 7162 3.1.3', requires: ['CONDSTORE', 'QRESYNC'],
    explanation: 'Changes only messages whose MODSEQ is not above the number; the others are named in [MODIFIED] and left alone.' },
  { name: 'EARLIER', where: 'response-tag', syntax: '* VANISHED (EARLIER) uid-set', rfc: 'RFC 7162 3.2.10.1', requires: ['QRESYNC'],
    explanation: 'These UIDs went some time ago (in answer to SELECT (QRESYNC ...) or UID FETCH ... VANISHED): forget them, but the message count and numbers stay as they are. Without EARLIER, VANISHED is an expunge happening now and the count drops.' },
];
