// Serialises IMAP values and response lines (RFC 3501 sections 4 and 7). The inverse of
// the tokenizer: tokenize(serializeValues(vs)) gives vs back (tested as a round trip).

import { MailscopeError } from '../../errors.js';
import type { ImapValue, ResponseCode, StatusWord } from './types.js';
import { isASTRING_CHAR } from './syntax.js';

const CRLF = Buffer.from('\r\n');
const SPACE = Buffer.from(' ');

/** quoted = DQUOTE *QUOTED-CHAR DQUOTE; CR, LF and NUL cannot be quoted (use a literal). */
export function quoted(s: string): string {
  if (/[\r\n\0]/.test(s)) throw new MailscopeError('BAD_ARGUMENT', 'a string with CR, LF or NUL cannot be quoted; send a literal');
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Can `s` go on the wire as an atom (astring's 1*ASTRING-CHAR) without changing meaning? */
export function isAtomString(s: string): boolean {
  if (s.length === 0 || s.toUpperCase() === 'NIL') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f || isASTRING_CHAR[c] !== 1) return false;
  }
  return true;
}

/**
 * astring = 1*ASTRING-CHAR / string: an atom when every char allows it, else quoted, else
 * (CR, LF or NUL inside) a synchronizing literal `{N}CRLF` followed by the UTF-8 bytes.
 */
export function astring(s: string): string {
  if (isAtomString(s)) return s;
  if (!/[\r\n\0]/.test(s)) return quoted(s);
  return `{${Buffer.byteLength(s, 'utf8')}}\r\n${s}`;
}

/** One value as wire bytes. */
export function serializeValue(v: ImapValue): Buffer {
  return Buffer.concat(pieces(v, []));
}

/** Values separated by SP. */
export function serializeValues(vs: readonly ImapValue[]): Buffer {
  return Buffer.concat(joined(vs, []));
}

function joined(vs: readonly ImapValue[], out: Buffer[]): Buffer[] {
  vs.forEach((v, i) => {
    if (i > 0) out.push(SPACE);
    pieces(v, out);
  });
  return out;
}

function pieces(v: ImapValue, out: Buffer[]): Buffer[] {
  switch (v.type) {
    case 'atom':
      out.push(Buffer.from(v.value, 'latin1'));
      break;
    case 'number':
      out.push(Buffer.from(String(v.value)));
      break;
    case 'nil':
      out.push(Buffer.from('NIL'));
      break;
    case 'quoted':
      out.push(Buffer.from(quoted(v.value), 'utf8'));
      break;
    case 'literal': {
      const plus = v.nonSync ? '+' : '';
      out.push(Buffer.from(`${v.binary ? '~' : ''}{${v.size}${plus}}\r\n`), Buffer.from(v.data));
      break;
    }
    case 'list':
      out.push(Buffer.from('('));
      joined(v.items, out);
      out.push(Buffer.from(')'));
      break;
    case 'section': {
      out.push(Buffer.from(`${v.name}[`));
      joined(v.section, out);
      out.push(Buffer.from(']'));
      if (v.partial) {
        const count = v.partial.count === undefined ? '' : `.${v.partial.count}`;
        out.push(Buffer.from(`<${v.partial.origin}${count}>`));
      }
      break;
    }
  }
  return out;
}

function codeText(code: string | ResponseCode): string {
  if (typeof code === 'string') return code;
  if (code.args.length > 0) return `${code.name} ${serializeValues(code.args).toString('utf8')}`;
  return code.argText ? `${code.name} ${code.argText}` : code.name;
}

/** `tag OK [CODE] text` or `* BYE text`, with CRLF. `tag` undefined means untagged. */
export function statusLine(tag: string | undefined, status: StatusWord, code: string | ResponseCode | undefined, text: string): Buffer {
  const c = code === undefined ? '' : `[${codeText(code)}] `;
  return Buffer.from(`${tag ?? '*'} ${status} ${c}${text}\r\n`, 'utf8');
}

/** `* [number] NAME values` with CRLF, e.g. dataLine('FETCH', [list], 12). */
export function dataLine(name: string, values: readonly ImapValue[] = [], number?: number): Buffer {
  const head = Buffer.from(`* ${number === undefined ? '' : `${number} `}${name}`);
  if (values.length === 0) return Buffer.concat([head, CRLF]);
  return Buffer.concat([head, SPACE, serializeValues(values), CRLF]);
}

/** `+ text` with CRLF (continue-req). */
export function continuationLine(text: string): Buffer {
  return Buffer.from(`+ ${text}\r\n`, 'utf8');
}
