// A fake server that plays a transcript's server side: the greeting, then for each client
// command that matches the next `C:` line (the tag aside) the recorded `S:` lines, with the
// recorded tag rewritten to the client's. ScriptedServer is the sans-I/O session; the socket
// wiring is startTranscriptServer.

import { createServer, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { Transport } from '../client/transport.js';
import { groupExchanges, transcriptProtocol, type Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { compilePattern, entryText, matchLine } from './match.js';
import { REDACTED } from './redact.js';
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
}

/** Commands after which a server closes the connection (RFC 3501 6.1.3, RFC 1939 6). */
const CLOSING_COMMANDS: ReadonlySet<string> = new Set(['LOGOUT', 'QUIT']);

interface ScriptLine {
  entry: Entry;
  /** Index of the exchange the line belongs to. */
  exchange: number;
  /** A `= redacted` event came just before this client line: its secret cannot match. */
  redacted: boolean;
  /** The next client line of the same exchange is a redacted literal body: `{N}` varies. */
  secretLiteralFollows: boolean;
}

/** Events after which the server's byte stream changes layer. */
const TRANSPORT_EVENTS: ReadonlySet<string> = new Set(['starttls', 'compress']);

function flattenScript(t: Transcript): { lines: ScriptLine[]; commands: Array<string | undefined> } {
  const lines: ScriptLine[] = [];
  const exchanges = groupExchanges(t);
  exchanges.forEach((exchange, index) => {
    let redacted = false;
    for (const entry of exchange.entries) {
      if (entry.kind === 'event' && entry.name === 'redacted') {
        redacted = true;
        const previous = [...lines].reverse().find((l) => l.entry.kind === 'client' && l.exchange === index);
        if (previous && entry.value?.includes('(literal)')) previous.secretLiteralFollows = true;
        continue;
      }
      // `= close client`: the client hung up, nothing for the server to do.
      const acts = entry.kind === 'event' && ((entry.name === 'close' && entry.value !== 'client') || TRANSPORT_EVENTS.has(entry.name));
      if (acts) lines.push({ entry, exchange: index, redacted: false, secretLiteralFollows: false });
      if (entry.kind !== 'client' && entry.kind !== 'server') continue;
      lines.push({ entry, exchange: index, redacted: entry.kind === 'client' && redacted, secretLiteralFollows: false });
      if (entry.kind === 'client') redacted = false;
    }
  });
  return { lines, commands: exchanges.map((x) => x.command) };
}

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
  private readonly script: ScriptLine[];
  private readonly commands: Array<string | undefined>;
  private readonly protocol: Protocol;
  private position = 0;
  /** Recorded tag -> the client's tag, for the exchange under way. */
  private tagMap = new Map<string, string>();
  private clientTag: string | undefined;

  constructor(t: Transcript, private readonly strict: boolean) {
    const { lines, commands } = flattenScript(t);
    this.script = lines;
    this.commands = commands;
    this.protocol = transcriptProtocol(t);
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

  /** One complete line from the client. */
  clientLine(line: Uint8Array): ServeReply {
    const expected = this.script[this.position];
    const actualHead = this.protocol === 'imap' ? imapCommandHead(line) : undefined;
    if (!expected || expected.entry.kind !== 'client') {
      return this.refuse(actualHead?.tag, 'the transcript has no more commands');
    }
    const expectedHead = this.protocol === 'imap' ? imapCommandHead(expected.entry.bytes) : undefined;
    const ignoreTag = expectedHead !== undefined && actualHead !== undefined;
    const pattern = clientPattern(expected, ignoreTag);
    const content = ascii(line.subarray(0, contentEnd(line)));
    if (pattern && !pattern.test(ignoreTag ? withoutTag(content) : content)) {
      const shown = ignoreTag ? withoutTag(entryText(expected.entry as Entry & { kind: 'client' })) : entryText(expected.entry as Entry & { kind: 'client' });
      return this.refuse(actualHead?.tag ?? this.clientTag, `expected "${shown}"`);
    }
    if (ignoreTag && expectedHead && actualHead) {
      this.tagMap.set(expectedHead.tag, actualHead.tag);
      this.clientTag = actualHead.tag;
    }
    this.position++;
    const reply = this.play();
    const command = this.commands[expected.exchange];
    if (command && CLOSING_COMMANDS.has(command) && this.exchangeDone(expected.exchange)) reply.close = true;
    return reply;
  }

  private exchangeDone(exchange: number): boolean {
    const next = this.script[this.position];
    return !next || next.exchange !== exchange;
  }

  /** Send server lines from the current position up to the next client line. */
  private play(): ServeReply {
    const send: Uint8Array[] = [];
    while (this.position < this.script.length) {
      const line = this.script[this.position];
      if (line.entry.kind === 'client') break;
      this.position++;
      if (line.entry.kind === 'server') send.push(this.rewriteTag(line.entry.bytes));
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

/** What the reading loop does after a reply: go on, stop for good, or start over on a new layer. */
type AfterReply = 'go' | 'closed' | 'switched';

/**
 * One client of the fake server, over the client's Transport (the same swap of TLS and
 * DEFLATE layers that the REPL uses), fed line by line to a ScriptedServer.
 */
function playTo(raw: Socket, t: Transcript, opts: ServeOptions, gone: () => void): void {
  const session = new ScriptedServer(t, opts.strict);
  const transport = new Transport(raw);
  let splitter = new LineSplitter();
  let closed = false;
  /** Sends a reply; `unread` gives the bytes after the current line, for a COMPRESS handover. */
  const deliver = (reply: ServeReply, unread: () => Uint8Array): AfterReply => {
    for (const bytes of reply.send) transport.write(bytes);
    if (reply.close || (reply.startTls && !opts.secureContext)) {
      transport.close();
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
  transport.receive((chunk) => {
    if (closed) return;
    const lines = splitter.push(chunk);
    for (let i = 0; i < lines.length; i++) {
      const after = deliver(session.clientLine(lines[i]), () => Buffer.concat([...lines.slice(i + 1), splitter.rest() ?? EMPTY]));
      closed = after === 'closed';
      if (after !== 'go') return;
    }
  }, gone);
  deliver(session.start(), () => EMPTY);
}

const EMPTY = new Uint8Array(0);

/** Listen on `host:port` (loopback by default; port 0 picks one) and play `t` to each client. */
export async function startTranscriptServer(t: Transcript, opts: ServeOptions): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on('error', () => raw.destroy());
    playTo(raw, t, opts, () => sockets.delete(raw));
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
