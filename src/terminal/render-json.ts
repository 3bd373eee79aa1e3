// `--json`: one JSON object per line for each response, for jq and scripts. The field names
// below are a stable interface; add fields, never rename or repurpose them.
//
//   direction  "S" (server) | "C" (client)
//   type       IMAP: "status" | "data" | "continuation" | "malformed" | "literal-start" | "literal-end"
//              POP3: "pop3-response" | "pop3-continuation" | "malformed"
//              our own lines: "client"
//   tag        status responses: the tag; absent for untagged ("*")
//   status     "OK" | "NO" | "BAD" | "BYE" | "PREAUTH"; POP3: "+OK" | "-ERR"
//   code       response code: { name, args (values, IMAP only), text (the verbatim text inside
//              the brackets after the name) }
//   text       human-readable text after the status / code / "+"
//   name       data responses: FETCH, LIST, CAPABILITY... (upper case)
//   number     data responses: the leading message number (`* 12 FETCH`)
//   values     data responses: the parsed tree. atom and quoted string -> string, number ->
//              number, NIL -> null, list -> array, literal -> { literal: size, text | base64,
//              complete, binary? } (text when the bytes are UTF-8 without control characters
//              other than tab/CR/LF), section item -> { section: "BODY", spec: "HEADER.FIELDS
//              (FROM)", partial?: { origin, count? } }
//   items      FETCH and STATUS data: the attribute-value list as an object by name, upper
//              case (`FLAGS`, `UID`, `BODY[HEADER]`, `BODY[]<0>`; `MESSAGES`, `UNSEEN`),
//              values as in `values`: `jq 'select(.name=="FETCH") | .items.UID'`; METADATA:
//              the entries by name, lower case (`/shared/comment`)
//   lines      POP3 multi-line bodies: one string per line, dot-unstuffed
//   truncated  POP3: the body went on past the buffered part
//   size       literal-start: the literal's announced size
//   offset     IMAP malformed: byte offset of the fault in raw
//   reason     malformed: what broke the grammar
//   raw        the wire bytes, one wire line per "\n", escaped as in transcripts (`\xHH`; a
//              final `\` means no CRLF); a streamed literal's body is not included

import type { ImapValue, ReaderEvent, ResponseCode } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';
import { escapeWireLine } from '../protocol/wire-escape.js';
import { splitWireLines } from './render-raw.js';

/** A line we sent, as bytes (secrets already replaced by the caller). */
export interface ClientLineEvent {
  kind: 'client';
  raw: Uint8Array;
}

export type JsonRenderable = ReaderEvent | Pop3Event | ClientLineEvent;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** One line of JSON for the event, or '' for streamed chunks (they have no object of their own). */
export function renderJson(ev: JsonRenderable, direction: 'C' | 'S'): string {
  const obj = jsonObject(ev);
  return obj === undefined ? '' : JSON.stringify({ direction, ...obj });
}

function jsonObject(ev: JsonRenderable): { [key: string]: Json | undefined } | undefined {
  switch (ev.kind) {
    case 'response':
      return 'response' in ev ? imapResponse(ev) : pop3Response(ev);
    case 'malformed':
      return { type: 'malformed', offset: 'offset' in ev ? ev.offset : undefined, reason: ev.reason, raw: rawText(ev.raw) };
    case 'literal-start':
      return { type: 'literal-start', size: ev.size, raw: rawText(ev.prefix) };
    case 'literal-end':
      return { type: 'literal-end' };
    case 'continuation':
      return { type: 'pop3-continuation', text: ev.text, raw: rawText(ev.raw) };
    case 'client':
      return { type: 'client', raw: rawText(ev.raw) };
    case 'literal-chunk':
    case 'body-chunk':
      return undefined;
  }
}

function imapResponse(ev: Extract<ReaderEvent, { kind: 'response' }>): { [key: string]: Json | undefined } {
  const r = ev.response;
  const raw = rawText(ev.raw);
  switch (r.kind) {
    case 'status':
      return { type: 'status', tag: r.tag, status: r.status, code: codeJson(r.code), text: r.text, raw };
    case 'data':
      return { type: 'data', name: r.name, number: r.number, values: r.values.map(valueJson), items: itemsJson(r.name, r.values), raw };
    case 'continuation':
      return { type: 'continuation', code: codeJson(r.code), text: r.text, raw };
  }
}

function pop3Response(ev: Extract<Pop3Event, { kind: 'response' }>): { [key: string]: Json | undefined } {
  return {
    type: 'pop3-response',
    status: ev.ok ? '+OK' : '-ERR',
    code: ev.code === undefined ? undefined : { name: ev.code, text: '' },
    text: ev.text,
    lines: ev.lines?.map((line) => new TextDecoder('utf-8').decode(line)),
    truncated: ev.truncated,
    raw: rawText(ev.raw),
  };
}

/**
 * Where FETCH (RFC 9051 7.5.2), STATUS (7.3.3) and METADATA (RFC 5464 4.4) keep their
 * name-value list, and how a name becomes a key: item names upper case, METADATA entry names
 * (case-insensitive, RFC 5464 3.2) lower case.
 */
const ITEM_LISTS: Record<string, { at: number; key: (v: ImapValue) => string | undefined }> = {
  FETCH: { at: 0, key: itemName },
  STATUS: { at: 1, key: itemName },
  METADATA: { at: 1, key: entryName },
};

function itemsJson(name: string, values: readonly ImapValue[]): Json | undefined {
  const where = ITEM_LISTS[name];
  const list = where ? values[where.at] : undefined;
  if (!where || list?.type !== 'list') return undefined;
  const items: { [key: string]: Json } = {};
  for (let i = 0; i + 1 < list.items.length; i += 2) {
    const key = where.key(list.items[i]!);
    if (key !== undefined) items[key] = valueJson(list.items[i + 1]!);
  }
  return items;
}

function entryName(v: ImapValue): string | undefined {
  return v.type === 'atom' || v.type === 'quoted' ? v.value.toLowerCase() : undefined;
}

function itemName(v: ImapValue): string | undefined {
  if (v.type === 'atom') return v.value.toUpperCase();
  if (v.type !== 'section') return undefined;
  const partial = v.partial ? `<${v.partial.origin}>` : '';
  return `${v.name.toUpperCase()}[${v.sectionText}]${partial}`;
}

function codeJson(code: ResponseCode | undefined): Json | undefined {
  if (code === undefined) return undefined;
  return { name: code.name, args: code.args.map(valueJson), text: code.argText };
}

export function valueJson(v: ImapValue): Json {
  switch (v.type) {
    case 'atom':
    case 'quoted':
      return v.value;
    case 'number':
      return v.value;
    case 'nil':
      return null;
    case 'list':
      return v.items.map(valueJson);
    case 'section':
      return { section: v.name, spec: v.sectionText, partial: v.partial ? { ...v.partial } : undefined };
    case 'literal': {
      const text = literalText(v.data);
      return {
        literal: v.size,
        ...(text !== undefined ? { text } : { base64: Buffer.from(v.data).toString('base64') }),
        complete: v.complete,
        binary: v.binary || undefined,
      };
    }
  }
}

function literalText(data: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? undefined : text;
}

function rawText(bytes: Uint8Array): string {
  return splitWireLines(bytes).map(escapeWireLine).join('\n');
}
