// Global test setup: starts one Dovecot for the whole run and hands its coordinates to test
// files (`inject('dovecot')`, typed in ./provided.d.ts); stops it when the run ends.
import type { TestProject } from 'vitest/node';
import { DOVECOT_MISSING, startDovecot } from './dovecot.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDovecot(); // undefined only when not installed and CI is not set
  if (!server) {
    project.provide('dovecot', null);
    project.provide('dovecotSkipReason', DOVECOT_MISSING);
    return async () => {};
  }
  const { stop, ...coordinates } = server;
  project.provide('dovecot', coordinates);
  project.provide('dovecotSkipReason', '');
  return stop;
}
