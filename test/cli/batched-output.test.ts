// A script's stdout writes a turn's text at once (a FETCH of a mailbox was one system call per
// response), and still says "full" so reading stops, and still comes before what goes to stderr
// after it.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batched } from '../../src/cli/backpressure.js';
import { main } from '../../src/cli/main.js';
import { demoForFile } from '../support/demo-server.js';
import { tempDirs } from '../support/temp.js';

const server = demoForFile();
const tempDir = tempDirs();

/** Counts writes (bytes, UTF-8, kept as text); write() answers what `full` says. */
class CountingOutput extends EventEmitter {
  full = false;
  destroyed = false;
  writes: string[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return !this.full;
  }
}

const turn = () => new Promise((r) => setImmediate(r));

describe('batched', () => {
  it('writes the text of one turn in one write, in order', async () => {
    const out = new CountingOutput();
    const b = batched(out);
    for (let i = 0; i < 100; i++) expect(b.write(`line ${i}\n`)).toBe(true);
    expect(out.writes).toHaveLength(0);
    await turn();
    expect(out.writes).toEqual([Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join('')]);
  });

  it('writes at once when 64 KiB gather, and when asked (flush)', () => {
    const out = new CountingOutput();
    const b = batched(out);
    b.write('x'.repeat(64 * 1024));
    expect(out.writes).toHaveLength(1);
    b.write('y\n');
    b.flush();
    expect(out.writes).toEqual(['x'.repeat(64 * 1024), 'y\n']);
  });

  it('says false after a write found the output full, and true again after drain', async () => {
    const out = new CountingOutput();
    const b = batched(out);
    out.full = true;
    expect(b.write('a\n')).toBe(true); // held: nothing has been refused yet
    await turn();
    expect(b.write('b\n')).toBe(false);
    out.full = false;
    out.emit('drain');
    expect(b.write('c\n')).toBe(true);
    await turn();
    expect(out.writes).toEqual(['a\n', 'b\nc\n']);
  });
});

describe('a script whose stdout and stderr are one terminal', () => {
  it('prints a response before the error of the line after it', async () => {
    const both = new PassThrough();
    let text = '';
    both.on('data', (d: Buffer) => (text += d.toString()));
    const stdin = new PassThrough();
    stdin.end();
    const code = await main(
      [`127.0.0.1:${server.imapPort}`, '--imap', '-c', 'noop', '-c', ':nosuchthing', '-c', 'logout'],
      { stdin, stdout: both, stderr: both, env: { NO_COLOR: '1' }, home: tempDir('mailscope-batched-') },
    );
    await turn();
    expect(code).toBe(1);
    const ok = text.indexOf('OK NOOP');
    const error = text.search(/nosuchthing/);
    expect(ok).toBeGreaterThan(0);
    expect(error).toBeGreaterThan(ok);
  });
});
