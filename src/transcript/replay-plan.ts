// How replay sends each client line: tags renumbered (per exchange, since the tutorial
// reuses `.`), and redacted secrets filled in from the credentials: LOGIN and PASS
// passwords, a literal password with its `{N}` fixed, the APOP digest from the live
// greeting, and SASL exchanges computed again from the live challenges.

import { MailscopeError } from '../errors.js';
import { apopDigest, createSaslClient, greetingTimestamp } from '../protocol/sasl/index.js';
import type { Exchange, Protocol } from './exchange.js';
import type { Entry } from './format.js';
import { REDACTED, SASL_COMMAND } from './redact.js';
import { LiteralFramer, ascii, contentEnd, imapCommandHead, scanPop3Words, wordText } from './wire.js';

export interface PlanOptions {
  renumberTags: boolean;
  credentials: { user?: string; password?: string };
}

/** What a client line needs from the live session when it is sent. */
export interface LiveContext {
  greeting: Uint8Array | undefined;
  lastContinuation: Uint8Array | undefined;
}

export type Prepared = (ctx: LiveContext) => Uint8Array;

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

/** RFC 3501 section 4.3: a password that needs no literal goes as a quoted string. */
function imapQuoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

function replaceRedacted(line: Uint8Array, by: Uint8Array): Uint8Array {
  const i = Buffer.from(line).indexOf(REDACTED);
  if (i < 0) return line;
  return Buffer.concat([line.subarray(0, i), by, line.subarray(i + REDACTED.length)]);
}

function withLineEnd(line: Uint8Array, content: Uint8Array): Uint8Array {
  return Buffer.concat([content, line.subarray(contentEnd(line))]);
}

function requirePassword(credentials: PlanOptions['credentials'], what: string): string {
  if (credentials.password === undefined) {
    throw new MailscopeError('NO_SECRET', `the transcript has a redacted secret (${what}): give a password (--password-env, MAILSCOPE_PASSWORD or the prompt)`);
  }
  return credentials.password;
}

function saslUser(credentials: PlanOptions['credentials'], what: string): string {
  if (credentials.user === undefined) throw new MailscopeError('NO_SECRET', `the transcript has a redacted ${what}: give --user`);
  return credentials.user;
}

/** How one exchange's client lines are sent. */
export interface ExchangePlan {
  prepared: Map<Entry, Prepared>;
  /** Recorded tag -> tag sent. Per exchange, since a tag may be reused (the tutorial's `.`). */
  tagMap: Map<string, string>;
  /** A command line sent with a renumbered tag -> that tag: the run shows the line as sent. */
  sentTags: Map<Entry, string>;
}

/**
 * Decides how every client line is sent, an exchange at a time and in order (renumbered tags
 * count on from one exchange to the next): tags renumbered, secrets filled in. Throws
 * NO_SECRET for an exchange whose secret the credentials lack.
 */
export class ClientPlan {
  private nextTag = 1;
  /** The exchange being planned. */
  private current: ExchangePlan = { prepared: new Map(), tagMap: new Map(), sentTags: new Map() };

  constructor(private readonly protocol: Protocol, private readonly opts: PlanOptions) {}

  /** Plans `exchange` (its client lines and events are enough). */
  plan(exchange: Exchange): ExchangePlan {
    this.current = { prepared: new Map(), tagMap: new Map(), sentTags: new Map() };
    this.planExchange(exchange);
    return this.current;
  }

  private newTag(recorded: string): string {
    if (!this.opts.renumberTags) return recorded;
    const tag = `r${this.nextTag++}`;
    this.current.tagMap.set(recorded, tag);
    return tag;
  }

  private planExchange(exchange: Exchange): void {
    const framer = new LiteralFramer();
    const sasl = this.saslPlan(exchange);
    let redaction: string | undefined;
    let previousClient: Entry | undefined;
    let continued = false;
    for (const entry of exchange.entries) {
      if (entry.kind === 'event' && entry.name === 'redacted') redaction = entry.value ?? 'secret';
      if (entry.kind !== 'client') continue;
      const framed = this.protocol === 'imap' ? framer.next(entry.bytes) : undefined;
      // Lines after AUTHENTICATE / IDLE answer continuations: DONE is not a tag.
      const head: ReturnType<typeof imapCommandHead> = framed?.starts && !continued ? imapCommandHead(entry.bytes) : undefined;
      let bytes = entry.bytes;
      if (head) {
        const tag = this.newTag(head.tag);
        if (tag !== head.tag) this.current.sentTags.set(entry, tag);
        bytes = Buffer.concat([enc(tag), bytes.subarray(Buffer.from(bytes).indexOf(0x20))]);
        continued = head.name === SASL_COMMAND.imap || head.name === 'IDLE';
      }
      let plan: Prepared;
      if (sasl) plan = sasl(entry, bytes);
      else if (redaction) plan = this.secretPlan(redaction, bytes, previousClient);
      else { const fixed = bytes; plan = () => fixed; }
      this.current.prepared.set(entry, plan);
      redaction = undefined;
      previousClient = entry;
    }
  }

  /** Password and APOP lines: the secret goes where the recording has the mask. */
  private secretPlan(what: string, bytes: Uint8Array, previous: Entry | undefined): Prepared {
    const password = requirePassword(this.opts.credentials, what);
    if (what.startsWith('APOP')) {
      return (ctx) => replaceRedacted(bytes, enc(apopDigest(greetingTimestamp(ascii(ctx.greeting ?? new Uint8Array())) ?? '', password)));
    }
    if (what.includes('(literal)') && previous) {
      // The `{N}` line went before the body: give it the password's length.
      const before = this.current.prepared.get(previous);
      const size = Buffer.byteLength(password);
      if (before) this.current.prepared.set(previous, (ctx) => {
        const line = before(ctx);
        const text = ascii(line.subarray(0, contentEnd(line))).replace(/\{\d+([+-]?)\}$/, `{${size}$1}`);
        return withLineEnd(line, Buffer.from(text, 'latin1'));
      });
      return () => replaceRedacted(bytes, enc(password));
    }
    return () => replaceRedacted(bytes, enc(this.protocol === 'imap' ? imapQuoted(password) : password));
  }

  /**
   * A SASL exchange with a redacted step: every client line is computed again by the SASL
   * client from the live challenges, since a mechanism's steps depend on each other
   * (LOGIN sends the user, then the password). Undefined when nothing was redacted.
   */
  private saslPlan(exchange: Exchange): ((entry: Entry, bytes: Uint8Array) => Prepared) | undefined {
    if (exchange.command !== SASL_COMMAND[this.protocol]) return undefined;
    if (!exchange.entries.some((e) => e.kind === 'event' && e.name === 'redacted')) return undefined;
    const first = exchange.entries.find((e): e is Entry & { kind: 'client' } => e.kind === 'client');
    if (!first) return undefined;
    const words = scanPop3Words(first.bytes).map((w) => wordText(first.bytes, w));
    // IMAP: tag AUTHENTICATE mech [ir]; POP3: AUTH mech [ir].
    const [mech = '', initial] = words.slice(this.protocol === 'imap' ? 2 : 1);
    const what = `${mech} response`;
    const secret = requirePassword(this.opts.credentials, what);
    // XOAUTH2 and OAUTHBEARER take the token where the others take the password.
    const client = createSaslClient(mech, { user: saslUser(this.opts.credentials, what), password: secret, token: secret });
    return (entry, bytes) => {
      if (entry === first) {
        if (initial === undefined) return () => bytes;
        const text = ascii(bytes.subarray(0, contentEnd(bytes)));
        return () => {
          const response = client.initialResponse();
          const encoded = response && response.length > 0 ? Buffer.from(response).toString('base64') : '=';
          return withLineEnd(bytes, Buffer.from(text.slice(0, text.lastIndexOf(' ') + 1) + encoded, 'latin1'));
        };
      }
      return (ctx) => {
        if (ascii(bytes).trim() === '*') return bytes;
        const challenge = ascii(ctx.lastContinuation ?? new Uint8Array()).replace(/^\+ ?/, '').trim();
        const answer = client.respond(Buffer.from(challenge, 'base64'));
        return withLineEnd(bytes, Buffer.from(Buffer.from(answer).toString('base64'), 'latin1'));
      };
    };
  }
}
