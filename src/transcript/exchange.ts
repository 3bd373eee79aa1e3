// Splitting a transcript into exchanges: a command's client lines (with its literal bodies
// and continuation answers) and the server lines up to its completion. IMAP: completion is
// the tagged OK/NO/BAD (RFC 3501 section 2.2.2). POP3: the +OK/-ERR line, followed by a
// dot-terminated body when the command is multi-line (RFC 1939 section 3).

import { WILDCARD_TOKEN } from './format.js';
import { pop3ExpectsMultiline } from '../registry/index.js';
import type { Entry, Transcript } from './format.js';
import {
  LiteralFramer, ascii, imapCommandHead, imapCompletionStatus, isPop3Terminator, pop3Status, scanPop3Words, wordText,
} from './wire.js';

import type { Protocol } from '../protocol/name.js';

export type { Protocol };

export interface Exchange {
  /** `server-only`: the greeting, or server lines no command asked for (an autologout BYE). */
  kind: 'server-only' | 'command';
  /** IMAP tags of the commands in this exchange (several when the client pipelined). */
  tags: string[];
  /** Upper-cased command name (`UID FETCH`, `RETR`). */
  command?: string;
  /** Everything in file order: client, server, narration and event entries. */
  entries: Entry[];
  /** The completion was seen (the last server line of the exchange is it). */
  complete: boolean;
}

/** IMAP commands whose later client lines answer `+` continuations (RFC 3501 6.2.2, RFC 2177). */
const IMAP_CONTINUED_COMMANDS: ReadonlySet<string> = new Set(['AUTHENTICATE', 'IDLE']);
/** POP3 AUTH (RFC 5034) answers `+` challenges with client lines until +OK or -ERR. */
const POP3_CONTINUED_COMMANDS: ReadonlySet<string> = new Set(['AUTH']);

/** The transcript's protocol: its header, else told from the first server line. */
export function transcriptProtocol(t: Transcript): Protocol {
  return declaredProtocol(t.header) ?? protocolOfServerLine(t.entries.find((e) => e.kind === 'server'));
}

/** The protocol a transcript's header names, if it names one. */
export function declaredProtocol(header: Record<string, string>): Protocol | undefined {
  const declared = header.protocol?.trim().toLowerCase();
  return declared === 'imap' || declared === 'pop3' ? declared : undefined;
}

/** The protocol a first server line speaks: `+OK` is POP3's greeting; IMAP otherwise (or with none). */
export function protocolOfServerLine(first: Entry | undefined): Protocol {
  return first && first.kind === 'server' && pop3Status(first.bytes) ? 'pop3' : 'imap';
}

interface Grouper {
  client(entry: Entry & { kind: 'client' }): void;
  server(entry: Entry & { kind: 'server' }): void;
}

class ExchangeList {
  readonly exchanges: Exchange[] = [];
  private leading: Entry[] = [];

  /** `keep` false: only the open exchange is held, without its entries (see ExchangeTracker). */
  constructor(private readonly keep = true) {}

  get current(): Exchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }

  get open(): Exchange | undefined {
    const c = this.current;
    return c && !c.complete ? c : undefined;
  }

  start(kind: Exchange['kind'], first: Entry, command?: string): Exchange {
    const exchange: Exchange = { kind, tags: [], entries: this.keep ? [...this.leading, first] : [], complete: false };
    if (command !== undefined) exchange.command = command;
    this.leading = [];
    if (!this.keep) this.exchanges.length = 0;
    this.exchanges.push(exchange);
    return exchange;
  }

  /** An entry of `exchange`, after its first. */
  add(exchange: Exchange, entry: Entry): void {
    if (this.keep) exchange.entries.push(entry);
  }

  /** Narration and events outside an open exchange go with the next one (they introduce it). */
  other(entry: Entry): void {
    if (!this.keep) return;
    const open = this.open;
    if (open) open.entries.push(entry);
    else this.leading.push(entry);
  }

  finish(): Exchange[] {
    if (this.leading.length > 0) {
      const last = this.current;
      if (last) for (const entry of this.leading) last.entries.push(entry); // no spread: any length
      else this.exchanges.push({ kind: 'server-only', tags: [], entries: this.leading, complete: true });
      this.leading = [];
    }
    return this.exchanges;
  }
}

function imapGrouper(list: ExchangeList): Grouper {
  const clientFramer = new LiteralFramer();
  const serverFramer = new LiteralFramer();
  let pendingTags = new Set<string>();
  return {
    client(entry) {
      const framed = clientFramer.next(entry.bytes);
      const open = list.open;
      const continued = open?.command !== undefined && IMAP_CONTINUED_COMMANDS.has(open.command);
      const head = framed.starts && !continued ? imapCommandHead(framed.text) : undefined;
      if (!head) {
        if (open) list.add(open, entry);
        else {
          // Not a command we can read (a stray line): it waits for no tag.
          list.start('command', entry);
          pendingTags = new Set();
        }
        return;
      }
      if (open && open.kind === 'command') {
        list.add(open, entry);
        open.tags.push(head.tag);
      } else {
        if (open) open.complete = true;
        list.start('command', entry, head.name).tags.push(head.tag);
        pendingTags = new Set();
      }
      pendingTags.add(head.tag);
    },
    server(entry) {
      const framed = serverFramer.next(entry.bytes);
      let exchange = list.open;
      if (!exchange) exchange = list.start('server-only', entry);
      else list.add(exchange, entry);
      if (exchange.kind === 'server-only') {
        // The greeting or an unsolicited response: one response is the whole exchange.
        if (!serverFramer.inMessage) exchange.complete = true;
        return;
      }
      if (!framed.starts) return;
      for (const tag of pendingTags) {
        if (imapCompletionStatus(framed.text, tag) || wildcardCompletion(framed.text, tag)) pendingTags.delete(tag);
      }
      if (pendingTags.size === 0) exchange.complete = true;
    },
  };
}

function pop3Grouper(list: ExchangeList): Grouper {
  let awaiting: 'status' | 'body' = 'status';
  let multiline = false;
  return {
    client(entry) {
      const open = list.open;
      if (open?.command !== undefined && POP3_CONTINUED_COMMANDS.has(open.command)) {
        list.add(open, entry);
        return;
      }
      if (open) open.complete = true;
      const words = scanPop3Words(entry.bytes);
      const name = words[0] ? wordText(entry.bytes, words[0]).toUpperCase() : '';
      const args = words.slice(1).map((w) => wordText(entry.bytes, w));
      multiline = name !== '' && pop3ExpectsMultiline(name, args);
      awaiting = 'status';
      list.start('command', entry, name);
    },
    server(entry) {
      let exchange = list.open;
      if (!exchange) {
        exchange = list.start('server-only', entry);
        exchange.complete = true;
        return;
      }
      list.add(exchange, entry);
      if (awaiting === 'body') {
        if (isPop3Terminator(entry.bytes)) exchange.complete = true;
        return;
      }
      const status = pop3Status(entry.bytes);
      if (status === '-ERR' || (status === '+OK' && !multiline)) exchange.complete = true;
      else if (status === '+OK') awaiting = 'body';
    },
  };
}

function grouperFor(protocol: Protocol, list: ExchangeList): Grouper {
  return protocol === 'pop3' ? pop3Grouper(list) : imapGrouper(list);
}

function feed(grouper: Grouper, list: ExchangeList, entry: Entry): void {
  if (entry.kind === 'client') grouper.client(entry);
  else if (entry.kind === 'server') grouper.server(entry);
  else list.other(entry);
}

/** Split a transcript into exchanges, in order. Narration and events stay where they were. */
export function groupExchanges(t: Transcript): Exchange[] {
  const list = new ExchangeList();
  const grouper = grouperFor(transcriptProtocol(t), list);
  for (const entry of t.entries) feed(grouper, list, entry);
  return list.finish();
}

/**
 * Follows the exchanges entry by entry, as groupExchanges cuts them, keeping none of them: for
 * a transcript read as a stream (play), whatever its size. Its exchanges have no entries.
 */
export class ExchangeTracker {
  private readonly list = new ExchangeList(false);
  private readonly grouper: Grouper;

  constructor(protocol: Protocol) {
    this.grouper = grouperFor(protocol, this.list);
  }

  /** Takes the next entry; returns the exchange it starts, if it starts one. */
  next(entry: Entry): Exchange | undefined {
    const before = this.list.current;
    feed(this.grouper, this.list, entry);
    const now = this.list.current;
    return now !== before ? now : undefined;
  }
}

/** Text of a wire line for messages and diffs (not for matching: matching works on bytes). */
export function lineText(bytes: Uint8Array): string {
  return ascii(bytes).replace(/\r?\n$/, '');
}

/** `TAG {*} ...`: a completion whose status the transcript leaves open (an import's missing answer). */
function wildcardCompletion(line: Uint8Array, tag: string): boolean {
  return ascii(line.subarray(0, tag.length + 5)) === `${tag} ${WILDCARD_TOKEN} `.slice(0, tag.length + 5);
}

/** One entry of a streamed transcript, with the exchange it belongs to as groupExchanges cuts them. */
export interface ExchangeStep {
  entry: Entry;
  /** Has no entries (they stream by); its tags and command are final once the next exchange starts. */
  exchange: Exchange;
  /** This entry is the first of its exchange: the exchange before it is over. */
  first: boolean;
}

/**
 * The entries with their exchanges, in file order, holding only the narration and events that
 * wait for the next exchange (they introduce it, as in groupExchanges): for replay, serve and
 * export of a transcript read as a stream, whatever its size.
 */
export function* exchangeSteps(protocol: Protocol, entries: Iterable<Entry>): Generator<ExchangeStep> {
  const list = new ExchangeList(false);
  const grouper = grouperFor(protocol, list);
  let waiting: Entry[] = [];
  for (const entry of entries) {
    const wire = entry.kind === 'client' || entry.kind === 'server';
    const open = list.open;
    if (!wire && !open) {
      waiting.push(entry);
      continue;
    }
    if (!wire) {
      yield { entry, exchange: open!, first: false };
      continue;
    }
    const before = list.current;
    feed(grouper, list, entry);
    const exchange = list.current!;
    let first = exchange !== before;
    // Entries waited for an exchange only while none was open: this entry starts one.
    for (const held of waiting) {
      yield { entry: held, exchange, first };
      first = false;
    }
    waiting = [];
    yield { entry, exchange, first };
  }
  if (waiting.length === 0) return;
  // At the end they go with the last exchange, or make a server-only one of their own.
  const last = list.current;
  const exchange: Exchange = last ?? { kind: 'server-only', tags: [], entries: [], complete: true };
  let first = last === undefined;
  for (const held of waiting) {
    yield { entry: held, exchange, first };
    first = false;
  }
}
