// Temporary folders for a test file, removed when the file ends: each full run used to leave
// hundreds of mailscope-* folders in /tmp. Call tempDirs() at the file's top level so its
// afterAll is registered at collection time; call the function it returns anywhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Returns a function that makes a fresh folder `<tmpdir>/<prefix>XXXXXX`; all go after the file's tests. */
export function tempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
