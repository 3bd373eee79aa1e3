// FETCH data items (RFC 3501 6.4.5 and 7.4.2, RFC 9051 6.4.5 and 7.5.2, and extensions).
// Section items are named with empty brackets; lookups strip `[...]` and `<...>` first.
import type { FetchItemEntry } from './types.js';

function f(name: string, rfc: string, explanation: string, more: Partial<FetchItemEntry> = {}): FetchItemEntry {
  return { name, rfc, explanation, ...more };
}

export const FETCH_ITEMS: readonly FetchItemEntry[] = [
  f('ALL', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'Shorthand for FLAGS INTERNALDATE RFC822.SIZE ENVELOPE.', { expands: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'] }),
  f('FAST', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'Shorthand for FLAGS INTERNALDATE RFC822.SIZE.', { expands: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'] }),
  f('FULL', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'Shorthand for FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY.', { expands: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'] }),
  f('FLAGS', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'The message\'s flags and keywords, such as \\Seen or $Junk.'),
  f('INTERNALDATE', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'When the server received the message (not the Date: header).'),
  f('RFC822.SIZE', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'The message size in bytes, as the server would send it.'),
  f('ENVELOPE', 'RFC 3501 7.4.2; RFC 9051 7.5.2', 'The main headers parsed by the server: date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id.'),
  f('BODY', 'RFC 3501 7.4.2; RFC 9051 7.5.2', 'Without brackets: the MIME structure of the message, like BODYSTRUCTURE but without extension data.'),
  f('BODYSTRUCTURE', 'RFC 3501 7.4.2; RFC 9051 7.5.2', 'The MIME tree of the message: each part\'s type, encoding, size and parameters, so a client can fetch only the parts it needs.'),
  f('UID', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'The message\'s unique id in this mailbox, stable across sessions while UIDVALIDITY stays the same.'),
  f('BODY[]', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'Message content: BODY[] is the whole message, BODY[HEADER] the header, BODY[TEXT] the body, BODY[1.2] a MIME part; <0.100> limits the bytes. Asking for BODY[...] sets \\Seen; the answer to BODY.PEEK[...] is named BODY[...] too, and sets nothing.'),
  f('BODY.PEEK[]', 'RFC 3501 6.4.5; RFC 9051 6.4.5', 'Like BODY[...] but does not set the \\Seen flag: the safe way to look at a message.'),
  f('BINARY[]', 'RFC 3516 4.2; RFC 9051 6.4.5', 'A MIME part with its transfer encoding (base64, quoted-printable) already removed by the server. Sets \\Seen.', { requires: ['BINARY'] }),
  f('BINARY.PEEK[]', 'RFC 3516 4.2; RFC 9051 6.4.5', 'Like BINARY[...] without setting \\Seen.', { requires: ['BINARY'] }),
  f('BINARY.SIZE[]', 'RFC 3516 4.2; RFC 9051 6.4.5', 'The decoded size of a MIME part, in bytes.', { requires: ['BINARY'] }),
  f('RFC822', 'RFC 3501 6.4.5', 'The whole message; same as BODY[].', { obsolete: 'removed in IMAP4rev2; use BODY[]' }),
  f('RFC822.HEADER', 'RFC 3501 6.4.5', 'The message header; same as BODY.PEEK[HEADER].', { obsolete: 'removed in IMAP4rev2; use BODY.PEEK[HEADER]' }),
  f('RFC822.TEXT', 'RFC 3501 6.4.5', 'The message body without header; same as BODY[TEXT].', { obsolete: 'removed in IMAP4rev2; use BODY[TEXT]' }),
  f('MODSEQ', 'RFC 7162 3.1.4', 'The message\'s modification sequence number: it grows every time the message\'s flags change.', { requires: ['CONDSTORE', 'QRESYNC'] }),
  f('EMAILID', 'RFC 8474 5.1, 5.3', 'A permanent id of the message that stays the same when it is copied or moved.', { requires: ['OBJECTID'] }),
  f('THREADID', 'RFC 8474 5.2, 5.3', 'A permanent id shared by all messages of one conversation, or NIL.', { requires: ['OBJECTID'] }),
  f('SAVEDATE', 'RFC 8514 3, 4.2', 'When the message was saved in this mailbox (by APPEND, COPY or MOVE), unlike INTERNALDATE; NIL if the mailbox does not record it.', { requires: ['SAVEDATE'] }),
  f('PREVIEW', 'RFC 8970 3, 4', 'A short plain-text preview of the message for list views (at most 256 characters, UTF-8); "" when the server can make none. PREVIEW (LAZY) lets the server answer NIL rather than make you wait. Does not set \\Seen.', { requires: ['PREVIEW'] }),
  f('SNIPPET', 'draft-slusarz-imap-fetch-snippet', 'Draft forerunner of PREVIEW.', { requires: ['SNIPPET=FUZZY'], vendor: 'draft-slusarz-imap-fetch-snippet', obsolete: 'replaced by PREVIEW (RFC 8970)' }),
  f('ANNOTATION', 'RFC 5257 4.3', 'Per-message annotations (comments, colours) stored on the server.', { requires: ['ANNOTATE-EXPERIMENT-1'] }),
  f('X-GM-MSGID', 'vendor: Gmail', 'Gmail\'s permanent 64-bit id of the message, the same in every folder.', { requires: ['X-GM-EXT-1'], vendor: 'Gmail' }),
  f('X-GM-THRID', 'vendor: Gmail', 'Gmail\'s id of the conversation the message belongs to.', { requires: ['X-GM-EXT-1'], vendor: 'Gmail' }),
  f('X-GM-LABELS', 'vendor: Gmail', 'The Gmail labels on the message (Gmail folders are labels).', { requires: ['X-GM-EXT-1'], vendor: 'Gmail' }),
];

/**
 * The FETCH item names as typed, sections left out (`BODY.PEEK`, not `BODY.PEEK[]`), for "did
 * you mean" (src/registry/distance.ts).
 */
export const FETCH_ITEM_WORDS: readonly string[] = [...new Set(FETCH_ITEMS.map((item) => item.name.replace(/\[\]$/, '')))];
