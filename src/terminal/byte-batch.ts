// Output gathered as UTF-8 bytes for one write. The pretty printer writes its text straight into
// these bytes (a WrittenLine: render-imap.ts imapEventLine): it reaches the terminal or the pipe
// without being made a string, joined with the other lines and encoded again, and without a copy
// from the printer's own buffer. Gathering a FETCH of 50,000 ENVELOPEs as strings took 40% of the
// display's time; the view of the printer's buffer and the copy of it, 8% of the printer's
// (BENCHMARKS.md, eleventh and twelfth stops). Strings (notes, prompts, other printers) are
// encoded into the same bytes, so their order holds.
// Used by the REPL's print batch and by a script's batched stdout.

import { TextBuffer } from './render-text-buffer.js';

const INITIAL_SIZE = 64 * 1024;
/** A buffer grown past this for one burst is not kept for the next. */
const KEEP_SIZE = 2 * 1024 * 1024;
const LF = 0x0a;
/** What take() copies rather than hands over. */
const COPIED_SIZE = 16 * 1024;
/** Strings up to this many UTF-16 units are encoded into room for three bytes each, unmeasured. */
const UNMEASURED = 4096;

/** Text that writes itself into a batch's bytes, at their end (the pretty printer's). */
export interface WrittenLine {
  writeTo(out: TextBuffer): void;
}

/** What a print function takes: text, UTF-8 bytes, or a line written in place. */
export type Printable = string | Uint8Array | WrittenLine;

export class ByteBatch {
  private readonly out: TextBuffer;

  constructor(size = INITIAL_SIZE) {
    this.out = new TextBuffer(size);
  }

  /** Bytes held. */
  get size(): number {
    return this.out.pos;
  }

  /** `text` as it is. */
  add(text: Printable): void {
    const out = this.out;
    if (typeof text === 'string') {
      out.ensure(text.length <= UNMEASURED ? text.length * 3 : Buffer.byteLength(text, 'utf8'));
      out.pos += out.buf.write(text, out.pos, 'utf8');
    } else if (text instanceof Uint8Array) {
      out.ensure(text.length);
      out.buf.set(text, out.pos);
      out.pos += text.length;
    } else {
      const start = out.pos;
      text.writeTo(out);
      out.wellFormedFrom(start);
    }
  }

  /** `text` and a line end. */
  addLine(text: Printable): void {
    this.add(text);
    this.out.byte(LF);
  }

  /** What is held, in a buffer of its own (a stream may keep it queued); nothing is held after. */
  take(): Buffer {
    const out = this.out;
    // A little is copied (a prompt's turn); a lot is handed over, and a new buffer taken.
    if (out.pos <= COPIED_SIZE) {
      const copy = Buffer.from(out.buf.subarray(0, out.pos));
      out.pos = 0;
      out.flags = 0;
      return copy;
    }
    return out.handOver(out.buf.length > KEEP_SIZE ? INITIAL_SIZE : out.buf.length);
  }
}

/**
 * `text` as UTF-8 bytes of its own, to keep or to hand to a stream that may queue them: printed
 * bytes and written lines are the printer's again at its next line.
 */
export function ownBytes(text: Printable): Buffer {
  if (typeof text === 'string') return Buffer.from(text, 'utf8');
  if (text instanceof Uint8Array) return Buffer.from(text);
  const own = new ByteBatch(OWN_SIZE);
  own.add(text);
  return own.take();
}

/** Where ownBytes writes a line: grown as needed. */
const OWN_SIZE = 1024;
