// A transcript file read as a stream of entries, a megabyte at a time, for play, replay, serve
// and export: a recording of a 200 MB literal is 2.7 million lines, and reading it whole (text,
// lines, one Buffer per line) took 1.9 GB before the first line was shown. The header comes
// first, whole. openTranscriptSource is the way in; it reads the file again for each pass.

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { isMailscopeError, MailscopeError, fileError } from '../errors.js';
import { declaredProtocol, protocolOfServerLine, type Protocol } from './exchange.js';
import { TranscriptLineParser, type Entry } from './format.js';

const READ_SIZE = 1024 * 1024;

export interface TranscriptStream {
  header: Record<string, string>;
  /** The entries in file order; read from the file as they are taken. Throws TRANSCRIPT_SYNTAX. */
  entries: Iterable<Entry>;
  /** Closes the file (the entries' end closes it too). */
  close(): void;
}

/** Opens `path` and reads its header; errors name the file (FILE_UNREADABLE, TRANSCRIPT_SYNTAX). */
export function openTranscriptStream(path: string): TranscriptStream {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError('FILE_UNREADABLE', path, e);
  }
  const parser = new TranscriptLineParser();
  const lines = fileLines(fd, path);
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
      first = parser.line(next.value);
      if (!parser.readingHeader) return;
    }
  });
  function* entries(): Generator<Entry> {
    try {
      if (first) yield first;
      for (;;) {
        const next = named(() => {
          for (let line = lines.next(); !line.done; line = lines.next()) {
            const entry = parser.line(line.value);
            if (entry) return entry;
          }
          return undefined;
        });
        if (!next) return;
        yield next;
      }
    } finally {
      close();
    }
  }
  return { header: parser.header, entries: entries(), close };
}

/** The file's lines without their LF, read a megabyte at a time. */
function* fileLines(fd: number, path: string): Generator<string> {
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
  if (carry !== '') yield carry;
}

/** The stream's protocol: its header's, else its first server line's (entries before it are held, not lost). */
function withProtocol(stream: TranscriptStream): { protocol: Protocol; entries: Iterable<Entry> } {
  const declared = declaredProtocol(stream.header);
  if (declared) return { protocol: declared, entries: stream.entries };
  const it = stream.entries[Symbol.iterator]();
  const held: Entry[] = [];
  let next = it.next();
  for (; !next.done && next.value.kind !== 'server'; next = it.next()) held.push(next.value);
  if (!next.done) held.push(next.value);
  const protocol = protocolOfServerLine(next.done ? undefined : next.value);
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
    const { protocol, entries } = withProtocol(stream);
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
