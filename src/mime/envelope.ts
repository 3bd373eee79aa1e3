// RFC 3501 section 7.4.2 ENVELOPE: date, subject, from, sender, reply-to, to, cc, bcc,
// in-reply-to, message-id, from the message's header fields, undecoded. Sender and
// reply-to fall back to from ("the server MUST default ... to the from field").

import type { ImapValue } from '../protocol/imap/types.js';
import { findField } from './header.js';
import type { MimePart } from './message.js';
import { parseAddressList, type AddressItem, type Mailbox } from './address.js';
import { NIL, imapList, imapString } from './imap-string.js';

type EnvelopeField = { header: string; kind: 'string' | 'addresses'; fallback?: string };

/** The ten ENVELOPE fields in wire order. */
export const ENVELOPE_FIELDS: EnvelopeField[] = [
  { header: 'Date', kind: 'string' },
  { header: 'Subject', kind: 'string' },
  { header: 'From', kind: 'addresses' },
  { header: 'Sender', kind: 'addresses', fallback: 'From' },
  { header: 'Reply-To', kind: 'addresses', fallback: 'From' },
  { header: 'To', kind: 'addresses' },
  { header: 'Cc', kind: 'addresses' },
  { header: 'Bcc', kind: 'addresses' },
  { header: 'In-Reply-To', kind: 'string' },
  { header: 'Message-ID', kind: 'string' },
];

export function envelope(msg: MimePart): ImapValue {
  return imapList(ENVELOPE_FIELDS.map((field) => envelopeItem(msg, field)));
}

function envelopeItem(msg: MimePart, field: EnvelopeField): ImapValue {
  const value = findField(msg.headers, field.header)?.value;
  if (field.kind === 'string') return imapString(value);
  const own = addressList(value);
  if (own.type !== 'nil' || !field.fallback) return own;
  return addressList(findField(msg.headers, field.fallback)?.value);
}

/** An address list, or NIL when the field is absent or holds no address. */
export function addressList(value: string | undefined): ImapValue {
  if (value === undefined) return NIL;
  const items = parseAddressList(value).flatMap(addressItems);
  return items.length ? imapList(items) : NIL;
}

// RFC 3501 section 7.4.2: a group is a start marker (NIL NIL group-name NIL), its members,
// and an end marker (NIL NIL NIL NIL).
function addressItems(item: AddressItem): ImapValue[] {
  if (item.kind === 'mailbox') return [address(item.mailbox)];
  const start = imapList([NIL, NIL, imapString(item.name), NIL]);
  const end = imapList([NIL, NIL, NIL, NIL]);
  return [start, ...item.members.map(address), end];
}

function address(m: Mailbox): ImapValue {
  return imapList([imapString(m.name), imapString(m.route), imapString(m.mailbox), imapString(m.host)]);
}
