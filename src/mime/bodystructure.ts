// RFC 3501 section 7.4.2 BODY and BODYSTRUCTURE (grammar in section 9: body, body-type-1part,
// body-type-mpart, body-ext-1part, body-ext-mpart). `extended` adds the extension data
// BODYSTRUCTURE carries and BODY leaves out. Names (type, subtype, parameter names,
// encoding, disposition) are upper-cased as in the RFC's own example and as UW-IMAP and
// Gmail send them (Dovecot keeps the message's case; clients compare case-insensitively);
// values are sent as written.

import type { ImapValue } from '../protocol/imap/types.js';
import { findField } from './header.js';
import { contentDisposition, type MimePart } from './message.js';
import { envelope } from './envelope.js';
import { NIL, imapList, imapNumber, imapString } from './imap-string.js';
import { LF } from './bytes.js';

export function bodyStructure(msg: MimePart, extended: boolean): ImapValue {
  return msg.kind === 'multipart' ? multipartBody(msg, extended) : singleBody(msg, extended);
}

// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
function multipartBody(part: MimePart, extended: boolean): ImapValue {
  const items = part.children.map((child) => bodyStructure(child, extended));
  items.push(upper(part.contentType.subtype));
  if (extended) items.push(paramList(part.contentType.params), ...dispositionLanguageLocation(part));
  return imapList(items);
}

// body-type-1part: basic, text (+ lines) or message (+ envelope, body, lines).
function singleBody(part: MimePart, extended: boolean): ImapValue {
  const { type, subtype, params } = part.contentType;
  const items: ImapValue[] = [
    upper(type),
    upper(subtype),
    paramList(params),
    imapString(fieldValue(part, 'Content-ID')),
    imapString(fieldValue(part, 'Content-Description')),
    upper(part.transferEncoding),
    imapNumber(part.bodyBytes.length),
  ];
  if (part.kind === 'message') {
    const inner = part.children[0];
    items.push(envelope(inner), bodyStructure(inner, extended), imapNumber(countLines(part.bodyBytes)));
  } else if (type === 'text') {
    items.push(imapNumber(countLines(part.bodyBytes)));
  }
  if (extended) items.push(imapString(fieldValue(part, 'Content-MD5')), ...dispositionLanguageLocation(part));
  return imapList(items);
}

// body-fld-dsp SP body-fld-lang SP body-fld-loc, shared by both extension forms.
function dispositionLanguageLocation(part: MimePart): ImapValue[] {
  const disposition = contentDisposition(part);
  const dsp = disposition ? imapList([upper(disposition.type), paramList(disposition.params)]) : NIL;
  return [dsp, language(part), imapString(fieldValue(part, 'Content-Location'))];
}

// body-fld-lang = nstring / "(" string *(SP string) ")" (Content-Language, RFC 3282).
function language(part: MimePart): ImapValue {
  const tags = (fieldValue(part, 'Content-Language') ?? '')
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0) return NIL;
  return tags.length === 1 ? imapString(tags[0]) : imapList(tags.map((t) => imapString(t)));
}

// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
function paramList(params: Array<[string, string]>): ImapValue {
  if (params.length === 0) return NIL;
  return imapList(params.flatMap(([name, value]) => [upper(name), imapString(value)]));
}

function fieldValue(part: MimePart, name: string): string | undefined {
  return findField(part.headers, name)?.value;
}

function upper(text: string): ImapValue {
  return imapString(text.toUpperCase());
}

/**
 * body-fld-lines: the number of lines of the body as transferred. Counted as Dovecot
 * does: each line end, plus a last line that has none.
 */
export function countLines(body: Uint8Array): number {
  let lines = 0;
  for (let i = body.indexOf(LF); i >= 0; i = body.indexOf(LF, i + 1)) lines++;
  if (body.length > 0 && body[body.length - 1] !== LF) lines++;
  return lines;
}
