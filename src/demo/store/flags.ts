// Message flags (RFC 3501 section 2.3.2). System flags are spelled the RFC's way whatever case
// the client used; keywords keep the spelling they were first stored with in a mailbox, and
// all comparisons ignore case (RFC 9051 section 2.3.2 makes that explicit).

/** The system flags a client may set. \Recent is session-only and never stored (section 2.3.2). */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
export const RECENT = '\\Recent';

const SYSTEM_BY_LOWER = new Map(SYSTEM_FLAGS.map((f) => [f.toLowerCase(), f]));

/** RFC 3501 atom-specials plus `]` may not appear in a keyword (flag-keyword = atom). */
const KEYWORD = /^[^(){ %*"\\\]\x00-\x20\x7f]+$/;

export type FlagCheck = { ok: true; flag: string } | { ok: false; reason: string };

/** Validates and canonicalises one flag the client sent in STORE or APPEND. */
export function checkFlag(flag: string): FlagCheck {
  if (flag.startsWith('\\')) {
    const system = SYSTEM_BY_LOWER.get(flag.toLowerCase());
    if (system) return { ok: true, flag: system };
    if (flag.toLowerCase() === '\\recent') return { ok: false, reason: '\\Recent cannot be stored (RFC 3501 2.3.2)' };
    return { ok: false, reason: `${flag} is not a system flag` };
  }
  if (!KEYWORD.test(flag)) return { ok: false, reason: `${JSON.stringify(flag)} is not a valid keyword` };
  return { ok: true, flag };
}

export function isSystemFlag(flag: string): boolean {
  return SYSTEM_BY_LOWER.has(flag.toLowerCase());
}
