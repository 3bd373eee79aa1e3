// Every size limit of the IMAP wire code, written once. Readers take overrides in their
// constructor options; these are the defaults.

export const IMAP_LIMITS = {
  /** Server literals up to this size are kept whole in ImapLiteral.data; bigger ones are streamed. */
  maxBufferedLiteral: 1024 * 1024,
  /** Bytes of a streamed literal kept in ImapLiteral.data (enough to show a header). */
  literalHead: 4096,
  /** One server response line (literal bodies excluded). */
  maxLineLength: 1024 * 1024,
  /** All buffered literal bodies of one response; past it, further literals are streamed. */
  maxBufferedResponse: 16 * 1024 * 1024,
  /** Client command line on the server side (RFC 7162 section 4 asks servers for >= 8000 octets). */
  commandMaxLineLength: 64 * 1024,
  /** Client literal on the server side (APPEND bodies). */
  commandMaxLiteral: 32 * 1024 * 1024,
  /** Non-synchronizing literals a LITERAL- server accepts (RFC 7888 section 5). */
  literalMinusMax: 4096,
  /** Nested parenthesised lists: deep BODYSTRUCTUREs exist, unbounded depth is an attack. */
  maxNesting: 128,
  /** Bytes of an over-long line kept in a `malformed` event, for display. */
  malformedRawHead: 1024,
} as const;
