// SASLprep (RFC 4013) mapping step, applied to SCRAM passwords (RFC 5802 §2.2 "Normalize").
// Only the mapping and NFKC normalisation are done; the prohibited-output and bidi checks are
// left to the server, which rejects such a password anyway. ASCII passwords are unchanged.

// RFC 3454 C.1.2 non-ASCII space characters, mapped to SPACE (RFC 4013 §2.1).
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
// RFC 3454 B.1 "commonly mapped to nothing" (RFC 4013 §2.1).
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;

export function saslPrep(value: string): string {
  return value.replace(MAPPED_TO_NOTHING, '').replace(NON_ASCII_SPACE, ' ').normalize('NFKC');
}
