// The server side's IMAP reader: client bytes in, CommandEvents out. Used by the demo
// server and `mailscope serve`.
//
// command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
// (RFC 3501 section 9). Framing (lines, literals, limits) is here; the words are read by
// the tokenizer. A synchronizing literal `{N}` yields `continue-literal`: the server must
// answer "+ ..." before the client sends the body. `{N+}` (RFC 7888 LITERAL+) needs no
// answer; with `literalPlus: false` the server is LITERAL- (RFC 7888 section 5, IMAP4rev2)
// and non-synchronizing literals over 4096 bytes are refused.
//
// `UID FETCH 1:* FLAGS` gives name 'UID' and args [atom 'FETCH' (upper-cased), ...]:
// the sub-command is the first argument.

import { asBuffer, contentEnd, latin1, utf8 } from './bytes.js';
import { IMAP_LIMITS } from './limits.js';
import { literalAnnouncementAt, type LiteralAnnouncement } from './literal-announcement.js';
import { LF, SP, isATOM_CHAR, isTagChar } from './syntax.js';
import { ImapSyntaxError, ImapTokenizer, type LiteralFrame } from './tokenizer.js';
import type { ImapValue } from './types.js';

export type CommandEvent =
  | { kind: 'command'; tag: string; name: string; args: ImapValue[]; raw: Uint8Array }
  /** A synchronizing literal was announced: the server must now send "+ ...". */
  | { kind: 'continue-literal'; size: number }
  /** A bare line, after expectLine(): IDLE's DONE, AUTHENTICATE responses. */
  | { kind: 'line'; text: string; raw: Uint8Array }
  /** Grammar error: answer BAD, the session goes on. */
  | { kind: 'bad'; tag?: string; reason: string; raw: Uint8Array }
  /**
   * Line or literal over the limit: the bytes are discarded in bounded memory. `literal` says a
   * literal was refused (before its "+"), in the command `name` where the line showed one.
   */
  | { kind: 'too-long'; tag?: string; name?: string; literal: boolean; reason: string };

export interface ImapCommandReaderOptions {
  /** Longest command line (literal bodies excluded); default 64 KiB. */
  maxLineLength?: number;
  /** Largest literal, and largest sum of literals in one command; default 32 MiB. */
  maxLiteral?: number;
  /** Advertise-and-accept LITERAL+ (true, default) or only LITERAL- (false). */
  literalPlus?: boolean;
}

const enum Mode { Line, Literal, DiscardLiteral, DiscardLine }

export class ImapCommandReader {
  private readonly maxLineLength: number;
  private readonly maxLiteral: number;
  private readonly literalPlus: boolean;

  private mode = Mode.Line;
  private bareLine = false;
  private parts: Buffer[] = [];
  private length = 0;
  private lineStart = 0;
  private literals: LiteralFrame[] = [];
  private literalBytes = 0;
  private remaining = 0;

  constructor(opts: ImapCommandReaderOptions = {}) {
    this.maxLineLength = opts.maxLineLength ?? IMAP_LIMITS.commandMaxLineLength;
    this.maxLiteral = opts.maxLiteral ?? IMAP_LIMITS.commandMaxLiteral;
    this.literalPlus = opts.literalPlus ?? true;
  }

  /**
   * The next input line is read as a bare line (no literals), for IDLE's DONE and SASL
   * responses. Call it when sending the "+" continuation: bytes already pushed were parsed
   * as commands (clients must wait for the "+" before sending such a line, RFC 2177, RFC 3501 6.2.2).
   */
  expectLine(): void {
    this.bareLine = true;
  }

  push(chunk: Uint8Array): CommandEvent[] {
    const c = asBuffer(chunk);
    const events: CommandEvent[] = [];
    let pos = 0;
    while (pos < c.length) {
      switch (this.mode) {
        case Mode.Literal:
        case Mode.DiscardLiteral: {
          const n = Math.min(this.remaining, c.length - pos);
          if (this.mode === Mode.Literal) this.keep(c.subarray(pos, pos + n));
          this.remaining -= n;
          pos += n;
          if (this.remaining === 0) {
            this.lineStart = this.length;
            this.mode = this.mode === Mode.Literal ? Mode.Line : Mode.DiscardLine;
          }
          break;
        }
        case Mode.DiscardLine: {
          const lf = c.indexOf(LF, pos);
          pos = lf < 0 ? c.length : lf + 1;
          if (lf >= 0) this.mode = Mode.Line;
          break;
        }
        case Mode.Line: {
          const lf = c.indexOf(LF, pos);
          const end = lf < 0 ? c.length : lf + 1;
          this.keep(c.subarray(pos, end));
          pos = end;
          if (this.length - this.lineStart > this.maxLineLength) {
            this.refuse(events, `line longer than ${this.maxLineLength} bytes`, lf < 0 ? Mode.DiscardLine : Mode.Line);
          } else if (lf >= 0) {
            this.lineEnded(events);
          }
        }
      }
    }
    return events;
  }

  /** Keeps bytes of the current command (copied: the caller may reuse its chunk). */
  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(Buffer.from(bytes));
    this.length += bytes.length;
  }

  private take(): Buffer {
    const all = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    this.lineStart = 0;
    this.literals = [];
    this.literalBytes = 0;
    return all;
  }

  private lineEnded(events: CommandEvent[]): void {
    if (this.bareLine) {
      this.bareLine = false;
      const raw = this.take();
      events.push({ kind: 'line', text: utf8(raw, 0, contentEnd(raw)), raw });
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.length);
    const announced = literalAnnouncementAt(line, this.lineStart, line.length);
    if (announced) this.literalAnnounced(line, announced, events);
    else this.commandEnded(events);
  }

  private literalAnnounced(line: Buffer, a: LiteralAnnouncement, events: CommandEvent[]): void {
    const tag = tagOf(line);
    const limit = a.nonSync && !this.literalPlus ? Math.min(IMAP_LIMITS.literalMinusMax, this.maxLiteral) : this.maxLiteral;
    if (a.size > limit || this.literalBytes + a.size > this.maxLiteral) {
      const reason = `literal of ${a.size} bytes exceeds the limit of ${limit} bytes`;
      // A client that sent {N+} sends the body anyway: skip it, then the rest of the line.
      if (a.nonSync) this.remaining = a.size;
      this.refuse(events, reason, a.nonSync ? Mode.DiscardLiteral : Mode.Line, tag, commandNameOf(line));
      if (a.nonSync && a.size === 0) this.mode = Mode.DiscardLine;
      return;
    }
    if (!a.nonSync) {
      const bad = commandStartError(line);
      if (bad) {
        // The client waits for "+": a BAD instead means it will not send the literal.
        events.push({ kind: 'bad', tag, reason: bad, raw: this.take() });
        return;
      }
      events.push({ kind: 'continue-literal', size: a.size });
    }
    this.parts = [line];
    this.literals.push({ bodyStart: this.length, size: a.size, stored: a.size });
    this.literalBytes += a.size;
    this.remaining = a.size;
    this.mode = Mode.Literal;
    if (a.size === 0) {
      this.lineStart = this.length;
      this.mode = Mode.Line;
    }
  }

  private commandEnded(events: CommandEvent[]): void {
    const literals = this.literals;
    const raw = this.take();
    const end = contentEnd(raw);
    if (end === 0) return; // an empty line (telnet users press Enter): ignored, as Dovecot does
    events.push(parseCommand(raw, end, literals));
  }

  private refuse(events: CommandEvent[], reason: string, next: Mode, tag?: string, name?: string): void {
    const line = this.take();
    const t = tag ?? tagOf(line);
    this.bareLine = false;
    const event: CommandEvent = { kind: 'too-long', literal: name !== undefined, reason };
    if (t !== undefined) event.tag = t;
    if (name) event.name = name;
    events.push(event);
    this.mode = next;
  }
}

/** The tag at the start of a command, if the bytes before the first SP form one. */
function tagOf(line: Uint8Array): string | undefined {
  let i = 0;
  while (i < line.length && isTagChar[line[i]] === 1) i++;
  return i > 0 && line[i] === SP ? latin1(line, 0, i) : undefined;
}

/** The command name after `tag SP`, upper-cased ('' when there is none): `UID FETCH` reads as UID. */
function commandNameOf(line: Uint8Array): string {
  let i = 0;
  while (i < line.length && isTagChar[line[i]] === 1) i++;
  const start = ++i;
  while (i < line.length && isTagChar[line[i]] === 1) i++;
  return latin1(line, start, i).toUpperCase();
}

/** Why `tag SP name` is broken, if it is (checked before answering "+" to a literal). */
function commandStartError(line: Uint8Array): string | undefined {
  const t = new ImapTokenizer(line, 0, line.length);
  try {
    readTagAndName(t);
    return undefined;
  } catch (e) {
    if (e instanceof ImapSyntaxError) return e.reason;
    throw e;
  }
}

function readTagAndName(t: ImapTokenizer): { tag: string; name: string } {
  const tag = t.readRun(isTagChar);
  if (tag === '') t.fail('command does not start with a tag');
  if (t.peek() !== SP) t.fail('expected a space after the tag');
  t.pos++;
  const name = t.readRun(isATOM_CHAR).toUpperCase();
  if (name === '') t.fail('expected a command name after the tag');
  return { tag, name };
}

function parseCommand(raw: Buffer, end: number, literals: LiteralFrame[]): CommandEvent {
  const t = new ImapTokenizer(raw, 0, end, literals);
  const tag = tagOf(raw);
  try {
    const head = readTagAndName(t);
    if (!t.atEnd()) t.expectSpace();
    const args = t.readValues();
    if (head.name === 'UID' && args[0]?.type === 'atom') args[0] = { type: 'atom', value: args[0].value.toUpperCase() };
    return { kind: 'command', tag: head.tag, name: head.name, args, raw };
  } catch (e) {
    if (!(e instanceof ImapSyntaxError)) throw e;
    const reason = `${e.reason} (byte ${e.offset})`;
    return tag === undefined ? { kind: 'bad', reason, raw } : { kind: 'bad', tag, reason, raw };
  }
}
