// The POP3 reader's events (RFC 1939, RFC 2449 extended response codes, RFC 5034 SASL).

export type Pop3Event =
  | {
      kind: 'response';
      ok: boolean;
      /** RFC 2449 extended response code: `IN-USE`, `SYS/TEMP`... (without brackets). */
      code?: string;
      /** The text after `+OK` / `-ERR` (and after the code), without CRLF. */
      text: string;
      /** Dot-unstuffed body lines without CRLF, when multi-line and +OK. */
      lines?: Uint8Array[];
      /** The body went past maxBufferedBody: `lines` holds its start, `body-chunk` events the rest. */
      truncated?: boolean;
      /** The exact wire bytes (of a truncated body only the buffered part). */
      raw: Uint8Array;
    }
  /** "+ challenge" during AUTH (RFC 5034); the AUTH command's final +OK/-ERR is still to come. */
  | { kind: 'continuation'; text: string; raw: Uint8Array }
  /** Body bytes past maxBufferedBody, dot-unstuffed, CRLFs kept; emitted before their response event. */
  | { kind: 'body-chunk'; data: Uint8Array }
  | { kind: 'malformed'; raw: Uint8Array; reason: string };
