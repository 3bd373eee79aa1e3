// Tag allocation (RFC 3501 section 2.2.1: the client generates a unique tag per command).

export class TagAllocator {
  private counter = 0;
  constructor(private readonly prefix = 'a') {}

  next(): string {
    this.counter++;
    return `${this.prefix}${String(this.counter).padStart(3, '0')}`;
  }
}
