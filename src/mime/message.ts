// The MIME tree of a message (RFC 2045, RFC 2046): each part keeps views into the original
// bytes, so BODY[section] and sizes are exact, plus its parsed header fields and content
// type. Never throws: junk input is a text/plain part with whatever header lines parse.

import { splitHeaderBody, parseHeaderFields, findField, type HeaderField } from './header.js';
import { parseStructuredValue, paramValue } from './params.js';
import { splitMultipart } from './multipart.js';
import { transferEncodingOf } from './transfer-encoding.js';

export type { HeaderField } from './header.js';

export interface ContentType {
  /** Lower-cased: `text`, `multipart`... */
  type: string;
  /** Lower-cased: `plain`, `alternative`... */
  subtype: string;
  /** Names lower-cased, values unquoted and RFC 2231-decoded, in order. */
  params: Array<[string, string]>;
}

/**
 * `multipart`: children are the body parts. `message`: a message/rfc822 part, the
 * encapsulated message its single child. `leaf`: no children.
 */
export type PartKind = 'multipart' | 'message' | 'leaf';

export interface MimePart {
  /** The whole part: headerBytes followed by bodyBytes. */
  bytes: Uint8Array;
  /** The header block including the empty line that ends it (if there is one). */
  headerBytes: Uint8Array;
  bodyBytes: Uint8Array;
  headers: HeaderField[];
  contentType: ContentType;
  /** Content-Transfer-Encoding, lower-cased; `7bit` when absent (RFC 2045 section 6.1). */
  transferEncoding: string;
  kind: PartKind;
  children: MimePart[];
}

/** Nesting deeper than this is left unparsed (a leaf), so hostile input cannot recurse forever. */
export const MAX_NESTING = 64;

// Only rfc822: IMAP4rev1's media-message (RFC 3501 section 9) has no "GLOBAL", so a
// message/global (RFC 6532) with envelope and body would break rev1 clients' parsers.
const ENCAPSULATING_SUBTYPES = ['rfc822'];
// RFC 2046 section 5.2.1: an encapsulated message is 7bit, 8bit or binary; anything else
// (base64 seen from broken mailers) is left as an opaque leaf.
const IDENTITY_ENCODINGS = ['7bit', '8bit', 'binary'];

export function parseMessage(bytes: Uint8Array): MimePart {
  return parsePart(bytes, defaultContentType(), 0);
}

/** RFC 2045 section 5.2: no (or an unusable) Content-Type means text/plain; charset=us-ascii. */
function defaultContentType(): ContentType {
  return { type: 'text', subtype: 'plain', params: [['charset', 'us-ascii']] };
}

/** RFC 2046 section 5.1.5: inside multipart/digest the default is message/rfc822. */
function digestDefault(): ContentType {
  return { type: 'message', subtype: 'rfc822', params: [] };
}

function parsePart(bytes: Uint8Array, fallback: ContentType, depth: number): MimePart {
  const { headerBytes, bodyBytes } = splitHeaderBody(bytes);
  const headers = parseHeaderFields(headerBytes);
  const contentType = readContentType(headers, fallback);
  const transferEncoding = transferEncodingOf(headers);
  const part: MimePart = { bytes, headerBytes, bodyBytes, headers, contentType, transferEncoding, kind: 'leaf', children: [] };
  if (depth >= MAX_NESTING) return part;
  if (contentType.type === 'multipart') {
    part.kind = 'multipart';
    part.children = multipartChildren(part, depth);
  } else if (isEncapsulated(part)) {
    part.kind = 'message';
    part.children = [parsePart(bodyBytes, defaultContentType(), depth + 1)];
  }
  return part;
}

function isEncapsulated(part: MimePart): boolean {
  return part.contentType.type === 'message' &&
    ENCAPSULATING_SUBTYPES.includes(part.contentType.subtype) &&
    IDENTITY_ENCODINGS.includes(part.transferEncoding);
}

function multipartChildren(part: MimePart, depth: number): MimePart[] {
  const boundary = paramValue(part.contentType.params, 'boundary');
  const childDefault = part.contentType.subtype === 'digest' ? digestDefault : defaultContentType;
  const pieces = boundary ? splitMultipart(part.bodyBytes, boundary) : [];
  // A multipart needs at least one part (RFC 3501 body-type-mpart = 1*body); with no
  // boundary found, Dovecot shows one empty text/plain part, and so do we.
  if (pieces.length === 0) pieces.push(part.bodyBytes.subarray(0, 0));
  return pieces.map((piece) => parsePart(piece, childDefault(), depth + 1));
}

function readContentType(headers: HeaderField[], fallback: ContentType): ContentType {
  const field = findField(headers, 'Content-Type');
  if (!field) return fallback;
  const { token, params } = parseStructuredValue(field.value);
  const m = /^([!#$%&'*+\-.^_`{|}~0-9a-z]+)\s*\/\s*([!#$%&'*+\-.^_`{|}~0-9a-z]+)$/.exec(token);
  if (!m) return defaultContentType();
  const [, type, subtype] = m;
  // RFC 2046 section 4.1.2: a text part without a charset is US-ASCII.
  if (type === 'text' && paramValue(params, 'charset') === undefined) params.push(['charset', 'us-ascii']);
  return { type, subtype, params };
}

/** Content-Disposition (RFC 2183): type lower-cased and params; undefined when absent. */
export function contentDisposition(part: MimePart): { type: string; params: Array<[string, string]> } | undefined {
  const field = findField(part.headers, 'Content-Disposition');
  if (!field) return undefined;
  const { token, params } = parseStructuredValue(field.value);
  return token ? { type: token, params } : undefined;
}
