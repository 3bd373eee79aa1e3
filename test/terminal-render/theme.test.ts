// Colours: a level-1 theme puts a distinct ANSI colour on each status word; the plain theme
// none; colorEnabled follows --no-color, NO_COLOR, FORCE_COLOR and the TTY.
import { describe, expect, it } from 'vitest';
import type { ImapResponse, StatusWord } from '../../src/protocol/imap/types.js';
import { renderImapResponse } from '../../src/terminal/render-imap.js';
import {
  COLOUR_SCHEME,
  colorEnabled,
  colorLevel,
  colourSchemeMarkdown,
  createTheme,
  plainTheme,
} from '../../src/terminal/theme.js';

const ESC = '\x1b[';
const colour = createTheme({ color: true, level: 1 });

describe('theme', () => {
  // SGR foreground codes: 31 red, 32 green, 33 yellow, 35 magenta, 36 cyan; 1 bold.
  const EXPECTED: [StatusWord, string][] = [
    ['OK', `${ESC}32m${ESC}1mOK`],
    ['NO', `${ESC}33m${ESC}1mNO`],
    ['BAD', `${ESC}31m${ESC}1mBAD`],
    ['BYE', `${ESC}35m${ESC}1mBYE`],
    ['PREAUTH', `${ESC}36m${ESC}1mPREAUTH`],
  ];

  it('colours each status word in its own colour', () => {
    const outputs = EXPECTED.map(([status, styled]) => {
      const r: ImapResponse = { kind: 'status', tag: status === 'BYE' || status === 'PREAUTH' ? undefined : 'a1', status, text: 'done' };
      const out = renderImapResponse(r, colour);
      expect(out).toContain(styled);
      return out.replace(/^[^ ]+ /, '');
    });
    expect(new Set(outputs).size).toBe(EXPECTED.length);
  });

  it('tells system flags from keywords, and colours POP3 status words', () => {
    expect(colour.flag('\\Seen')).toBe(`${ESC}95m\\Seen${ESC}39m`);
    expect(colour.keyword('NonJunk')).toBe(`${ESC}35mNonJunk${ESC}39m`);
    expect(colour.pop3Ok('+OK')).toContain(`${ESC}32m`);
    expect(colour.pop3Err('-ERR')).toContain(`${ESC}31m`);
  });

  it('gives every token kind a style and documents it once', () => {
    const kinds = COLOUR_SCHEME.map((e) => e.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(Object.keys(plainTheme).sort()).toEqual([...kinds].sort());
    expect(colourSchemeMarkdown().split('\n')).toHaveLength(kinds.length + 2);
  });

  it('is identity when colour is off', () => {
    const off = createTheme({ color: false });
    for (const e of COLOUR_SCHEME) expect(off[e.kind]('x y')).toBe('x y');
    expect(renderImapResponse({ kind: 'status', tag: 'a', status: 'OK', text: 't' }, off)).toBe('a OK t');
  });

  it('does not touch the global chalk level', async () => {
    const chalk = (await import('chalk')).default;
    const before = chalk.level;
    createTheme({ color: true, level: 3 });
    expect(chalk.level).toBe(before);
  });
});

describe('colorEnabled', () => {
  const CASES: [string, NodeJS.ProcessEnv, boolean, boolean | undefined, boolean][] = [
    ['TTY, nothing set', {}, true, undefined, true],
    ['not a TTY', {}, false, undefined, false],
    ['--no-color on a TTY', {}, true, false, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, true, false, false],
    ['NO_COLOR=1 on a TTY', { NO_COLOR: '1' }, true, undefined, false],
    ['NO_COLOR empty is unset', { NO_COLOR: '' }, true, undefined, true],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: 'x', FORCE_COLOR: '1' }, true, undefined, false],
    ['FORCE_COLOR in a pipe', { FORCE_COLOR: '1' }, false, undefined, true],
    ['FORCE_COLOR empty in a pipe', { FORCE_COLOR: '' }, false, undefined, true],
    ['FORCE_COLOR=0 on a TTY', { FORCE_COLOR: '0' }, true, undefined, false],
    ['TERM=dumb on a TTY', { TERM: 'dumb' }, true, undefined, false],
    ['flag true does not force colour into a pipe', {}, false, true, false],
  ];
  for (const [name, env, tty, flag, expected] of CASES) {
    it(name, () => expect(colorEnabled(env, tty, flag)).toBe(expected));
  }

  it('takes the level from FORCE_COLOR and the terminal', () => {
    expect(colorLevel({ FORCE_COLOR: '3' }, false)).toBe(3);
    expect(colorLevel({ FORCE_COLOR: '2' }, false)).toBe(2);
    expect(colorLevel({ FORCE_COLOR: 'true' }, false)).toBe(1);
    expect(colorLevel({ COLORTERM: 'truecolor' }, true)).toBe(3);
    expect(colorLevel({ TERM: 'xterm-256color' }, true)).toBe(2);
    expect(colorLevel({ TERM: 'xterm' }, true)).toBe(1);
  });
});
