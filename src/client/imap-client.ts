// The IMAP client: bytes from the transport go through the pure reader, responses through
// the conversation; what the user types goes out as the conversation says.
import { decodeMailboxName } from '../protocol/imap/mutf7.js';
import { ImapResponseReader } from '../protocol/imap/response-reader.js';
import type { ReaderEvent } from '../protocol/imap/types.js';
import { ImapConversation, type Completion, type Effect } from '../session/imap-conversation.js';
import type { Transport } from './transport.js';
import type { ClientListener, PromptInfo, ProtocolClient } from './types.js';

/** Commands whose OK changes the layer under IMAP (RFC 9051 6.2.1, RFC 4978 3). */
const LAYER_COMMANDS: ReadonlySet<string> = new Set(['STARTTLS', 'COMPRESS']);

function isGreeting(ev: ReaderEvent): boolean {
  return ev.kind === 'response' && ev.response.kind === 'status' && ev.response.tag === undefined;
}

/** The first line of some wire bytes, for a one-line error. */
export function firstLine(raw: Uint8Array): string {
  return Buffer.from(raw).toString('latin1').split(/\r?\n/)[0].slice(0, 60);
}

const STATE_LABEL: Record<string, string> = {
  'not-authenticated': 'not authenticated',
  authenticated: 'authenticated',
  logout: 'logged out',
};

export class ImapClient implements ProtocolClient {
  readonly protocol = 'imap' as const;
  readonly conversation: ImapConversation;
  readonly greeting: Promise<boolean>;
  continuationHook: ((text: string) => void) | undefined;
  // The pretty printer, the display's default, lays FETCH data out from the scanner's entries.
  private readonly reader = new ImapResponseReader({ keepTapes: true });
  private greeted: (ok: boolean) => void = () => {};
  /** The first line, when it was not an IMAP greeting. */
  unexpectedGreeting: string | undefined;
  private greetingSeen = false;
  private hasGreeting = false;
  private continuationSeen = false;
  /** Lines typed while a literal waits for the server's `+`: sent when it comes. */
  private typedAhead: string[] = [];
  private readonly waiters = new Map<string, (c: Completion) => void>();
  private readonly now: () => number;

  constructor(
    private readonly transport: Transport,
    private readonly listener: ClientListener,
    opts: { tagPrefix?: string; now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.conversation = new ImapConversation({ tagPrefix: opts.tagPrefix, now: this.now });
    this.greeting = new Promise((resolve) => (this.greeted = resolve));
    transport.receive(
      (bytes) => this.onBytes(bytes),
      (err) => this.onClose(err),
      (bytes) => this.cut(bytes),
    );
  }

  ahead(): { state: string; capabilities: ReadonlySet<string> } {
    return this.conversation.ahead();
  }

  get capabilities(): Set<string> {
    return this.conversation.tracker.capabilities;
  }

  get previousCapabilities(): ReadonlySet<string> | undefined {
    return this.conversation.tracker.previousCapabilities;
  }

  spelt(capability: string): string {
    return this.conversation.tracker.capabilitySpelling.get(capability) ?? capability;
  }

  get utf8MailboxNames(): boolean {
    return this.conversation.tracker.utf8MailboxNames;
  }

  get wantsContinuationLine(): boolean {
    const mode = this.conversation.mode;
    if (mode === 'literal-body' || mode === 'continue-line' || mode === 'idle') return true;
    return mode === 'authenticate' && this.continuationSeen;
  }

  get idling(): boolean {
    return this.conversation.mode === 'idle';
  }

  get continuing(): boolean {
    // During IDLE only DONE continues the command; any other line (a meta-command, quit) is new.
    const mode = this.conversation.mode;
    return mode !== 'ready' && mode !== 'idle' && mode !== 'idle-wait';
  }

  get busy(): boolean {
    return this.conversation.pendingTags.length > 0 || this.conversation.inContinuation;
  }

  submit(line: string): void {
    if (this.conversation.mode === 'literal-wait') {
      this.typedAhead.push(line);
      this.listener.note('info', 'held until the server sends "+" for the literal');
      return;
    }
    if (this.conversation.mode === 'authenticate') this.continuationSeen = false;
    this.apply(this.conversation.submit(line));
  }

  interrupt(): void {
    this.apply(this.conversation.interrupt());
  }

  command(line: string): Promise<{ ok: boolean; status: string }> {
    const effects = this.conversation.submit(line);
    const sent = effects.find((e) => e.kind === 'send' && e.command);
    this.apply(effects);
    const tag = sent && sent.kind === 'send' ? sent.command?.tag : undefined;
    if (!tag) return Promise.resolve({ ok: false, status: 'NONE' });
    return new Promise((resolve) => {
      this.waiters.set(tag, (c) => resolve({ ok: c.status === 'OK', status: c.status }));
    });
  }

  promptInfo(): PromptInfo {
    const { tracker, mode, pendingTags } = this.conversation;
    const selected = tracker.selected;
    const state =
      tracker.state === 'selected' && selected
        ? `${this.utf8MailboxNames ? selected.name : decodeMailboxName(selected.name)} ${selected.readOnly ? 'read-only' : 'read-write'}`
        : STATE_LABEL[tracker.state];
    const hints: Record<string, string> = {
      'literal-wait': 'waiting for + (literal)',
      'literal-body': 'literal bytes',
      'continue-line': 'command continues',
      'idle-wait': 'IDLE starting',
      idle: 'IDLE: type done',
      authenticate: 'SASL response',
    };
    return { protocol: 'imap', state, waiting: pendingTags, continuation: hints[mode] };
  }

  awaited(): string[] {
    const { pendingTags } = this.conversation;
    return pendingTags.map((tag) => this.conversation.pendingByTag(tag)?.name ?? tag);
  }

  private releaseTypedAhead(): void {
    while (this.typedAhead.length > 0 && this.conversation.mode !== 'literal-wait') this.submit(this.typedAhead.shift()!);
  }

  private apply(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'note') this.listener.note(effect.level, effect.text);
      else this.transport.write(effect.bytes);
    }
  }

  /**
   * While a STARTTLS or COMPRESS waits for its answer, a chunk is read here, before the
   * transport's taps see it, to find where the tagged OK ends: what follows is TLS or DEFLATE.
   */
  private cut(bytes: Uint8Array): number {
    const conversation = this.conversation;
    if (!conversation.awaits(LAYER_COMMANDS)) return bytes.length;
    this.parsed = this.reader.push(bytes, (r) =>
      r.kind === 'status' && r.status === 'OK' && r.tag !== undefined && LAYER_COMMANDS.has(conversation.pendingByTag(r.tag)?.name ?? ''));
    return bytes.length - this.reader.takeUnread().length;
  }

  /** Events of the chunk `cut` read, dispatched by onBytes after the taps. */
  private parsed: ReaderEvent[] | undefined;

  private onBytes(bytes: Uint8Array): void {
    const events = this.parsed ?? this.reader.push(bytes);
    this.parsed = undefined;
    for (const ev of events) this.onEvent(ev);
  }

  private onEvent(ev: ReaderEvent): void {
    if (!this.hasGreeting && !this.greetingSeen && !isGreeting(ev)) {
      // greeting = "*" SP (resp-cond-auth / resp-cond-bye) (RFC 9051 7.1): anything else first
      // is another service on this port (SMTP's 220, POP3's +OK, SSH), not an IMAP server.
      // Not shown as an IMAP line (POP3's +OK would be a continuation): the error quotes it.
      this.greetingSeen = true;
      this.unexpectedGreeting = 'raw' in ev ? firstLine(ev.raw) : ev.kind;
      this.greeted(false);
      return;
    }
    this.listener.serverEvent(ev);
    if (ev.kind !== 'response') return;
    const resp = ev.response;
    if (!this.hasGreeting && resp.kind === 'status' && resp.tag === undefined) {
      this.hasGreeting = true;
      this.conversation.onResponse(resp);
      this.greeted(resp.status === 'OK' || resp.status === 'PREAUTH');
      return;
    }
    if (resp.kind === 'continuation') this.continuationSeen = true;
    const completion = this.conversation.onResponse(resp);
    if (resp.kind === 'continuation') {
      if (this.continuationHook && this.conversation.mode === 'authenticate') this.continuationHook(resp.text);
      else this.releaseTypedAhead();
    }
    if (!completion) return;
    if (this.typedAhead.length > 0 && this.conversation.mode === 'ready') {
      this.listener.note('warn', `${this.typedAhead.length} line(s) typed for the literal were not sent: the server answered ${completion.status} instead of "+"`);
      this.typedAhead = [];
    }
    const name = completion.command?.name ?? '?';
    const elapsedMs = completion.command ? this.now() - completion.command.startedAt : 0;
    this.listener.completed?.({ name, ok: completion.status === 'OK', status: completion.status, elapsedMs });
    this.answer(completion.command?.tag, completion);
    for (const command of completion.endedIdle ?? []) {
      this.listener.note('warn', `${command.tag} ${command.name} was taken as the end of IDLE and will get no answer of its own (RFC 2177 3: only DONE may be sent during IDLE)`);
      // Whoever waits for it (a script) goes on, as after a BAD: the command was not carried out.
      this.answer(command.tag, { command, status: 'BAD', response: completion.response });
    }
  }

  /** Hands a completion to whoever waits for the tag. */
  private answer(tag: string | undefined, completion: Completion): void {
    const waiter = tag ? this.waiters.get(tag) : undefined;
    if (tag && waiter) {
      this.waiters.delete(tag);
      waiter(completion);
    }
  }

  private onClose(err?: Error): void {
    for (const ev of this.reader.end()) this.onEvent(ev);
    if (!this.hasGreeting) this.greeted(false);
    for (const waiter of this.waiters.values()) waiter({ command: undefined, status: 'BYE', response: { kind: 'status', status: 'BYE', text: 'connection closed' } });
    this.waiters.clear();
    this.listener.closed(err);
  }
}
