// The process's streams and environment, passed to every subcommand so tests can fake them.
export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where ~/.mailscope_history and ~/.netrc live. */
  home: string;
  /** Whether a connected peer address is this machine; tests stand in a remote server. */
  isLoopbackAddress?(address: string): boolean;
  /** Aborts when the user asks to stop: SIGINT/SIGTERM in long-running servers, SIGTERM in the
   * REPL. Without it, those commands listen to the process's signals themselves. */
  signal?: AbortSignal;
  /** How often an IDLE left running is renewed (default 29 minutes, RFC 2177); tests shorten it. */
  idleRenewMs?: number;
}
