// One IMAP connection of the demo server (RFC 3501). Framing is the shared command reader;
// this file queues its events, runs one command at a time through the handler table
// (src/demo/imap/commands), and writes responses. The socket is the only effect.

import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { ImapCommandReader, type CommandEvent } from '../protocol/imap/command-reader.js';
import { deflateDuplex } from '../net/compress.js';
import { statusLine } from '../protocol/imap/writer.js';
import { imapCommand } from '../registry/index.js';
import type { ImapState } from '../registry/types.js';
import type { ImapValue } from '../protocol/imap/types.js';
import { ArgumentError, atomOf } from './imap/args.js';
import { HANDLERS, NO_EXPUNGE_DURING } from './imap/commands/index.js';
import { flagUpdate } from './imap/commands/condstore.js';
import { reportVanished } from './imap/commands/qresync.js';
import { reportSearchUpdates } from './imap/commands/context-search.js';
import type { CommandCall, Completion, ImapContext, ServerConfig } from './imap/context.js';
import { flagsList, permanentFlagsList } from './imap/flag-lists.js';
import { toBuffer, type Part } from './imap/wire.js';
import { REMOVED_COMMANDS, removedInRev2 } from './imap/rev2.js';
import type { Account, MailStore } from './store/store.js';
import type { MailboxView } from './store/view.js';
import type { StoredMessage } from './store/mailbox.js';
import { NotifySession } from './imap/notify-session.js';

/** RFC 3501 5.4: an idle client may be logged out after at least 30 minutes. */
export const IMAP_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** Commands parsed but not yet run, before the socket is paused (pipelining bound). */
const MAX_QUEUED_EVENTS = 64;
/** Unsent response bytes before the server waits for the client to read. */
const MAX_PENDING_OUTPUT = 1024 * 1024;

export interface ImapConnectionOptions {
  store: MailStore;
  config: ServerConfig;
  /** The connection is already TLS (implicit TLS port). */
  tls: boolean;
  /** For STARTTLS. */
  secureContext?: SecureContext;
  idleTimeoutMs?: number;
  log: (line: string) => void;
  /** Called when the connection has ended. */
  onClose?: () => void;
}

export class ImapConnection implements ImapContext {
  readonly store: MailStore;
  readonly config: ServerConfig;
  state: ImapState = 'not-authenticated';
  account?: Account;
  view?: MailboxView;
  tls: boolean;
  idling = false;
  condstore = false;
  qresync = false;
  rev2 = false;
  readonly notify: NotifySession;

  private socket: Socket;
  /** A command is running (IDLE too); NOTIFY's reports then wait for its end, or for IDLE. */
  private running = false;
  /** Where response bytes go: the socket, or the deflate stream after COMPRESS (RFC 4978). */
  private sink: (bytes: Uint8Array) => void = (bytes) => this.socket.write(bytes);
  compressed = false;
  private reader = new ImapCommandReader();
  private queue: CommandEvent[] = [];
  private wake?: () => void;
  private ended = false;
  private readonly opts: ImapConnectionOptions;
  private readonly onData = (chunk: Buffer): void => this.received(chunk);

  constructor(socket: Socket, opts: ImapConnectionOptions) {
    this.socket = socket;
    this.opts = opts;
    this.store = opts.store;
    this.config = opts.config;
    this.tls = opts.tls;
    this.notify = new NotifySession(this, this, () => this.running);
    this.attach(socket);
  }

  /** Sends the greeting and serves commands until the connection ends. */
  async serve(): Promise<void> {
    const caps = this.config.capabilities(this).join(' ');
    this.send(statusLine(undefined, 'OK', `CAPABILITY ${caps}`, 'mailscope demo server ready'));
    try {
      for (;;) {
        const event = await this.next();
        if (!event) break;
        await this.handle(event);
        if (this.state === 'logout') break;
        await this.drained();
      }
    } finally {
      this.cleanup();
    }
  }

  // --- ImapContext

  untagged(...parts: Array<string | Uint8Array>): void {
    this.write(['* ', ...parts, '\r\n']);
  }

  continuation(text: string): void {
    this.write([`+ ${text}\r\n`]);
  }

  write(parts: Part[]): void {
    if (this.ended) return;
    this.sink(toBuffer(parts));
  }

  async readLine(): Promise<string | undefined> {
    // The client answers only what it has seen: send the continuation now.
    while (this.socket.writableCorked > 0) this.socket.uncork();
    // A pipelining client may have sent the line before we asked; the reader then parsed it
    // as a command, so its raw bytes are the line.
    if (this.queue.length === 0) this.reader.expectLine();
    const event = await this.next();
    if (!event) return undefined;
    if (event.kind === 'line') return event.text;
    if (event.kind === 'command' || event.kind === 'bad') return Buffer.from(event.raw).toString('utf8').replace(/\r?\n$/, '');
    return '';
  }

  setView(view: MailboxView | undefined): void {
    this.view?.close();
    this.view = view;
    // When a change may be reported at once (IDLE, NOTIFY) is the NOTIFY session's decision.
    if (view) view.onChange = () => this.notify.selectedChanged();
  }

  reportUpdates(allowExpunge: boolean, allowFlags = true): void {
    const view = this.view;
    if (!view) return;
    // RFC 5267 4.3.4: REMOVEFROM for an expunged message before its EXPUNGE (or VANISHED).
    reportSearchUpdates(this);
    const updates = view.drain(allowExpunge, allowFlags);
    const added: StoredMessage[] = [];
    if (this.qresync) reportVanished(this, updates);
    for (const u of updates) {
      switch (u.kind) {
        case 'expunge': if (!this.qresync) this.untagged(`${u.seq} EXPUNGE`); break;
        case 'exists':
          this.untagged(`${u.count} EXISTS`);
          for (const m of u.added) added.push(m); // no spread: it may be 100,000+
          break;
        // RFC 9051 Appendix E item 12: no RECENT for an IMAP4rev2 session.
        case 'recent': if (!this.rev2) this.untagged(`${u.count} RECENT`); break;
        case 'fetch-flags':
          // RFC 9051 Appendix E item 21: an unsolicited FETCH carries UID in IMAP4rev2; so it does
          // under NOTIFY's FlagChange (RFC 5465 5.1).
          this.untagged(flagUpdate(u.seq, u.message, view, this.condstore, this.rev2 || this.notify.uidInFlagUpdates()));
          break;
        case 'flags':
          // RFC 3501 7.2.6: a new keyword changes the mailbox's FLAGS; tell the client.
          this.untagged(`FLAGS ${flagsList(view.mailbox)}`);
          if (!view.readOnly) this.untagged(`OK [PERMANENTFLAGS ${permanentFlagsList(view.mailbox, view.rights)}] Limited`);
          break;
      }
    }
    // RFC 5267 4.3.3: ADDTO for a new message after its EXISTS.
    reportSearchUpdates(this);
    // RFC 5465 5.2: NOTIFY's MessageNew FETCH follows the EXISTS.
    if (added.length > 0) this.notify.fetchNew(added);
  }

  async startTls(): Promise<void> {
    if (!this.opts.secureContext) return;
    const plain = this.socket;
    plain.off('data', this.onData);
    // RFC 3501 6.2.1 / RFC 2595 3.1: anything the client sent after STARTTLS in clear text
    // is discarded, so no command can be injected before the handshake.
    this.queue = [];
    this.reader = new ImapCommandReader();
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.opts.secureContext });
    this.socket = secure;
    this.tls = true;
    this.attach(secure);
    secure.on('error', () => this.end());
  }

  /** COMPRESS=DEFLATE (RFC 4978 3): from the byte after the tagged OK both ways are deflated. */
  startCompression(): void {
    const socket = this.socket;
    socket.off('data', this.onData);
    const deflated = deflateDuplex(socket);
    this.sink = (bytes) => deflated.write(bytes);
    // Ending goes through deflate: its last output is still being compressed when we close.
    this.endOutput = () => deflated.end();
    deflated.readable.on('data', this.onData);
    deflated.readable.on('error', () => this.end());
    this.compressed = true;
  }

  /** Ends the output side: the socket's, or the deflate stream's, which ends the socket once flushed. */
  private endOutput: () => void = () => this.socket.end();

  close(): void {
    this.ended = true;
    this.endOutput();
    this.wake?.();
  }

  log(line: string): void {
    this.opts.log(line);
  }

  // --- events

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.setTimeout(this.opts.idleTimeoutMs ?? IMAP_IDLE_TIMEOUT_MS, () => {
      this.untagged('BYE Autologout; idle for too long');
      this.close();
    });
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  private received(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) this.queue.push(event);
    if (this.queue.length > MAX_QUEUED_EVENTS) this.socket.pause();
    this.wake?.();
  }

  private end(): void {
    this.ended = true;
    this.wake?.();
  }

  private async next(): Promise<CommandEvent | undefined> {
    while (this.queue.length === 0) {
      if (this.ended) return undefined;
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    if (this.ended) return undefined;
    return this.queue.shift();
  }

  /** Waits while the client is not reading what it asked for (bounded output buffer). */
  private async drained(): Promise<void> {
    if (this.ended || this.socket.writableLength <= MAX_PENDING_OUTPUT) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private cleanup(): void {
    this.notify.close();
    this.setView(undefined);
    this.queue = [];
    if (!this.socket.destroyed) this.endOutput();
    this.opts.onClose?.();
  }

  private async handle(event: CommandEvent): Promise<void> {
    switch (event.kind) {
      case 'continue-literal':
        this.continuation('Ready for literal data');
        return;
      case 'bad':
        this.send(statusLine(event.tag, 'BAD', undefined, `Syntax error: ${event.reason}`));
        return;
      case 'too-long':
        // [TOOBIG] (RFC 4469 4.2); the reader has already dropped the bytes. A message over
        // APPENDLIMIT is a NO, as Dovecot answers (RFC 7889); a line or other literal is a BAD.
        this.send(statusLine(event.tag, event.literal && event.name === 'APPEND' ? 'NO' : 'BAD', 'TOOBIG', `Refused: ${event.reason}`));
        return;
      case 'line':
        this.send(statusLine(undefined, 'BAD', undefined, 'Unexpected line'));
        return;
      case 'command':
        await this.dispatch(event.tag, event.name, event.args);
    }
  }

  private async dispatch(tag: string, word: string, rawArgs: ImapValue[]): Promise<void> {
    const uid = word === 'UID';
    const sub = uid ? atomOf(rawArgs[0])?.toUpperCase() : undefined;
    const name = uid ? `UID ${sub ?? ''}`.trim() : word;
    const call: CommandCall = { tag, name, args: uid ? rawArgs.slice(1) : rawArgs, uid };
    // One command's responses leave in one TCP segment where they fit: with Nagle's
    // algorithm and delayed ACKs, two small writes cost the client ~40 ms per command.
    const socket = this.socket;
    socket.cork();
    let completion: Completion;
    this.running = true;
    try {
      completion = await this.run(call);
      this.reportUpdates(!NO_EXPUNGE_DURING.has(name));
      this.notify.flush();
      this.send(statusLine(tag, completion.status, completion.code, completion.text));
    } finally {
      this.running = false;
      if (socket.writableCorked > 0) socket.uncork();
    }
    this.opts.log(`${name} ${completion.status}`);
    if (completion.after) await completion.after();
  }

  private async run(call: CommandCall): Promise<Completion> {
    const handler = Object.hasOwn(HANDLERS, call.name) ? HANDLERS[call.name] : undefined;
    const entry = imapCommand(call.name);
    if (!handler || !entry) return { status: 'BAD', text: `Unknown command ${call.name}` };
    if (this.rev2 && Object.hasOwn(REMOVED_COMMANDS, call.name)) return { status: 'BAD', text: removedInRev2(call.name, REMOVED_COMMANDS[call.name]) };
    if (entry.states !== 'any' && !entry.states.includes(this.state)) {
      // Courier answers NO here (the tutorial's FETCH after CLOSE); RFC 3501 allows NO or BAD.
      return { status: 'NO', text: `${call.name} is not valid in the ${this.state} state` };
    }
    try {
      return await this.runAsActor(handler, call);
    } catch (e) {
      if (e instanceof ArgumentError) return { status: 'BAD', text: e.message };
      this.opts.log(`internal error in ${call.name}: ${(e as Error).message}`);
      return { status: 'NO', code: 'SERVERBUG', text: 'Internal server error' };
    }
  }

  /**
   * Runs a handler with this session named as the actor of the store changes it makes, so NOTIFY
   * does not echo them back to it (RFC 5465 5). Only the synchronous part counts: a handler that
   * waits (IDLE, AUTHENTICATE) changes nothing, and other sessions run meanwhile.
   */
  private runAsActor(handler: (typeof HANDLERS)[string], call: CommandCall): Completion | Promise<Completion> {
    const hub = this.store.notifications;
    hub.actor = this;
    try {
      return handler(this, call);
    } finally {
      hub.actor = undefined;
    }
  }

  private send(bytes: Uint8Array): void {
    if (!this.ended) this.sink(bytes);
  }
}
