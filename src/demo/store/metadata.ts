// Annotations (RFC 5464 3): entries with hierarchical, slash-separated names and octet values.
// The demo keeps one set per mailbox (its shared and private entries: a mailbox belongs to
// one account, so its private entries are that user's), one set of shared server entries for
// every user, and one set of private server entries per user (RFC 5464 3.2, 3.3).
// Entry names are case-insensitive (3.2), so they are kept lower-cased, as Dovecot does.

/** Largest value the server accepts, in octets; RFC 5464 4.1 asks for at least 1024. */
export const METADATA_MAX_VALUE_SIZE = 4096;
/** Most entries one set (a mailbox, the server's shared or one user's private ones) may hold; RFC 5464 4.1 asks for at least 10. */
export const METADATA_MAX_ENTRIES = 32;

/** The hierarchy separator of entry names (RFC 5464 3.2). */
export const ENTRY_SEPARATOR = '/';

/** The server's shared entries a fresh store starts with (RFC 5464 3.2.1.1). */
export const SEEDED_SERVER_ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ['/shared/admin', 'mailto:postmaster@example.com'],
  ['/shared/comment', 'mailscope demo server: everything lives in memory and is gone when the demo stops.'],
];

/** One set of entries: lower-cased name -> value octets. */
export class Annotations {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(seed: ReadonlyArray<readonly [string, string]> = []) {
    for (const [name, value] of seed) this.entries.set(name.toLowerCase(), Buffer.from(value, 'utf8'));
  }

  get size(): number {
    return this.entries.size;
  }

  get(name: string): Uint8Array | undefined {
    return this.entries.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** Stores a value, or removes the entry for undefined (NIL, RFC 5464 4.3). */
  set(name: string, value: Uint8Array | undefined): void {
    if (value === undefined) this.entries.delete(name.toLowerCase());
    else this.entries.set(name.toLowerCase(), value);
  }

  /**
   * Entries strictly below `name`, at most `depth` levels down, in name order (RFC 5464 4.2.2:
   * depth 1 for "/a" finds "/a/b" but not "/a/b/c"; Infinity finds all).
   */
  below(name: string, depth: number): Array<[string, Uint8Array]> {
    return entriesBelow(this.entries, name, depth);
  }
}

/** Of `entries` (lower-cased names), those strictly below `name`, at most `depth` levels down, in name order. */
export function entriesBelow(entries: Iterable<readonly [string, Uint8Array]>, name: string, depth: number): Array<[string, Uint8Array]> {
  const prefix = name.toLowerCase() + ENTRY_SEPARATOR;
  const found: Array<[string, Uint8Array]> = [];
  for (const [key, value] of entries) {
    if (!key.startsWith(prefix)) continue;
    const levels = key.slice(prefix.length).split(ENTRY_SEPARATOR).length;
    if (levels <= depth) found.push([key, value]);
  }
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
