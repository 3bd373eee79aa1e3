// `mailscope play FILE [--step] [--explain]`: show a transcript as the REPL would have shown
// the session. --step waits for Enter before each command (a classroom walk-through);
// `q` then Enter, or Ctrl-D, ends it.

import { createInterface } from 'node:readline';
import { colorEnabled, createTheme } from '../terminal/theme.js';
import { playEntries, STEP_HINT, type StepAnswer, type StepPrompt } from '../transcript/play.js';
import type { Theme } from '../terminal/theme.js';
import { openTranscriptSource, type TranscriptSource } from '../transcript/read-file.js';
import { writeOrWait, type OutputStream } from './backpressure.js';
import { errorLine } from './exit.js';
import { columnsFromEnv, layoutWidth } from '../terminal/width.js';
import type { CliIO } from './io.js';

export interface PlayCliOptions {
  step?: boolean;
  explain?: boolean;
  color?: boolean;
}

export interface PlayIO extends CliIO {
  /** Resolves at the next answer; the default reads lines from stdin. */
  waitForEnter?: () => Promise<StepAnswer | void>;
}

/** A line that ends the play at a --step pause. */
const QUIT_LINE = /^\s*q(?:uit)?\s*$/i;

/**
 * One answer at a time from stdin: a line (`q` quits); lines typed ahead wait their turn, and
 * once input ends and they are used up every wait gets 'eof'.
 */
function enterReader(io: CliIO): { wait: () => Promise<StepAnswer>; close: () => void } {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const waiting: Array<(answer: StepAnswer) => void> = [];
  const typedAhead: StepAnswer[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const answer: StepAnswer = QUIT_LINE.test(line) ? 'quit' : 'next';
    const resolve = waiting.shift();
    if (resolve) resolve(answer);
    else typedAhead.push(answer);
  });
  rl.on('close', () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve('eof');
  });
  return {
    wait: () => {
      const early = typedAhead.shift();
      if (early) return Promise.resolve(early);
      return ended ? Promise.resolve('eof') : new Promise<StepAnswer>((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}

/** ECMA-48: cursor up one line (CUU), and erase the whole line (EL 2). */
const CURSOR_UP = '\x1b[1A';
const ERASE_LINE = '\r\x1b[2K';

/**
 * On a terminal the hint is erased once answered, so the screen keeps only the session. A
 * terminal's own echo of Enter (stdin a terminal in canonical mode) moved the cursor below
 * the hint: go back up first. Ctrl-D is not echoed. Output that is no terminal gets no hint.
 */
export function stepPromptFor(theme: Theme, stdinTty: boolean, stdoutTty: boolean): StepPrompt {
  if (!stdoutTty) return { hint: '', done: () => '' };
  return {
    hint: theme.dim(STEP_HINT),
    done: (answer) => (stdinTty && answer !== 'eof' ? CURSOR_UP : '') + ERASE_LINE,
  };
}

export async function runPlay(file: string, opts: PlayCliOptions, io: PlayIO): Promise<number> {
  let reader: { wait: () => Promise<StepAnswer>; close: () => void } | undefined;
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
      stepPrompt: stepPromptFor(theme, io.stdin.isTTY === true, io.stdout.isTTY === true),
      ...(layoutWidth(io.stdout, columnsFromEnv(io.env)) ? { width: layoutWidth(io.stdout, columnsFromEnv(io.env)) } : {}),
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
