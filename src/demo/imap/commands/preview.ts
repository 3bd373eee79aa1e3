// PREVIEW (RFC 8970): FETCH PREVIEW and PREVIEW (LAZY) give a short plain-text preview of a
// message, made here from its first text/plain part, else its first text/html part with the
// markup removed (3.3: "remove any formatting markup"), transfer encoding and charset undone,
// whitespace collapsed. Reading it does not set \Seen: RFC 3501 6.4.5 names the items that do
// (BODY[...], RFC822, RFC822.TEXT), and RFC 8970 adds PREVIEW to none of them.

import type { ImapValue } from '../../../protocol/imap/types.js';
import { charsetText, latin1Text } from '../../../mime/bytes.js';
import { imapString } from '../../../mime/imap-string.js';
import { contentDisposition, type MimePart } from '../../../mime/message.js';
import { paramValue } from '../../../mime/params.js';
import { decodeTransferEncoding } from '../../../mime/transfer-encoding.js';
import { parsed } from '../../store/parsed.js';
import { ArgumentError, atomOf, isList } from '../args.js';
import { valuePart } from '../wire.js';
import type { Attribute } from './fetch-attribute.js';

/** RFC 8970 3.3: the server SHOULD stop at 200 preview characters and MUST NOT pass 256. */
export const PREVIEW_LENGTH = 200;

/** RFC 8970 6: preview-mod = "LAZY" (4.1: a server MUST implement it). */
const PREVIEW_MODIFIERS = new Set(['LAZY']);

/** The media types a preview is made from, best first (RFC 2046 5.1.4: alternatives are equal). */
const PREVIEW_SOURCES: ReadonlyArray<{ subtype: string; toText: (text: string) => string }> = [
  { subtype: 'plain', toText: (text) => text },
  { subtype: 'html', toText: htmlToText },
];

/**
 * The preview of a message: "" when it has no text part (RFC 8970 3.2: "the server MUST return
 * a zero-length string"; NIL is only for LAZY when making it would take too long, and the demo
 * never takes long, so LAZY gets the same answer).
 */
export function previewText(msg: MimePart): string {
  const leaves = textLeaves(msg);
  for (const source of PREVIEW_SOURCES) {
    const part = leaves.find((p) => p.contentType.subtype === source.subtype);
    if (part) return shorten(collapse(source.toText(decodedText(part))));
  }
  return '';
}

/** The text/* leaves in order, through multiparts; attachments and encapsulated messages are not the message's own text. */
function textLeaves(part: MimePart): MimePart[] {
  if (part.kind === 'multipart') return part.children.flatMap(textLeaves);
  if (part.kind !== 'leaf' || part.contentType.type !== 'text') return [];
  return contentDisposition(part)?.type.toLowerCase() === 'attachment' ? [] : [part];
}

/** A text part's body as text: Content-Transfer-Encoding (RFC 2045 6) then charset (RFC 2046 4.1.2). */
function decodedText(part: MimePart): string {
  const bytes = decodeTransferEncoding(part.bodyBytes, part.transferEncoding);
  const charset = paramValue(part.contentType.params, 'charset');
  return charset ? charsetText(bytes, charset) : latin1Text(bytes);
}

/** Character references an HTML preview needs most; others by number (&#233; &#xE9;). */
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => entity(name) ?? whole);
}

function entity(name: string): string | undefined {
  if (name[0] !== '#') return HTML_ENTITIES[name.toLowerCase()];
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Runs of white space (line breaks included) become one space; C0 controls go too. */
function collapse(text: string): string {
  return text.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim();
}

/** At most PREVIEW_LENGTH preview characters: Unicode characters, not UTF-16 units (RFC 8970 3.3). */
function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length <= PREVIEW_LENGTH ? text : chars.slice(0, PREVIEW_LENGTH).join('');
}

// --- the FETCH item

export function isPreviewItem(v: ImapValue | undefined): boolean {
  return atomOf(v)?.toUpperCase() === 'PREVIEW';
}

/** `(LAZY)`: a list of preview-mods only (so `(CHANGEDSINCE 5)` stays a fetch-modifier). */
export function isPreviewModifierList(v: ImapValue | undefined): boolean {
  return isList(v) && v.items.length > 0 && v.items.every((m) => PREVIEW_MODIFIERS.has(atomOf(m)?.toUpperCase() ?? ''));
}

/**
 * RFC 8970 6: fetch-att =/ "PREVIEW" [SP "(" preview-mod *(SP preview-mod) ")"]. Without
 * parentheses, `FETCH 1 PREVIEW (LAZY)` arrives as three arguments: the list is PREVIEW's,
 * so the two are put back together as `(PREVIEW (LAZY))`.
 */
export function withPreviewGrouped(args: readonly ImapValue[]): ImapValue[] {
  if (!isPreviewItem(args[1]) || !isPreviewModifierList(args[2])) return [...args];
  return [args[0], { type: 'list', items: [args[1], args[2]] }, ...args.slice(3)];
}

/** The PREVIEW attribute; `modifiers` is the `(LAZY)` list after it, if any. */
export function previewAttribute(modifiers?: ImapValue): Attribute {
  if (modifiers !== undefined && !isPreviewModifierList(modifiers)) throw new ArgumentError('PREVIEW takes only (LAZY) (RFC 8970 6)');
  return {
    name: 'PREVIEW',
    setsSeen: false,
    // RFC 8970 6: msg-att-dynamic =/ "PREVIEW" SP nstring; UTF-8 (3.3), so 8-bit text goes as a literal.
    write: (m) => ['PREVIEW ', valuePart(imapString(previewText(parsed(m))))],
  };
}
