// The message bodies a session receives, for `:show` and `:save`: the last IMAP literal
// (RFC 3501 4.3; RFC 9051 4.3) or POP3 multi-line body (RFC 1939 3, dot-unstuffed), and a
// file armed to take the next one whole, whatever its size. A body past the reader's buffering
// limit (1 MiB) is streamed in pieces and never held: only `:save next` can keep it, by
// writing the pieces as they come.
//
// `--decode` undoes a part's Content-Transfer-Encoding on the way to the file (decode-plan.ts
// says when and from what); a streamed part is decoded piece by piece, in bounded memory.

import { accessSync, closeSync, constants, openSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { errnoText, fileError } from '../errors.js';
import { LazyDataResponse } from '../protocol/imap/lazy-response.js';
import type { ImapLiteral, ImapResponse, ImapValue, ReaderEvent } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';
import { decodeWhole, type TransferDecoder } from '../mime/transfer-decoder.js';
import { originOf, originOfPrefix, type BodyOrigin } from './body-origin.js';
import { decodePlan, decodedSummary, type DecodePlan, type DecodeRequest } from './decode-plan.js';
import { StructureMemory, msnAfter, type NumberChange } from './structures.js';

/** The last body received: whole, or only the head of one that was streamed. */
export interface LastBody {
  data: Uint8Array;
  /** Its size on the wire (an IMAP literal's N; a POP3 body's unstuffed length). */
  size: number;
  whole: boolean;
  /** Which message and FETCH item it came from (for --decode). */
  origin: BodyOrigin;
}

/** Hears how an armed `:save next` went: a line to show, and false when it is a failure. */
export type SaveReport = (message: string, ok: boolean) => void;

const CRLF = Buffer.from('\r\n');
const POP3: BodyOrigin = { kind: 'pop3' };
/** Without --decode: the bytes as they came. */
const AS_RECEIVED: DecodePlan = { kind: 'as-is', notes: [] };

interface Armed {
  path: string;
  report: SaveReport;
  decode: DecodeRequest | undefined;
}

export class BodyKeeper {
  /** Made when asked for: joining a POP3 body's lines on every RETR or LIST would copy each one for nothing. */
  private lastBody: (() => LastBody) | undefined;
  private lastOrigin: BodyOrigin = POP3;
  private armed: Armed | undefined;
  private writing: BodySave | undefined;
  /** A streamed part whose encoding was not known at its start: spooled until its response ends. */
  private pending: { armed: Armed; file: FileWriter; size: number } | undefined;
  /** Streamed bytes seen for the body in progress (the size of a streamed POP3 body is known only then). */
  private streamedSize = 0;
  private readonly structures = new StructureMemory();

  last(): LastBody | undefined {
    return this.lastBody?.();
  }

  /**
   * What `:save --decode` would do with `origin` now (the last body's, from last()). With no
   * mailbox selected (after CLOSE or UNSELECT), no BODYSTRUCTURE seen before applies.
   */
  plan(origin: BodyOrigin, request: DecodeRequest, mailboxSelected = true): DecodePlan {
    return decodePlan(origin, request, (msn, uid) => (mailboxSelected ? this.structures.find(msn, uid) : undefined));
  }

  /**
   * Writes the next literal or multi-line body to `path` (in place of an earlier `:save next`
   * still waiting; a body being written goes on to its end), decoded when `decode` is given.
   * A path that cannot be written fails now, and nothing is created until the body comes.
   */
  saveNext(path: string, report: SaveReport, decode?: DecodeRequest): void {
    checkWritable(path);
    this.armed = { path, report, decode };
  }

  event(ev: ReaderEvent | Pop3Event): void {
    switch (ev.kind) {
      case 'literal-start':
        this.streamedSize = 0;
        this.startStreamed(ev.size, ev.prefix);
        return;
      case 'literal-chunk':
      case 'body-chunk':
        if (this.streamedSize === 0 && ev.kind === 'body-chunk') this.startPop3Spool();
        this.streamedSize += ev.data.length;
        this.writing?.write(ev.data);
        this.pending?.file.write(ev.data);
        return;
      case 'literal-end':
        this.finishWriting();
        return;
      case 'response':
        if ('response' in ev) this.imapResponse(ev.response);
        else if (ev.ok && ev.lines) this.pop3Body(ev.lines, ev.truncated === true);
        return;
      case 'malformed':
        this.abandonPending();
        return;
      default:
    }
  }

  private takeArmed(): Armed | undefined {
    const armed = this.armed;
    this.armed = undefined;
    return armed;
  }

  /** A streamed IMAP literal begins: written as it comes, decoded when its encoding is known now. */
  private startStreamed(size: number, prefix: Uint8Array): void {
    const armed = this.takeArmed();
    if (!armed) return;
    if (!armed.decode) {
      this.writing = startPlan(AS_RECEIVED, armed, size);
      return;
    }
    const origin = originOfPrefix(prefix);
    const plan = origin ? this.plan(origin, armed.decode) : undefined;
    if (!plan || plan.kind === 'unknown') {
      this.pending = { armed, file: new FileWriter(armed.path, true, armed.report), size };
      return;
    }
    this.writing = startPlan(plan, armed, size);
  }

  private startPop3Spool(): void {
    const armed = this.takeArmed();
    if (!armed) return;
    if (armed.decode) return refuse(decodePlan(POP3, armed.decode, () => undefined), armed);
    this.writing = new BodySave(new FileWriter(armed.path, true, armed.report), undefined);
  }

  private finishWriting(): void {
    this.writing?.finish();
    this.writing = undefined;
  }

  private imapResponse(resp: ImapResponse): void {
    this.numbersChanged(this.structures.response(resp));
    const literal = savedLiteral(resp);
    const origin: BodyOrigin = literal ? originOf(resp, literal) : { kind: 'other' };
    // The response a spooled streamed part was in: it has just ended.
    if (this.pending) this.finishPending(origin);
    if (!literal) return;
    const body = { data: literal.data, size: literal.size, whole: literal.complete };
    this.lastOrigin = origin;
    this.lastBody = () => ({ ...body, origin: this.lastOrigin });
    const armed = literal.complete ? this.takeArmed() : undefined;
    if (!armed) return;
    const save = startPlan(armed.decode ? this.plan(origin, armed.decode) : AS_RECEIVED, armed, literal.size);
    save?.write(literal.data);
    save?.finish();
  }

  /** The response of a spooled streamed part has ended: decode the spool into the file, or refuse. */
  private finishPending(origin: BodyOrigin): void {
    const { armed, file, size } = this.pending!;
    this.pending = undefined;
    const plan = this.plan(origin, armed.decode ?? {});
    if (plan.kind === 'unknown' || plan.kind === 'refuse') {
      file.discard();
      return refuse(plan, armed);
    }
    for (const note of plan.notes) armed.report(note, true);
    const decoder = plan.kind === 'decode' ? plan.decoder : undefined;
    const received = this.streamedSize;
    file.unspool(undefined, decoder);
    file.finish(size, received, plan.kind === 'decode' ? plan.encoding : undefined);
  }

  /** The response of a spooled part never came whole (the connection ended, or it broke the grammar). */
  private abandonPending(): void {
    if (!this.pending) return;
    const { armed, file } = this.pending;
    this.pending = undefined;
    file.discard();
    armed.report(`the response with the body never came whole, so its encoding is not known; ${armed.path} not written`, false);
  }

  /** EXPUNGE, VANISHED or a new selection: the last body's message number follows. */
  private numbersChanged(change: NumberChange | undefined): void {
    if (!change || this.lastOrigin.kind !== 'fetch') return;
    const origin = { ...this.lastOrigin };
    if (change.kind === 'new-selection') {
      origin.msn = undefined;
      origin.uid = undefined;
    } else {
      origin.msn = origin.msn === undefined ? undefined : msnAfter(change, origin.msn);
    }
    this.lastOrigin = origin;
  }

  /** A POP3 body: its lines (the start only, when truncated; the rest came as body-chunk events first). */
  private pop3Body(lines: readonly Uint8Array[], truncated: boolean): void {
    const streamed = truncated ? this.streamedSize : 0;
    this.streamedSize = 0;
    this.lastOrigin = POP3;
    this.lastBody = () => {
      const start = joinLines(lines);
      return { data: start, size: start.length + streamed, whole: !truncated, origin: POP3 };
    };
    if (!this.armed && !this.writing) return;
    const start = joinLines(lines);
    if (!truncated) {
      const armed = this.takeArmed();
      if (!armed) return;
      if (armed.decode) return refuse(decodePlan(POP3, armed.decode, () => undefined), armed);
      this.writing = new BodySave(new FileWriter(armed.path, false, armed.report), start.length);
      this.writing.write(start);
    } else {
      this.writing?.prepend(start);
    }
    this.finishWriting();
  }
}

/** Opens the file for a plan that writes (decode or as-is), after its notes; refuses the others. */
function startPlan(plan: DecodePlan, armed: Armed, size: number): BodySave | undefined {
  if (plan.kind === 'unknown' || plan.kind === 'refuse') return void refuse(plan, armed);
  for (const note of plan.notes) armed.report(note, true);
  const file = new FileWriter(armed.path, false, armed.report);
  return plan.kind === 'decode' ? new BodySave(file, size, plan.decoder, plan.encoding) : new BodySave(file, size);
}

function refuse(plan: DecodePlan, armed: Armed): void {
  if (plan.kind === 'unknown' || plan.kind === 'refuse') armed.report(`${plan.reason}; ${armed.path} not written`, false);
}

/**
 * The literal a `:save` takes from a data response: a streamed one first (it is the one `:save
 * next` was writing), then content before header sections (`BODY[2.MIME] BODY[2]` asks for the
 * header to read, the part to keep), then the one with the largest announced size (BODY[]
 * beside BODY[HEADER]).
 */
function savedLiteral(resp: ImapResponse): ImapLiteral | undefined {
  // A lazy response knows without its values whether it has a literal (most FETCHes do not).
  if (resp.kind !== 'data' || (resp instanceof LazyDataResponse && !resp.hasLiterals)) return undefined;
  let found: ImapLiteral | undefined;
  let foundRank: readonly number[] = [];
  const visit = (values: readonly ImapValue[]): void => {
    values.forEach((v, i) => {
      if (v.type === 'list') return visit(v.items);
      if (v.type !== 'literal') return;
      const rank = [v.complete ? 0 : 1, isHeaderSection(values[i - 1]) ? 0 : 1, v.size];
      if (!found || outranks(rank, foundRank)) [found, foundRank] = [v, rank];
    });
  };
  visit(resp.values);
  return found;
}

/** HEADER, HEADER.FIELDS (...), HEADER.FIELDS.NOT (...), n.MIME (RFC 3501 6.4.5 section-msgtext, section-part). */
function isHeaderSection(name: ImapValue | undefined): boolean {
  return name?.type === 'section' && /(^|\.)(HEADER|MIME)\b/i.test(name.sectionText);
}

function outranks(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
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

/** One body on its way to a file: counted as received, decoded when asked. */
class BodySave {
  private received = 0;

  constructor(
    private readonly file: FileWriter,
    private readonly size: number | undefined,
    private readonly decoder?: TransferDecoder,
    private readonly encoding?: string,
  ) {}

  write(data: Uint8Array): void {
    this.received += data.length;
    this.file.write(this.decoder ? this.decoder.push(data) : data);
  }

  /** The start of a spooled POP3 body, which came last. */
  prepend(start: Uint8Array): void {
    this.received += start.length;
    this.file.unspool(start);
  }

  finish(): void {
    if (this.decoder) this.file.write(this.decoder.end());
    this.file.finish(this.size, this.received, this.encoding);
  }
}

/**
 * One file being written. A streamed POP3 body's pieces come before its start (the reader holds
 * the start until the end), and a streamed part whose encoding is known only at the end of its
 * response waits to be decoded: both are spooled to `FILE.part`, then written behind the start
 * (or through the decoder) at the end.
 */
class FileWriter {
  private fd: number;
  private readonly spool: string | undefined;
  private written = 0;
  private failed = false;

  constructor(
    private readonly path: string,
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
    if (this.failed || data.length === 0) return;
    try {
      for (let off = 0; off < data.length; ) off += writeSync(this.fd, data, off);
      this.written += data.length;
    } catch (e) {
      this.failed = true;
      this.report(`cannot write ${this.path}: ${errnoText(e as NodeJS.ErrnoException)}; not saved`, false);
    }
  }

  /** The file becomes `start` then the spool, through `decoder` when given (read in 1 MiB pieces). */
  unspool(start?: Uint8Array, decoder?: TransferDecoder): void {
    if (!this.spool) return;
    closeSync(this.fd);
    const spoolFd = openSync(this.spool, 'r');
    try {
      this.fd = openSync(this.path, 'w', 0o600);
      this.written = 0;
      if (start) this.write(start);
      const buf = Buffer.allocUnsafe(1024 * 1024);
      for (let n = readSync(spoolFd, buf); n > 0; n = readSync(spoolFd, buf)) {
        const piece = buf.subarray(0, n);
        this.write(decoder ? decoder.push(piece) : piece);
      }
      if (decoder) this.write(decoder.end());
    } finally {
      closeSync(spoolFd);
      unlinkSync(this.spool);
    }
  }

  /** Nothing is saved: the spool goes, and no file is made. */
  discard(): void {
    closeSync(this.fd);
    if (this.spool) unlinkSync(this.spool);
  }

  /** Closes the file and says how it went: `received` body bytes of `size`, decoded from `encoding` when given. */
  finish(size: number | undefined, received: number, encoding?: string): void {
    closeSync(this.fd);
    if (this.failed) return;
    if (size !== undefined && received < size) {
      const saved = encoding ? `${received} of ${size} bytes came, ${this.written} decoded bytes saved` : `${received} of ${size} bytes saved`;
      this.report(`the connection ended inside the body: ${saved} to ${this.path}`, false);
    } else {
      this.report(encoding ? decodedSummary(this.written, this.path, encoding, received) : `saved ${this.written} bytes to ${this.path}`, true);
    }
  }
}
