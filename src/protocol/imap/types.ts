// The IMAP response model (RFC 3501 section 7, RFC 9051 section 7): what the pure reader
// produces and what the pretty printer, the session, transcripts and the demo server share.
// Strings are decoded from bytes only where the RFC says text (quoted strings, atoms are
// ASCII/UTF-8); literal bodies stay bytes, since they are often 8-bit MIME.

/** One token of a response or command (RFC 3501 section 4: data formats). */
export type ImapValue =
  | ImapAtom
  | ImapNumber
  | ImapQuoted
  | ImapLiteral
  | ImapNil
  | ImapList
  | ImapSectionItem;

/** An atom, including flags (`\Seen`), `\*`, and atoms with `]`-free specials such as `RFC822.SIZE`. */
export interface ImapAtom { type: 'atom'; value: string }
/** number / nz-number / number64 (RFC 9051 allows 63 bits; JS numbers are exact to 2^53). */
export interface ImapNumber { type: 'number'; value: number }
/** quoted = DQUOTE *QUOTED-CHAR DQUOTE, with `\"` and `\\` already unescaped. */
export interface ImapQuoted { type: 'quoted'; value: string }
/**
 * literal = "{" number ["+"] "}" CRLF *CHAR8 ; `~{N}` is literal8 (RFC 3516 BINARY).
 * `data` holds the whole body when `complete`, else only its first bytes: bodies larger
 * than the reader's buffering limit are streamed as `literal-chunk` events instead.
 */
export interface ImapLiteral {
  type: 'literal';
  size: number;
  binary: boolean;
  /** `{N+}` / `{N-}` (RFC 7888) on the client side; always false in server responses. */
  nonSync?: boolean;
  data: Uint8Array;
  complete: boolean;
}
export interface ImapNil { type: 'nil' }
export interface ImapList { type: 'list'; items: ImapValue[] }
/**
 * A fetch item with a section and/or partial: `BODY[HEADER.FIELDS (FROM TO)]<0>`,
 * `BINARY[1.2]`, `BODY[]`. `name` is the part before `[` (upper-cased as sent).
 */
export interface ImapSectionItem {
  type: 'section';
  name: string;
  section: ImapValue[];
  /** The bytes between `[` and `]`, as text, for display and matching. */
  sectionText: string;
  /** `<origin>` in responses, `<origin.count>` in commands. */
  partial?: { origin: number; count?: number };
}

/** resp-text-code (RFC 3501 section 7.1): `[UIDVALIDITY 3857529045]`. */
export interface ResponseCode {
  /** Upper-cased code name: `UIDVALIDITY`, `PERMANENTFLAGS`, `COPYUID`... */
  name: string;
  /** Parsed arguments when they follow the generic grammar; empty otherwise. */
  args: ImapValue[];
  /** The text after the name inside the brackets, verbatim (e.g. `"acdilrsw"`). */
  argText: string;
}

export type StatusWord = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';

/** A status response, tagged (`a1 OK ...`) or untagged (`* OK ...`, `* BYE ...`). */
export interface StatusResponse {
  kind: 'status';
  /** The tag, or undefined for `*`. */
  tag?: string;
  status: StatusWord;
  code?: ResponseCode;
  text: string;
}

/** Untagged data: `* 3 EXISTS`, `* 1 FETCH (...)`, `* LIST (...) "." INBOX`, `* CAPABILITY ...`. */
export interface DataResponse {
  kind: 'data';
  /** The response name, upper-cased: EXISTS, FETCH, LIST, CAPABILITY, SEARCH... */
  name: string;
  /** The leading number for message data (`* 12 FETCH`), if any. */
  number?: number;
  /** Everything after the name. */
  values: ImapValue[];
}

/** A command continuation request: `+ idling`, `+ <base64 challenge>`, `+ Ready`. */
export interface ContinuationResponse {
  kind: 'continuation';
  code?: ResponseCode;
  text: string;
}

export type ImapResponse = StatusResponse | DataResponse | ContinuationResponse;

/** What the pure reader emits for each chunk of server bytes pushed into it. */
export type ReaderEvent =
  | {
      kind: 'response';
      response: ImapResponse;
      /** The response's wire bytes; a streamed literal's body is not included (its size is). */
      raw: Uint8Array;
    }
  | {
      /** A large literal starts: `prefix` is the response text up to and including `{N}\r\n`. */
      kind: 'literal-start';
      size: number;
      prefix: Uint8Array;
    }
  | { kind: 'literal-chunk'; data: Uint8Array }
  | { kind: 'literal-end' }
  | {
      /** A line that breaks the grammar: shown raw, marked at `offset`; the reader goes on. */
      kind: 'malformed';
      raw: Uint8Array;
      offset: number;
      reason: string;
    };
