// Reading command arguments (ImapValue, as the command reader produced them) the way the
// RFC 3501 grammar names them: astring, mailbox, sequence-set, flag-list, date-time.

import type { ImapValue } from '../../protocol/imap/types.js';

const decoder = new TextDecoder();

/** astring / string / atom / number as text; undefined for NIL, lists and sections. */
export function textOf(v: ImapValue | undefined): string | undefined {
  if (!v) return undefined;
  switch (v.type) {
    case 'atom':
    case 'quoted':
      return v.value;
    case 'number':
      return String(v.value);
    case 'literal':
      return decoder.decode(v.data);
    default:
      return undefined;
  }
}

/** An atom's text (sequence sets, keywords, command words), or undefined. */
export function atomOf(v: ImapValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.type === 'atom') return v.value;
  if (v.type === 'number') return String(v.value);
  return undefined;
}

export function isList(v: ImapValue | undefined): v is { type: 'list'; items: ImapValue[] } {
  return v?.type === 'list';
}

/** Bytes of a string argument (APPEND's message literal may be 8-bit). */
export function bytesOf(v: ImapValue | undefined): Uint8Array | undefined {
  if (!v) return undefined;
  if (v.type === 'literal') return v.data;
  if (v.type === 'quoted' || v.type === 'atom') return new TextEncoder().encode(v.value);
  return undefined;
}

/** Thrown by argument readers; the dispatcher answers BAD with the message. */
export class ArgumentError extends Error {}

export function requireText(args: ImapValue[], index: number, what: string): string {
  const t = textOf(args[index]);
  if (t === undefined) throw new ArgumentError(`missing or invalid ${what}`);
  return t;
}

export function requireCount(args: ImapValue[], count: number, syntax: string): void {
  if (args.length !== count) throw new ArgumentError(`expected: ${syntax}`);
}
