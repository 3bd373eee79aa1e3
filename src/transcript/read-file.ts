// A transcript file read as a stream of entries, a megabyte at a time, for play, replay, serve
// and export: a recording of a 200 MB literal is 2.7 million lines, and reading it whole (text,
// lines, one Buffer per line) took 1.9 GB before the first line was shown. The header comes
// first, whole. openTranscriptSource is the way in; it reads the file again for each pass.
// A file cut off while it was written (a crash, a full disk) is told at its end, after every
// whole entry before the cut: play shows them, then the one line of the error.

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { isMailscopeError, MailscopeError, fileError } from '../errors.js';
import { pop3ExpectsMultiline } from '../registry/index.js';
import { declaredProtocol, protocolOfServerLine, type Protocol } from './exchange.js';
import { TranscriptLineParser, type Entry } from './format.js';
import { LiteralFramer, isPop3Terminator, pop3Status, scanPop3Words, wordText } from './wire.js';

const READ_SIZE = 1024 * 1024;

export interface TranscriptStream {
  header: Record<string, string>;
  /**
   * The entries in file order; read from the file as they are taken. Throws TRANSCRIPT_SYNTAX,
   * and TRANSCRIPT_TRUNCATED after the last entry of a file cut inside one (CutTracker).
   */
  entries: Iterable<Entry>;
  /** Closes the file (the entries' end closes it too). */
  close(): void;
}

/** Opens `path` and reads its header; errors name the file (FILE_UNREADABLE, TRANSCRIPT_SYNTAX, TRANSCRIPT_TRUNCATED). */
export function openTranscriptStream(path: string): TranscriptStream {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError('FILE_UNREADABLE', path, e);
  }
  const parser = new TranscriptLineParser();
  const end: FileEnd = { unterminated: false };
  const lines = fileLines(fd, path, end);
  const cut = new CutTracker(parser.header);
  /** The line the file ends in the middle of, when mailscope wrote the file: it holds no whole entry. */
  let cutLine: number | undefined;
  // The entry a file line holds, followed by the cut tracker (undefined for the cut last line).
  const take = (raw: string): Entry | undefined => {
    if (end.unterminated && WRITER_KEY in parser.header) {
      cutLine = parser.lineNumber + 1;
      return undefined;
    }
    const entry = parser.line(raw);
    if (entry) cut.entry(entry, parser.lineNumber);
    return entry;
  };
  let closed = false;
  const close = () => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  const named = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      close();
      if (isMailscopeError(e) && e.code === 'TRANSCRIPT_SYNTAX') throw new MailscopeError(e.code, `${path}: ${e.message}`, { cause: e });
      throw e;
    }
  };
  // The header, and the first entry after it (held for the iteration).
  let first: Entry | undefined;
  named(() => {
    for (let next = lines.next(); !next.done; next = lines.next()) {
      first = take(next.value);
      if (!parser.readingHeader) return;
    }
  });
  function* entries(): Generator<Entry> {
    try {
      if (first) yield first;
      for (;;) {
        const next = named(() => {
          for (let line = lines.next(); !line.done; line = lines.next()) {
            const entry = take(line.value);
            if (entry) return entry;
          }
          return undefined;
        });
        if (!next) break;
        yield next;
      }
      const what = cut.end() ?? (cutLine === undefined ? undefined : `line ${cutLine}: the file ends in the middle of this line (no line feed after it)`);
      if (what !== undefined) throw new MailscopeError('TRANSCRIPT_TRUNCATED', `${path}: ${what}`);
    } finally {
      close();
    }
  }
  return { header: parser.header, entries: entries(), close };
}

/** How the file ended, told by fileLines before it hands out the last line. */
interface FileEnd {
  /** The last line has no LF after it. */
  unterminated: boolean;
}

/** The file's lines without their LF, read a megabyte at a time. */
function* fileLines(fd: number, path: string, end: FileEnd): Generator<string> {
  const buf = Buffer.allocUnsafe(READ_SIZE);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      throw fileError('FILE_UNREADABLE', path, e);
    }
    const text = carry + (n > 0 ? decoder.write(buf.subarray(0, n)) : decoder.end());
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.slice(start, end);
      start = end + 1;
    }
    carry = text.slice(start);
    if (n === 0) break;
  }
  if (carry === '') return;
  end.unterminated = true;
  yield carry;
}

/**
 * The header key the recorder writes (transcripts/README.md, "The header"). A file that has it
 * was written a whole line at a time, so a last line without its LF was cut off; a file
 * written by hand may just lack the last LF.
 */
const WRITER_KEY = 'mailscope';

/** A literal under way in one direction of an IMAP recording. */
interface OpenLiteral {
  /** The file line that announced it. */
  line: number;
  size: number;
  /** Its bytes in the file so far. */
  present: number;
  /** A client's `{N}` (not `{N+}`): sent only once the server answers `+` (RFC 3501 section 7.5). */
  waitsForContinuation: boolean;
}

/** Follows one direction's literals (RFC 3501 section 4.3: `{N}` CRLF, then N bytes). */
class LiteralCut {
  private framer = new LiteralFramer();
  open: OpenLiteral | undefined;

  constructor(private readonly side: 'client' | 'server') {}

  next(bytes: Uint8Array, line: number): void {
    const framed = this.framer.next(bytes);
    if (this.open) this.open.present += framed.literal.length;
    const announced = framed.announced;
    if (announced) this.open = { line, size: announced.size, present: 0, waitsForContinuation: this.side === 'client' && !announced.nonSync };
    else if (!this.framer.inMessage) this.open = undefined;
  }

  /** The connection closed, or the server refused a client's literal: nothing is under way. */
  reset(): void {
    this.framer = new LiteralFramer();
    this.open = undefined;
  }

  /** What the end of the file cut, as `line N: ...`, if a message was under way. */
  end(): string | undefined {
    const open = this.open;
    // A client's `{N}` still waiting for the server's `+` is a command without its answer yet:
    // the file holds all that passed.
    if (!open || open.waitsForContinuation) return undefined;
    const what = `${open.size}-byte literal`;
    if (open.present === 0) return `line ${open.line}: the file ends right after the announcement of a ${what} (none of its bytes present)`;
    if (open.present < open.size) return `line ${open.line}: the file ends inside a ${what} (${open.present} bytes present)`;
    const message = this.side === 'client' ? 'command' : 'response';
    return `line ${open.line}: the file ends after the ${what} announced on this line, before the rest of its ${message}`;
  }
}

/** Follows POP3 multi-line answers (RFC 1939 section 3): a body ends at a line of one dot. */
class Pop3BodyCut {
  private multiline = false;
  private awaiting: 'nothing' | 'status' | 'body' = 'nothing';
  private command = '';
  private bodyLine = 0;

  client(bytes: Uint8Array): void {
    const words = scanPop3Words(bytes).map((w) => wordText(bytes, w));
    this.command = words.join(' ');
    this.multiline = words.length > 0 && pop3ExpectsMultiline(words[0].toUpperCase(), words.slice(1));
    this.awaiting = 'status';
  }

  server(bytes: Uint8Array, line: number): void {
    if (this.awaiting === 'body') {
      if (isPop3Terminator(bytes)) this.awaiting = 'nothing';
      return;
    }
    if (this.awaiting !== 'status') return;
    const status = pop3Status(bytes);
    if (status === '+OK' && this.multiline) {
      this.awaiting = 'body';
      this.bodyLine = line;
    } else if (status === '+OK' || status === '-ERR') this.awaiting = 'nothing';
  }

  reset(): void {
    this.awaiting = 'nothing';
  }

  end(): string | undefined {
    if (this.awaiting !== 'body') return undefined;
    return `line ${this.bodyLine}: the file ends inside the multi-line answer to ${this.command} (no "." line ends it)`;
  }
}

/**
 * What a file cut off while it was written (a crash, a full disk: transcripts/README.md,
 * "Lines") leaves unfinished at its end: an IMAP literal, or the message it is part of; a POP3
 * multi-line answer. A `= close` event after it means the connection, not the file, was cut
 * there: the recording is whole.
 */
class CutTracker {
  private readonly imap = { client: new LiteralCut('client'), server: new LiteralCut('server') };
  private readonly pop3 = new Pop3BodyCut();
  private firstServer: Entry | undefined;

  constructor(private readonly header: Record<string, string>) {}

  entry(entry: Entry, line: number): void {
    if (entry.kind === 'event') {
      if (entry.name === 'close') this.reset();
      return;
    }
    if (entry.kind === 'client') {
      this.imap.client.next(entry.bytes, line);
      this.pop3.client(entry.bytes);
    } else if (entry.kind === 'server') {
      this.firstServer ??= entry;
      this.refusedLiteral(entry.bytes);
      this.imap.server.next(entry.bytes, line);
      this.pop3.server(entry.bytes, line);
    }
  }

  /**
   * A client's `{N}` waits for the server's `+`; a tagged answer instead refuses the literal
   * (RFC 3501 section 7.5, an APPEND over the limit), and the client's next line is a command.
   */
  private refusedLiteral(bytes: Uint8Array): void {
    const open = this.imap.client.open;
    if (!open?.waitsForContinuation || open.present > 0 || bytes.length === 0) return;
    if (bytes[0] === 0x2b /* + */) open.waitsForContinuation = false;
    else if (bytes[0] !== 0x2a /* * */) this.imap.client.reset();
  }

  private reset(): void {
    this.imap.client.reset();
    this.imap.server.reset();
    this.pop3.reset();
  }

  /** What the file's end cut, as `line N: ...`, or undefined for a whole recording. */
  end(): string | undefined {
    const protocol = declaredProtocol(this.header) ?? protocolOfServerLine(this.firstServer);
    if (protocol === 'pop3') return this.pop3.end();
    return this.imap.server.end() ?? this.imap.client.end();
  }
}

/**
 * The stream's protocol: its header's, else its first server line's (entries before it are held,
 * not lost). A file without one `C:` or `S:` line (empty, only comments, cut before its first
 * exchange) is said to hold nothing: replayed, it would pass with 0 of 0 exchanges matched.
 */
function withProtocol(stream: TranscriptStream, path: string): { protocol: Protocol; entries: Iterable<Entry> } {
  const declared = declaredProtocol(stream.header);
  const it = stream.entries[Symbol.iterator]();
  const held: Entry[] = [];
  // Read up to the first wire line: with no protocol declared, up to the first server line.
  const enough = (e: Entry): boolean => e.kind === 'server' || (declared !== undefined && e.kind === 'client');
  let next = it.next();
  for (; !next.done && !enough(next.value); next = it.next()) held.push(next.value);
  if (!next.done) held.push(next.value);
  if (!held.some((e) => e.kind === 'client' || e.kind === 'server')) {
    stream.close();
    throw new MailscopeError('TRANSCRIPT_SYNTAX', `${path}: no exchange in this transcript (not one "C:" or "S:" line): empty, or only comments`);
  }
  const protocol = declared ?? protocolOfServerLine(next.done ? undefined : next.value);
  function* entries(): Generator<Entry> {
    yield* held;
    for (let more = it.next(); !more.done; more = it.next()) yield more.value;
  }
  return { protocol, entries: entries() };
}

/** A transcript file that can be read more than once, from the start each time (replay, serve and export make several passes). */
export interface TranscriptSource {
  header: Record<string, string>;
  protocol: Protocol;
  /** The entries from the start: the first call reads on from the header already read, later ones open the file again. */
  entries(): Iterable<Entry>;
  /** Closes every pass still open. */
  close(): void;
}

/** Opens `path`, reads its header and tells its protocol; errors name the file (FILE_UNREADABLE, TRANSCRIPT_SYNTAX). */
export function openTranscriptSource(path: string): TranscriptSource {
  const open = new Set<TranscriptStream>();
  const pass = (): { header: Record<string, string>; protocol: Protocol; entries: Iterable<Entry> } => {
    const stream = openTranscriptStream(path);
    open.add(stream);
    const { protocol, entries } = withProtocol(stream, path);
    function* tracked(): Generator<Entry> {
      try {
        yield* entries;
      } finally {
        stream.close();
        open.delete(stream);
      }
    }
    return { header: stream.header, protocol, entries: tracked() };
  };
  const opened = pass();
  let first: Iterable<Entry> | undefined = opened.entries;
  return {
    header: opened.header,
    protocol: opened.protocol,
    entries: () => {
      const entries = first ?? pass().entries;
      first = undefined;
      return entries;
    },
    close: () => {
      for (const stream of open) stream.close();
      open.clear();
    },
  };
}
