// Output gathered as UTF-8 bytes for one write. The pretty printer hands over its text as bytes
// (renderImapResponseBytes): copied here once, it reaches the terminal or the pipe without being
// made a string, joined with the other lines and encoded again. Gathering a FETCH of 50,000
// ENVELOPEs that way took 40% of the display's time (BENCHMARKS.md, eleventh stop). Strings
// (notes, prompts, other printers) are encoded into the same bytes, so their order holds.
// Used by the REPL's print batch and by a script's batched stdout.

const INITIAL_SIZE = 64 * 1024;
/** A buffer grown past this for one burst is not kept for the next. */
const KEEP_SIZE = 2 * 1024 * 1024;
const LF = 0x0a;
/** What take() copies rather than hands over. */
const COPIED_SIZE = 16 * 1024;
/** Strings up to this many UTF-16 units are encoded into room for three bytes each, unmeasured. */
const UNMEASURED = 4096;

export class ByteBatch {
  private buf = Buffer.allocUnsafe(INITIAL_SIZE);
  private pos = 0;

  /** Bytes held. */
  get size(): number {
    return this.pos;
  }

  /** `text` as it is. */
  add(text: string | Uint8Array): void {
    if (typeof text === 'string') {
      this.ensure(text.length <= UNMEASURED ? text.length * 3 : Buffer.byteLength(text, 'utf8'));
      this.pos += this.buf.write(text, this.pos, 'utf8');
    } else {
      this.ensure(text.length);
      this.buf.set(text, this.pos);
      this.pos += text.length;
    }
  }

  /** `text` and a line end. */
  addLine(text: string | Uint8Array): void {
    this.add(text);
    this.ensure(1);
    this.buf[this.pos++] = LF;
  }

  /** What is held, in a buffer of its own (a stream may keep it queued); nothing is held after. */
  take(): Buffer {
    // A little is copied (a prompt's turn); a lot is handed over, and a new buffer taken.
    if (this.pos <= COPIED_SIZE) {
      const copy = Buffer.from(this.buf.subarray(0, this.pos));
      this.pos = 0;
      return copy;
    }
    const held = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length > KEEP_SIZE ? INITIAL_SIZE : this.buf.length);
    this.pos = 0;
    return held;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
