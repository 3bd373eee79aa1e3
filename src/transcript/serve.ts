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
import { compilePattern, entryText } from './match.js';
import { ScriptCursor, scriptSource, type ScriptLine, type ScriptSource } from './serve-script.js';
import { LoginStandIn, midSessionStart, standInCapabilities } from './serve-login.js';
import { REDACTED } from './redact.js';
import { servedBytes } from './serve-pattern.js';
import { listenOn } from '../net/listen.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { ascii, contentEnd, imapCommandHead } from './wire.js';
import { WILDCARD_TOKEN } from './format.js';

export interface ServeOptions {
  port: number;
  host?: string;
  /** End the session at the first client line that does not match the transcript. */
  strict: boolean;
  /** Certificate for a recorded `= starttls`; without one such a session ends there. */
  secureContext?: SecureContext;
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
  /** The answer goes on: send this part, then ask for the rest with more() before any client line. */
  more?: boolean;
}

/** About how many bytes of a long answer one reply holds (a 200 MB literal is sent in parts). */
const REPLY_BYTES = 1024 * 1024;

/** Commands after which a server closes the connection (RFC 3501 6.1.3, RFC 1939 6). */
const CLOSING_COMMANDS: ReadonlySet<string> = new Set(['LOGOUT', 'QUIT']);

function withoutTag(text: string): string {
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(space + 1);
}

/** The pattern a client line must match: tags aside, secrets and their literal sizes free. */
function clientPattern(line: ScriptLine, ignoreTag: boolean): RegExp | undefined {
  if (line.redacted && !ignoreTag) return undefined; // a SASL answer or a literal password: anything
  let text = entryText(line.entry as Entry & { kind: 'client' });
  if (ignoreTag) text = withoutTag(text);
  if (line.redacted && !text.includes(REDACTED)) {
    // The secret was masked inside an encoding (a SASL initial response is base64 of
    // "\0user\0***redacted***"): the client's own answer is the last word, whatever it is.
    text = text.replace(/\S+$/, WILDCARD_TOKEN);
  }
  text = text.split(REDACTED).join(WILDCARD_TOKEN);
  if (line.secretLiteralFollows) text = text.replace(/\{\d+([+-]?)\}$/, WILDCARD_TOKEN);
  const compiled = compilePattern(text);
  return new RegExp(compiled.content.source, 'i');
}

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

  constructor(t: Transcript | ScriptSource, private readonly strict: boolean) {
    const source = scriptSource(t);
    this.script = new ScriptCursor(source);
    this.protocol = source.protocol;
    const start = midSessionStart(source.header);
    if (start) this.standIn = new LoginStandIn(source.protocol, start, () => capabilitiesOf(source));
  }

  /**
   * What to send when the client connects: the recorded greeting. A recording begun mid-session
   * (`:record FILE`) holds none, and a client waits for one before anything else: one is made.
   */
  start(): ServeReply {
    const reply = this.play();
    if (reply.send.length === 0 && !reply.close) reply.send.push(Buffer.from(`${GREETING_WORD[this.protocol]} ${NO_GREETING}\r\n`));
    return reply;
  }

  /** The rest of an answer sent in parts (`more`). */
  more(): ServeReply {
    return this.answer();
  }

  /** The connection ended: stop reading the transcript. */
  close(): void {
    this.script.close();
  }

  /** One complete line from the client. */
  clientLine(line: Uint8Array): ServeReply {
    const standing = this.standIn?.beforeRecording(line);
    if (standing) return { send: standing, close: false };
    const expected = this.script.current();
    const actualHead = this.protocol === 'imap' ? imapCommandHead(line) : undefined;
    if (!expected || expected.entry.kind !== 'client') {
      return this.refuse(actualHead?.tag, 'the transcript has no more commands');
    }
    const expectedHead = this.protocol === 'imap' ? imapCommandHead(expected.entry.bytes) : undefined;
    const ignoreTag = expectedHead !== undefined && actualHead !== undefined;
    const pattern = clientPattern(expected, ignoreTag);
    const content = ascii(line.subarray(0, contentEnd(line)));
    if (pattern && !pattern.test(ignoreTag ? withoutTag(content) : content)) {
      const instead = this.standIn?.instead(line);
      if (instead) return { send: instead, close: false };
      const shown = ignoreTag ? withoutTag(entryText(expected.entry as Entry & { kind: 'client' })) : entryText(expected.entry as Entry & { kind: 'client' });
      return this.refuse(actualHead?.tag ?? this.clientTag, `expected "${shown}"`);
    }
    if (ignoreTag && expectedHead && actualHead) {
      this.tagMap.set(expectedHead.tag, actualHead.tag);
      this.clientTag = actualHead.tag;
    }
    this.standIn = undefined; // the recording plays: its state is the client's now
    this.script.advance();
    this.answering = expected;
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
      if (line.entry.kind === 'server') {
        // A wildcard tells replay what to accept; the client gets a stand-in, never the braces.
        const wire = line.entry.pattern === undefined ? line.entry.bytes : servedBytes(line.entry.pattern, this.protocol);
        const sent = this.rewriteTag(wire);
        send.push(sent);
        bytes += sent.length;
      }
      if (line.entry.kind !== 'event') continue;
      if (line.entry.name === 'starttls') return { send, close: false, startTls: true };
      if (line.entry.name === 'compress') return { send, close: false, compress: true };
      return { send, close: true };
    }
    return { send, close: false };
  }

  private rewriteTag(bytes: Uint8Array): Uint8Array {
    if (this.protocol !== 'imap') return bytes;
    const space = Buffer.from(bytes).indexOf(0x20);
    if (space <= 0) return bytes;
    const mapped = this.tagMap.get(ascii(bytes.subarray(0, space)));
    return mapped ? Buffer.concat([Buffer.from(mapped, 'latin1'), bytes.subarray(space)]) : bytes;
  }

  private refuse(tag: string | undefined, why: string): ServeReply {
    const message = `mailscope serve: ${why}`;
    const send: Uint8Array[] = [];
    if (this.protocol === 'pop3') send.push(Buffer.from(`-ERR ${message}\r\n`));
    else send.push(Buffer.from(`${tag ?? '*'} BAD ${message}\r\n`));
    if (this.strict && this.protocol === 'imap') send.push(Buffer.from('* BYE mailscope serve: --strict ends the session at the first mismatch\r\n'));
    return { send, close: this.strict };
  }
}

/** The capabilities the login stand-in announces, looked for once per recording (serve-login.ts). */
const standInCapabilityCache = new WeakMap<ScriptSource, string>();
function capabilitiesOf(source: ScriptSource): string {
  let caps = standInCapabilityCache.get(source);
  if (caps === undefined) standInCapabilityCache.set(source, (caps = standInCapabilities(source.entries())));
  return caps;
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
function playTo(raw: Socket, source: ScriptSource, opts: ServeOptions, gone: () => void): void {
  const transport = new Transport(raw);
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
    gone();
  });
  answer(() => (session = new ScriptedServer(source, opts.strict)).start());
}

const EMPTY = new Uint8Array(0);

/** Listen on `host:port` (loopback by default; port 0 picks one) and play the transcript to each client. */
export async function startTranscriptServer(t: Transcript | ScriptSource, opts: ServeOptions): Promise<{ port: number; close(): Promise<void> }> {
  const source = scriptSource(t);
  const sockets = new Set<Socket>();
  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on('error', () => raw.destroy());
    playTo(raw, source, opts, () => sockets.delete(raw));
  });
  const port = await listenOn(server, opts.port, opts.host ?? '127.0.0.1');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
