// FETCH BINARY[section]<partial>, BINARY.PEEK[...] and BINARY.SIZE[section] (RFC 3516 4.2 and
// 4.3, RFC 9051 6.4.5 and 7.5.2): a leaf part with its Content-Transfer-Encoding removed, or
// the size of that. The data goes as a plain literal, or as literal8 `~{N}` when it holds a
// NUL (the only way NULs may cross, RFC 9051 4.3.1). `<origin.count>` counts decoded bytes.

import type { ImapSectionItem } from '../../../protocol/imap/types.js';
import { serializeValue } from '../../../protocol/imap/writer.js';
import { binaryContent, hasNul, parseSectionBinary, type BinaryContent } from '../../../mime/binary-section.js';
import { partial } from '../../../mime/section.js';
import type { StoredMessage } from '../../store/mailbox.js';
import { parsed } from '../../store/parsed.js';
import { ArgumentError } from '../args.js';
import { bad, no, type Completion } from '../context.js';
import { literalPart, type Part } from '../wire.js';
import type { Attribute } from './fetch-attribute.js';

/** The BINARY items by name; only the one without a suffix sets \Seen (RFC 3516 4.2). */
const BINARY_ITEMS: Record<string, { setsSeen: boolean; size: boolean }> = {
  BINARY: { setsSeen: true, size: false },
  'BINARY.PEEK': { setsSeen: false, size: false },
  'BINARY.SIZE': { setsSeen: false, size: true },
};

export function isBinaryItem(name: string): boolean {
  return Object.hasOwn(BINARY_ITEMS, name.toUpperCase());
}

export function binaryAttribute(item: ImapSectionItem): Attribute {
  const kind = item.name.toUpperCase();
  const { setsSeen, size } = BINARY_ITEMS[kind];
  const part = parseSectionBinary(item.sectionText);
  // RFC 3516 5 / RFC 9051 9: section-binary = "[" [section-part] "]", numbers only.
  if (!part) throw new ArgumentError(`${kind}[${item.sectionText}]: BINARY takes part numbers only, like ${kind}[1.2]; use BODY.PEEK[${item.sectionText}] for headers and text`);
  const p = item.partial;
  if (p && size) throw new ArgumentError('BINARY.SIZE takes no <partial> (RFC 3516 5)');
  if (p && p.count === 0) throw new ArgumentError('a partial of 0 bytes is not allowed');
  const section = part.join('.');
  // The origin goes back as BODY[] has it: RFC 3516 4.3 and RFC 9051 7.5.2 say so in the
  // text (their ABNF leaves it out, RFC 9051 erratum 7246), and Dovecot sends it.
  const name = `${size ? 'BINARY.SIZE' : 'BINARY'}[${section}]${p ? `<${p.origin}>` : ''}`;
  const content = (m: StoredMessage) => binaryContent(parsed(m), part);
  return {
    name,
    setsSeen,
    refuse: (m) => refusal(content(m), `${kind}[${section}]`),
    write: (m) => {
      const c = content(m);
      if (size) return [name, ' ', String(c.kind === 'decoded' ? c.bytes.length : 0)];
      if (c.kind !== 'decoded') return [name, ' NIL'];
      return [name, ' ', binaryPart(p ? partial(c.bytes, p.origin, p.count) : c.bytes)];
    },
  };
}

function refusal(c: BinaryContent, item: string): Completion | undefined {
  switch (c.kind) {
    case 'not-leaf':
      return bad(`${item} is a ${c.mediaType} part: BINARY is only for leaf parts (RFC 9051 6.4.5); fetch its parts, or BODY.PEEK[...]`);
    case 'unknown-cte':
      return no(`${item}: cannot decode Content-Transfer-Encoding ${c.encoding} (RFC 3516 4.3); BODY.PEEK[...] gives it encoded`, 'UNKNOWN-CTE');
    default:
      return undefined;
  }
}

/** RFC 3516 4.3: a string when there is no NUL (the SHOULD), literal8 when there is (the MUST). */
function binaryPart(data: Uint8Array): Part {
  if (!hasNul(data)) return literalPart(data);
  return serializeValue({ type: 'literal', size: data.length, binary: true, data, complete: true });
}

/**
 * Bytes for a BODY[], RFC822... literal, where a NUL breaks the grammar (RFC 3501 9: CHAR8
 * excludes it). A message APPENDed as literal8 may hold NULs; like Dovecot, each becomes
 * 0x80, so sizes and partial offsets stay those of the stored message. BINARY sends them.
 */
export function withoutNul(data: Uint8Array): Uint8Array {
  if (!hasNul(data)) return data;
  return data.map((b) => (b === 0 ? 0x80 : b));
}
