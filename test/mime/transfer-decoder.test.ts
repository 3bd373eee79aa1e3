// The streaming Content-Transfer-Encoding decoders (RFC 2045 6.7, 6.8): each case whole, byte
// by byte and split at every offset must give the same bytes, and decodeTransferEncoding (the
// whole-body entry point) the same again.
import { describe, expect, it } from 'vitest';
import {
  Base64Decoder,
  QuotedPrintableDecoder,
  decodeWhole,
  transferDecoder,
  type TransferDecoder,
} from '../../src/mime/transfer-decoder.js';
import { decodeTransferEncoding } from '../../src/mime/transfer-encoding.js';

function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

function run(make: () => TransferDecoder, pieces: Uint8Array[]): Buffer {
  const decoder = make();
  const out = pieces.map((p) => decoder.push(p));
  out.push(decoder.end());
  return Buffer.concat(out);
}

/** Whole, byte by byte, every two-piece split and a few three-piece ones: all must agree. */
function everyWay(make: () => TransferDecoder, input: Uint8Array, expected: Uint8Array): void {
  expect(run(make, [input]).equals(Buffer.from(expected))).toBe(true);
  expect(run(make, [...input].map((b) => Uint8Array.of(b))).equals(Buffer.from(expected))).toBe(true);
  for (let cut = 0; cut <= input.length; cut++) {
    const got = run(make, [input.subarray(0, cut), input.subarray(cut)]);
    if (!got.equals(Buffer.from(expected))) throw new Error(`split at ${cut}: got ${JSON.stringify(got.toString('latin1'))}`);
    const third = Math.floor((cut + input.length) / 2);
    const three = run(make, [input.subarray(0, cut), input.subarray(cut, third), input.subarray(third)]);
    if (!three.equals(Buffer.from(expected))) throw new Error(`split at ${cut} and ${third}`);
  }
}

/** 256 bytes of every value, twice, in a scrambled order. */
const OCTETS = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + (i >> 8)) & 0xff));

function mimeBase64(data: Buffer, eol = '\r\n'): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join(eol) + eol;
}

describe('base64 (RFC 2045 6.8)', () => {
  const base64 = () => new Base64Decoder();

  it('every byte value, in 76-character lines with CRLF, split anywhere', () => {
    everyWay(base64, bytes(mimeBase64(OCTETS)), OCTETS);
  });

  it('bare LF lines, spaces, tabs and junk outside the alphabet are skipped', () => {
    const encoded = mimeBase64(OCTETS.subarray(0, 100), '\n').replace(/(.{10})/g, '$1 \t!*\xff-_');
    everyWay(base64, bytes(encoded), OCTETS.subarray(0, 100));
  });

  it('padding, or none: a group cut short keeps its whole bytes; a lone character none', () => {
    for (const [input, out] of [['QQ==', 'A'], ['QQ', 'A'], ['QUI=', 'AB'], ['QUI', 'AB'], ['QUJD', 'ABC'], ['Q', ''], ['', '']]) {
      everyWay(base64, bytes(input), bytes(out));
    }
  });

  it('3 MiB in 64 KiB pieces, as a streamed literal comes', () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 131) >> 3;
    const encoded = bytes(mimeBase64(big));
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < encoded.length; at += 65536) pieces.push(encoded.subarray(at, at + 65536));
    expect(run(base64, pieces).equals(big)).toBe(true);
  });
});

describe('quoted-printable (RFC 2045 6.7)', () => {
  const qp = () => new QuotedPrintableDecoder();
  const cases: Array<[string, string, string]> = [
    ['=XX octets, upper and lower case hex', 'caf=C3=A9 and caf=c3=a9\r\n', 'caf\xc3\xa9 and caf\xc3\xa9\r\n'],
    ['soft line break with CRLF', 'a long line=\r\ncontinued\r\n', 'a long linecontinued\r\n'],
    ['soft line break with a bare LF', 'one=\ntwo\n', 'onetwo\n'],
    ['transport padding between "=" and the line end', 'pad= \t \r\nded', 'padded'],
    ['"=" at the very end is a soft break', 'no line end=', 'no line end'],
    ['"=" and padding at the very end', 'tail=  ', 'tail'],
    ['"=" before junk stays (6.7 note 1)', '1=G1 2=4 3=\rX 4==41', '1=G1 2=4 3=\rX 4=A'],
    ['"=" with one hex digit at the end stays', 'end=4', 'end=4'],
    ['hard line breaks stay as they are', 'a\r\nb\nc\r\n', 'a\r\nb\nc\r\n'],
    ['8-bit bytes pass through', 'raw \xe9\xff=3D', 'raw \xe9\xff='],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => everyWay(qp, bytes(input), bytes(expected)));
  }

  it('a real body: every split of a UTF-8 text with soft breaks and escapes', () => {
    const text = 'Gr=C3=BC=C3=9Fe aus M=C3=BCnchen, mit einer sehr langen Zeile, die umbroche=\r\nn wurde =3D gleich.\r\n';
    everyWay(qp, bytes(text), Buffer.from('Grüße aus München, mit einer sehr langen Zeile, die umbrochen wurde = gleich.\r\n'));
  });

  it('padding after "=" is waited for across pieces only so far: past 998 bytes the "=" is taken as it is', () => {
    const input = bytes(`x=${' '.repeat(2000)}\r\ny`);
    const decoder = qp();
    const out = Buffer.concat([...input].map((b) => decoder.push(Uint8Array.of(b))).concat(decoder.end()));
    expect(out.toString('latin1')).toBe(`x=${' '.repeat(2000)}\r\ny`);
    // Whole, nothing waits: the soft line break is seen.
    expect(Buffer.from(decodeTransferEncoding(input, 'quoted-printable')).toString('latin1')).toBe('xy');
  });
});

describe('transferDecoder and decodeTransferEncoding', () => {
  it('names are case-insensitive; identity and unknown encodings have no decoder', () => {
    expect(transferDecoder('BASE64')).toBeInstanceOf(Base64Decoder);
    expect(transferDecoder('Quoted-Printable')).toBeInstanceOf(QuotedPrintableDecoder);
    for (const name of ['7bit', '8bit', 'binary', 'x-uuencode']) expect(transferDecoder(name)).toBeUndefined();
  });

  it('the whole-body decoding is the streaming one, in one piece', () => {
    const encoded = bytes(mimeBase64(OCTETS));
    expect(Buffer.from(decodeTransferEncoding(encoded, 'base64')).equals(OCTETS)).toBe(true);
    expect(Buffer.from(decodeWhole(new Base64Decoder(), encoded)).equals(OCTETS)).toBe(true);
    const qpText = bytes('a=3Db=\r\nc');
    expect(Buffer.from(decodeTransferEncoding(qpText, 'QUOTED-PRINTABLE')).toString('latin1')).toBe('a=bc');
    expect(decodeTransferEncoding(qpText, '8bit')).toBe(qpText);
  });
});
