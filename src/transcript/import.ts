// Turning a telnet-style paste (a blog post, a wiki page, a terminal scroll-back) into
// transcripts. A paste has no C:/S: prefixes, so each line is told apart by what it looks
// like: IMAP client lines start with a tag and a command name, server lines with `*`, `+`
// or a tag and a status word; POP3 client lines are command names answered by +OK/-ERR.
// `// comments` become narration, telnet's own chatter becomes events and narration, and
// what cannot be placed (the post's prose) is reported, not guessed.

import { WILDCARD_REST, WILDCARD_TOKEN } from './format.js';
import { isImapCommandName, pop3Command, pop3ExpectsMultiline } from '../registry/index.js';
import type { Protocol } from './exchange.js';
import type { Entry, Transcript } from './format.js';
import { createRedactor } from './redact.js';

export interface ImportOptions {
  keepSecrets: boolean;
  /** When the paste does not say (no `telnet HOST PORT` line). */
  protocol?: Protocol;
}

export interface UnplacedLine {
  /** 1-based line number in the paste. */
  line: number;
  text: string;
}

export interface ImportResult {
  /** One transcript per session: a `telnet HOST PORT` line starts a new one. */
  sessions: Transcript[];
  unplaced: UnplacedLine[];
}

/** Ports that tell the protocol (IANA: 143/993 IMAP, 110/995 POP3). */
const PROTOCOL_BY_PORT: Readonly<Record<string, Protocol>> = { 143: 'imap', 993: 'imap', 110: 'pop3', 995: 'pop3' };

/**
 * Command lines that open a session in a paste, after an optional shell prompt: telnet and
 * nc take HOST PORT, openssl s_client takes -connect HOST:PORT (TLS from the first byte
 * unless -starttls). Each gives host and port.
 */
const SESSION_STARTS: ReadonlyArray<{ pattern: RegExp; tls: (m: RegExpExecArray) => string | undefined }> = [
  { pattern: /^(?:[#$>%]\s*)?(?:telnet|nc|ncat|netcat)\s+(\S+)\s+(\d+)\s*$/i, tls: () => undefined },
  {
    pattern: /^(?:[#$>%]\s*)?openssl\s+s_client\b.*?-connect\s+(\S+?):(\d+)(.*)$/i,
    tls: (m) => (/-starttls\s+(imap|pop3)/i.test(m[3] ?? '') ? 'starttls' : 'yes'),
  },
];

function sessionStart(line: string): { host: string; port: string; tls?: string } | undefined {
  for (const start of SESSION_STARTS) {
    const m = start.pattern.exec(line);
    if (!m) continue;
    const tls = start.tls(m);
    return tls === undefined ? { host: m[1], port: m[2] } : { host: m[1], port: m[2], tls };
  }
  return undefined;
}

/** What telnet itself prints (not the server): matched whole, turned into narration or an event. */
const TELNET_CHATTER: ReadonlyArray<{ pattern: RegExp; entry: (m: RegExpExecArray) => Entry }> = [
  { pattern: /^Trying .*\.\.\.$/, entry: (m) => ({ kind: 'narration', text: `telnet: ${m[0]}` }) },
  { pattern: /^Connected to .*$/, entry: (m) => ({ kind: 'narration', text: `telnet: ${m[0]}` }) },
  { pattern: /^Escape character is .*$/, entry: (m) => ({ kind: 'narration', text: `telnet: ${m[0]}` }) },
  { pattern: /^Connection closed by foreign host\.?$/, entry: () => ({ kind: 'event', name: 'close', value: 'server' }) },
];
const SESSION_END = /^Connection closed by foreign host\.?$/;

/** A `// comment` after a client line: whitespace, two slashes, the comment. */
const TRAILING_COMMENT = /\s+\/\/\s*(.*?)\s*$/;

const IMAP_SERVER_LINE = /^(?:\*(?: |$)|\+(?: |$)|[^\s*+]+ (?:OK|NO|BAD|BYE|PREAUTH)(?: |$))/i;
const POP3_STATUS_LINE = /^(?:\+OK|-ERR|\+ |\+$)/i;

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

interface ImapHead { tag: string; name: string }

function imapClientHead(line: string): ImapHead | undefined {
  const words = line.split(/\s+/);
  if (words.length === 1 && /^done$/i.test(words[0])) return { tag: '', name: 'DONE' };
  if (words.length < 2 || /^[*+]$/.test(words[0]) || !/^[\x21-\x7e]+$/.test(words[0])) return undefined;
  const name = words[1].toUpperCase();
  return isImapCommandName(name) ? { tag: words[0], name } : undefined;
}

function isImapCompletion(line: string, tag: string): boolean {
  return tag !== '' && new RegExp(`^${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (?:OK|NO|BAD)(?: |$)`, 'i').test(line);
}

class SessionBuilder {
  readonly entries: Entry[] = [];
  readonly header: Record<string, string> = {};
  /** IMAP tags seen in this session: a tag used before makes a client line likely. */
  readonly seenTags = new Set<string>();
  private readonly redactor;

  constructor(readonly protocol: Protocol, private readonly keepSecrets: boolean, server?: string) {
    this.header.protocol = protocol;
    if (server) this.header.server = server;
    this.header.source = 'imported from a telnet paste (mailscope import)';
    this.header.secrets = keepSecrets ? 'recorded (--keep-secrets)' : 'redacted';
    this.redactor = createRedactor(protocol);
  }

  client(text: string): void {
    const bytes = enc(`${text}\r\n`);
    const redacted = this.redactor.client(bytes);
    if (!this.keepSecrets && redacted.redacted) {
      this.entries.push({ kind: 'event', name: 'redacted', value: redacted.redacted });
      this.entries.push({ kind: 'client', bytes: redacted.bytes });
    } else {
      this.entries.push({ kind: 'client', bytes: this.keepSecrets ? bytes : redacted.bytes });
    }
  }

  server(text: string): void {
    const bytes = enc(`${text}\r\n`);
    const redacted = this.redactor.server(bytes);
    this.entries.push({ kind: 'server', bytes: this.keepSecrets ? bytes : redacted.bytes });
  }

  other(entry: Entry): void {
    this.entries.push(entry);
  }

  get hasWire(): boolean {
    return this.entries.some((e) => e.kind === 'client' || e.kind === 'server');
  }
}

class Importer {
  private readonly lines: string[];
  private readonly sessions: SessionBuilder[] = [];
  readonly unplaced: UnplacedLine[] = [];
  private session: SessionBuilder | undefined;
  /** Lines up to this index belong to the answer under way (its completion found ahead). */
  private answerEnd = -1;
  private pendingTag: string | undefined;
  /** The command of pendingTag, upper-cased (IDLE's `done` is no new command). */
  private pendingCommand: string | undefined;
  /** POP3: the command waits for its status line; then whether a body follows. */
  private pop3Awaiting: { name: string; args: string[] } | undefined;

  constructor(text: string, private readonly opts: ImportOptions) {
    this.lines = text.split('\n').map((l) => l.replace(/\r$/, '').replace(/\s+$/, ''));
  }

  run(): ImportResult {
    for (let i = 0; i < this.lines.length; i++) this.line(i);
    const sessions = this.sessions.filter((s) => s.hasWire).map((s) => ({ header: s.header, entries: s.entries }));
    return { sessions, unplaced: this.unplaced };
  }

  private startSession(protocol: Protocol, server?: string): SessionBuilder {
    this.session = new SessionBuilder(protocol, this.opts.keepSecrets, server);
    this.sessions.push(this.session);
    this.answerEnd = -1;
    this.pendingTag = undefined;
    this.pop3Awaiting = undefined;
    return this.session;
  }

  /** The current session, or one whose protocol is told from this line. */
  private sessionFor(line: string): SessionBuilder {
    if (this.session) return this.session;
    const pop3 = POP3_STATUS_LINE.test(line) || (this.opts.protocol === 'pop3' && !imapClientHead(line));
    return this.startSession(pop3 ? 'pop3' : this.opts.protocol ?? 'imap');
  }

  private line(i: number): void {
    const text = this.lines[i];
    const start = sessionStart(text);
    if (start) {
      const protocol = PROTOCOL_BY_PORT[start.port] ?? this.opts.protocol ?? 'imap';
      const session = this.startSession(protocol, `${start.host}:${start.port}`);
      if (start.tls) session.header.tls = start.tls;
      return;
    }
    if (i <= this.answerEnd && this.session) {
      this.session.server(text);
      if (i === this.answerEnd) this.pendingTag = undefined;
      return;
    }
    if (text === '') return;
    const chatter = TELNET_CHATTER.find((c) => c.pattern.test(text));
    if (chatter) {
      this.sessionFor('').other(chatter.entry(chatter.pattern.exec(text)!));
      if (SESSION_END.test(text)) this.session = undefined;
      return;
    }
    if (this.isImapCandidate(i, text)) this.imapLine(i, text);
    else if (this.isPop3Candidate(i, text)) this.pop3Line(i, text);
    else this.unplaced.push({ line: i + 1, text });
  }

  private isImapCandidate(i: number, text: string): boolean {
    if (this.session?.protocol === 'pop3') return false;
    if (this.session === undefined && this.opts.protocol === 'pop3') return false;
    return IMAP_SERVER_LINE.test(text) || this.imapClient(i, text) !== undefined;
  }

  /**
   * A tag and a command name make a client line only with more evidence, since prose such
   * as "The List command displays..." has that shape too: a `// comment`, a tag this session
   * used before, or a server line right after it.
   */
  private imapClient(i: number, text: string): ImapHead | undefined {
    const { line, comment } = withoutComment(text);
    const head = imapClientHead(line);
    if (!head || IMAP_SERVER_LINE.test(text)) return undefined;
    if (comment !== undefined || head.tag === '' || this.session?.seenTags.has(head.tag)) return head;
    const next = this.lines.slice(i + 1).find((l) => l !== '');
    return next !== undefined && IMAP_SERVER_LINE.test(next) ? head : undefined;
  }

  private imapLine(i: number, text: string): void {
    const { line, comment } = withoutComment(text);
    const head = this.imapClient(i, text);
    const session = this.sessionFor(text);
    if (head && this.pendingCommand === 'IDLE' && /^(\S+\s+)?done$/i.test(line.trim())) {
      // The tutorial types `. done`; RFC 2177 ends IDLE with an untagged DONE, which is what
      // mailscope sends for it, and IDLE's own completion still comes after it.
      session.other({ kind: 'narration', text: `typed as "${line.trim()}": IDLE ends with an untagged DONE (RFC 2177)` });
      session.client('DONE');
      this.pendingCommand = undefined;
      return;
    }
    if (head) {
      if (this.pendingTag !== undefined) this.missingCompletion(session, this.pendingTag);
      this.pendingCommand = head.name.toUpperCase();
      if (comment) session.other({ kind: 'narration', text: comment });
      session.client(line);
      session.seenTags.add(head.tag);
      if (head.tag !== '') this.pendingTag = head.tag;
      this.answerEnd = this.findAhead(i, (l) => isImapCompletion(l, head.tag), (l, k) => this.imapClient(k, l) !== undefined);
      this.frameLiteral(session, i, line);
      return;
    }
    session.server(text);
    const tag = text.split(' ')[0];
    if (tag !== '*' && tag !== '+') session.seenTags.add(tag);
    if (this.pendingTag !== undefined && isImapCompletion(text, this.pendingTag)) this.pendingTag = undefined;
  }

  /**
   * A pasted FETCH of a message often shows the message without the `* N FETCH (BODY[] {size}`
   * line that announced it as a literal (RFC 3501 4.3, 7.4.2), and ends with the literal's
   * closing `)`. The lines between are message text, not responses: the head is made again,
   * its size counted from the pasted lines, so readers and serve see one FETCH response.
   */
  private frameLiteral(session: SessionBuilder, i: number, command: string): void {
    if (this.answerEnd < 0) return;
    const first = this.lines[i + 1];
    if (first === undefined || first === '' || IMAP_SERVER_LINE.test(first)) return;
    let close = this.answerEnd - 1;
    while (close > i && this.lines[close] === '') close--;
    if (close <= i + 1 || this.lines[close] !== ')') return;
    const fetched = fetchedItem(command);
    if (!fetched) return;
    let size = 0;
    for (let k = i + 1; k < close; k++) size += Buffer.byteLength(this.lines[k], 'utf8') + 2;
    const head = `* ${fetched.message} FETCH (${fetched.item} {${size}}`;
    session.other({ kind: 'narration', text: `the paste shows the message without its literal's head: "${head}" is added (RFC 3501 7.4.2)` });
    session.server(head);
  }

  /**
   * The paste shows no answer to the previous command (the tutorial's `. login` has none):
   * a wildcard completion stands in for it, so the exchange ends there when replayed and the
   * commands after it are not shifted onto the wrong answers.
   */
  private missingCompletion(session: SessionBuilder, tag: string): void {
    session.other({ kind: 'narration', text: 'the paste shows no answer to this command' });
    const text = `${tag} ${WILDCARD_TOKEN} ${WILDCARD_REST}`;
    session.other({ kind: 'server', bytes: Buffer.from(`${text}\r\n`), pattern: text });
    this.pendingTag = undefined;
  }

  /** POP3 client lines are command names answered by a status line (a bare "STAT" heading is not). */
  private isPop3Candidate(i: number, text: string): boolean {
    if (this.session?.protocol === 'imap') return false;
    if (POP3_STATUS_LINE.test(text)) return true;
    return this.pop3Command(i, text) !== undefined;
  }

  private pop3Command(i: number, text: string): { name: string; args: string[] } | undefined {
    const words = withoutComment(text).line.split(/\s+/);
    if (!/^[A-Z]{3,4}$/.test(words[0]) || !pop3Command(words[0])) return undefined;
    const next = this.lines.slice(i + 1).find((l) => l !== '');
    return next !== undefined && POP3_STATUS_LINE.test(next) ? { name: words[0], args: words.slice(1) } : undefined;
  }

  private pop3Line(i: number, text: string): void {
    const session = this.sessionFor(text);
    const command = this.pop3Command(i, text);
    if (command) {
      const { line, comment } = withoutComment(text);
      if (comment) session.other({ kind: 'narration', text: comment });
      session.client(line);
      this.pop3Awaiting = command;
      return;
    }
    session.server(text);
    const awaiting = this.pop3Awaiting;
    this.pop3Awaiting = undefined;
    if (!awaiting || !/^\+OK/i.test(text) || !pop3ExpectsMultiline(awaiting.name, awaiting.args)) return;
    // The body runs to its "." (RFC 1939 section 3); a pasted body that lost it ends at a blank line.
    const dot = this.findAhead(i, (l) => l === '.', (l, k) => this.pop3Command(k, l) !== undefined);
    if (dot >= 0) this.answerEnd = dot;
    else {
      const blank = this.lines.indexOf('', i + 1);
      this.answerEnd = blank < 0 ? this.lines.length - 1 : blank - 1;
    }
  }

  /** Index of the first line after `i` that `ends`, unless a line that `stops` or a new session comes first; else -1. */
  private findAhead(i: number, ends: (l: string) => boolean, stops: (l: string, k: number) => boolean): number {
    for (let k = i + 1; k < this.lines.length; k++) {
      const l = this.lines[k];
      if (ends(l)) return k;
      if (sessionStart(l) || SESSION_END.test(l) || stops(l, k)) return -1;
    }
    return -1;
  }
}

/**
 * The message number and the item a server names in its FETCH response (RFC 3501 7.4.2) for
 * `TAG FETCH N ITEM`, when ITEM is one that returns message text: `.PEEK` is not echoed, and a
 * partial `<start.count>` comes back as `<start>`. UID FETCH is left alone (the number is unknown).
 */
const TEXT_ITEM = /^(BODY|BINARY)(?:\.PEEK)?(\[[^\]]*\])(?:<(\d+)(?:\.\d+)?>)?$|^(RFC822(?:\.HEADER|\.TEXT)?)$/i;

function fetchedItem(command: string): { message: string; item: string } | undefined {
  const words = command.trim().split(/\s+/);
  if (words.length !== 4 || words[1].toUpperCase() !== 'FETCH' || !/^[1-9]\d*$/.test(words[2])) return undefined;
  const m = TEXT_ITEM.exec(words[3].replace(/^\((.*)\)$/, '$1'));
  if (!m) return undefined;
  const item = m[4] ? m[4].toUpperCase() : `${m[1].toUpperCase()}${m[2].toUpperCase()}${m[3] === undefined ? '' : `<${m[3]}>`}`;
  return { message: words[2], item };
}

function withoutComment(text: string): { line: string; comment?: string } {
  const m = TRAILING_COMMENT.exec(text);
  if (!m || m.index === 0) return { line: text };
  return m[1] ? { line: text.slice(0, m.index), comment: m[1] } : { line: text.slice(0, m.index) };
}

/** Import a telnet paste: one transcript per session, plus the lines that could not be placed. */
export function importPaste(text: string, opts: ImportOptions): ImportResult {
  return new Importer(text, opts).run();
}
