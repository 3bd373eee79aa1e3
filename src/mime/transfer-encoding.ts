// RFC 2045 section 6: Content-Transfer-Encoding. Decoding is lenient as RFC 2045 asks
// readers to be: base64 ignores characters outside its alphabet (6.8), quoted-printable
// keeps a malformed "=" as it is (6.7 note 1). 7bit, 8bit, binary and unknown
// encodings pass through unchanged.

import { CR, LF, isWsp } from './bytes.js';

const EQUALS = 0x3d;

export function decodeTransferEncoding(bytes: Uint8Array, encoding: string): Uint8Array {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return decodeBase64(bytes);
    case 'quoted-printable':
      return decodeQuotedPrintable(bytes);
    default:
      return bytes;
  }
}

function decodeBase64(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  const c = String.fromCharCode(byte);
  return /[0-9A-Fa-f]/.test(c) ? parseInt(c, 16) : -1;
}

function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== EQUALS) {
      out.push(b);
      continue;
    }
    // Soft line break: "=" then optional transport padding then the line end.
    let j = i + 1;
    while (isWsp(bytes[j])) j++;
    if (bytes[j] === CR && bytes[j + 1] === LF) {
      i = j + 1;
      continue;
    }
    if (bytes[j] === LF || j >= bytes.length) {
      i = j;
      continue;
    }
    const hi = hexValue(bytes[i + 1]);
    const lo = hexValue(bytes[i + 2]);
    if (hi >= 0 && lo >= 0) {
      out.push(hi * 16 + lo);
      i += 2;
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/**
 * The mechanisms RFC 2045 section 6.1 defines, lower-cased. Any other value (x-uuencode, an
 * x-token, a typo) is one a server "does not know how to decode": FETCH BINARY of such a
 * part fails with NO [UNKNOWN-CTE] (RFC 3516 4.3, RFC 9051 6.4.5).
 */
export const KNOWN_TRANSFER_ENCODINGS: readonly string[] = ['7bit', '8bit', 'binary', 'quoted-printable', 'base64'];
