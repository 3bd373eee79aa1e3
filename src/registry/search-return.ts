// SEARCH result options, `SEARCH RETURN (MIN MAX COUNT) ...` (RFC 4466 2.6, RFC 4731 3.1,
// RFC 5182 2, RFC 9051 6.4.4), and the parts of the ESEARCH response that answers them
// (`* ESEARCH (TAG "a1") UID MIN 1 COUNT 3`, RFC 4466 2.6.2, RFC 9051 7.3.4). The same options
// follow SORT with ESORT (RFC 5267 3), taken in sort order there.
import type { SearchReturnEntry } from './types.js';

const BASE = 'RFC 4731 3.1; RFC 9051 6.4.4; RFC 5267 3.1';

export const SEARCH_RETURN: readonly SearchReturnEntry[] = [
  { name: 'MIN', where: 'both', value: 'nz-number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'The lowest message number (or UID, after UID SEARCH) that matched; after SORT, the first in sort order. Left out of the answer when nothing matched.' },
  { name: 'MAX', where: 'both', value: 'nz-number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'The highest message number (or UID, after UID SEARCH) that matched; after SORT, the last in sort order. Left out of the answer when nothing matched.' },
  { name: 'COUNT', where: 'both', value: 'number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'How many messages matched; always in the answer when asked for, COUNT 0 when none did.' },
  { name: 'ALL', where: 'both', value: 'sequence-set', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'Every match, as a compact sequence set such as 1:3,7 (after SORT in sort order, like 5:6,4,1). Left out when nothing matched. An empty RETURN () means ALL.' },
  { name: 'SAVE', where: 'option', rfc: 'RFC 5182 2; RFC 9051 6.4.4.1', requires: ['SEARCHRES'],
    explanation: 'Keeps the result on the server, so later commands can name it as `$` (FETCH $ FLAGS). Alone it suppresses the answer; with only MIN and/or MAX, `$` holds just those messages.' },
  { name: 'PARTIAL', where: 'both', value: '(range sequence-set)', rfc: 'RFC 9394 3.1; RFC 5267 4.4', requires: ['PARTIAL'],
    explanation: 'One page of the result: the matches at the given positions (1:100, or -1:-100 from the end), answered as (range set), or (range NIL) when none is there. Not together with ALL.' },
  // RFC 5267 4: results the server keeps and updates (Dovecot announces CONTEXT=SEARCH).
  { name: 'CONTEXT', where: 'option', rfc: 'RFC 5267 4.2', requires: ['CONTEXT=SEARCH', 'CONTEXT=SORT'],
    explanation: 'A hint that this result will be asked for again (a later PARTIAL page, or UPDATE), so the server may keep it ready.' },
  { name: 'UPDATE', where: 'option', rfc: 'RFC 5267 4.3', requires: ['CONTEXT=SEARCH', 'CONTEXT=SORT'],
    explanation: 'Keeps the search alive: as messages start or stop matching, the server sends ESEARCH ADDTO and REMOVEFROM tagged with this command\'s tag, until CANCELUPDATE with that tag or the mailbox is no longer selected. Only those changes are sent, never a new MIN, MAX or COUNT.' },
  { name: 'ADDTO', where: 'data', value: '(position set ...)', rfc: 'RFC 5267 4.3.3', requires: ['CONTEXT=SEARCH', 'CONTEXT=SORT'],
    explanation: 'An update to a search kept alive with UPDATE: these messages now match. Position 0 (after SEARCH): insert them in mailbox order; otherwise (after SORT) the first one goes at that position in the sorted result.' },
  { name: 'REMOVEFROM', where: 'data', value: '(position set ...)', rfc: 'RFC 5267 4.3.4', requires: ['CONTEXT=SEARCH', 'CONTEXT=SORT'],
    explanation: 'An update to a search kept alive with UPDATE: these messages no longer match (flags changed, or expunged: then this comes before the EXPUNGE). Position 0 (after SEARCH): remove them wherever they are.' },
  { name: 'MODSEQ', where: 'data', value: 'mod-sequence-value', rfc: 'RFC 4731 3.2; RFC 7162 3.1.5', requires: ['CONDSTORE'],
    explanation: 'Sent when the search used the MODSEQ key: the highest mod-sequence of the messages returned (of MIN or MAX alone when only that was asked).' },
  { name: 'TAG', where: 'data', value: 'string', rfc: 'RFC 4466 2.6.2; RFC 9051 7.3.4',
    explanation: 'The search correlator: the tag of the command this ESEARCH answers, so answers to pipelined searches are not mixed up.' },
  { name: 'UID', where: 'data', rfc: 'RFC 4731 3.1; RFC 9051 7.3.4',
    explanation: 'The numbers in this ESEARCH are UIDs (it answers a UID SEARCH), not message sequence numbers.' },
];
