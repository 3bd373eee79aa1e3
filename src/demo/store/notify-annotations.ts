// Annotations that tell when an entry changes, for NOTIFY's MailboxMetadataChange and
// ServerMetadataChange (RFC 5465 5.6, 5.7). The seed is no change: only `set` tells.

import { Annotations } from './metadata.js';

export class WatchedAnnotations extends Annotations {
  /** `changed` gets the entry name, lower-cased as stored (RFC 5464 3.2: case-insensitive). */
  constructor(private readonly changed: (entry: string) => void, seed: ReadonlyArray<readonly [string, string]> = []) {
    super(seed);
  }

  override set(name: string, value: Uint8Array | undefined): void {
    super.set(name, value);
    this.changed(name.toLowerCase());
  }
}
