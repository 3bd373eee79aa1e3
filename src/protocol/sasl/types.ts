// Shared shapes of the SASL layer (RFC 4422). Mechanisms are pure step machines: bytes in,
// bytes out, no sockets. The protocol layers (IMAP AUTHENTICATE, POP3 AUTH) do the base64
// framing, '*' cancel and '=' empty-response conventions.

export interface SaslCredentials {
  user: string;
  password?: string;
  token?: string;
  /** Authorization identity (act as another user); empty or absent = same as user. */
  authzid?: string;
  /** OAUTHBEARER (RFC 7628 §3.1) sends the host and port the client connected to. */
  host?: string;
  port?: number;
}

export interface SaslClientOptions {
  /** Client nonce for SCRAM; injected in tests (RFC vectors), random otherwise. */
  nonce?: () => string;
}

export interface SaslClient {
  readonly mechanism: string;
  /** Initial response for SASL-IR (RFC 4959), or undefined if the mechanism waits for a challenge. */
  initialResponse(): Uint8Array | undefined;
  /** Answer one server challenge. Throws MailscopeError (e.g. SASL_SERVER_SIGNATURE). */
  respond(challenge: Uint8Array): Uint8Array;
  /** Called after the server's success; verifies success data (SCRAM server signature). */
  finish?(serverFinal: Uint8Array | undefined): void;
  /** Decoded and redacted text of one step, for display. Never contains a secret. */
  describeStep(direction: 'client' | 'server', bytes: Uint8Array): string;
}

/** What the client half of one mechanism does; the wrapper in index.ts adds display. */
export interface ClientSteps {
  initialResponse(): Uint8Array | undefined;
  respond(challenge: Uint8Array): Uint8Array;
  finish?(serverFinal: Uint8Array | undefined): void;
}

/**
 * One server step. `data` on success or failure is "additional data" (RFC 4422 §3.6):
 * IMAP and POP3 have no room for it in the final reply, so the server sends it as a
 * '+' challenge, reads (and ignores) the client's answer, then sends OK or NO
 * (SCRAM `v=` on success; XOAUTH2 / OAUTHBEARER JSON error on failure, RFC 7628 §3.2.2).
 */
export type SaslServerStep =
  | { kind: 'challenge'; data: Uint8Array }
  | { kind: 'success'; user: string; data?: Uint8Array }
  | { kind: 'failure'; reason: string; data?: Uint8Array };

export interface SaslServer {
  readonly mechanism: string;
  start(initial: Uint8Array | undefined): SaslServerStep;
  step(response: Uint8Array): SaslServerStep;
}

export type SaslUserLookup = (user: string) => { password: string } | undefined;

export interface SaslServerOptions {
  /** The bearer token XOAUTH2 and OAUTHBEARER accept (default DEMO_OAUTH_TOKEN). */
  xoauth2Token?: string;
  /** Host name in CRAM-MD5 challenges (RFC 2195 §2: a msg-id). */
  hostname?: string;
  /** Server nonce for SCRAM and CRAM-MD5; random if absent. */
  nonce?: () => string;
  /** SCRAM salt and iteration count; random salt and 4096 (RFC 7677 §4 minimum) if absent. */
  scramSalt?: Uint8Array;
  scramIterations?: number;
}

/** A client message decoded for display, and the same message with its secret masked. */
export interface InspectedResponse {
  describe: string;
  masked: Uint8Array;
}

/** One row of the mechanism table. */
export interface SaslMechanism {
  readonly name: string;
  /** What the user must have for this mechanism. */
  readonly needs: 'password' | 'token' | 'clientCert';
  createClient(creds: SaslCredentials, opts: SaslClientOptions): ClientSteps;
  /** EXTERNAL has no server here: the demo server does not request client certificates. */
  createServer?(lookup: SaslUserLookup, opts: SaslServerOptions): SaslServer;
  /** `step` is the 0-based index of the client message (the initial response counts). */
  inspectClient(bytes: Uint8Array, step: number): InspectedResponse;
  describeServer(bytes: Uint8Array): string;
  /**
   * A server message with what would let a reader test password guesses offline masked, or
   * undefined when it holds none (SCRAM's v=, RFC 5802 3: with the exchange's nonces, salt and
   * iteration count beside it, the server signature verifies a guess as well as the client proof).
   */
  maskServer?(bytes: Uint8Array): Uint8Array | undefined;
}
