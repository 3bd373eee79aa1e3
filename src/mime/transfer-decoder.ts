// RFC 2045 section 6: undoing a Content-Transfer-Encoding piece by piece, so a part of any
// size can be decoded as it arrives, in bounded memory. The one place the decoding rules live:
// decodeTransferEncoding (transfer-encoding.ts) runs the same decoders over a whole body.
//
// Lenient as RFC 2045 asks readers to be:
// - base64 (6.8) ignores every character outside its alphabet (line breaks, junk, and "="
//   padding: a group cut short at the end still yields its whole bytes, 2 chars 1 byte,
//   3 chars 2 bytes). Four characters make three bytes, so only the bits of up to three
//   characters wait across a chunk border.
// - quoted-printable (6.7): "=" HEX HEX is one byte; "=" then transport padding (WSP) then a
//   line end (CRLF, or a bare LF) or the end of the body is a soft line break, removed; any
//   other "=" is kept as it is (6.7 note 1). Only an escape cut by a chunk border waits.

import { CR, LF, isWsp } from './bytes.js';

/** Decodes one body in pieces: `push` each piece in order, then `end` once. */
export interface TransferDecoder {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** RFC 2045 table 1: the 64 characters and their 6-bit values; -1 outside the alphabet. */
const BASE64_VALUES: Int8Array = (() => {
  const values = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

export class Base64Decoder implements TransferDecoder {
  /** The bits of the characters of a group not yet complete, and how many there are (0-3). */
  private bits = 0;
  private count = 0;

  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(Math.floor(((chunk.length + this.count) * 3) / 4));
    let o = 0;
    let bits = this.bits;
    let count = this.count;
    for (let i = 0; i < chunk.length; i++) {
      const v = BASE64_VALUES[chunk[i]];
      if (v < 0) continue;
      bits = (bits << 6) | v;
      if (++count === 4) {
        out[o++] = bits >> 16;
        out[o++] = (bits >> 8) & 0xff;
        out[o++] = bits & 0xff;
        bits = 0;
        count = 0;
      }
    }
    this.bits = bits;
    this.count = count;
    return out.subarray(0, o);
  }

  /** A group cut short: 2 characters hold 1 byte, 3 hold 2; a lone character holds none. */
  end(): Uint8Array {
    const { bits, count } = this;
    this.bits = 0;
    this.count = 0;
    if (count === 2) return Uint8Array.of((bits >> 4) & 0xff);
    if (count === 3) return Uint8Array.of((bits >> 10) & 0xff, (bits >> 2) & 0xff);
    return EMPTY;
  }
}

const EQUALS = 0x3d;

/**
 * Transport padding longer than this after "=" is not waited for across a chunk border: the
 * "=" is taken as it is. A line of quoted-printable is at most 76 characters (RFC 2045 6.7
 * rule 5) and any mail line at most 998 (RFC 5322 2.1.1), so only a broken body gets here.
 */
const MAX_PADDING_CARRIED = 998;

/** What an "=" at some offset is; `undefined` when the bytes after it are still to come. */
type Escape = { length: number; byte?: number };

export class QuotedPrintableDecoder implements TransferDecoder {
  /** The bytes from an "=" whose meaning the next chunk decides. */
  private tail: Uint8Array = EMPTY;

  push(chunk: Uint8Array): Uint8Array {
    return this.decode(this.tail.length > 0 ? joined(this.tail, chunk) : chunk, false);
  }

  end(): Uint8Array {
    return this.decode(this.tail, true);
  }

  private decode(bytes: Uint8Array, final: boolean): Uint8Array {
    this.tail = EMPTY;
    const out = new Uint8Array(bytes.length);
    let o = 0;
    for (let i = 0; i < bytes.length; ) {
      const eq = bytes.indexOf(EQUALS, i);
      const stop = eq < 0 ? bytes.length : eq;
      out.set(bytes.subarray(i, stop), o);
      o += stop - i;
      if (eq < 0) break;
      const escape = escapeAt(bytes, eq, final);
      if (!escape) {
        this.tail = bytes.slice(eq);
        break;
      }
      if (escape.byte !== undefined) out[o++] = escape.byte;
      i = eq + escape.length;
    }
    return out.subarray(0, o);
  }
}

/** The "=" at `at`: a soft line break (no byte), an octet, or itself. */
function escapeAt(bytes: Uint8Array, at: number, final: boolean): Escape | undefined {
  let j = at + 1;
  while (isWsp(bytes[j])) j++;
  const more = !final && j - at <= MAX_PADDING_CARRIED;
  if (j >= bytes.length) return more ? undefined : final ? { length: j - at } : { length: 1, byte: EQUALS };
  if (bytes[j] === LF) return { length: j + 1 - at };
  if (bytes[j] === CR) {
    if (j + 1 >= bytes.length && more) return undefined;
    if (bytes[j + 1] === LF) return { length: j + 2 - at };
  }
  const hi = hexValue(bytes[at + 1]);
  if (hi < 0) return { length: 1, byte: EQUALS };
  if (at + 2 >= bytes.length && !final) return undefined;
  const lo = hexValue(bytes[at + 2]);
  return lo < 0 ? { length: 1, byte: EQUALS } : { length: 3, byte: hi * 16 + lo };
}

/** RFC 2045 6.7 hex-octet digits; lower case accepted too, as 6.7 note 1 suggests. */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The encodings that need decoding, by their lower-cased RFC 2045 6.1 name. */
const DECODERS: Readonly<Record<string, () => TransferDecoder>> = {
  base64: () => new Base64Decoder(),
  'quoted-printable': () => new QuotedPrintableDecoder(),
};

/** RFC 2045 6.2: 7bit, 8bit and binary mean no encoding was applied; the bytes are the content. */
export const IDENTITY_TRANSFER_ENCODINGS: readonly string[] = ['7bit', '8bit', 'binary'];

/** The encodings there is a decoder for: base64, quoted-printable. */
export const DECODED_TRANSFER_ENCODINGS: readonly string[] = Object.keys(DECODERS);

/** A fresh decoder for `encoding` (any case), or undefined for an identity or unknown one. */
export function transferDecoder(encoding: string): TransferDecoder | undefined {
  return DECODERS[encoding.toLowerCase()]?.();
}

/** A whole body through a decoder: one push, then the end. */
export function decodeWhole(decoder: TransferDecoder, bytes: Uint8Array): Uint8Array {
  const head = decoder.push(bytes);
  const rest = decoder.end();
  return rest.length === 0 ? head : joined(head, rest);
}
