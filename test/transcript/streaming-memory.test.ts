// replay, serve and export read a transcript as a stream: a recording of a big literal goes
// through them in a heap far smaller than the file's parsed form. Before, each read the
// whole file (about 9 times its size in memory), and a 14 MB recording ran out of a 40 MB
// heap. The built command runs in child processes (as `npm test` builds it), each with
// --max-old-space-size=40.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp.js';

const BIN = new URL('../../bin/mailscope.js', import.meta.url).pathname;
const HEAP_MB = 40;
const tempDir = tempDirs();

/** A recording of one FETCH whose literal is `lines` mail-like lines (about 90 bytes each). */
function bigRecording(lines: number): string {
  const body = 'Received: by 10.231.14.1 with HTTP; Sat, 15 Jan 2011 03:18:56 -0800 (PST) lorem ipsum';
  const size = lines * (body.length + 2);
  const head = ['# protocol: imap', '', 'S: * OK ready', '', 'C: a1 SELECT INBOX', 'S: * 1 EXISTS', 'S: a1 OK done', '', 'C: a2 FETCH 1 BODY[]', `S: * 1 FETCH (UID 1 BODY[] {${size}}`, ''];
  const tail = ['S: )', 'S: a2 OK FETCH done', '', 'C: a3 LOGOUT', 'S: * BYE bye', 'S: a3 OK done', ''];
  return head.join('\n') + `S: ${body}\n`.repeat(lines) + tail.join('\n');
}

interface Child {
  code: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  kill(): void;
}

function run(args: string[]): Child {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return {
    code: new Promise((resolve) => child.on('exit', (c) => resolve(c))),
    stdout: () => out,
    stderr: () => err,
    kill: () => child.kill('SIGINT'),
  };
}

describe(`a 14 MB recording in a ${HEAP_MB} MB heap`, () => {
  const file = (): string => {
    const path = join(tempDir('mailscope-stream-'), 'big.txt');
    writeFileSync(path, bigRecording(150_000));
    return path;
  };

  it('exports to Markdown and HTML, every line', async () => {
    const path = file();
    for (const format of ['--markdown', '--html']) {
      const out = join(tempDir('mailscope-stream-'), `out${format}`);
      const r = run(['export', path, format, '-o', out]);
      expect(await r.code, r.stderr()).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text.split('lorem ipsum').length - 1).toBe(150_000);
    }
  }, 30_000);

  it('serves it, and replays it against the served copy: every exchange matches', async () => {
    const path = file();
    const serve = run(['serve', path, '--port', '0']);
    try {
      const port = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /on 127\.0\.0\.1:(\d+)/.exec(serve.stdout());
          if (m) { clearInterval(timer); resolve(m[1]); }
        }, 20);
        void serve.code.then(() => { clearInterval(timer); reject(new Error(`serve ended: ${serve.stderr()}`)); });
      });
      const replay = run(['replay', path, `127.0.0.1:${port}`]);
      expect(await replay.code, replay.stderr()).toBe(0);
      expect(replay.stdout()).toMatch(/4 exchanges: 4 matched, 0 differed/);
    } finally {
      serve.kill();
    }
    expect(await serve.code, serve.stderr()).toBe(0);
  }, 30_000);
});
