// `:explain` of a BODYSTRUCTURE or BODY (RFC 9051 7.5.2, RFC 3501 7.4.2): one line per MIME
// part, under the part number that BODY[n] and BINARY[n] take, so a learner sees which number
// fetches the attachment.
//
// Part numbers (RFC 9051 6.4.5): the parts of a multipart are 1, 2, ...; a part of a nested
// multipart is 1.2; a message that is not multipart has only part 1; the parts of a
// message/rfc822 part n are numbered under n (n.1, n.2).
//
// body-type-1part = type SP subtype SP (params) SP id SP description SP encoding SP size
//                   [SP lines (text/*)] [SP envelope SP body SP lines (message/rfc822)] ...
// body-type-mpart = 1*body SP subtype [SP extension data]
import type { ImapValue } from '../protocol/imap/types.js';
import type { ExplainLine } from './explain-lines.js';

/** One line per part (depth 2, under the BODYSTRUCTURE item). */
export function bodyStructureLines(value: ImapValue | undefined): ExplainLine[] {
  const out: ExplainLine[] = [];
  if (value?.type === 'list') walk(value, '', out);
  return out;
}

/** `label`: how a multipart is named, having no number of its own (the message, or n.TEXT inside part n). */
function walk(body: ImapValue & { type: 'list' }, path: string, out: ExplainLine[], label = path || 'the message'): void {
  const children = leadingLists(body.items);
  if (children.length > 0) {
    const subtype = word(body.items[children.length])?.toLowerCase() ?? '?';
    out.push({ term: label, kind: 'value', text: `multipart/${subtype}, ${children.length} part${children.length === 1 ? '' : 's'}: ${MULTIPART[subtype] ?? 'its parts follow'}`, depth: 2 });
    children.forEach((child, i) => walk(child, path ? `${path}.${i + 1}` : `${i + 1}`, out));
    return;
  }
  const number = path || '1';
  const [type, subtype, params, , , encoding, size] = body.items;
  const mime = `${word(type)?.toLowerCase() ?? '?'}/${word(subtype)?.toLowerCase() ?? '?'}`;
  const facts = [mime + paramText(params), word(encoding)?.toUpperCase(), sizeText(size, body.items[7], mime), disposition(body.items, mime)].filter(Boolean);
  // RFC 3516: BINARY[n] hands back the bytes with the content-transfer-encoding undone.
  const decoded = /^(BASE64|QUOTED-PRINTABLE)$/i.test(word(encoding) ?? '') ? ` (BINARY[${number}] decodes it)` : '';
  out.push({ term: number, kind: 'value', text: `${facts.join(', ')}; fetch it with BODY[${number}]${decoded}`, depth: 2 });
  // message/rfc822: envelope, body, lines follow the size; the inner body's parts hang under this one.
  const inner = body.items[8];
  if (mime === 'message/rfc822' && inner?.type === 'list') {
    // RFC 9051 6.4.5's example: a multipart inside part 3 is 3.TEXT and its parts 3.1, 3.2.
    if (leadingLists(inner.items).length > 0) walk(inner, number, out, `${number}.TEXT`);
    else walk(inner, `${number}.1`, out);
  }
}

/** What the common multipart subtypes mean (RFC 2046 5.1, RFC 1847, RFC 2387). */
const MULTIPART: Record<string, string> = {
  alternative: 'the same content in different forms, the last the richest',
  mixed: 'independent parts in order, such as a text and attachments',
  related: 'one document whose parts refer to each other, such as HTML and its images',
  signed: 'content and its signature',
  encrypted: 'encryption control information and the encrypted content',
  digest: 'a collection of messages',
  report: 'a delivery or disposition report',
};

function leadingLists(items: readonly ImapValue[]): Array<ImapValue & { type: 'list' }> {
  const out: Array<ImapValue & { type: 'list' }> = [];
  for (const item of items) {
    if (item.type !== 'list') break;
    out.push(item);
  }
  return out;
}

function word(v: ImapValue | undefined): string | undefined {
  return v && (v.type === 'quoted' || v.type === 'atom') ? v.value : undefined;
}

/** `; charset=ISO-8859-1; name=report.pdf` from ("CHARSET" "ISO-8859-1" "NAME" "report.pdf"). */
function paramText(v: ImapValue | undefined): string {
  if (v?.type !== 'list') return '';
  let text = '';
  for (let i = 0; i + 1 < v.items.length; i += 2) text += `; ${word(v.items[i])?.toLowerCase()}=${word(v.items[i + 1])}`;
  return text;
}

/**
 * body-fld-dsp, after body-fld-md5 in the extension data: `attachment; filename=a.pdf`. It
 * comes after the lines of text/* and the envelope, body and lines of message/rfc822.
 */
function disposition(items: readonly ImapValue[], mime: string): string | undefined {
  const at = mime.startsWith('text/') ? 9 : mime === 'message/rfc822' ? 11 : 8;
  const dsp = items[at];
  if (dsp?.type !== 'list') return undefined;
  return `${word(dsp.items[0])?.toLowerCase() ?? '?'}${paramText(dsp.items[1])}`;
}

function sizeText(size: ImapValue | undefined, lines: ImapValue | undefined, mime: string): string | undefined {
  if (size?.type !== 'number') return undefined;
  const lineCount = mime.startsWith('text/') && lines?.type === 'number' ? `, ${lines.value} line${lines.value === 1 ? '' : 's'}` : '';
  return `${size.value} bytes as encoded${lineCount}`;
}
