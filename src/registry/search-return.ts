// SEARCH result options, `SEARCH RETURN (MIN MAX COUNT) ...` (RFC 4466 2.6, RFC 4731 3.1,
// RFC 5182 2, RFC 9051 6.4.4), and the parts of the ESEARCH response that answers them
// (`* ESEARCH (TAG "a1") UID MIN 1 COUNT 3`, RFC 4466 2.6.2, RFC 9051 7.3.4).
import type { SearchReturnEntry } from './types.js';

const BASE = 'RFC 4731 3.1; RFC 9051 6.4.4';

export const SEARCH_RETURN: readonly SearchReturnEntry[] = [
  { name: 'MIN', where: 'both', value: 'nz-number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'The lowest message number (or UID, after UID SEARCH) that matched. Left out of the answer when nothing matched.' },
  { name: 'MAX', where: 'both', value: 'nz-number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'The highest message number (or UID, after UID SEARCH) that matched. Left out of the answer when nothing matched.' },
  { name: 'COUNT', where: 'both', value: 'number', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'How many messages matched; always in the answer when asked for, COUNT 0 when none did.' },
  { name: 'ALL', where: 'both', value: 'sequence-set', rfc: BASE, requires: ['ESEARCH'],
    explanation: 'Every match, as a compact sequence set such as 1:3,7 (in no promised order). Left out when nothing matched. An empty RETURN () means ALL.' },
  { name: 'SAVE', where: 'option', rfc: 'RFC 5182 2; RFC 9051 6.4.4.1', requires: ['SEARCHRES'],
    explanation: 'Keeps the result on the server, so later commands can name it as `$` (FETCH $ FLAGS). Alone it suppresses the answer; with only MIN and/or MAX, `$` holds just those messages.' },
  { name: 'PARTIAL', where: 'both', value: '(range sequence-set)', rfc: 'RFC 9394 3.1', requires: ['PARTIAL'],
    explanation: 'One page of the result: the matches at the given positions (1:100, or -1:-100 from the end).' },
  { name: 'MODSEQ', where: 'data', value: 'mod-sequence-value', rfc: 'RFC 4731 3.2; RFC 7162 3.1.5', requires: ['CONDSTORE'],
    explanation: 'Sent when the search used the MODSEQ key: the highest mod-sequence of the messages returned (of MIN or MAX alone when only that was asked).' },
  { name: 'TAG', where: 'data', value: 'string', rfc: 'RFC 4466 2.6.2; RFC 9051 7.3.4',
    explanation: 'The search correlator: the tag of the command this ESEARCH answers, so answers to pipelined searches are not mixed up.' },
  { name: 'UID', where: 'data', rfc: 'RFC 4731 3.1; RFC 9051 7.3.4',
    explanation: 'The numbers in this ESEARCH are UIDs (it answers a UID SEARCH), not message sequence numbers.' },
];
