// One POP3 connection of the demo server: RFC 1939 (AUTHORIZATION, TRANSACTION, UPDATE),
// RFC 2449 (CAPA, extended response codes), RFC 2595 (STLS), RFC 5034 (AUTH). Which state a
// command is valid in is the registry's fact; what it does is the COMMANDS table below.

import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { createSaslServer } from '../protocol/sasl/index.js';
import type { SaslServerStep } from '../protocol/sasl/types.js';
import { pop3Capability, pop3Command } from '../registry/index.js';
import { decodeSaslLine, encodeSaslLine } from './sasl-base64.js';
import { Pop3LineReader, type Pop3LineEvent } from './pop3/line-reader.js';
import { Maildrop, dotStuffed } from './pop3/maildrop.js';
import { COMMANDS, err, lines, ok, type Reply } from './pop3/commands.js';
import type { Account, MailStore } from './store/store.js';

/** RFC 1939 3: the autologout timer must be at least 10 minutes; we use the IMAP 30. */
export const POP3_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
const MAX_QUEUED_LINES = 64;

export interface Pop3ConnectionOptions {
  store: MailStore;
  tls: boolean;
  secureContext?: SecureContext;
  saslMechanisms: string[];
  hostname: string;
  /** The <...@...> msg-id in the greeting, for APOP (RFC 1939 7). */
  timestamp: string;
  idleTimeoutMs?: number;
  log: (line: string) => void;
}

type Pop3State = 'authorization' | 'transaction';

export class Pop3Connection {
  readonly store: MailStore;
  readonly opts: Pop3ConnectionOptions;
  readonly timestamp: string;
  state: Pop3State = 'authorization';
  tls: boolean;
  pendingUser?: string;
  drop?: Maildrop;
  private account?: Account;
  private socket: Socket;
  private reader = new Pop3LineReader();
  private queue: Pop3LineEvent[] = [];
  private wake?: () => void;
  private ended = false;
  private readonly onData = (chunk: Buffer): void => this.received(chunk);

  constructor(socket: Socket, opts: Pop3ConnectionOptions) {
    this.socket = socket;
    this.opts = opts;
    this.store = opts.store;
    this.tls = opts.tls;
    this.timestamp = opts.timestamp;
    this.attach(socket);
  }

  async serve(): Promise<void> {
    this.send(`+OK mailscope demo POP3 server ready ${this.timestamp}\r\n`);
    try {
      for (;;) {
        const event = await this.next();
        if (!event) break;
        if (event.kind === 'too-long') {
          this.send('-ERR line too long\r\n');
          continue;
        }
        await this.dispatch(event.text);
        if (this.ended) break;
      }
    } finally {
      this.releaseLock();
      if (!this.socket.destroyed) this.socket.end();
    }
  }

  capabilities(): string[] {
    const names = ['TOP', 'USER', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING'];
    if (this.state === 'authorization' && !this.tls && this.opts.secureContext) names.push('STLS');
    const caps = names.filter((n) => pop3Capability(n));
    if (pop3Capability('SASL')) caps.push(['SASL', ...this.opts.saslMechanisms].join(' '));
    if (pop3Capability('IMPLEMENTATION')) caps.push('IMPLEMENTATION mailscope-demo');
    return caps;
  }

  login(account: Account | undefined): Reply {
    // RFC 3206 [AUTH]: the credentials were wrong (not a temporary failure).
    if (!account) return err('authentication failed', 'AUTH');
    // RFC 2449 8.1.2 [IN-USE]: one POP3 session per maildrop (RFC 1939 8 lock).
    if (account.pop3Locked) return err('maildrop already locked by another POP3 session', 'IN-USE');
    account.pop3Locked = true;
    this.account = account;
    this.drop = new Maildrop(account);
    this.state = 'transaction';
    this.opts.log(`POP3 login ${account.user}`);
    return ok('logged in.');
  }

  async authenticate(args: string[]): Promise<Reply> {
    if (args.length === 0) return ok('Supported mechanisms follow', lines(this.opts.saslMechanisms));
    const mechanism = args[0].toUpperCase();
    if (!this.opts.saslMechanisms.includes(mechanism)) return err(`unsupported mechanism ${mechanism}`);
    const server = createSaslServer(mechanism, (user) => this.store.account(user), { hostname: this.opts.hostname });
    let initial: Uint8Array | undefined;
    if (args[1] !== undefined) {
      initial = decodeSaslLine(args[1]);
      if (!initial) return err('initial response is not base64');
    }
    let step: SaslServerStep = server.start(initial);
    while (step.kind === 'challenge') {
      this.send(`+ ${encodeSaslLine(step.data)}\r\n`);
      const line = await this.readLine();
      if (line === undefined) return err('connection closed');
      if (line === '*') return err('AUTH cancelled'); // RFC 5034 4
      const response = decodeSaslLine(line);
      if (!response) return err('response is not base64');
      step = server.step(response);
    }
    if (step.data) {
      this.send(`+ ${encodeSaslLine(step.data)}\r\n`);
      if ((await this.readLine()) === undefined) return err('connection closed');
    }
    if (step.kind === 'failure') return err('authentication failed', 'AUTH');
    return this.login(this.store.account(step.user));
  }

  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.off('data', this.onData);
    this.queue = []; // RFC 2595 4: nothing sent in clear after STLS is kept
    this.reader = new Pop3LineReader();
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.opts.secureContext });
    secure.on('error', () => this.end());
    this.socket = secure;
    this.tls = true;
    this.attach(secure);
  }

  close(): void {
    this.ended = true;
    this.socket.end();
    this.wake?.();
  }

  private async dispatch(line: string): Promise<void> {
    const [word = '', ...args] = line.split(' ').filter((w, i) => i === 0 || w !== '');
    const name = word.toUpperCase();
    const rest = line.slice(word.length + 1);
    const entry = pop3Command(name);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    let reply: Reply;
    if (!entry || !command) reply = err(`unknown command ${name.slice(0, 40)}`);
    else if (entry.states !== 'any' && !entry.states.includes(this.state)) reply = err(`${name} is not valid in the ${this.state.toUpperCase()} state`);
    else {
      if (name !== 'PASS' && name !== 'USER') this.pendingUser = undefined; // RFC 1939 7: PASS follows USER
      reply = await command(this, args, rest);
    }
    const code = reply.code ? `[${reply.code}] ` : '';
    const status = Buffer.from(`${reply.ok ? '+OK' : '-ERR'} ${code}${reply.text}`.trimEnd() + '\r\n', 'utf8');
    // Status and body in one write: one TCP segment where it fits.
    this.sendBytes(reply.body ? Buffer.concat([status, dotStuffed(reply.body)]) : status);
    if (reply.after) await reply.after();
  }

  private async readLine(): Promise<string | undefined> {
    const event = await this.next();
    if (!event) return undefined;
    return event.kind === 'line' ? event.text : '';
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.setTimeout(this.opts.idleTimeoutMs ?? POP3_IDLE_TIMEOUT_MS, () => {
      this.send('-ERR autologout; idle for too long\r\n');
      this.close();
    });
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  private received(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) this.queue.push(event); // no spread: a chunk of empty lines is thousands
    if (this.queue.length > MAX_QUEUED_LINES) this.socket.pause();
    this.wake?.();
  }

  private end(): void {
    this.ended = true;
    this.wake?.();
  }

  private async next(): Promise<Pop3LineEvent | undefined> {
    while (this.queue.length === 0) {
      if (this.ended) return undefined;
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return this.ended ? undefined : this.queue.shift();
  }

  /** A session that ends without QUIT leaves the maildrop as it was (RFC 1939 6). */
  private releaseLock(): void {
    if (this.account) this.account.pop3Locked = false;
    this.account = undefined;
  }

  private send(text: string): void {
    this.sendBytes(Buffer.from(text, 'utf8'));
  }

  private sendBytes(bytes: Uint8Array): void {
    if (!this.ended && !this.socket.destroyed) this.socket.write(bytes);
  }
}
