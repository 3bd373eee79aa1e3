// The pretty printer hands its text over as bytes, a view of its own buffer that the next
// response overwrites: whatever takes them (the REPL's print batch, a script's batched stdout,
// a stream) copies them before it returns, and keeps the order of the lines around them.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batched, printWithBackpressure } from '../../src/cli/backpressure.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { ByteBatch, ownBytes, type WrittenLine } from '../../src/terminal/byte-batch.js';
import { createDisplay } from '../../src/terminal/display.js';
import { createPrintBatch } from '../../src/terminal/print-batch.js';
import { imapEventLine, renderImapEvent } from '../../src/terminal/render-imap.js';
import { plainTheme } from '../../src/terminal/theme.js';

const text = (chunks: Array<string | Uint8Array>): string => chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'))).join('');

describe('ByteBatch', () => {
  it('holds strings and bytes as UTF-8 lines, in order, and copies the bytes it is given', () => {
    const batch = new ByteBatch();
    const view = new Uint8Array(Buffer.from('* 1 FETCH (UID 1)'));
    batch.addLine('café ☺');
    batch.addLine(view);
    view.fill(0x21); // the printer writes its next response there
    batch.add('no line end');
    expect(batch.size).toBe(Buffer.byteLength('café ☺\n* 1 FETCH (UID 1)\nno line end'));
    expect(batch.take().toString('utf8')).toBe('café ☺\n* 1 FETCH (UID 1)\nno line end');
    expect(batch.size).toBe(0);
  });

  it('grows past its first buffer, and what take() gave stays as it was after more is added', () => {
    const batch = new ByteBatch();
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 300; i++) batch.addLine(line);
    const first = batch.take();
    for (let i = 0; i < 300; i++) batch.addLine('y'.repeat(1000));
    expect(first.length).toBe(300 * 1001);
    expect(first.every((b, i) => b === ((i + 1) % 1001 === 0 ? 0x0a : 0x78))).toBe(true);
    expect(batch.take().toString('latin1')).toBe(('y'.repeat(1000) + '\n').repeat(300));
  });

  it('measures a long string before encoding it (no room taken for three bytes a character)', () => {
    const batch = new ByteBatch();
    const long = 'é'.repeat(100_000);
    batch.addLine(long);
    expect(batch.take().toString('utf8')).toBe(long + '\n');
  });
});

describe('lines written in place', () => {
  /** A line that writes `text` as the printer does (WTF-8: a lone surrogate as it is). */
  const written = (text: string): WrittenLine => ({ writeTo: (out) => out.text(text) });

  it('a written line goes after what the batch holds, with its line end, as a string would', () => {
    const batch = new ByteBatch(8); // grown while the line writes itself
    batch.add('C: ');
    batch.addLine(written('a1 OK café ☺ 𝄞'));
    batch.addLine('after');
    expect(batch.take().toString('utf8')).toBe('C: a1 OK café ☺ 𝄞\nafter\n');
  });

  it('a lone surrogate comes out as a string write gives it (U+FFFD), and the lines around it stay as they were', () => {
    const batch = new ByteBatch();
    batch.addLine(written('ok \ud800 lone'));
    batch.addLine(written('\udfff'));
    batch.addLine('x \ud83d');
    expect(batch.take()).toEqual(Buffer.from('ok \ud800 lone\n\udfff\nx \ud83d\n', 'utf8'));
  });

  it('ownBytes writes a line into bytes of its own; bytes it copies', () => {
    expect(ownBytes(written('* 5 EXISTS')).toString('utf8')).toBe('* 5 EXISTS');
    const view = new Uint8Array(Buffer.from('* 6 EXISTS'));
    const own = ownBytes(view);
    view.fill(0x3f);
    expect(own.toString('utf8')).toBe('* 6 EXISTS');
  });

  it('the printer\'s line for an event is the event\'s text; none for a streamed literal\'s progress', () => {
    const events = new ImapResponseReader({ keepTapes: true, maxBufferedLiteral: 4 }).push(Buffer.from('* 1 FETCH (UID 7 BODY[] {6}\r\nabcdef)\r\n'));
    const kinds = events.map((ev) => ev.kind);
    expect(kinds).toContain('literal-start');
    for (const ev of events) {
      const line = imapEventLine(ev, plainTheme);
      const expected = renderImapEvent(ev, plainTheme);
      expect(line === undefined ? '' : ownBytes(line).toString('utf8')).toBe(expected);
    }
  });
});

describe('takers of the printer\'s bytes', () => {
  it('a script\'s batched stdout copies them at once and writes them in order with the text around', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const stdout = batched(out);
    const view = new Uint8Array(Buffer.from('* 2 EXISTS'));
    stdout.writeLine('C: a1 NOOP');
    stdout.writeLine(view);
    view.fill(0x3f);
    stdout.write('a1 OK done\n');
    stdout.flush();
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(chunks).toString('utf8')).toBe('C: a1 NOOP\n* 2 EXISTS\na1 OK done\n');
  });

  it('a written line printed to a plain stream is written into bytes of its own, with the line end', () => {
    const kept: Array<string | Uint8Array> = [];
    const stream = { write: (c: string | Uint8Array) => (kept.push(c), true), once: () => {}, off: () => {} };
    const print = printWithBackpressure(stream, () => undefined);
    print({ writeTo: (out) => out.text('* 7 EXISTS') });
    expect(text(kept)).toBe('* 7 EXISTS\n');
  });

  it('a print to a plain stream gives it a copy with the line end (a stream keeps what it cannot write yet)', () => {
    const kept: Array<string | Uint8Array> = [];
    const stream = { write: (c: string | Uint8Array) => (kept.push(c), true), once: () => {}, off: () => {} };
    const print = printWithBackpressure(stream, () => undefined);
    const view = new Uint8Array(Buffer.from('* 3 EXISTS'));
    print(view);
    view.fill(0x3f);
    print('text');
    expect(text(kept)).toBe('* 3 EXISTS\ntext\n');
  });

  it('the REPL\'s print batch writes them after the prompt\'s erasure, in one write', () => {
    const writes: Uint8Array[] = [];
    const batch = createPrintBatch((b) => writes.push(b), () => '\x1b[1G\x1b[0J');
    const view = new Uint8Array(Buffer.from('* 4 EXISTS'));
    batch.add('· note');
    batch.add(view);
    view.fill(0x3f);
    batch.flush();
    expect(writes.length).toBe(1);
    expect(text(writes)).toBe('\x1b[1G\x1b[0J· note\n* 4 EXISTS\n');
  });

  it('the display sends IMAP responses to printLine, as renderImapEvent shows them, and the rest to print', () => {
    const lines: string[] = [];
    const display = createDisplay({
      print: (t) => lines.push(`text: ${t}`),
      printLine: (line) => lines.push(`bytes: ${ownBytes(line).toString('utf8')}`),
      theme: plainTheme,
      protocol: () => 'imap',
      mode: 'pretty',
      width: 40,
      redactClientLine: (l) => l,
    });
    const wire = Buffer.from('* 1 FETCH (FLAGS (\\Seen) UID 1 INTERNALDATE "14-Jan-2011 08:17:36 +0000")\r\na1 OK done\r\n');
    const events = new ImapResponseReader({ keepTapes: true }).push(wire);
    for (const ev of events) display.listener.serverEvent(ev);
    display.listener.note('info', 'a note');
    const expected = new ImapResponseReader().push(wire).map((ev) => `bytes: ${renderImapEvent(ev, plainTheme, { width: 40 })}`);
    expect(lines).toEqual([...expected, 'text: · a note']);
    expect(lines[0]).toContain('\n  UID 1');
  });
});
