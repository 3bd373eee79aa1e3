// The streams `runReplay` writes to, captured: what several replay tests read back.
import { PassThrough } from 'node:stream';
import type { ReplayIO } from '../../../src/cli/replay.js';

type Style = (s: string) => string;
const plain: Style = (s) => s;

/** A ReplayIO on PassThrough streams; `out()` and `err()` give what was written so far. */
export function fakeReplayIO(home: string, opts: { env?: Record<string, string>; theme?: ReplayIO['theme'] } = {}): ReplayIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += d; });
  stderr.on('data', (d) => { err += d; });
  const theme = opts.theme ?? { green: plain, red: plain, dim: plain, bold: plain };
  return { stdin: new PassThrough(), stdout, stderr, env: opts.env ?? {}, home, theme, out: () => out, err: () => err };
}
