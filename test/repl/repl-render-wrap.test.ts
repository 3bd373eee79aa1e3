// Untagged data arriving while the prompt (and the half-typed line) wraps onto several rows:
// printed above the prompt, nothing lost, no stale prompt rows. The REPL runs on a fake
// terminal whose output is played on a small screen model, cursor moves and all, since what
// counts is what a terminal would show, not the bytes written.
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { demoForFile } from '../support/demo-server.js';

const server = demoForFile();
const homes: string[] = [];
afterAll(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/**
 * A terminal screen: printable characters wrap at `columns` (deferred, as xterm: the cursor
 * waits at the edge until the next character), `\n` is CR LF (ONLCR stays on in raw mode),
 * and the CSI sequences readline writes move the cursor and erase.
 */
class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  constructor(readonly columns: number) {}

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\x1b' && text[i + 1] === '[') {
        const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(text.slice(i));
        if (!m) continue;
        this.csi(m[1], m[2]);
        i += m[0].length - 1;
      } else if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.moveTo(this.row + 1, 0);
      else if (ch >= ' ') this.put(ch);
    }
  }

  lines(): string[] {
    return this.rows.map((r) => r.join('').trimEnd());
  }

  private put(ch: string): void {
    if (this.col >= this.columns) this.moveTo(this.row + 1, 0);
    const line = this.rows[this.row];
    while (line.length < this.col) line.push(' ');
    line[this.col++] = ch;
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.max(0, row);
    while (this.rows.length <= this.row) this.rows.push([]);
    this.col = Math.max(0, Math.min(col, this.columns - 1));
  }

  private csi(params: string, final: string): void {
    const n = params === '' ? undefined : Number(params.split(';')[0]);
    const col = Math.min(this.col, this.columns - 1);
    if (final === 'A') this.moveTo(this.row - (n ?? 1), col);
    else if (final === 'B') this.moveTo(this.row + (n ?? 1), col);
    else if (final === 'C') this.moveTo(this.row, col + (n ?? 1));
    else if (final === 'D') this.moveTo(this.row, col - (n ?? 1));
    else if (final === 'G') this.moveTo(this.row, (n ?? 1) - 1);
    else if (final === 'K') {
      const line = this.rows[this.row];
      if ((n ?? 0) === 0) line.splice(col);
      else if (n === 1) line.fill(' ', 0, col + 1);
      else line.length = 0;
    } else if (final === 'J' && (n ?? 0) === 0) {
      this.rows[this.row].splice(col);
      this.rows.splice(this.row + 1);
    }
  }
}

/** The REPL on a fake terminal of `columns`, its output played on a Screen. */
function replOn(columns: number) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const screen = new Screen(columns);
  let raw = '';
  stdout.on('data', (d: Buffer) => {
    raw += d.toString();
    screen.write(d.toString());
  });
  const home = mkdtempSync(join(tmpdir(), 'mailscope-home-'));
  homes.push(home);
  const code = main([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], {
    stdin,
    stdout,
    stderr: new PassThrough(),
    env: { NO_COLOR: '1' },
    home,
  });
  const plain = () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return {
    code,
    screen,
    type: (text: string) => void stdin.write(text),
    async waitFor(pattern: RegExp | string) {
      const deadline = Date.now() + 5000;
      const seen = () => (typeof pattern === 'string' ? plain().includes(pattern) : pattern.test(plain()));
      while (!seen()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen.lines().join('\n')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      // The prompt is drawn again on the next turn of the event loop.
      await new Promise((r) => setTimeout(r, 30));
    },
  };
}

/** Another session on the same mailbox flags messages, which the IDLE session must hear of. */
async function flagFromElsewhere(set: string): Promise<void> {
  const socket = net.connect(server.imapPort, '127.0.0.1');
  let got = '';
  socket.on('data', (d) => (got += d.toString()));
  for (const line of ['b1 login test77@example.com qwe123#$', 'b2 select INBOX', `b3 store ${set} +flags (\\Flagged)`, 'b4 store 1:3 -flags (\\Flagged)']) {
    const tag = line.split(' ')[0];
    socket.write(`${line}\r\n`);
    while (!new RegExp(`^${tag} (OK|NO|BAD)`, 'm').test(got)) await new Promise((r) => setTimeout(r, 5));
  }
  socket.end();
}

/** The screen from the IDLE's `+` on. */
async function idleScreen(columns: number, halfTyped: (type: (text: string) => void) => void): Promise<string[]> {
  const repl = replOn(columns);
  await repl.waitFor('not authenticated >');
  repl.type('. login test77@example.com qwe123#$\r');
  await repl.waitFor('. OK');
  repl.type('select INBOX\r');
  await repl.waitFor('a001 OK');
  repl.type('idle\r');
  await repl.waitFor('IDLE: type done >');
  halfTyped(repl.type);
  await new Promise((r) => setTimeout(r, 30));
  await flagFromElsewhere('1:3');
  await repl.waitFor(/\* 3 FETCH \(FLAGS \(\)\)/);
  const lines = repl.screen.lines();
  const shown = lines.slice(lines.findIndex((l) => l.startsWith('+ ')) + 1);
  repl.type('\x15done\r');
  await repl.waitFor('a002 OK');
  repl.type('\x04');
  expect(await repl.code).toBe(0);
  return shown.filter((l) => l !== '');
}

const FETCHES = [
  '* 1 FETCH (FLAGS (\\Seen \\Flagged))',
  '* 2 FETCH (FLAGS (\\Flagged))',
  '* 3 FETCH (FLAGS (\\Flagged))',
  '* 1 FETCH (FLAGS (\\Seen))',
  '* 2 FETCH (FLAGS ())',
  '* 3 FETCH (FLAGS ())',
];
/** The IDLE prompt as drawn at `columns`: without the server's address when it leaves under 20 columns to type. */
function idlePrompt(columns: number): string {
  const full = `imap 127.0.0.1:${server.imapPort} plain · INBOX read-write · waiting a002 · IDLE: type done > `;
  return full.length <= columns - 20 ? full : 'imap plain · INBOX read-write · waiting a002 · IDLE: type done > ';
}

/** The prompt plus `typed` as the terminal wraps them at `columns`. */
function wrappedRows(text: string, columns: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += columns) rows.push(text.slice(i, i + columns).trimEnd());
  return rows.filter((row) => row !== '');
}

describe('untagged data above a prompt that wraps', () => {
  it('keeps every FETCH and leaves one prompt when the IDLE prompt is wider than the terminal', async () => {
    const prompt = idlePrompt(50);
    expect(prompt.length).toBeGreaterThan(50);
    const shown = await idleScreen(50, () => {});
    expect(shown).toEqual([...FETCHES, ...wrappedRows(prompt, 50)]);
  });

  it('keeps every FETCH and draws a half-typed line that wraps once, below them', async () => {
    const prompt = idlePrompt(120);
    const typed = 'this is a long half typed line that will wrap around the edge of the terminal okay';
    expect(prompt.length).toBeGreaterThan(80);
    // Typed key by key: readline redraws itself as the line reaches the next row.
    const shown = await idleScreen(120, (type) => {
      for (const ch of typed) type(ch);
    });
    expect(shown).toEqual([...FETCHES, ...wrappedRows(prompt + typed, 120)]);
  });

  it('keeps every FETCH when the half-typed line was pasted in one piece', async () => {
    const prompt = idlePrompt(60);
    const typed = 'a pasted line long enough to wrap onto a second row and then onto a third one, at sixty columns wide';
    // A paste is written as it comes, without readline counting the rows it spans.
    const shown = await idleScreen(60, (type) => type(typed));
    expect(shown).toEqual([...FETCHES, ...wrappedRows(prompt + typed, 60)]);
  });

  it('drops the server\'s address from an IDLE prompt that would fill an 80-column row', async () => {
    const shown = await idleScreen(80, () => {});
    expect(shown).toEqual([...FETCHES, idlePrompt(80).trimEnd()]);
    expect(idlePrompt(80)).not.toContain('127.0.0.1');
  });
});
