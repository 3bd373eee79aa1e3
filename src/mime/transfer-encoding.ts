// RFC 2045 section 6: Content-Transfer-Encoding. Decoding is lenient as RFC 2045 asks
// readers to be (the rules are in transfer-decoder.ts, which decodes piece by piece; a whole
// body goes through the same decoders). 7bit, 8bit, binary and unknown encodings pass
// through unchanged.

import type { HeaderField } from './header.js';
import { findField } from './header.js';
import { DECODED_TRANSFER_ENCODINGS, IDENTITY_TRANSFER_ENCODINGS, decodeWhole, transferDecoder } from './transfer-decoder.js';

export function decodeTransferEncoding(bytes: Uint8Array, encoding: string): Uint8Array {
  const decoder = transferDecoder(encoding);
  return decoder ? decodeWhole(decoder, bytes) : bytes;
}

/**
 * The mechanisms RFC 2045 section 6.1 defines, lower-cased. Any other value (x-uuencode, an
 * x-token, a typo) is one a server "does not know how to decode": FETCH BINARY of such a
 * part fails with NO [UNKNOWN-CTE] (RFC 3516 4.3, RFC 9051 6.4.5).
 */
export const KNOWN_TRANSFER_ENCODINGS: readonly string[] = [...IDENTITY_TRANSFER_ENCODINGS, ...DECODED_TRANSFER_ENCODINGS];

/**
 * The Content-Transfer-Encoding of a part from its header fields, lower-cased, without a
 * comment: "7bit" when the field is absent (RFC 2045 6.1, "the default").
 */
export function transferEncodingOf(headers: readonly HeaderField[]): string {
  const cte = findField(headers as HeaderField[], 'Content-Transfer-Encoding');
  return cte?.value.replace(/\(.*$/, '').trim().toLowerCase() || '7bit';
}
