// What the REPL prints in one turn of the event loop goes to the terminal in one write: the
// prompt's erasure, then the lines. A FETCH of 100,000 messages was three writes a response.
// The batch goes out before the prompt is drawn again and before a question, and early once it
// holds a mebibyte.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startRepl } from '../../src/terminal/repl.js';
import { createTheme } from '../../src/terminal/theme.js';
import { PRINT_BATCH_CHARS } from '../../src/terminal/print-batch.js';
import { stripAnsi } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';
import type { SessionContext } from '../../src/terminal/context.js';
import type { Guard } from '../../src/terminal/guard.js';

const tempDir = tempDirs();
const ERASE = '\x1b[1G\x1b[0J'; // to the first column, the screen below cleared
const RESPONSES = 1000;

/** A fake terminal whose every write is kept apart, to be counted. */
function fakeTerminal() {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  output.isTTY = true;
  output.columns = 200;
  output.resume();
  const writes: string[] = [];
  const write = output.write.bind(output) as (chunk: unknown, ...rest: unknown[]) => boolean;
  output.write = ((chunk: unknown, ...rest: unknown[]) => {
    writes.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof output.write;
  return { input, output, writes, text: () => stripAnsi(writes.join('')) };
}

const sockets = new Set<net.Socket>();
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/**
 * A server whose NOOP is answered, when the test says so, by RESPONSES untagged FETCH lines and
 * the completion in one socket write; LOGINDISABLED, so a LOGIN brings a warning to print.
 */
async function burstServer() {
  let answer: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.write('* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\r\n');
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString('latin1');
        let i;
        while ((i = pending.indexOf('\r\n')) >= 0) {
          const [tag, name = ''] = pending.slice(0, i).split(' ');
          pending = pending.slice(i + 2);
          if (/^noop$/i.test(name)) {
            const lines = Array.from({ length: RESPONSES }, (_, n) => `* ${n + 1} FETCH (FLAGS (\\Seen) UID ${n + 101})\r\n`);
            answer = () => void s.write(`${lines.join('')}${tag} OK NOOP completed\r\n`);
            resolve();
          } else if (/^logout$/i.test(name)) s.end(`* BYE\r\n${tag} OK LOGOUT completed\r\n`);
          else s.write(`${tag} OK ${name} completed\r\n`);
        }
      });
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
  });
  const server = servers[servers.length - 1];
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  return { port: (server.address() as net.AddressInfo).port, asked, answer: () => answer() };
}

/** mailscope in the fake terminal; `remote` judges the loopback server remote (the y/N guard). */
function runInTerminal(port: number, remote = false) {
  const term = fakeTerminal();
  const stderr = new PassThrough();
  stderr.resume();
  const code = main([`127.0.0.1:${port}`, '--imap', '--no-history'], {
    stdin: term.input,
    stdout: term.output,
    stderr,
    env: { NO_COLOR: '1' },
    home: tempDir('mailscope-batch-'),
    isLoopbackAddress: remote ? () => false : undefined,
  });
  const waitFor = async (pattern: RegExp | string) => {
    const deadline = Date.now() + 5000;
    const seen = () => (typeof pattern === 'string' ? term.text().includes(pattern) : pattern.test(term.text()));
    while (!seen()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output was:\n${term.text()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { ...term, code, waitFor, type: (text: string) => void term.input.write(text) };
}

const fetchLine = /^\* \d+ FETCH/m;

describe('the REPL prints a turn\'s responses in one write', () => {
  it('many untagged responses arriving together: one write to the terminal', async () => {
    const server = await burstServer();
    const run = runInTerminal(server.port);
    await run.waitFor('not authenticated >');
    run.type('noop\r');
    await server.asked;
    server.answer();
    await run.waitFor('a001 OK NOOP completed');
    const withResponses = run.writes.filter((w) => fetchLine.test(w));
    expect(withResponses).toHaveLength(1);
    const lines = stripAnsi(withResponses[0]).split('\n').filter((l) => fetchLine.test(l));
    expect(lines).toHaveLength(RESPONSES);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('after the batch, the prompt is drawn again with the half-typed line', async () => {
    const server = await burstServer();
    const run = runInTerminal(server.port);
    await run.waitFor('not authenticated >');
    run.type('noop\r');
    await server.asked;
    await run.waitFor(/waiting a001 > $/);
    run.type('xyz'); // typed, not sent
    await run.waitFor(/waiting a001 > xyz$/);
    const before = run.writes.length;
    server.answer();
    await run.waitFor(/a001 OK NOOP completed\n(.*\n)*.*not authenticated > xyz$/);
    const after = run.writes.slice(before);
    // The first write erases the prompt and its half-typed line, then brings every response.
    expect(after[0].startsWith(ERASE)).toBe(true);
    expect(stripAnsi(after[0]).split('\n').filter((l) => fetchLine.test(l))).toHaveLength(RESPONSES);
    // What follows is readline's redraw alone: no response comes after it.
    const redraw = stripAnsi(after.slice(1).join(''));
    expect(redraw).not.toMatch(/FETCH/);
    expect(redraw).toMatch(/not authenticated > xyz$/);
    run.type('\x15:quit\r'); // Ctrl-U clears the line first
    expect(await run.code).toBe(0);
  });

  it('what a turn printed goes out in one write before the y/N question that follows it', async () => {
    const server = await burstServer();
    const run = runInTerminal(server.port, true);
    await run.waitFor('not authenticated >');
    const before = run.writes.length;
    // Unbalanced and LOGINDISABLED: two warnings printed, then the plaintext question asked.
    run.type('login user "secret\r');
    await run.waitFor('Send it anyway? [y/N]');
    const after = run.writes.slice(before);
    const question = after.findIndex((w) => w.includes('Send it anyway?'));
    const warnings = after.findIndex((w) => w.includes('Unbalanced line'));
    expect(warnings).toBeGreaterThanOrEqual(0);
    expect(warnings).toBeLessThan(question);
    expect(after[warnings]).toMatch(/Unbalanced line[^]*LOGINDISABLED/);
    run.type('n\r');
    await run.waitFor('not sent');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});

describe('the batch is bounded', () => {
  /** The REPL alone, on a fake session that is connected and idle. */
  function repl() {
    const term = fakeTerminal();
    const ctx = {
      endpoint: { host: '127.0.0.1', port: 143 },
      transport: { encrypted: false, isClosed: false },
      theme: createTheme({ color: false }),
      protocol: 'imap',
      client: { promptInfo: () => ({ protocol: 'imap', state: 'authenticated', waiting: [] }), continuing: false, busy: false },
      quit: async () => {},
    } as unknown as SessionContext;
    const guard: Guard = { allow: async () => true };
    return { ...term, repl: startRepl(ctx, { input: term.input, output: term.output }, guard) };
  }

  it('writes early when a mebibyte is held, and the rest at the turn\'s end', async () => {
    const { repl: r, writes } = repl();
    const line = 'x'.repeat(1023);
    const count = Math.ceil((3.5 * PRINT_BATCH_CHARS) / 1024);
    const before = writes.length;
    for (let i = 0; i < count; i++) r.print(line);
    // Three full batches went out while printing; none is more than the bound and a line.
    const early = writes.slice(before);
    expect(early).toHaveLength(3);
    for (const w of early) expect(w.length).toBeLessThanOrEqual(PRINT_BATCH_CHARS + 1024 + ERASE.length);
    await new Promise((resolve) => setImmediate(resolve));
    const all = writes.slice(before).join('');
    expect(all.split('\n').filter((l) => l.endsWith(line))).toHaveLength(count);
    expect(writes.slice(before).filter((w) => w.includes(line))).toHaveLength(4);
    r.close();
  });
});
