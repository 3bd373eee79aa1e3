// `:explain` of an ENVELOPE (RFC 9051 7.5.2, RFC 3501 7.4.2): its ten fields named, each with
// its value as a reader would write it, so `(("support team" NIL "examplesupport" "gmail.com"))`
// reads as `support team <examplesupport@gmail.com>`.
//
// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
//            SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
// address  = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"; a group is framed by
//            (NIL NIL "group" NIL) and (NIL NIL NIL NIL).
import type { ImapValue } from '../protocol/imap/types.js';
import type { ExplainLine } from './explain-lines.js';

/** The fields in wire order, with what each holds. */
export const ENVELOPE_FIELDS: ReadonlyArray<readonly [name: string, meaning: string]> = [
  ['date', 'the Date: header as the sender wrote it (the arrival time is INTERNALDATE)'],
  ['subject', 'the Subject: header, raw: encoded-words (=?UTF-8?...?=) stay encoded'],
  ['from', 'the From: header'],
  ['sender', 'the Sender: header; the server repeats From when there is none'],
  ['reply-to', 'the Reply-To: header; the server repeats From when there is none'],
  ['to', 'the To: header'],
  ['cc', 'the Cc: header'],
  ['bcc', 'the Bcc: header (seldom kept in stored mail)'],
  ['in-reply-to', 'the In-Reply-To: header: the Message-ID this message answers'],
  ['message-id', 'the Message-ID: header'],
];

const ADDRESS_NOTE = 'each address is (name adl mailbox host): adl, a source route, is obsolete and NIL';

/** One line per field (depth 2, under the ENVELOPE item); NIL fields say that the header is absent. */
export function envelopeLines(value: ImapValue | undefined): ExplainLine[] {
  if (value?.type !== 'list') return [];
  let noted = false;
  return ENVELOPE_FIELDS.map(([name, meaning], i) => {
    const field = value.items[i];
    const isAddresses = field?.type === 'list';
    const shown = isAddresses ? addresses(field.items) : scalar(field);
    let said = field?.type === 'nil' ? `${meaning}; NIL, not there` : meaning;
    // The address structure is told once, at the first field that has addresses.
    if (isAddresses && !noted) {
      noted = true;
      said = `${said}; ${ADDRESS_NOTE}`;
    }
    return { term: `${name}: ${shown}`, kind: 'value' as const, text: said, depth: 2 };
  });
}

function scalar(v: ImapValue | undefined): string {
  if (!v || v.type === 'nil') return 'NIL';
  if (v.type === 'quoted' || v.type === 'atom') return JSON.stringify(v.value);
  if (v.type === 'literal') return `{${v.size}} literal`;
  return '?';
}

function text(v: ImapValue | undefined): string | undefined {
  return v && (v.type === 'quoted' || v.type === 'atom') ? v.value : undefined;
}

/** Addresses as a reader writes them: `name <mailbox@host>`, `group: ...;`. */
function addresses(items: readonly ImapValue[]): string {
  const out: string[] = [];
  for (const item of items) {
    if (item.type !== 'list') continue;
    const [name, , mailbox, host] = item.items.map(text);
    if (host === undefined && mailbox !== undefined) out.push(`${mailbox}:`); // group start
    else if (host === undefined) out.push(';'); // group end
    else out.push(name ? `${name} <${mailbox ?? ''}@${host}>` : `${mailbox ?? ''}@${host}`);
  }
  return out.join(', ').replace(/:, /g, ': ').replace(/, ;/g, ';');
}
