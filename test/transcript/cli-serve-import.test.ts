import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runServe } from '../../src/cli/serve.js';
import { runImport, outputNames } from '../../src/cli/import.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const FIXTURES = new URL('../fixtures/transcript/', import.meta.url);

function fakeIO(signal?: AbortSignal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const captured = { out: '', err: '' };
  stdout.on('data', (d) => { captured.out += d; });
  stderr.on('data', (d) => { captured.err += d; });
  return { io: { stdin: new PassThrough(), stdout, stderr, env: {}, home: tmpdir(), ...(signal ? { signal } : {}) }, captured };
}

describe('runServe', () => {
  it('serves the file on a free port until the signal, then exits 0', async () => {
    const controller = new AbortController();
    const { io, captured } = fakeIO(controller.signal);
    const done = runServe(new URL('imap-basic.txt', FIXTURES).pathname, { port: '0' }, io);
    while (!/:(\d+)\./.test(captured.out)) await new Promise((r) => setTimeout(r, 10));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(captured.out)![1]);
    const greeting = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => { resolve(d.toString()); socket.destroy(); });
    });
    expect(greeting).toBe('* OK [CAPABILITY IMAP4rev1 LITERAL+] mailscope fixture ready\r\n');
    controller.abort();
    expect(await done).toBe(0);
    expect(captured.out).toMatch(/^Serving .*imap-basic\.txt \(IMAP\) on 127\.0\.0\.1:\d+/);
  });

  it('exits 2 on a bad port or an unreadable file', async () => {
    const controller = new AbortController();
    controller.abort();
    const bad = fakeIO(controller.signal);
    expect(await runServe(new URL('imap-basic.txt', FIXTURES).pathname, { port: 'x' }, bad.io)).toBe(2);
    expect(bad.captured.err).toContain('--port');
    const missing = fakeIO(controller.signal);
    expect(await runServe('/nonexistent/file.txt', {}, missing.io)).toBe(2);
  });
});

describe('runImport', () => {
  it('writes one file per session of the tutorial and reports the prose it left out', async () => {
    const dir = tempDir('mailscope-import-');
    const { io, captured } = fakeIO();
    const code = await runImport(new URL('imap-pop3-telnet-tutorial.txt', FIXTURES).pathname, { output: join(dir, 'tutorial.txt') }, io);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['tutorial-1.txt', 'tutorial-2.txt', 'tutorial-3.txt']);
    const pop3 = parseTranscript(readFileSync(join(dir, 'tutorial-3.txt'), 'utf8'));
    expect(pop3.header.protocol).toBe('pop3');
    expect(readFileSync(join(dir, 'tutorial-2.txt'), 'utf8')).not.toContain('qwe123#$');
    expect(captured.out).toContain('Wrote ');
    expect(captured.out).toMatch(/lines could not be placed/);
    expect(captured.out).toMatch(/ {2,}\d+: Fetch command is used to access E-mails/);
  });

  it('names several outputs before the extension', () => {
    expect(outputNames('a/b.txt', 1)).toEqual(['a/b.txt']);
    expect(outputNames('a/b.txt', 2)).toEqual(['a/b-1.txt', 'a/b-2.txt']);
    expect(outputNames('out', 2)).toEqual(['out-1', 'out-2']);
  });

  it('exits 1 when the paste has no protocol lines', async () => {
    const { io, captured } = fakeIO();
    const dir = tempDir('mailscope-import-');
    const stdin = new PassThrough();
    stdin.end('Just a blog post.\nNothing else.\n');
    expect(await runImport('-', { output: join(dir, 'x.txt') }, { ...io, stdin })).toBe(1);
    expect(captured.err).toContain('no IMAP or POP3 lines');
  });
});
