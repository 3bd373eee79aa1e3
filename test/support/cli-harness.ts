// Runs the CLI in process with fake streams: a fake terminal (readline in terminal mode on
// PassThrough streams) or piped stdin, and captures what it prints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

// The home folders made for runs (history, ~/.netrc) go when the test file ends: tests read
// them after a run, and a test run leaves no trace in the temporary folder.
// Import this module at the top of a test file, not inside a test: the afterAll below then
// belongs to the file and removes its homes (imported within a test, it came too late for that).
const homesMade: string[] = [];
afterAll(() => {
  for (const home of homesMade.splice(0)) rmSync(home, { recursive: true, force: true });
});

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

export interface CliRun {
  code: Promise<number>;
  stdout(): string;
  stderr(): string;
  /** The terminal is resized to this many columns (as a window resize does to process.stdout). */
  resize(columns: number): void;
  /** Types bytes as a user would (use \r for Enter, \t for Tab, \x03 for Ctrl-C, \x04 for Ctrl-D). */
  type(text: string): void;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  home: string;
}

export function runCli(
  args: string[],
  opts: { terminal?: boolean; stdin?: string; env?: NodeJS.ProcessEnv; home?: string; remote?: boolean; signal?: AbortSignal; idleRenewMs?: number } = {},
): CliRun {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
  const stdout = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  const stderr = new PassThrough();
  if (opts.terminal) {
    stdin.isTTY = true;
    stdin.setRawMode = () => {};
    stdout.isTTY = true;
    stdout.columns = 200;
  }
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const home = opts.home ?? madeHome();
  if (opts.stdin !== undefined) stdin.end(opts.stdin);
  // `remote`: the loopback server stands in for one on another machine (plaintext-secret checks).
  const isLoopbackAddress = opts.remote ? () => false : undefined;
  const code = main(args, { stdin, stdout, stderr, env: opts.env ?? { NO_COLOR: '1' }, home, isLoopbackAddress, signal: opts.signal, idleRenewMs: opts.idleRenewMs });
  return {
    code,
    home,
    stdout: () => stripAnsi(out),
    stderr: () => err,
    type: (text) => void stdin.write(text),
    resize(columns) {
      stdout.columns = columns;
      stdout.emit('resize');
    },
    async waitFor(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      const test = () => (typeof pattern === 'string' ? stripAnsi(out).includes(pattern) : pattern.test(stripAnsi(out)));
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output was:\n${stripAnsi(out)}\n${err}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

function madeHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'mailscope-home-'));
  homesMade.push(home);
  return home;
}
