// Every size limit of the POP3 wire code, written once.

export const POP3_LIMITS = {
  /** Body bytes of one multi-line response kept in `lines`; past it, `body-chunk` events. */
  maxBufferedBody: 1024 * 1024,
  /** A status line (RFC 2449 section 4 allows 512 octets; servers exceed it, we allow more). */
  maxLineLength: 64 * 1024,
} as const;
