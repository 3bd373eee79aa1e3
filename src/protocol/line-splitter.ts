// Cutting a byte stream into wire lines (each ending in LF), whatever the chunking: used by
// the raw display, the recorder, replay and serve. Protocol-neutral: IMAP and POP3 lines alike.

const LF = 0x0a;

/** Cuts arbitrarily split chunks into wire lines (each ends in LF); keeps the unfinished tail. */
export class LineSplitter {
  private pending: Uint8Array[] = [];

  push(chunk: Uint8Array): Uint8Array[] {
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, start)) {
      if (this.pending.length === 0) {
        // The whole line lies in this chunk: a Buffer view of it, no copy (a socket read is
        // a fresh buffer that nothing writes to again).
        lines.push(Buffer.from(chunk.buffer, chunk.byteOffset + start, i + 1 - start));
      } else {
        this.pending.push(chunk.subarray(start, i + 1));
        lines.push(Buffer.concat(this.pending));
        this.pending = [];
      }
      start = i + 1;
    }
    if (start < chunk.length) this.pending.push(Uint8Array.prototype.slice.call(chunk, start));
    return lines;
  }

  /** The bytes received after the last LF (a line cut off by the close), or undefined. */
  rest(): Uint8Array | undefined {
    if (this.pending.length === 0) return undefined;
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    return rest;
  }
}
