// The pretty printer writes display text as bytes and decodes it once per response
// (render-text-buffer.ts): what comes back must be exactly the string written.
import { describe, expect, it } from 'vitest';
import type { ImapResponse, ImapValue } from '../../src/protocol/imap/types.js';
import { renderImapResponse } from '../../src/terminal/render-imap.js';
import { encode, TextBuffer } from '../../src/terminal/render-text-buffer.js';
import { createTheme, plainTheme, type Theme } from '../../src/terminal/theme.js';

function roundTrip(...pieces: string[]): string {
  const out = new TextBuffer();
  for (const piece of pieces) out.text(piece);
  return out.decode(0, out.pos);
}

describe('TextBuffer', () => {
  it('gives back ASCII, Latin-1, BMP and astral text as written', () => {
    const samples = ['plain', 'caf\u00e9 \u0085', '\u65e5\u672c\u8a9e \u2026', '\ud83d\ude00 x', '\u00ff\u0100\u07ff\u0800\uffff'];
    for (const s of samples) expect(roundTrip(s)).toBe(s);
    expect(roundTrip(...samples)).toBe(samples.join(''));
  });

  it('keeps lone surrogates, which UTF-8 cannot carry', () => {
    for (const s of ['a\ud800b', '\udc00', 'end\ud83d', '\ude00\ud83d\ude00', '\ud83d\ud83d\ude00']) expect(roundTrip(s)).toBe(s);
  });

  it('writes numbers as String() does, past 31 bits too', () => {
    const numbers = [0, 7, 9, 10, 99, 100, 2147483647, 2147483648, 4294967295, 9007199254740991, 1e21, 0.5, -3];
    const out = new TextBuffer();
    const widths = numbers.map((n) => {
      const w = out.digits(n);
      out.byte(0x20);
      return w;
    });
    expect(out.decode(0, out.pos)).toBe(numbers.map(String).join(' ') + ' ');
    expect(widths).toEqual(numbers.map((n) => String(n).length));
  });

  it('writes a quoted value as sent: quote and backslash escaped, controls shown as \\xHH', () => {
    const cases: [string, string][] = [
      ['plain \t tab', '"plain \t tab"'],
      ['say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
      ['esc\x1b[31m bell\x07 del\x7f c1\u0085 nl\n', '"esc\\x1b[31m bell\\x07 del\\x7f c1\\x85 nl\\x0a"'],
      ['caf\u00e9 \u00a0 \u65e5 \ud83d\ude00', '"caf\u00e9 \u00a0 \u65e5 \ud83d\ude00"'],
      ['\x00'.repeat(5000), '"' + '\\x00'.repeat(5000) + '"'],
    ];
    for (const [value, shown] of cases) {
      const out = new TextBuffer();
      const width = out.quoted(value);
      expect(out.decode(0, out.pos)).toBe(shown);
      expect(width).toBe(shown.length);
    }
  });

  it('grows past its first size and copies earlier ranges', () => {
    const out = new TextBuffer();
    const long = 'x'.repeat(100_000) + '\u00e9';
    out.text(long);
    out.copy(0, 3);
    // Byte offsets: the last 12 bytes of `long` are ten x and the two bytes of the é.
    out.copy(99_990, 100_002);
    expect(out.decode(0, out.pos)).toBe(long + 'xxx' + 'x'.repeat(10) + '\u00e9');
  });

  it('trims spaces back to the line start only', () => {
    const out = new TextBuffer();
    out.text('a   ');
    out.trimSpaces(2);
    expect(out.decode(0, out.pos)).toBe('a ');
    out.trimSpaces(0);
    expect(out.decode(0, out.pos)).toBe('a');
  });

  it('encodes text once with what decoding needs', () => {
    const out = new TextBuffer();
    out.encoded(encode('\u001b[1m'));
    out.encoded(encode('\u00e9\ud800'));
    expect(out.decode(0, out.pos)).toBe('\u001b[1m\u00e9\ud800');
  });
});

const atom = (value: string): ImapValue => ({ type: 'atom', value });
const quoted = (value: string): ImapValue => ({ type: 'quoted', value });

describe('renderImapResponse text', () => {
  it('shows lone surrogates in values and text as they are', () => {
    const r: ImapResponse = { kind: 'data', name: 'FETCH', number: 1, values: [{ type: 'list', items: [atom('X'), quoted('a\ud800'), atom('Y\udc00')] }] };
    expect(renderImapResponse(r, plainTheme)).toBe('* 1 FETCH (X "a\ud800" Y\udc00)');
    expect(renderImapResponse({ kind: 'status', tag: 'a1', status: 'OK', text: 'x\ud83d y' }, plainTheme)).toBe('a1 OK x\ud83d y');
  });

  it('renders a response far larger than the reused buffer, then a small one, unchanged', () => {
    const big = 'q'.repeat(3_000_000);
    const r: ImapResponse = { kind: 'data', name: 'FETCH', number: 2, values: [{ type: 'list', items: [atom('X'), quoted(big), atom('UID'), { type: 'number', value: 9 }] }] };
    expect(renderImapResponse(r, plainTheme)).toBe(`* 2 FETCH (X\n    "${big}"\n  UID 9)`);
    expect(renderImapResponse({ kind: 'data', name: 'EXISTS', number: 3, values: [] }, plainTheme)).toBe('* 3 EXISTS');
  });

  it('renders a response of more nodes than the reused tape holds, then a small one', () => {
    const numbers = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const r: ImapResponse = { kind: 'data', name: 'SEARCH', values: numbers.map((value) => ({ type: 'number', value })) };
    expect(renderImapResponse(r, plainTheme, { width: 10_000_000 })).toBe(`* SEARCH ${numbers.join(' ')}`);
    const wrapped = renderImapResponse(r, plainTheme).split('\n');
    expect(wrapped.every((line) => line.length <= 100)).toBe(true);
    expect(wrapped.join(' ').replace(/ +/g, ' ')).toBe(`* SEARCH ${numbers.join(' ')}`);
    expect(renderImapResponse({ kind: 'data', name: 'EXISTS', number: 5, values: [] }, plainTheme)).toBe('* 5 EXISTS');
  });

  it('hands quoted text to a theme function that is not a plain wrapper, escaped as sent', () => {
    // Not a wrapper: the same text styled twice is not open + text + close (render-style.ts probes).
    const shouting: Theme = { ...plainTheme, mailbox: (t) => t.toUpperCase(), dim: (t) => `<${t}>` };
    const r: ImapResponse = { kind: 'data', name: 'LIST', values: [{ type: 'list', items: [] }, quoted('/'), quoted('a"b&AOk-')] };
    expect(renderImapResponse(r, shouting)).toBe('* LIST () "/" "A\\"B&AOK-"< (a"b\u00e9)>');
  });

  it('lets a theme function render another response while one is being written', () => {
    const colour = createTheme({ color: true, level: 1 });
    const inner: ImapResponse = { kind: 'data', name: 'EXISTS', number: 4, values: [] };
    // A theme whose tag style itself renders: the outer render must not be disturbed.
    const nested: Theme = { ...plainTheme, tag: (t) => `${t}<${renderImapResponse(inner, colour)}>` };
    const r: ImapResponse = { kind: 'status', tag: 'a1', status: 'OK', text: 'done' };
    expect(renderImapResponse(r, nested)).toBe(`a1<${renderImapResponse(inner, colour)}> OK done`);
  });
});
