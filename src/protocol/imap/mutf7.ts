// Modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): printable US-ASCII except "&"
// stands for itself, "&" is "&-", and other characters are UTF-16 in modified base64
// ("," instead of "/", no padding) between "&" and "-". IMAP4rev2 (RFC 9051) uses UTF-8
// instead, but servers still send mUTF-7 to IMAP4rev1 clients.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

const isDirect = (code: number): boolean => code >= 0x20 && code <= 0x7e;

/** Decodes a mailbox name; returns `s` unchanged when it is not valid modified UTF-7. */
export function decodeMailboxName(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (!isDirect(s.charCodeAt(i))) return s;
    if (ch !== '&') {
      out += ch;
      continue;
    }
    const close = s.indexOf('-', i + 1);
    if (close < 0) return s;
    if (close === i + 1) {
      out += '&';
    } else {
      const decoded = decodeBase64Run(s.slice(i + 1, close));
      if (decoded === undefined) return s;
      out += decoded;
    }
    i = close;
  }
  return out;
}

function decodeBase64Run(run: string): string | undefined {
  let bits = 0;
  let acc = 0;
  const units: number[] = [];
  for (const c of run) {
    const v = VALUE.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      units.push((acc >> bits) & 0xffff);
    }
    acc &= (1 << bits) - 1;
  }
  // Leftover bits must be zero padding shorter than one base64 digit group (RFC 3501 5.1.3).
  if (bits >= 6 || acc !== 0 || units.length === 0) return undefined;
  // In slices: a spread of some 120,000 units (a long name from a hostile server) overflows the stack.
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.slice(i, i + 4096));
  // A run must not encode characters that stand for themselves (RFC 3501: "MUST NOT").
  if ([...text].some((c) => isDirect(c.charCodeAt(0)))) return undefined;
  if (!wellFormedUtf16(units)) return undefined;
  return text;
}

function wellFormedUtf16(units: number[]): boolean {
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = units[i + 1];
      if (next === undefined || next < 0xdc00 || next > 0xdfff) return false;
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Encodes a mailbox name in modified UTF-7. */
export function encodeMailboxName(s: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    out += `&${encodeBase64Run(pending)}-`;
    pending = [];
  };
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isDirect(code)) {
      flush();
      out += code === 0x26 ? '&-' : s[i];
    } else {
      pending.push(code);
    }
  }
  flush();
  return out;
}

function encodeBase64Run(units: number[]): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const u of units) {
    acc = (acc << 16) | u;
    bits += 16;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(acc >> bits) & 0x3f];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (6 - bits)) & 0x3f];
  return out;
}
