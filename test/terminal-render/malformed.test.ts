// A line that breaks the grammar is shown as bytes with the fault marked and the reason.
import { describe, expect, it } from 'vitest';
import { renderImapEvent, renderMalformed } from '../../src/terminal/render-imap.js';
import { createTheme, plainTheme } from '../../src/terminal/theme.js';
import { readImap } from './support.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('malformed lines', () => {
  it('puts a caret under the byte the reader stopped at, with its reason', () => {
    const [ev] = readImap('* 1 FETCH (FLAGS (\\Seen)))\n');
    expect(ev.kind).toBe('malformed');
    expect(renderImapEvent(ev, plainTheme)).toBe(
      '* 1 FETCH (FLAGS (\\Seen)))\n' + ' '.repeat(25) + '^ malformed: unexpected ")"',
    );
  });

  it('highlights the offending byte in the error colour', () => {
    const colour = createTheme({ color: true, level: 1 });
    const shown = renderMalformed(bytes('a1 MAYBE ok\r\n'), 3, 'tagged response must be OK, NO or BAD', colour);
    const [line] = shown.split('\n');
    expect(line).toBe(`a1 ${colour.error('M')}AYBE ok`);
    expect(colour.error('M')).not.toBe('M');
  });

  it('counts escaped bytes before the fault when placing the caret', () => {
    expect(renderMalformed(bytes('* OK \x01x\r\n'), 10 - 4, 'bad', plainTheme)).toBe('* OK \\x01x\n         ^ malformed: bad');
  });

  it('shows a CR that is itself the fault', () => {
    expect(renderMalformed(bytes('* 1 FETCH (\r\n'), 11, 'line ended inside a list', plainTheme)).toBe(
      '* 1 FETCH (\\x0d\n           ^ malformed: line ended inside a list',
    );
  });

  it('shows only the wire line that holds the fault', () => {
    expect(renderMalformed(bytes('* 1 FETCH (BODY[] {2}\r\nab X)\r\n'), 26, 'unexpected X', plainTheme)).toBe(
      'ab X)\n   ^ malformed: unexpected X',
    );
  });

  it('cuts a long line to a window around the fault, so the caret stays on the screen', () => {
    const line = `* BAD [${'A'.repeat(3000)}\r\n`;
    const shown = renderMalformed(bytes(line), line.length - 2, 'response code not closed by "]"', plainTheme).split('\n');
    expect(shown[0]).toBe(`…${'A'.repeat(72)}\\x0d`); // the fault is the line end
    expect(shown[1]).toBe(`${' '.repeat(73)}^ malformed: response code not closed by "]"`);
    const early = renderMalformed(bytes(`* 1 FETCH (X${')'.repeat(400)}\r\n`), 12, 'unexpected ")"', plainTheme).split('\n');
    expect(early[0]).toBe(`* 1 FETCH (X${')'.repeat(41)}…`);
    expect(early[1]).toBe(`${' '.repeat(12)}^ malformed: unexpected ")"`);
  });
});
