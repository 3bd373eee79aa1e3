// Message identifiers (RFC 5322 3.6.4): Message-ID, and the References / In-Reply-To links
// that THREAD=REFERENCES (RFC 5256 3) and THREADID (RFC 8474 5.2) follow.

import { findField, type HeaderField } from './header.js';

/**
 * The msg-ids of a header value, normalised as RFC 5256 3 requires so that quoting does not
 * matter: <"a.b"@host> and <a.b@host> are one id. Comments are skipped; anything without an
 * "@" is not a valid msg-id.
 */
export function msgIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ids: string[] = [];
  for (const [, inside] of value.replace(/\([^()]*\)/g, ' ').matchAll(/<([^<>]*)>/g)) {
    const id = inside.replace(/\s+/g, '').replace(/\\(.)/g, '$1').replace(/"/g, '');
    const at = id.lastIndexOf('@');
    if (at > 0 && at < id.length - 1) ids.push(id);
  }
  return ids;
}

export interface MessageLinks {
  /** The message's own Message-ID, if it has a valid one. */
  messageId?: string;
  /** Its ancestors, oldest first: References, or (RFC 5256 3 step 1) without a usable
   * References line, the first msg-id of In-Reply-To. */
  references: string[];
}

export function messageLinks(headers: HeaderField[]): MessageLinks {
  const references = msgIds(findField(headers, 'References')?.value);
  return {
    messageId: msgIds(findField(headers, 'Message-ID')?.value)[0],
    references: references.length ? references : msgIds(findField(headers, 'In-Reply-To')?.value).slice(0, 1),
  };
}
