// What the explainer produces: lines of data, one per word explained, rendered by format.ts.

import type { FlagKind } from './types.js';

export type ExplainKind =
  | 'imap-command'
  | 'capability'
  | 'response-code'
  | 'untagged-response'
  | FlagKind
  | 'acl-rights'
  | 'acl-right'
  | 'pop3-command'
  | 'pop3-capability'
  | 'pop3-response-code'
  | 'pop3-status'
  | 'pop3-answer'
  | 'sasl-mechanism'
  | 'fetch-item'
  | 'search-key'
  | 'search-return'
  | 'sort-criterion'
  | 'modifier'
  | 'status-item'
  | 'store-action'
  | 'value'
  | 'unknown';

export interface ExplainLine {
  /** The word explained, as it appeared (`\Seen`, `AUTH=PLAIN`, `a`). */
  term: string;
  kind: ExplainKind;
  text: string;
  rfc?: string;
  /** Extra facts: syntax, legal states, obsolete or vendor notes. */
  notes?: string[];
  /** 0 for a whole term or response, 1 for its parts, 2 for parts of parts. */
  depth: number;
}

export interface ExplainResult {
  term: string;
  /** Every reading of the term (LIST is a command and an untagged response). */
  lines: ExplainLine[];
  /** Near misses when nothing matched. */
  suggestions: string[];
  known: boolean;
}

export const KIND_LABELS: Record<ExplainKind, string> = {
  'imap-command': 'IMAP command',
  capability: 'IMAP capability',
  'response-code': 'IMAP response code',
  'untagged-response': 'IMAP response',
  'system-flag': 'system flag',
  'permanentflags-marker': 'PERMANENTFLAGS marker',
  keyword: 'keyword (message flag)',
  'mailbox-attribute': 'mailbox attribute',
  'special-use': 'special-use mailbox attribute',
  'acl-rights': 'ACL rights string',
  'acl-right': 'ACL right',
  'pop3-command': 'POP3 command',
  'pop3-capability': 'POP3 CAPA tag',
  'pop3-response-code': 'POP3 response code',
  'pop3-status': 'POP3 status',
  'pop3-answer': 'POP3 answer',
  'sasl-mechanism': 'SASL mechanism',
  'fetch-item': 'FETCH item',
  'search-key': 'SEARCH key',
  'search-return': 'SEARCH result option / ESEARCH data',
  'sort-criterion': 'SORT criterion',
  modifier: 'SELECT parameter / command modifier / response tag / LIST option or data',
  'status-item': 'STATUS item',
  'store-action': 'STORE action',
  value: 'value',
  unknown: 'unknown',
};
