import { describe, it, expect } from 'vitest';
import { escapeWireLine, unescapeWireLine } from '../../src/protocol/wire-escape.js';
import { MailscopeError } from '../../src/errors.js';
import { seededRandom } from '../support/random.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);


/** Bytes biased towards the interesting ones: CR, LF, backslash, x, hex digits, UTF-8 lead bytes. */
function randomBytes(next: () => number, length: number): Uint8Array {
  const interesting = [0x0d, 0x0a, 0x5c, 0x78, 0x30, 0x41, 0x66, 0x20, 0x09, 0xc3, 0xa9, 0xe2, 0x80, 0xa8, 0xf0, 0x9f, 0xed, 0xa0, 0xff, 0x00];
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = next() < 0.5 ? interesting[Math.floor(next() * interesting.length)] : Math.floor(next() * 256);
  }
  return out;
}

describe('escapeWireLine / unescapeWireLine', () => {
  const table: Array<[string, Uint8Array, string]> = [
    ['CRLF line is written without its CRLF', enc('a1 OK done\r\n'), 'a1 OK done'],
    ['IMAP flags keep their backslashes', enc('* FLAGS (\\Seen \\*)\r\n'), '* FLAGS (\\Seen \\*)'],
    ['quoted-string escapes stay readable', enc('a LOGIN "a\\"b" "c\\\\"\r\n'), 'a LOGIN "a\\"b" "c\\\\"'],
    ['bare LF: escaped LF then the marker', enc('bare\n'), 'bare\\x0a\\'],
    ['no line end at all: the marker', enc('partial'), 'partial\\'],
    ['valid UTF-8 shown as is', enc('* LIST () "/" "Entwürfe"\r\n'), '* LIST () "/" "Entwürfe"'],
    ['control and invalid bytes escaped', Uint8Array.from([0x00, 0xff, 0x41, 0x0d, 0x0a]), '\\x00\\xffA'],
    ['trailing space escaped (editors strip it)', enc('+ \r\n'), '+\\x20'],
    ['inner spaces kept', enc('a  b\r\n'), 'a  b'],
    ['a backslash that looks like an escape is escaped', enc('\\x41\r\n'), '\\x5cx41'],
    ['a backslash ending the line is escaped', enc('a\\\r\n'), 'a\\x5c'],
    ['CR inside the line', enc('a\rb\r\n'), 'a\\x0db'],
    ['empty line', enc('\r\n'), ''],
    ['empty bytes', new Uint8Array(0), '\\'],
    ['C1 control in UTF-8 escaped', Uint8Array.from([0xc2, 0x85, 0x0d, 0x0a]), '\\xc2\\x85'],
    ['U+2028 escaped', Uint8Array.from([0xe2, 0x80, 0xa8, 0x0d, 0x0a]), '\\xe2\\x80\\xa8'],
    ['surrogate in UTF-8 form is invalid', Uint8Array.from([0xed, 0xa0, 0x80, 0x0d, 0x0a]), '\\xed\\xa0\\x80'],
    ['overlong form is invalid', Uint8Array.from([0xc0, 0xaf, 0x0d, 0x0a]), '\\xc0\\xaf'],
    ['emoji shown', enc('😀\r\n'), '😀'],
  ];
  for (const [name, bytes, text] of table) {
    it(name, () => {
      expect(escapeWireLine(bytes)).toBe(text);
      expect(Buffer.from(unescapeWireLine(text))).toEqual(Buffer.from(bytes));
    });
  }

  it('round-trips random byte strings exactly', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed);
      const bytes = randomBytes(next, Math.floor(next() * 40));
      const text = escapeWireLine(bytes);
      expect(text, `seed ${seed}`).not.toMatch(/[\r\n]/);
      expect(Buffer.from(unescapeWireLine(text)), `seed ${seed}`).toEqual(Buffer.from(bytes));
    }
  });

  it('round-trips random lines that end in CRLF and writes no trailing whitespace', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = seededRandom(seed * 7919);
      const bytes = Buffer.concat([randomBytes(next, Math.floor(next() * 30)), Buffer.from('\r\n')]);
      const text = escapeWireLine(bytes);
      expect(text).not.toMatch(/[ \t]$/);
      expect(Buffer.from(unescapeWireLine(text))).toEqual(bytes);
    }
  });

  it('takes hand-typed text leniently: unknown backslashes, tabs, upper-case hex', () => {
    expect(Buffer.from(unescapeWireLine('\\Seen\t\\XFF\\xFF'))).toEqual(Buffer.from([0x5c, 0x53, 0x65, 0x65, 0x6e, 0x09, 0x5c, 0x58, 0x46, 0x46, 0xff, 0x0d, 0x0a]));
  });

  it('rejects a raw CR or LF in the text', () => {
    expect(() => unescapeWireLine('a\rb')).toThrow(MailscopeError);
    expect(() => unescapeWireLine('a\nb')).toThrow(/raw CR or LF/);
  });
});
