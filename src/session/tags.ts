// Tag allocation (RFC 3501 section 2.2.1: the client generates a unique tag per command).

export class TagAllocator {
  private counter = 0;
  constructor(private readonly prefix = 'a') {}

  next(): string {
    this.counter++;
    return `${this.prefix}${tagDigits(this.counter)}`;
  }

  /**
   * A tag the user typed: when it has this allocator's form (`a003`), the next tags go past
   * it, so no later command is sent under a tag already used (an answer to the one would be
   * taken for the other).
   */
  used(tag: string): void {
    if (!tag.startsWith(this.prefix)) return;
    const digits = tag.slice(this.prefix.length);
    if (!/^\d{1,9}$/.test(digits)) return;
    // Only a tag next() could give collides: `a9` is not `a009`, and leaves the count alone.
    const n = Number(digits);
    if (tagDigits(n) === digits) this.counter = Math.max(this.counter, n);
  }
}

function tagDigits(n: number): string {
  return String(n).padStart(3, '0');
}
