// Bytes of response parts. Values are written by the shared writer
// (src/protocol/imap/writer.ts); this only turns its output into bytes for the socket.

import { serializeValue } from '../../protocol/imap/writer.js';
import type { ImapValue } from '../../protocol/imap/types.js';

export type Part = string | Uint8Array;

export function valuePart(v: ImapValue): Part {
  return serializeValue(v);
}

/** An nstring holding message bytes: always a literal, since bodies may be 8-bit (RFC 3501 4.3). */
export function literalPart(data: Uint8Array): Part {
  return serializeValue({ type: 'literal', size: data.length, binary: false, data, complete: true });
}

export function toBuffer(parts: Part[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}
