// FETCH BINARY[section-binary] (RFC 3516 4.2, RFC 9051 6.4.5): a part's content with its
// Content-Transfer-Encoding removed. section-binary = "[" [section-part] "]": part numbers
// only, no HEADER, TEXT or MIME. Part numbers walk the tree as for BODY[] (section.ts).

import { CR, LF } from './bytes.js';
import type { MimePart } from './message.js';
import { resolvePart } from './section.js';
import { KNOWN_TRANSFER_ENCODINGS, decodeTransferEncoding } from './transfer-encoding.js';

export type BinaryContent =
  | { kind: 'decoded'; bytes: Uint8Array }
  /** The message has no such part: NIL, as BODY[] answers here. */
  | { kind: 'missing' }
  /** RFC 9051 6.4.5: BINARY is only for leaf parts, not multipart/*, message/rfc822 or message/global. */
  | { kind: 'not-leaf'; mediaType: string }
  /** RFC 3516 4.3: the server cannot decode this CTE, and must answer NO [UNKNOWN-CTE]. */
  | { kind: 'unknown-cte'; encoding: string };

const NOT_LEAF_TYPES = ['message/rfc822', 'message/global'];

/** The part numbers of a section-binary (`""` is the whole message), or undefined if it is not one. */
export function parseSectionBinary(sectionText: string): number[] | undefined {
  const text = sectionText.trim();
  if (text === '') return [];
  if (!/^[1-9]\d*(\.[1-9]\d*)*$/.test(text)) return undefined;
  return text.split('.').map(Number);
}

/**
 * What BINARY[part] returns. An empty part list is the whole message: an RFC 5322 message
 * has an identity encoding (RFC 2046 5.2.1 allows message/rfc822 only 7bit, 8bit or
 * binary), so its bytes go as stored.
 */
export function binaryContent(msg: MimePart, part: number[]): BinaryContent {
  if (part.length === 0) return { kind: 'decoded', bytes: msg.bytes };
  const found = resolvePart(msg, part);
  if (!found) return { kind: 'missing' };
  const { type, subtype } = found.contentType;
  const mediaType = `${type}/${subtype}`;
  if (type === 'multipart' || NOT_LEAF_TYPES.includes(mediaType)) return { kind: 'not-leaf', mediaType };
  if (!KNOWN_TRANSFER_ENCODINGS.includes(found.transferEncoding)) return { kind: 'unknown-cte', encoding: found.transferEncoding };
  const decoded = decodeTransferEncoding(found.bodyBytes, found.transferEncoding);
  // RFC 9051 7.5.2: textual line-oriented sections go with CRLF line ends, whatever the
  // stored (or, for base64, the encoded) text used.
  return { kind: 'decoded', bytes: type === 'text' ? crlfLineEnds(decoded) : decoded };
}

/** Bare LF becomes CRLF; CRLF stays. */
export function crlfLineEnds(bytes: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF && bytes[i - 1] !== CR) bare++;
  if (bare === 0) return bytes;
  const out = new Uint8Array(bytes.length + bare);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF && bytes[i - 1] !== CR) out[j++] = CR;
    out[j++] = bytes[i];
  }
  return out;
}

/** RFC 3516 4.3, RFC 9051 4.3.1: data with a NUL can only go as literal8 `~{N}`. */
export function hasNul(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}
