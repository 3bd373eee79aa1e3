// Replay's line reader: bytes pushed in as they arrive, lines awaited one at a time.
import { describe, expect, it } from 'vitest';
import { LineReader, type ReadResult } from '../../src/transcript/line-reader.js';

const text = (r: ReadResult): string => (r.kind === 'line' ? Buffer.from(r.bytes).toString() : r.kind);

describe('LineReader', () => {
  it('gives lines split anywhere across pushes, then what was left at the close', async () => {
    const r = new LineReader();
    r.push(Buffer.from('* OK he'));
    r.push(Buffer.from('llo\r\na1 OK'));
    expect(text(await r.readLine(100))).toBe('* OK hello\r\n');
    expect(text(await r.readLine(10))).toBe('timeout');
    r.end();
    const closed = await r.readLine(100);
    expect(closed.kind === 'closed' && Buffer.from(closed.rest!).toString()).toBe('a1 OK');
  });

  it('takes a chunk of 150,000 lines (a spread of that many overflowed the stack)', async () => {
    const r = new LineReader();
    r.push(Buffer.alloc(150_000, '\n'));
    for (let i = 0; i < 150_000; i++) expect((await r.readLine(10)).kind).toBe('line');
    expect((await r.readLine(1)).kind).toBe('timeout');
  });
});
