// Server-side POP3 framing: commands are single lines (RFC 1939 section 3). A line longer
// than the limit is refused once and its bytes dropped up to the next LF, so memory stays
// bounded whatever the client sends.

/** RFC 2449 section 4: a command line is at most 255 octets; we allow a bit more for AUTH. */
export const POP3_MAX_COMMAND_LINE = 8 * 1024;

export type Pop3LineEvent = { kind: 'line'; text: string } | { kind: 'too-long' };

export class Pop3LineReader {
  private parts: Buffer[] = [];
  private length = 0;
  private discarding = false;

  constructor(private readonly maxLine = POP3_MAX_COMMAND_LINE) {}

  push(chunk: Buffer): Pop3LineEvent[] {
    const events: Pop3LineEvent[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const lf = chunk.indexOf(0x0a, pos);
      const end = lf < 0 ? chunk.length : lf + 1;
      if (!this.discarding) {
        this.parts.push(Buffer.from(chunk.subarray(pos, end)));
        this.length += end - pos;
        if (this.length > this.maxLine) {
          this.parts = [];
          this.length = 0;
          this.discarding = lf < 0;
          events.push({ kind: 'too-long' });
          pos = end;
          continue;
        }
      }
      pos = end;
      if (lf < 0) break;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      const line = Buffer.concat(this.parts, this.length).toString('utf8').replace(/\r?\n$/, '');
      this.parts = [];
      this.length = 0;
      events.push({ kind: 'line', text: line });
    }
    return events;
  }
}
