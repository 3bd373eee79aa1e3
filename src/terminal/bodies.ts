// The message bodies a session receives, for `:show` and `:save`: the last IMAP literal
// (RFC 3501 4.3; RFC 9051 4.3) or POP3 multi-line body (RFC 1939 3, dot-unstuffed), and a
// file armed to take the next one whole, whatever its size. A body past the reader's buffering
// limit (1 MiB) is streamed in pieces and never held: only `:save next` can keep it, by
// writing the pieces as they come.

import { accessSync, closeSync, constants, openSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { errnoText, fileError } from '../errors.js';
import type { ImapResponse, ImapValue, ReaderEvent } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';

/** The last body received: whole, or only the head of one that was streamed. */
export interface LastBody {
  data: Uint8Array;
  /** Its size on the wire (an IMAP literal's N; a POP3 body's unstuffed length). */
  size: number;
  whole: boolean;
}

/** Hears how an armed `:save next` ended: a line to show, and whether all of it was written. */
export type SaveReport = (message: string, ok: boolean) => void;

const CRLF = Buffer.from('\r\n');

export class BodyKeeper {
  /** Made when asked for: joining a POP3 body's lines on every RETR or LIST would copy each one for nothing. */
  private lastBody: (() => LastBody) | undefined;
  private armed: { path: string; report: SaveReport } | undefined;
  private writing: FileWriter | undefined;
  /** Streamed bytes seen for the body in progress (the size of a streamed POP3 body is known only then). */
  private streamedSize = 0;

  last(): LastBody | undefined {
    return this.lastBody?.();
  }

  /**
   * Writes the next literal or multi-line body to `path` (in place of an earlier `:save next`
   * still waiting; a body being written goes on to its end). A path that cannot be written
   * fails now, and nothing is created until the body comes.
   */
  saveNext(path: string, report: SaveReport): void {
    checkWritable(path);
    this.armed = { path, report };
  }

  event(ev: ReaderEvent | Pop3Event): void {
    switch (ev.kind) {
      case 'literal-start':
        this.streamedSize = 0;
        this.startWriting(ev.size);
        return;
      case 'literal-chunk':
      case 'body-chunk':
        if (this.streamedSize === 0 && ev.kind === 'body-chunk') this.startWriting(undefined, true);
        this.streamedSize += ev.data.length;
        this.writing?.write(ev.data);
        return;
      case 'literal-end':
        this.finishWriting();
        return;
      case 'response':
        if ('response' in ev) this.imapResponse(ev.response);
        else if (ev.ok && ev.lines) this.pop3Body(ev.lines, ev.truncated === true);
        return;
      default:
    }
  }

  private startWriting(size: number | undefined, spooled = false): void {
    if (!this.armed) return;
    this.writing = new FileWriter(this.armed.path, size, spooled, this.armed.report);
    this.armed = undefined;
  }

  private finishWriting(): void {
    this.writing?.finish();
    this.writing = undefined;
  }

  private imapResponse(resp: ImapResponse): void {
    const literal = largestLiteral(resp);
    if (!literal) return;
    const body: LastBody = { data: literal.data, size: literal.size, whole: literal.complete };
    this.lastBody = () => body;
    if (literal.complete && this.armed) {
      this.startWriting(literal.size);
      this.writing?.write(literal.data);
      this.finishWriting();
    }
  }

  /** A POP3 body: its lines (the start only, when truncated; the rest came as body-chunk events first). */
  private pop3Body(lines: readonly Uint8Array[], truncated: boolean): void {
    const streamed = truncated ? this.streamedSize : 0;
    this.streamedSize = 0;
    this.lastBody = () => {
      const start = joinLines(lines);
      return { data: start, size: start.length + streamed, whole: !truncated };
    };
    if (!this.armed && !this.writing) return;
    const start = joinLines(lines);
    if (!truncated) {
      this.startWriting(start.length);
      this.writing?.write(start);
    } else {
      this.writing?.prepend(start);
    }
    this.finishWriting();
  }
}

/** The literal with the largest announced size in a data response (BODY[] beside BODY[HEADER]). */
function largestLiteral(resp: ImapResponse): Extract<ImapValue, { type: 'literal' }> | undefined {
  if (resp.kind !== 'data') return undefined;
  let found: Extract<ImapValue, { type: 'literal' }> | undefined;
  const visit = (values: readonly ImapValue[]): void => {
    for (const v of values) {
      if (v.type === 'literal' && v.size > (found?.size ?? -1)) found = v;
      else if (v.type === 'list') visit(v.items);
    }
  };
  visit(resp.values);
  return found;
}

/** Throws FILE_UNWRITABLE, as opening would, for a path whose folder is missing or closed, or a folder. */
function checkWritable(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    throw fileError('FILE_UNWRITABLE', path, e);
  }
}

function joinLines(lines: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const line of lines) parts.push(line, CRLF);
  return Buffer.concat(parts);
}

/**
 * One file being written. A streamed POP3 body's pieces come before its start (the reader holds
 * the start until the end), so they are spooled to `FILE.part` and joined behind it at the end.
 */
class FileWriter {
  private fd: number;
  private readonly spool: string | undefined;
  private written = 0;
  private failed = false;

  constructor(
    private readonly path: string,
    private readonly size?: number,
    spooled = false,
    private readonly report: SaveReport = () => {},
  ) {
    this.spool = spooled ? `${path}.part` : undefined;
    try {
      this.fd = openSync(this.spool ?? path, 'w', 0o600);
    } catch (e) {
      throw fileError('FILE_UNWRITABLE', path, e);
    }
  }

  write(data: Uint8Array): void {
    if (this.failed) return;
    try {
      for (let off = 0; off < data.length; ) off += writeSync(this.fd, data, off);
      this.written += data.length;
    } catch (e) {
      this.failed = true;
      this.report(`cannot write ${this.path}: ${errnoText(e as NodeJS.ErrnoException)}; not saved`, false);
    }
  }

  /** The start of a spooled body: the file becomes start + spool. */
  prepend(start: Uint8Array): void {
    if (!this.spool) return;
    closeSync(this.fd);
    const spoolFd = openSync(this.spool, 'r');
    try {
      this.fd = openSync(this.path, 'w', 0o600);
      this.written = 0;
      this.write(start);
      const buf = Buffer.allocUnsafe(1024 * 1024);
      for (let n = readSync(spoolFd, buf); n > 0; n = readSync(spoolFd, buf)) this.write(buf.subarray(0, n));
    } finally {
      closeSync(spoolFd);
      unlinkSync(this.spool);
    }
  }

  finish(): void {
    closeSync(this.fd);
    if (this.failed) return;
    if (this.size !== undefined && this.written < this.size) {
      this.report(`the connection ended inside the body: ${this.written} of ${this.size} bytes saved to ${this.path}`, false);
    } else {
      this.report(`saved ${this.written} bytes to ${this.path}`, true);
    }
  }

}
