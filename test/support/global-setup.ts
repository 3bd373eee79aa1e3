// Global test setup: starts one Dovecot for the whole run and hands its coordinates to test
// files (`inject('dovecot')`, typed in ./provided.d.ts); stops it when the run ends.
// A Dovecot that should run but does not (missing with CI=true, or failing to start) is not
// thrown here, which would abort the run before any test and hide it from the summary line;
// it is provided as `dovecotError`, which test/dovecot/harness.test.ts turns into a failed test.
import type { TestProject } from 'vitest/node';
import { DOVECOT_MISSING, startDovecot, type DovecotServer } from './dovecot.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: DovecotServer | undefined;
  try {
    server = await startDovecot(); // undefined only when not installed and CI is not set
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[dovecot] ${message}`);
    provide(project, null, '', message);
    return async () => {};
  }
  if (!server) {
    provide(project, null, DOVECOT_MISSING, '');
    return async () => {};
  }
  const { stop, ...coordinates } = server;
  provide(project, coordinates, '', '');
  return stop;
}

function provide(project: TestProject, dovecot: Omit<DovecotServer, 'stop'> | null, skipReason: string, error: string): void {
  project.provide('dovecot', dovecot);
  project.provide('dovecotSkipReason', skipReason);
  project.provide('dovecotError', error);
}
