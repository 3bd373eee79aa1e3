// What test/support/global-setup.ts shares with test files through vitest's provide/inject.
import type { DovecotCoordinates } from './dovecot.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared Dovecot, or null when it is not running. */
    dovecot: DovecotCoordinates | null;
    /** Why Dovecot tests are skipped (not installed, CI not set); empty otherwise. */
    dovecotSkipReason: string;
    /** Why Dovecot failed when it was required (CI=true) or installed; empty otherwise. */
    dovecotError: string;
  }
}
