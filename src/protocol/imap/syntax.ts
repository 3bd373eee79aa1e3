// Byte predicates named after the RFC 3501 / RFC 9051 formal syntax (section 9), as
// 256-entry tables so the hot path is one array load per byte.

function table(pred: (b: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = pred(b) ? 1 : 0;
  return t;
}

export const SP = 0x20;
export const CR = 0x0d;
export const LF = 0x0a;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LANGLE = 0x3c;
export const RANGLE = 0x3e;
export const PLUS = 0x2b;
export const MINUS = 0x2d;
export const TILDE = 0x7e;
export const DOT = 0x2e;
export const ASTERISK = 0x2a;

/** CTL = %x00-1F / %x7F (RFC 5234). */
export const isCTL = table((b) => b < 0x20 || b === 0x7f);
/** DIGIT = %x30-39. */
export const isDIGIT = table((b) => b >= 0x30 && b <= 0x39);
/** CHAR = %x01-7F. */
export const isCHAR = table((b) => b >= 0x01 && b <= 0x7f);
/** list-wildcards = "%" / "*". */
export const isListWildcard = table((b) => b === 0x25 || b === 0x2a);
/** quoted-specials = DQUOTE / "\". */
export const isQuotedSpecial = table((b) => b === DQUOTE || b === BACKSLASH);
/** resp-specials = "]". */
export const isRespSpecial = table((b) => b === RBRACKET);
/** atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials. */
export const isAtomSpecial = table(
  (b) =>
    b === LPAREN || b === RPAREN || b === LBRACE || b === SP || isCTL[b] === 1 ||
    isListWildcard[b] === 1 || isQuotedSpecial[b] === 1 || isRespSpecial[b] === 1,
);
/** ATOM-CHAR = <any CHAR except atom-specials>. */
export const isATOM_CHAR = table((b) => isCHAR[b] === 1 && isAtomSpecial[b] === 0);
/** ASTRING-CHAR = ATOM-CHAR / resp-specials. */
export const isASTRING_CHAR = table((b) => isATOM_CHAR[b] === 1 || isRespSpecial[b] === 1);
/** tag = 1*<any ASTRING-CHAR except "+">. */
export const isTagChar = table((b) => isASTRING_CHAR[b] === 1 && b !== PLUS);
/** list-char = ATOM-CHAR / list-wildcards / resp-specials (mailbox patterns of LIST). */
export const isLIST_CHAR = table((b) => isATOM_CHAR[b] === 1 || isListWildcard[b] === 1 || isRespSpecial[b] === 1);
/** TEXT-CHAR = <any CHAR except CR and LF>; RFC 9051 also allows UTF-8 in text. */
export const isTEXT_CHAR = table((b) => b !== CR && b !== LF && b !== 0);
/**
 * How the quoted-string scanner treats each byte: 0 plain QUOTED-CHAR (ASCII), 1 DQUOTE ends,
 * 2 "\" escapes, 3 CR/LF/NUL break the grammar, 4 8-bit (UTF-8 under RFC 9051).
 */
export const QUOTED_BYTE_CLASS = Uint8Array.from({ length: 256 }, (_, b) =>
  b === DQUOTE ? 1 : b === BACKSLASH ? 2 : b === CR || b === LF || b === 0 ? 3 : b >= 0x80 ? 4 : 0);
/** QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials (+ UTF-8, RFC 9051). */
export const isQuotedPlainChar = table((b) => isTEXT_CHAR[b] === 1 && isQuotedSpecial[b] === 0);

/**
 * The bytes our lenient tokenizer accepts inside an unquoted token outside brackets:
 * ASTRING-CHAR plus list-wildcards (LIST patterns, `\*` of flag-perm) and "\" (flag = "\" atom).
 * 8-bit bytes are accepted too: some servers (old Exchange, Courier with UTF8) send raw
 * UTF-8 mailbox names unquoted.
 */
export const isTokenChar = table(
  (b) => isASTRING_CHAR[b] === 1 || isListWildcard[b] === 1 || b === BACKSLASH || b >= 0x80,
);
/** Same, inside `[...]` (response codes, sections), where "]" ends the bracket. */
export const isBracketTokenChar = table((b) => isTokenChar[b] === 1 && b !== RBRACKET);
/** Token bytes after the first: "[" there opens a section (`BODY[`), so it stops the scan. */
export const isTokenContinue = table((b) => isTokenChar[b] === 1 && b !== LBRACKET);
export const isBracketTokenContinue = table((b) => isBracketTokenChar[b] === 1 && b !== LBRACKET);

