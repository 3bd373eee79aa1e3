// `mailscope play FILE [--step] [--explain]`: show a transcript as the REPL would have shown
// the session. --step waits for Enter before each command (a classroom walk-through).

import { createInterface } from 'node:readline';
import { colorEnabled, createTheme } from '../terminal/theme.js';
import { playEntries } from '../transcript/play.js';
import { openTranscriptSource, type TranscriptSource } from '../transcript/read-file.js';
import { writeOrWait, type OutputStream } from './backpressure.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';

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
  let source: TranscriptSource | undefined;
  try {
    // Read as it is played: a recording of a 200 MB literal is millions of lines.
    source = openTranscriptSource(file);
    const { protocol } = source;
    const entries = source.entries();
    const theme = createTheme({ color: colorEnabled(io.env, io.stdout.isTTY === true, opts.color) });
    let waitForEnter = io.waitForEnter;
    if (opts.step && !waitForEnter) {
      reader = enterReader(io);
      waitForEnter = reader.wait;
    }
    const out = io.stdout;
    await playEntries(protocol, entries, {
      theme,
      step: opts.step === true,
      explain: opts.explain === true,
      // A pipe that is full (`| less`) holds the play back rather than queueing it all in memory.
      write: (text) => writeOrWait(out as OutputStream, text),
      ...(waitForEnter ? { waitForEnter } : {}),
      ...(io.stdout.columns ? { width: io.stdout.columns } : {}),
    });
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    source?.close();
    reader?.close();
  }
}
