// What test/support/global-setup.ts shares with test files through vitest's provide/inject.
import type { DovecotCoordinates } from './dovecot.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared Dovecot, or null when it is not installed (and CI is not set). */
    dovecot: DovecotCoordinates | null;
    /** Why `dovecot` is null; empty when it is running. */
    dovecotSkipReason: string;
  }
}
