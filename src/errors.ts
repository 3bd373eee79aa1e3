// Stable error codes, listed once. A MailscopeError's message is one line that names what
// failed and why; the CLI prints it and picks the exit code from the code's class.

export const ERROR_CODES = {
  // usage (exit 2 unless noted by the caller)
  BAD_ARGUMENT: 'a command-line argument is malformed',
  FILE_UNREADABLE: 'a file could not be read',
  FILE_UNWRITABLE: 'a file could not be written',
  NOT_MAIL: 'a file given as mail is neither a message (RFC 5322) nor an mbox file',
  // connection and TLS (exit 2)
  CONNECT_FAILED: 'the TCP connection could not be made',
  LISTEN_FAILED: 'a server (serve, serve-demo, demo) could not listen on its port',
  CONNECT_TIMEOUT: 'the server did not accept the connection in time',
  READ_TIMEOUT: 'the server sent nothing for too long',
  CONNECTION_CLOSED: 'the server closed the connection',
  TLS_FAILED: 'the TLS handshake failed',
  TLS_CERT_INVALID: 'the server certificate did not verify',
  STARTTLS_UNAVAILABLE: 'STARTTLS/STLS was asked for but the server does not offer it or refused it',
  PROTOCOL_UNKNOWN: 'the protocol could not be told from the port or the greeting',
  // protocol
  MALFORMED_RESPONSE: 'a server line breaks the protocol grammar',
  LINE_TOO_LONG: 'a line is longer than the limit',
  LITERAL_TOO_LARGE: 'a literal announcement exceeds the limit',
  // authentication
  AUTH_FAILED: 'the server refused the credentials',
  AUTH_MECHANISM_UNSUPPORTED: 'the SASL mechanism is not supported',
  SASL_SERVER_SIGNATURE: 'the SCRAM server signature did not verify',
  PLAINTEXT_AUTH_REFUSED: 'a secret would go over an unencrypted connection',
  NO_SECRET: 'no password or token was given',
  // transcripts
  TRANSCRIPT_SYNTAX: 'a transcript line could not be parsed',
  TRANSCRIPT_TRUNCATED: 'a transcript file ends in the middle of an entry (cut off while it was written)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class MailscopeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'MailscopeError';
  }
}

export function isMailscopeError(e: unknown): e is MailscopeError {
  return e instanceof MailscopeError;
}

/** A file that could not be read or written, as one line: `cannot read WHAT: reason in words`. */
export function fileError(code: 'FILE_UNREADABLE' | 'FILE_UNWRITABLE', what: string, err: unknown): MailscopeError {
  const verb = code === 'FILE_UNREADABLE' ? 'read' : 'write';
  return new MailscopeError(code, `cannot ${verb} ${what}: ${errnoText(err as NodeJS.ErrnoException)}`, { cause: err });
}

/** The reason in an error from the system (a socket, a file), in words rather than errno. */
export function errnoText(err: NodeJS.ErrnoException): string {
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens on that port)',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ECONNRESET: 'connection reset by peer',
    ETIMEDOUT: 'timed out',
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a folder on the path is not a directory',
    EEXIST: 'already exists',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EADDRINUSE: 'address in use (another program listens on that port)',
    EADDRNOTAVAIL: 'address not available on this machine',
  };
  return (err.code && known[err.code]) ?? err.message;
}
