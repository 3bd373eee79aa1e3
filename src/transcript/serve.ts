// A fake server that plays a transcript's server side: the greeting, then for each client
// command that matches the next `C:` line (the tag aside) the recorded `S:` lines, with the
// recorded tag rewritten to the client's. ScriptedServer is the sans-I/O session; the socket
// wiring is startTranscriptServer. Each connection reads the transcript anew as it plays it
// (serve-script.ts), and a long answer goes out a megabyte at a time, as the client takes it.

import { createServer, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { Transport } from '../client/transport.js';
import type { Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { entryText } from './match.js';
import { ScriptCursor, scriptSource, type ScriptLine, type ScriptSource } from './serve-script.js';
import {
  LoginStandIn, closingAnswer, commandName, midSessionStart, ownAnswer, recordedCapabilities, servedCapabilities, servedGreeting, standInCapabilities, type RecordedCapabilities,
} from './serve-login.js';
import { createRedactor, type ImapRedactor, type Pop3Redactor } from './redact.js';
import { servedBytes } from './serve-pattern.js';
import { ANY_LITERAL_END, NON_SYNC_LITERAL, clientLineMatches, expectedText, saslAwaitingChallenge, shownLine, tagIgnored } from './serve-match.js';
import { listenOn } from '../net/listen.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { ascii, contentEnd, imapCommandHead } from './wire.js';

export interface ServeOptions {
  port: number;
  host?: string;
  /** End the session at the first client line that does not match the transcript. */
  strict: boolean;
  /** Certificate for a recorded `= starttls`; without one such a session ends there. */
  secureContext?: SecureContext;
  /** Told of each connection, mismatch, end of the recording and hang-up, for serve's user to see. */
  log?: (event: ServeEvent) => void;
}

/** What serve tells its user, one event at a time; `client` is the client's `address:port`. */
export type ServeEvent =
  | { kind: 'connected'; client: string }
  | ({ kind: 'mismatch'; client: string } & Mismatch)
  | { kind: 'recording-ended'; client: string }
  | { kind: 'stood-in'; client: string; command: string }
  | { kind: 'disconnected'; client: string; by: 'client' | 'serve' };

/** A client line the recording did not expect: both as text, secrets masked. */
export interface Mismatch {
  /** The recorded line expected next (IMAP: without its tag); undefined when the recording has no more. */
  expected: string | undefined;
  received: string;
}

/** The greeting made for a recording that has none (RFC 3501 7.1.1, RFC 1939 4). */
const GREETING_WORD: Record<Protocol, string> = { imap: '* OK', pop3: '+OK' };
const NO_GREETING = 'mailscope serve: the recording starts after the greeting';

export interface ServeReply {
  send: Uint8Array[];
  close: boolean;
  /** After sending, the connection becomes TLS (a recorded `= starttls`): the server side of the handshake. */
  startTls?: boolean;
  /** After sending, both directions are deflated (a recorded `= compress`, RFC 4978). */
  compress?: boolean;
  /** The client line did not match the recording (it was refused, with BAD or -ERR). */
  mismatch?: Mismatch;
  /** The recording has been played to its end with this reply. */
  ended?: boolean;
  /** The answer goes on: send this part, then ask for the rest with more() before any client line. */
  more?: boolean;
  /** serve answered this command itself, not from the recording (a stand-in: serve-login.ts). */
  stoodIn?: string;
}

/** About how many bytes of a long answer one reply holds (a 200 MB literal is sent in parts). */
const REPLY_BYTES = 1024 * 1024;

/** Commands after which a server closes the connection (RFC 3501 6.1.3, RFC 1939 6). */
const CLOSING_COMMANDS: ReadonlySet<string> = new Set(['LOGOUT', 'QUIT']);

const PLUS = 0x2b;
const STAR = 0x2a;

/** What serve does about the `+` the client's literal announcement asks for, or does not. */
type GoAhead = 'skip-recorded' | 'give' | undefined;

/** RFC 3501 7.5: the go-ahead a client that waits for one gets where the recording's client did not wait. */
const GO_AHEAD_STAND_IN = '+ mailscope serve: go ahead (a stand-in: the recording\'s client sent this literal without waiting, LITERAL+)';

/** The capability query of each protocol (RFC 3501 6.1.1, RFC 2449 5): asked for information only. */
const CAPABILITY_QUERY: Record<Protocol, string> = { imap: 'CAPABILITY', pop3: 'CAPA' };

export class ScriptedServer {
  private readonly script: ScriptCursor;
  private readonly protocol: Protocol;
  /** Recorded tag -> the client's tag, for the exchange under way. */
  private tagMap = new Map<string, string>();
  private clientTag: string | undefined;
  /** The client line whose answer is being sent in parts. */
  private answering: ScriptLine | undefined;
  /** A recording begun after login: the client's login, until the first recorded command matches. */
  private standIn: LoginStandIn | undefined;
  /** The client's literal and the recording's differ in waiting for a `+` (LITERAL+): set for the answer being played. */
  private goAhead: GoAhead;
  /** A recorded `= starttls` has been played. */
  private tlsDone = false;
  /** A recorded client line has matched: serve no longer stands in for a NOOP (serve-login.ts). */
  private started = false;
  private endTold = false;
  /** serve sent `+ ` for a SASL command the client sent without its initial response: its next line is the response. */
  private saslResponseDue = false;
  /** Masks the client's secrets for the log, following its lines (a SASL response, a literal password). */
  private readonly redactor: ImapRedactor | Pop3Redactor;
  private readonly recorded: () => RecordedCapabilities;

  constructor(t: Transcript | ScriptSource, private readonly strict: boolean) {
    const source = scriptSource(t);
    this.script = new ScriptCursor(source);
    this.protocol = source.protocol;
    this.redactor = createRedactor(source.protocol);
    this.recorded = () => recordedCapabilitiesOf(source);
    const start = midSessionStart(source.header);
    if (start) this.standIn = new LoginStandIn(source.protocol, start, () => capabilitiesOf(source), () => this.recorded().delimiter);
  }

  /**
   * What to send when the client connects: the recorded greeting. A recording begun mid-session
   * (`:record FILE`) holds none, and a client waits for one before anything else: one is made.
   */
  start(): ServeReply {
    const reply = this.play();
    if (reply.send.length === 0 && !reply.close) reply.send.push(Buffer.from(`${GREETING_WORD[this.protocol]} ${NO_GREETING}\r\n`));
    // The greeting's capability code says what serve can do, as its own CAPABILITY answer does.
    else if (this.protocol === 'imap') reply.send = reply.send.map((line) => servedGreeting(line, this.recorded(), this.tlsDone));
    return this.told(reply);
  }

  /** The rest of an answer sent in parts (`more`). */
  more(): ServeReply {
    return this.told(this.answer());
  }

  /** The connection ended: stop reading the transcript. */
  close(): void {
    this.script.close();
  }

  /** One complete line from the client. */
  clientLine(line: Uint8Array): ServeReply {
    const received = this.redactor.client(line).bytes;
    const reply = this.told(this.reply(line, received));
    // The redactor follows the exchange: a tagged completion ends a SASL one.
    for (const sent of reply.send) this.redactor.server(sent);
    return reply;
  }

  /** Marks the reply that plays the recording's last line (once). */
  private told(reply: ServeReply): ServeReply {
    if (!reply.more && !this.endTold && !this.script.current()) {
      this.endTold = true;
      reply.ended = true;
    }
    return reply;
  }

  private reply(line: Uint8Array, received: Uint8Array): ServeReply {
    // The rest of a login under way is a secret (a literal, a SASL response): no command to name.
    const continuing = this.standIn?.continuing === true;
    const standing = this.standIn?.beforeRecording(line);
    if (standing) return { send: standing, close: false, stoodIn: continuing ? undefined : commandName(this.protocol, line) };
    if (this.saslResponseDue) return this.saslResponse(line);
    const expected = this.script.current();
    const actualHead = this.protocol === 'imap' ? imapCommandHead(line) : undefined;
    if (!expected) {
      const closing = closingAnswer(this.protocol, line);
      if (closing) return { send: closing, close: true, stoodIn: commandName(this.protocol, line) };
    }
    if (!expected || expected.entry.kind !== 'client') {
      return this.refuse(actualHead?.tag, 'the transcript has no more commands', { expected: undefined, received: shownLine(received) });
    }
    const expectedHead = this.protocol === 'imap' ? imapCommandHead(expected.entry.bytes) : undefined;
    const ignoreTag = tagIgnored(expected, this.protocol, line);
    const content = ascii(line.subarray(0, contentEnd(line)));
    if (!clientLineMatches(expected, this.protocol, line)) {
      if (saslAwaitingChallenge(expected, this.protocol, line)) return this.saslChallenge(actualHead?.tag);
      if (this.skipsQuery(expected, line)) return this.reply(line, received);
      const instead = this.standIn?.instead(line) ?? ownAnswer(this.protocol, line, () => this.capabilities(), this.started);
      if (instead) return { send: instead, close: false, stoodIn: commandName(this.protocol, line) };
      const shown = expectedText(expected, this.protocol, ignoreTag);
      const tag = expected.continuation ? this.clientTag ?? actualHead?.tag : actualHead?.tag ?? this.clientTag;
      return this.refuse(tag, `expected "${shown}"`, { expected: shown, received: shownLine(received) });
    }
    if (ignoreTag && expectedHead && actualHead) {
      this.tagMap.set(expectedHead.tag, actualHead.tag);
      this.clientTag = actualHead.tag;
    }
    this.standIn = undefined; // the recording plays: its state is the client's now
    this.started = true;
    this.script.advance();
    this.answering = expected;
    if (this.protocol === 'imap') this.goAhead = goAheadFor(content, entryText(expected.entry as Entry & { kind: 'client' }));
    return this.answer();
  }

  /**
   * A recorded capability query (CAPABILITY, CAPA) the client does not send, where the
   * client's line is the recorded command after it: mailscope asks again after STARTTLS/STLS
   * (RFC 3501 6.2.1, RFC 2595 4), poplib's stls() and other clients do not. The query changes
   * no state, so its answer is passed over (no mismatch, nothing logged, --strict too) and the
   * recording plays on from the client's line. Whether it was skipped.
   */
  private skipsQuery(expected: ScriptLine, line: Uint8Array): boolean {
    if (expected.continuation || expected.command !== CAPABILITY_QUERY[this.protocol]) return false;
    const after = this.script.nextExchange();
    if (!after || after.entry.kind !== 'client' || !clientLineMatches(after, this.protocol, line)) return false;
    this.script.skipExchange();
    return true;
  }

  /**
   * The recorded command held a masked initial response and the client sent none: the empty
   * challenge it waits for (RFC 4422 3: an initial response is optional; RFC 3501 6.2.2, RFC
   * 5034 4: `+ `). Its next line is the response, taken as the masked one would be.
   */
  private saslChallenge(tag: string | undefined): ServeReply {
    this.saslResponseDue = true;
    this.clientTag = tag;
    const recorded = this.script.current()!.entry as Entry & { kind: 'client' };
    const head = this.protocol === 'imap' ? imapCommandHead(recorded.bytes) : undefined;
    if (head && tag !== undefined) this.tagMap.set(head.tag, tag);
    return { send: [Buffer.from('+ \r\n')], close: false };
  }

  /** The client's SASL response after saslChallenge: the recorded answer, or a `*` cancelling (RFC 3501 6.2.2, RFC 5034 4). */
  private saslResponse(line: Uint8Array): ServeReply {
    this.saslResponseDue = false;
    if (ascii(line.subarray(0, contentEnd(line))) === '*') {
      const cancelled = 'mailscope serve: authentication cancelled';
      return { send: [Buffer.from(this.protocol === 'imap' ? `${this.clientTag ?? '*'} BAD ${cancelled}\r\n` : `-ERR ${cancelled}\r\n`)], close: false };
    }
    this.standIn = undefined;
    this.started = true;
    this.answering = this.script.current();
    this.script.advance();
    return this.answer();
  }

  /** The answer to the client line, or its next part; the connection closes after LOGOUT's or QUIT's. */
  private answer(): ServeReply {
    const reply = this.play();
    if (reply.more) return reply;
    const expected = this.answering;
    this.answering = undefined;
    if (expected?.command && CLOSING_COMMANDS.has(expected.command) && this.exchangeDone(expected.exchange)) reply.close = true;
    return reply;
  }

  private exchangeDone(exchange: number): boolean {
    const next = this.script.current();
    return !next || next.exchange !== exchange;
  }

  /** Send server lines from the current position up to the next client line (REPLY_BYTES at most, then `more`). */
  private play(): ServeReply {
    const send: Uint8Array[] = [];
    let bytes = 0;
    for (let line = this.script.current(); line; line = this.script.current()) {
      if (line.entry.kind === 'client') break;
      if (bytes >= REPLY_BYTES) return { send, close: false, more: true };
      this.script.advance();
      if (line.entry.kind === 'server' && this.goAhead !== undefined) {
        const first = line.entry.bytes[0];
        const skip = this.goAhead === 'skip-recorded' && first === PLUS;
        // The recorded `+`, or a completion refusing the literal, settles it; untagged data does not.
        if (this.goAhead === 'skip-recorded' || first !== STAR) this.goAhead = undefined;
        if (skip) continue;
      }
      if (line.entry.kind === 'server') {
        // A wildcard tells replay what to accept; the client gets a stand-in, never the braces.
        const wire = line.entry.pattern === undefined ? line.entry.bytes : servedBytes(line.entry.pattern, this.protocol);
        const sent = this.rewriteTag(wire);
        send.push(sent);
        bytes += sent.length;
      }
      if (line.entry.kind !== 'event') continue;
      if (line.entry.name === 'starttls') {
        this.tlsDone = true;
        return { send, close: false, startTls: true };
      }
      if (line.entry.name === 'compress') return { send, close: false, compress: true };
      return { send, close: true };
    }
    if (this.goAhead === 'give') send.push(Buffer.from(`${GO_AHEAD_STAND_IN}\r\n`));
    this.goAhead = undefined;
    return { send, close: false };
  }

  private rewriteTag(bytes: Uint8Array): Uint8Array {
    if (this.protocol !== 'imap') return bytes;
    const space = Buffer.from(bytes).indexOf(0x20);
    if (space <= 0) return bytes;
    const mapped = this.tagMap.get(ascii(bytes.subarray(0, space)));
    return mapped ? Buffer.concat([Buffer.from(mapped, 'latin1'), bytes.subarray(space)]) : bytes;
  }

  /** What serve lists itself for a CAPABILITY or CAPA the recording does not hold next (serve-login.ts). */
  private capabilities(): string[] {
    return servedCapabilities(this.protocol, this.recorded(), this.tlsDone);
  }

  private refuse(tag: string | undefined, why: string, mismatch: Mismatch): ServeReply {
    const message = `mailscope serve: ${why}`;
    const send: Uint8Array[] = [];
    if (this.protocol === 'pop3') send.push(Buffer.from(`-ERR ${message}\r\n`));
    else send.push(Buffer.from(`${tag ?? '*'} BAD ${message}\r\n`));
    if (this.strict && this.protocol === 'imap') send.push(Buffer.from('* BYE mailscope serve: --strict ends the session at the first mismatch\r\n'));
    return { send, close: this.strict, mismatch };
  }
}

/**
 * A client that announced its literal `{N+}` sends it without waiting: the recorded `+` for a
 * `{N}` is not sent (it would read as the answer to a later step). One that announced `{N}`
 * waits: where the recording's client did not (`{N+}`), serve gives the go-ahead itself.
 */
function goAheadFor(received: string, recorded: string): GoAhead {
  if (!ANY_LITERAL_END.test(received) || !ANY_LITERAL_END.test(recorded)) return undefined;
  const clientWaits = !NON_SYNC_LITERAL.test(received);
  const recordedWaited = !NON_SYNC_LITERAL.test(recorded);
  if (clientWaits === recordedWaited) return undefined;
  return clientWaits ? 'give' : 'skip-recorded';
}

/** The capabilities the login stand-in announces, looked for once per recording (serve-login.ts). */
const standInCapabilityCache = new WeakMap<ScriptSource, string>();
function capabilitiesOf(source: ScriptSource): string {
  let caps = standInCapabilityCache.get(source);
  if (caps === undefined) standInCapabilityCache.set(source, (caps = standInCapabilities(source.entries())));
  return caps;
}

/** What the recording tells of its capabilities, read once per recording (serve-login.ts). */
const recordedCapabilityCache = new WeakMap<ScriptSource, RecordedCapabilities>();
function recordedCapabilitiesOf(source: ScriptSource): RecordedCapabilities {
  let recorded = recordedCapabilityCache.get(source);
  if (recorded === undefined) recordedCapabilityCache.set(source, (recorded = recordedCapabilities(source.protocol, source.entries())));
  return recorded;
}

/** What the reading loop does after a reply: go on, stop for good, or start over on a new layer. */
type AfterReply = 'go' | 'closed' | 'switched';

/** Resolves when `socket` can take more (or is gone): a long answer waits for the client to read. */
function drained(socket: Socket): Promise<void> {
  if (!socket.writableNeedDrain || socket.destroyed) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}

/**
 * One client of the fake server, over the client's Transport (the same swap of TLS and
 * DEFLATE layers that the REPL uses), fed line by line to a ScriptedServer. While a long
 * answer is written in parts, reading stops and the client's next lines wait.
 */
function playTo(raw: Socket, client: string, source: ScriptSource, opts: ServeOptions, gone: (byServe: boolean) => void): void {
  const transport = new Transport(raw);
  /** Tells serve's user what a reply meant: a mismatch, the recording's end. */
  const report = (reply: ServeReply): void => {
    if (reply.mismatch) opts.log?.({ kind: 'mismatch', client, ...reply.mismatch });
    if (reply.ended) opts.log?.({ kind: 'recording-ended', client });
    if (reply.stoodIn !== undefined) opts.log?.({ kind: 'stood-in', client, command: reply.stoodIn });
  };
  let session: ScriptedServer;
  let splitter = new LineSplitter();
  let closed = false;
  /** Client lines not answered yet. */
  let waiting: Uint8Array[] = [];
  let writing = false;
  const hangUp = (): void => {
    closed = true;
    waiting = [];
    session?.close();
    transport.close();
  };
  /** One write for a reply's lines: a long answer is thousands of lines, and a write each cost more than the rest of serve. */
  const send = (lines: Uint8Array[]): void => {
    if (lines.length > 0) transport.write(lines.length === 1 ? lines[0] : Buffer.concat(lines));
  };
  /** Sends a reply; `unread` gives the bytes after the current line, for a COMPRESS handover. */
  const deliver = (reply: ServeReply, unread: () => Uint8Array): AfterReply => {
    send(reply.send);
    if (reply.close || (reply.startTls && !opts.secureContext)) {
      hangUp();
      return 'closed';
    }
    if (reply.startTls && opts.secureContext) {
      // RFC 3501 6.2.1: the handshake starts right after the OK; nothing read before it counts.
      transport.detach();
      raw.on('error', () => raw.destroy());
      splitter = new LineSplitter();
      const secure = new TLSSocket(raw, { isServer: true, secureContext: opts.secureContext });
      transport.replaceSocket(secure);
      return 'switched';
    }
    if (reply.compress) {
      // RFC 4978 4: what the client sends after the tagged OK is compressed, from the first byte.
      const leftover = unread();
      splitter = new LineSplitter();
      transport.compress(leftover.length > 0 ? leftover : undefined);
      return 'switched';
    }
    return 'go';
  };
  /** Sends a reply, its later parts once the client has read the earlier ones. A transcript that no longer reads ends the session. */
  const answer = (next: () => ServeReply): void => {
    let reply: ServeReply;
    try {
      reply = next();
    } catch {
      hangUp();
      return;
    }
    report(reply);
    if (reply.more) {
      send(reply.send);
      writing = true;
      const resume = transport.pauseReading();
      void drained(transport.socket as Socket).then(() => {
        resume();
        if (closed || raw.destroyed) return;
        answer(() => session.more());
        if (!writing) pump();
      });
      return;
    }
    writing = false;
    const after = deliver(reply, () => Buffer.concat([...waiting.splice(0), splitter.rest() ?? EMPTY]));
    // After a layer change the lines read before it are gone (TLS) or were its first bytes (COMPRESS).
    if (after !== 'go') waiting = [];
  };
  const pump = (): void => {
    while (!closed && !writing && waiting.length > 0) {
      const line = waiting.shift()!;
      answer(() => session.clientLine(line));
    }
  };
  transport.receive((chunk) => {
    if (closed) return;
    for (const line of splitter.push(chunk)) waiting.push(line);
    pump();
  }, () => {
    session?.close();
    gone(closed);
  });
  answer(() => (session = new ScriptedServer(source, opts.strict)).start());
}

const EMPTY = new Uint8Array(0);

/** `host:port` of the client, IPv6 in brackets. */
function addressOf(socket: Socket): string {
  const host = socket.remoteAddress ?? '?';
  return `${host.includes(':') ? `[${host}]` : host}:${socket.remotePort ?? '?'}`;
}

/** Listen on `host:port` (loopback by default; port 0 picks one) and play the transcript to each client. */
export async function startTranscriptServer(t: Transcript | ScriptSource, opts: ServeOptions): Promise<{ port: number; close(): Promise<void> }> {
  const source = scriptSource(t);
  const sockets = new Set<Socket>();
  /** close() was called: the hang-ups that follow are serve's. */
  let stopping = false;
  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on('error', () => raw.destroy());
    const client = addressOf(raw);
    opts.log?.({ kind: 'connected', client });
    playTo(raw, client, source, opts, (byServe) => {
      sockets.delete(raw);
      opts.log?.({ kind: 'disconnected', client, by: byServe || stopping ? 'serve' : 'client' });
    });
  });
  const port = await listenOn(server, opts.port, opts.host ?? '127.0.0.1');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      stopping = true;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
