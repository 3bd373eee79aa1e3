// The POP3 client: the pure reader is told, command by command, whether a multi-line body
// follows (RFC 1939 section 3), and the conversation tracks the state.
import { Pop3ResponseReader } from '../protocol/pop3/response-reader.js';
import { firstLine } from './imap-client.js';
import type { Pop3Event } from '../protocol/pop3/types.js';
import { Pop3Conversation, type Pop3Effect, type Pop3Pending } from '../session/pop3-conversation.js';
import type { Transport } from './transport.js';
import type { ClientListener, PromptInfo, ProtocolClient } from './types.js';

const STATE_LABEL = { authorization: 'AUTHORIZATION', transaction: 'TRANSACTION', update: 'UPDATE' } as const;

export class Pop3Client implements ProtocolClient {
  readonly protocol = 'pop3' as const;
  readonly conversation: Pop3Conversation;
  readonly greeting: Promise<boolean>;
  continuationHook: ((text: string) => void) | undefined;
  /** The greeting's text, for APOP's timestamp (RFC 1939 section 7). */
  greetingText = '';
  private readonly reader = new Pop3ResponseReader();
  private greeted: (ok: boolean) => void = () => {};
  /** The first line, when it was not a POP3 greeting. */
  unexpectedGreeting: string | undefined;
  private hasGreeting = false;
  private continuationSeen = false;
  private readonly waiters = new Map<Pop3Pending, (r: { ok: boolean; status: string }) => void>();
  private readonly now: () => number;

  constructor(
    private readonly transport: Transport,
    private readonly listener: ClientListener,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.conversation = new Pop3Conversation({ now: this.now });
    this.greeting = new Promise((resolve) => (this.greeted = resolve));
    this.reader.expectGreeting();
    transport.receive(
      (bytes) => this.onBytes(bytes),
      (err) => this.onClose(err),
      (bytes) => this.cut(bytes),
    );
  }

  /** POP3 has no mailbox names. */
  readonly utf8MailboxNames = false;

  ahead(): { state: string; capabilities: ReadonlySet<string> } {
    return this.conversation.ahead();
  }

  get capabilities(): Set<string> {
    return this.conversation.capabilities;
  }

  get previousCapabilities(): ReadonlySet<string> | undefined {
    return this.conversation.previousCapabilities;
  }

  spelt(capability: string): string {
    return this.conversation.capabilitySpelling.get(capability) ?? capability;
  }

  get wantsContinuationLine(): boolean {
    return this.conversation.authenticating && this.continuationSeen;
  }

  /** POP3 has no IDLE. */
  readonly idling = false;

  get continuing(): boolean {
    return this.conversation.inContinuation;
  }

  get busy(): boolean {
    return this.conversation.pendingCount > 0;
  }

  submit(line: string): void {
    this.continuationSeen = false;
    this.apply(this.conversation.submit(line));
  }

  interrupt(): void {}

  command(line: string): Promise<{ ok: boolean; status: string }> {
    this.continuationSeen = false;
    const effects = this.conversation.submit(line);
    const sent = effects.find((e) => e.kind === 'send' && e.command);
    this.apply(effects);
    const command = sent && sent.kind === 'send' ? sent.command : undefined;
    if (!command) return Promise.resolve({ ok: false, status: 'NONE' });
    return new Promise((resolve) => this.waiters.set(command, resolve));
  }

  /** The command whose response comes next, for renderers (LIST lines vs RETR bodies). */
  get currentCommand(): Pop3Pending | undefined {
    return this.conversation.oldestPending;
  }

  promptInfo(): PromptInfo {
    const waiting = this.conversation.pendingCount > 0 ? [String(this.conversation.pendingCount)] : [];
    return {
      protocol: 'pop3',
      state: STATE_LABEL[this.conversation.state],
      waiting,
      continuation: this.conversation.authenticating ? 'SASL response' : undefined,
    };
  }

  /** Answers come in order (RFC 1939 3): the one owed is the oldest command's. */
  awaited(): string[] {
    const oldest = this.conversation.oldestPending;
    return oldest ? [oldest.name] : [];
  }

  private apply(effects: Pop3Effect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'note') this.listener.note(effect.level, effect.text);
      else {
        if (effect.command) this.reader.expect(effect.command.multiline);
        this.transport.write(effect.bytes);
      }
    }
  }

  /**
   * While STLS waits for its answer, a chunk is read here, before the transport's taps see it,
   * to find where its +OK ends: what follows is TLS (RFC 2595 4). Answers come in order, so
   * the STLS answer is the one after those of the commands (and greeting) queued before it.
   */
  private cut(bytes: Uint8Array): number {
    const queued = this.conversation.pendingIndex('STLS');
    if (queued < 0) return bytes.length;
    let before = queued + (this.hasGreeting ? 0 : 1);
    this.parsed = this.reader.push(bytes, (r) => before-- === 0 && r.ok);
    return bytes.length - this.reader.takeUnread().length;
  }

  /** Events of the chunk `cut` read, dispatched by onBytes after the taps. */
  private parsed: Pop3Event[] | undefined;

  private onBytes(bytes: Uint8Array): void {
    const events = this.parsed ?? this.reader.push(bytes);
    this.parsed = undefined;
    for (const ev of events) this.onEvent(ev);
  }

  private onEvent(ev: Pop3Event): void {
    if (!this.hasGreeting && ev.kind !== 'response') {
      // greeting = "+OK" (RFC 1939 4): anything else first is another service on this port.
      // Not shown as a POP3 line (an IMAP `* OK` would be "malformed"): the error quotes it.
      if (this.unexpectedGreeting === undefined && ev.kind !== 'body-chunk') {
        this.unexpectedGreeting = firstLine(ev.raw);
        this.greeted(false);
      }
      return;
    }
    this.listener.serverEvent(ev);
    if (ev.kind === 'continuation') {
      this.continuationSeen = true;
      this.continuationHook?.(ev.text);
    }
    if (ev.kind !== 'response') return;
    if (!this.hasGreeting) {
      this.hasGreeting = true;
      this.greetingText = ev.text;
      this.conversation.onEvent(ev);
      this.greeted(ev.ok);
      return;
    }
    const done = this.conversation.onEvent(ev);
    if (!done) return;
    const elapsedMs = done.command ? this.now() - done.command.startedAt : 0;
    this.listener.completed?.({ name: done.command?.name ?? '?', ok: done.ok, status: done.ok ? '+OK' : '-ERR', elapsedMs });
    const waiter = done.command && this.waiters.get(done.command);
    if (waiter && done.command) {
      this.waiters.delete(done.command);
      waiter({ ok: done.ok, status: done.ok ? '+OK' : '-ERR' });
    }
  }

  private onClose(err?: Error): void {
    if (!this.hasGreeting) this.greeted(false);
    for (const waiter of this.waiters.values()) waiter({ ok: false, status: 'closed' });
    this.waiters.clear();
    this.listener.closed(err);
  }
}
