// `mailscope play FILE [--step] [--explain]`: show a transcript as the REPL would have shown
// the session. --step waits for Enter before each command (a classroom walk-through).

import { createInterface } from 'node:readline';
import { colorEnabled, createTheme } from '../terminal/theme.js';
import { playTranscript } from '../transcript/play.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';
import { readTranscriptFile } from './replay.js';

export interface PlayCliOptions {
  step?: boolean;
  explain?: boolean;
  color?: boolean;
}

export interface PlayIO extends CliIO {
  /** Resolves at the next Enter; the default reads lines from stdin. */
  waitForEnter?: () => Promise<void>;
}

/** One Enter at a time from stdin; at end of input every wait resolves at once. */
function enterReader(io: CliIO): { wait: () => Promise<void>; close: () => void } {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const waiting: Array<() => void> = [];
  let ended = false;
  rl.on('line', () => waiting.shift()?.());
  rl.on('close', () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve();
  });
  return {
    wait: () => (ended ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    close: () => rl.close(),
  };
}

export async function runPlay(file: string, opts: PlayCliOptions, io: PlayIO): Promise<number> {
  let reader: { wait: () => Promise<void>; close: () => void } | undefined;
  try {
    const t = readTranscriptFile(file);
    const theme = createTheme({ color: colorEnabled(io.env, io.stdout.isTTY === true, opts.color) });
    let waitForEnter = io.waitForEnter;
    if (opts.step && !waitForEnter) {
      reader = enterReader(io);
      waitForEnter = reader.wait;
    }
    await playTranscript(t, {
      theme,
      step: opts.step === true,
      explain: opts.explain === true,
      write: (text) => { io.stdout.write(text); },
      ...(waitForEnter ? { waitForEnter } : {}),
      ...(io.stdout.columns ? { width: io.stdout.columns } : {}),
    });
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    reader?.close();
  }
}
