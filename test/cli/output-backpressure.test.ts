// Output that cannot keep up, and output nobody reads any more. A slow pipe (`--raw | less`)
// holds the server back through TCP instead of queueing the rest of a big literal in memory
// (raw mode into `| cat` peaked at 1.5 GB for a 200 MB literal); a closed pipe (`| head`) is
// SIGPIPE: the session logs out, exit 141, no stack trace (it was an unhandled EPIPE).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp.js';
import { printWithBackpressure } from '../../src/cli/backpressure.js';
import { Transport } from '../../src/client/transport.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';
import { runWithOutputClosed } from '../support/closed-output.js';

const BIN = new URL('../../bin/mailscope.js', import.meta.url).pathname;
const server = demoForFile();
const dir = tempDirs()('mailscope-output-');

/** A stream whose write() answers what `full` says, as a Writable does when its buffer is full. */
class FakeOutput extends EventEmitter {
  full = false;
  destroyed = false;
  text = '';
  write(text: string): boolean {
    this.text += text;
    return !this.full;
  }
}

describe('printWithBackpressure', () => {
  const settled = () => new Promise((r) => setImmediate(r));

  it('stops reading when the output is full and resumes on drain, once however many lines wait', async () => {
    const out = new FakeOutput();
    let paused = 0;
    let resumed = 0;
    const print = printWithBackpressure(out, () => {
      paused++;
      return () => resumed++;
    });
    print('one');
    expect(paused).toBe(0);
    out.full = true;
    print('two');
    print('three');
    expect([paused, resumed]).toEqual([1, 0]);
    out.emit('drain');
    await settled();
    expect([paused, resumed]).toEqual([1, 1]);
    expect(out.text).toBe('one\ntwo\nthree\n');
    out.emit('drain');
    await settled();
    expect(resumed).toBe(1);
    expect(out.listenerCount('drain') + out.listenerCount('close')).toBe(0);
  });

  it('resumes when the output closes (EPIPE never drains) and never pauses for a destroyed one', async () => {
    const out = new FakeOutput();
    out.full = true;
    let resumed = 0;
    let paused = 0;
    const print = printWithBackpressure(out, () => {
      paused++;
      return () => resumed++;
    });
    print('x');
    out.emit('close');
    await settled();
    expect([paused, resumed]).toEqual([1, 1]);
    out.destroyed = true;
    print('y');
    expect(paused).toBe(1);
  });
});

describe('Transport.pauseReading', () => {
  it('pauses the socket until every holder has released it', async () => {
    const srv = net.createServer((s) => s.end('* OK hi\r\n'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const socket = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
    try {
      const transport = new Transport(socket);
      const first = transport.pauseReading();
      const second = transport.pauseReading();
      expect(socket.isPaused()).toBe(true);
      first();
      first(); // a second call of the same release counts once
      expect(socket.isPaused()).toBe(true);
      second();
      expect(socket.isPaused()).toBe(false);
    } finally {
      socket.destroy();
      srv.close();
    }
  });
});

/** A server that answers any command with `lines` lines of 100 bytes, honouring its own backpressure. */
async function floodServer(lines: number) {
  const state = { sent: 0, done: false, blockedSince: undefined as number | undefined };
  const line = `* OK ${'x'.repeat(93)}\r\n`;
  const srv = net.createServer((s) => {
    s.on('error', () => {});
    s.write('* OK flood ready\r\n');
    s.once('data', async (d) => {
      const tag = d.toString().split(' ')[0];
      const batch = line.repeat(100);
      for (let i = 0; i < lines; i += 100) {
        state.sent += batch.length;
        if (!s.write(batch)) {
          state.blockedSince = Date.now();
          await new Promise((r) => s.once('drain', r));
          state.blockedSince = undefined;
        }
      }
      s.write(`${tag} OK flooded\r\n`);
      state.done = true;
      s.once('data', (d2) => s.end(`* BYE\r\n${d2.toString().split(' ')[0]} OK bye\r\n`));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { srv, state, port: (srv.address() as net.AddressInfo).port };
}

describe('a script whose output nobody reads for a while', () => {
  it('holds the server back until the pipe drains, then shows everything', async () => {
    const lines = 160_000; // 16 MB, far more than the pipe and the sockets hold
    const { srv, state, port } = await floodServer(lines);
    try {
      const child = spawn(process.execPath, [BIN, `127.0.0.1:${port}`, '--imap', '--raw', '-c', 'noop', '-c', 'logout'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      // Nobody reads child.stdout yet: the server must end up waiting for drain, not finish.
      const t0 = Date.now();
      while (!(state.blockedSince !== undefined && Date.now() - state.blockedSince > 300) && !state.done && Date.now() - t0 < 10_000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(state.done).toBe(false);
      expect(state.sent).toBeLessThan(lines * 100);
      let shown = 0;
      let tail = '';
      child.stdout.on('data', (d: Buffer) => {
        shown += d.toString().split('\n').length - 1;
        tail = (tail + d.toString()).slice(-200);
      });
      expect(await exited).toBe(0);
      expect(state.done).toBe(true);
      expect(shown).toBeGreaterThanOrEqual(lines);
      expect(tail).toMatch(/S: a002 OK bye\n$/);
    } finally {
      srv.close();
    }
  }, 60_000);
});

describe('output whose reader went away (| head)', () => {
  it('a script logs out, the recording ends, exit 141 without a stack trace', async () => {
    const recording = join(dir, 'head.txt');
    const { code, stderr } = await runWithOutputClosed([`127.0.0.1:${server.imapPort}`, '--imap', '--record', recording], {
      first: 'capability',
      readyWhen: /a001 OK/,
      then: 'noop',
    });
    expect(code).toBe(141);
    expect(stderr).toBe('');
    expect(readFileSync(recording, 'utf8')).toMatch(/C: a003 LOGOUT\n[^]*S: a003 OK LOGOUT completed\n= close (server|client)\n/);
  });

  it('a command with no session ends at once, 141, quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'explain', 'capability'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await new Promise((r) => child.on('exit', (c) => r(c)))).toBe(141);
    expect(err).toBe('');
  });

  it('in process: SIGPIPE logs out without a word on stderr', async () => {
    const stop = new AbortController();
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap'], { signal: stop.signal });
    run.type('capability\n');
    await run.waitFor(/a001 OK/);
    stop.abort('SIGPIPE');
    expect(await run.code).toBe(141);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toMatch(/a002 OK LOGOUT/);
  });
});
