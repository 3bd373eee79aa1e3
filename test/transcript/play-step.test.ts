// Audit item: `play --step` had no way out but Ctrl-C, `q` was only echoed, and each
// `(Enter: next command)` hint stayed on screen.
import { describe, it, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { runPlay, stepPromptFor } from '../../src/cli/play.js';
import { STEP_HINT } from '../../src/transcript/play.js';
import { plainTheme } from '../../src/terminal/theme.js';

const TOUR = new URL('../../transcripts/imap-tour.txt', import.meta.url).pathname;

/** Runs `play --step` on the tour with stdin fed `input` one line per pause; stdout a terminal or not. */
async function playStep(input: string[], end: boolean, tty: boolean): Promise<{ code: number; out: string }> {
  const stdin = new PassThrough();
  const stdout = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 200 } : {});
  const stderr = new PassThrough();
  let out = '';
  let pauses = 0;
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // Answer each hint as it appears, as a person would.
    const seen = out.split(STEP_HINT).length - 1;
    while (pauses < seen) {
      const answer = input[pauses++];
      if (answer !== undefined) setImmediate(() => stdin.write(`${answer}\n`));
      else if (end) setImmediate(() => stdin.end());
    }
  });
  const code = await runPlay(TOUR, { step: true, color: false }, { stdin, stdout, stderr, env: {}, home: tmpdir() });
  return { code, out };
}

describe('play --step', () => {
  it('q then Enter ends the play with exit 0, before the next command', async () => {
    const { code, out } = await playStep(['', 'q'], false, true);
    expect(code).toBe(0);
    expect(out).toContain('C: . login'); // the first command, after the first Enter
    expect(out).not.toContain('C: . list'); // q came at the second pause
    expect(out).not.toContain('= close server');
  });

  it('end of input (Ctrl-D) ends the play with exit 0', async () => {
    const { code, out } = await playStep([''], true, true);
    expect(code).toBe(0);
    expect(out).toContain('C: . login');
    expect(out).not.toContain('C: . list');
    expect(out).not.toContain('= close server');
  });

  it('on a terminal each hint is erased once answered', async () => {
    const { out } = await playStep(['', 'q'], false, true);
    // stdin is no terminal here: no echo to go back over, so the line is erased in place.
    const hints = out.split(STEP_HINT).length - 1;
    expect(hints).toBe(2);
    expect(out.split(`${STEP_HINT}\r\x1b[2K`).length - 1).toBe(2);
  });

  it('to output that is no terminal it writes no hint', async () => {
    const stdin = new PassThrough();
    stdin.end('\n\n\nq\n');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await runPlay(TOUR, { step: true, color: false }, { stdin, stdout, stderr: new PassThrough(), env: {}, home: tmpdir() });
    expect(code).toBe(0);
    expect(out).not.toContain('Enter');
    expect(out).toContain('C: . status INBOX');
    expect(out).not.toContain('C: . select'); // q came at the fourth pause
  });

  it('goes back over the echoed Enter when stdin is a terminal, not after Ctrl-D', () => {
    const prompt = stepPromptFor(plainTheme, true, true);
    expect(prompt.hint).toBe(STEP_HINT);
    expect(prompt.done('next')).toBe('\x1b[1A\r\x1b[2K');
    expect(prompt.done('quit')).toBe('\x1b[1A\r\x1b[2K');
    expect(prompt.done('eof')).toBe('\r\x1b[2K');
    expect(stepPromptFor(plainTheme, true, false)).toMatchObject({ hint: '' });
  });
});
