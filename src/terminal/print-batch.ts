// Text printed above the REPL's prompt, gathered so that a turn of the event loop writes it at
// once. A FETCH of 100,000 messages printed a response at a time made 300,000 writes to the
// terminal (erase the prompt, then the line): 4 to 6 s in tmux; gathered, 700 writes and 3 s.

import { ByteBatch, type Printable } from './byte-batch.js';

/** Bytes held before they are written anyway, turn or not: a 200 MB literal is never gathered whole. */
export const PRINT_BATCH_CHARS = 1024 * 1024;

export interface PrintBatch {
  /** Holds `text` as a line (bytes are UTF-8, copied; a written line writes itself in); writes what is held at once when it reaches the bound. */
  add(text: Printable): void;
  /** Writes what is held, after `lead()`'s text (what erases the prompt), in one write. */
  flush(): void;
}

/**
 * `lead` is asked at the write, not at the first line: keys typed meanwhile moved readline's
 * cursor, and the prompt's rows are counted where they are when they are erased.
 */
export function createPrintBatch(write: (bytes: Uint8Array) => void, lead: () => string, limit = PRINT_BATCH_CHARS): PrintBatch {
  const held = new ByteBatch();
  const flush = (): void => {
    if (held.size === 0) return;
    const escapes = lead();
    const lines = held.take();
    write(escapes === '' ? lines : Buffer.concat([Buffer.from(escapes, 'utf8'), lines]));
  };
  return {
    add(text) {
      held.addLine(text);
      if (held.size >= limit) flush();
    },
    flush,
  };
}

/**
 * The escapes that clear the prompt and the half-typed line: up `rowsAbove` rows (CUU), to the
 * first column (CHA), and the screen below erased (ED 0), as node:readline's moveCursor,
 * cursorTo and clearScreenDown write them (ECMA-48 8.3.22, 8.3.9, 8.3.39).
 */
export function erasePromptEscapes(rowsAbove: number): string {
  return `${rowsAbove > 0 ? `\x1b[${rowsAbove}A` : ''}\x1b[1G\x1b[0J`;
}
