// Structured MIME header values: `token *(";" attribute "=" value)` (RFC 2045 section 5.1,
// RFC 2183 for Content-Disposition), with RFC 822 comments allowed between tokens, and
// RFC 2231 parameter value continuations (`name*0=`, `name*1*=`) and charset/language
// (`name*=utf-8'de'Gr%C3%BC%C3%9Fe`). Tolerant: junk gives fewer params, never an error.

import { charsetText } from './bytes.js';

export interface StructuredValue {
  /** The value before the first ";", comments removed, lower-cased (`text/plain`, `attachment`). */
  token: string;
  /** Parameters in order, names lower-cased, values unquoted and RFC 2231-decoded. */
  params: Array<[string, string]>;
}

interface RawParam { name: string; value: string }

export function parseStructuredValue(text: string): StructuredValue {
  const reader = new Reader(text);
  const token = reader.until(';').toLowerCase();
  const raw: RawParam[] = [];
  while (reader.skip(';')) {
    const param = readParam(reader);
    if (param) raw.push(param);
  }
  return { token, params: joinRfc2231(raw) };
}

function readParam(reader: Reader): RawParam | undefined {
  const name = reader.until('=;').toLowerCase();
  if (!reader.skip('=')) {
    reader.until(';');
    return undefined;
  }
  const value = reader.value();
  return name ? { name, value } : undefined;
}

/** Character reader that skips WSP and (nested) comments between tokens. */
class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** Skips CFWS, then consumes `char` if it is next. */
  skip(char: string): boolean {
    this.cfws();
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  /** Text up to any of `stops` (or the end), comments dropped, WSP trimmed. */
  until(stops: string): string {
    let out = '';
    while (this.pos < this.text.length && !stops.includes(this.text[this.pos])) {
      if (this.text[this.pos] === '(') this.comment();
      else out += this.text[this.pos++];
    }
    return out.trim();
  }

  /** A parameter value: a quoted-string, or a token; unquoted text with spaces is kept whole. */
  value(): string {
    this.cfws();
    if (this.text[this.pos] === '"') return this.quoted() + this.until(';');
    return this.until(';').replace(/\s+/g, ' ');
  }

  private quoted(): string {
    let out = '';
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos++];
    }
    this.pos++;
    return out;
  }

  private cfws(): void {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text[this.pos] !== '(') return;
      this.comment();
    }
  }

  private comment(): void {
    let depth = 0;
    do {
      const c = this.text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    } while (depth > 0 && this.pos < this.text.length);
  }
}

// RFC 2231 section 3-4: `name*N` are sections of one value, joined in N order; a `*`
// after the name or section number marks percent-encoding, and the first encoded
// section starts with `charset'language'`.
const SECTION = /^([^*]+)\*(?:(\d+)\*?)?$/;

interface Section { index: number; encoded: boolean; value: string }

function joinRfc2231(raw: RawParam[]): Array<[string, string]> {
  const groups = new Map<string, Section[]>();
  const order: string[] = [];
  for (const { name, value } of raw) {
    const m = SECTION.exec(name);
    const base = m ? m[1] : name;
    if (!groups.has(base)) {
      groups.set(base, []);
      order.push(base);
    }
    const index = m ? Number(m[2] ?? 0) : -1;
    groups.get(base)!.push({ index, encoded: !!m && name.endsWith('*'), value });
  }
  return order.map((base) => [base, joinSections(groups.get(base)!)]);
}

function joinSections(sections: Section[]): string {
  const extended = sections.filter((s) => s.index >= 0);
  // A plain `name=` next to `name*=` is the fallback for old readers; RFC 2231 wins.
  if (extended.length === 0) return sections[0].value;
  extended.sort((a, b) => a.index - b.index);
  let charset = 'us-ascii';
  const bytes: number[] = [];
  extended.forEach((s, i) => {
    let value = s.value;
    if (s.encoded && i === 0) {
      const m = /^([^']*)'[^']*'(.*)$/s.exec(value);
      if (m) {
        charset = m[1] || charset;
        value = m[2];
      }
    }
    for (const b of s.encoded ? percentDecode(value) : Buffer.from(value, 'utf8')) bytes.push(b); // no spread: any length
  });
  return charsetText(Uint8Array.from(bytes), charset);
}

function percentDecode(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return out;
}

/** The value of parameter `name` (case-insensitive), if present. */
export function paramValue(params: Array<[string, string]>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return params.find(([n]) => n === wanted)?.[1];
}
