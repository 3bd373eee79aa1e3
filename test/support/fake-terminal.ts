// mailscope in a fake terminal (readline in terminal mode on PassThrough streams) and a small
// model of what that terminal's screen and scrollback hold after the bytes written: checks on
// typed secrets look at the screen, not only at which bytes went out.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { stripAnsi } from './cli-harness.js';
import { tempDirs } from './temp.js';

const tempDir = tempDirs();

/**
 * The rows a terminal of `columns` keeps, scrollback included, after `text`: characters (a
 * line too long wraps), CR, LF, and the CSI sequences readline and the REPL write: cursor
 * up/down/forward/back (A-D), to a column (G), erase below (J 0) and in the line (K).
 */
export function screen(text: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const at = (r: number) => (rows[r] ??= []);
  const csi = /^\x1b\[(\d*)([A-Za-z])/;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const m = ch === '\x1b' ? csi.exec(text.slice(i)) : null;
    if (m) {
      i += m[0].length - 1;
      const n = m[1] === '' ? undefined : Number(m[1]);
      if (m[2] === 'A') row = Math.max(0, row - (n ?? 1));
      else if (m[2] === 'B') row += n ?? 1;
      else if (m[2] === 'C') col += n ?? 1;
      else if (m[2] === 'D') col = Math.max(0, col - (n ?? 1));
      else if (m[2] === 'G') col = (n ?? 1) - 1;
      else if (m[2] === 'J' && (n ?? 0) === 0) {
        at(row).length = Math.min(at(row).length, col);
        rows.length = row + 1;
      } else if (m[2] === 'K') at(row).length = (n ?? 0) === 0 ? Math.min(at(row).length, col) : 0;
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      col = 0; // ONLCR, as the raw mode node sets keeps it
    } else {
      if (col >= columns) {
        row++;
        col = 0;
      }
      const line = at(row);
      while (line.length < col) line.push(' ');
      line[col++] = ch;
    }
    at(row);
  }
  return rows.map((r) => r.join(''));
}

/** mailscope in a fake terminal of `columns` columns, every byte written kept. */
export function runInTerminal(args: string[], columns = 200) {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  output.isTTY = true;
  output.columns = columns;
  let raw = '';
  output.on('data', (d: Buffer) => (raw += d.toString()));
  const stderr = new PassThrough();
  stderr.resume();
  const code = main([...args, '--no-history'], { stdin: input, stdout: output, stderr, env: { NO_COLOR: '1' }, home: tempDir('mailscope-echo-') });
  const waitFor = async (pattern: RegExp | string, from = 0) => {
    const deadline = Date.now() + 5000;
    const seen = () => {
      const text = stripAnsi(raw.slice(from));
      return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    };
    while (!seen()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output was:\n${stripAnsi(raw)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    code,
    waitFor,
    raw: () => raw,
    screen: () => screen(raw, output.columns!),
    /** The terminal gets `to` columns, as a window resize does. */
    resize: (to: number) => {
      output.columns = to;
      output.emit('resize');
    },
    type: (text: string) => void input.write(text),
    /** Types one key at a time, each in its own chunk, as a person does. */
    typeKeys: async (text: string) => {
      for (const key of text) {
        input.write(key);
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}
