// The tutorial's sessions, typed as the tutorial types them, sent through mailscope's
// non-interactive mode; shared by the demo-server and the Dovecot tests.
import { readFileSync } from 'node:fs';
import { runCli } from '../support/cli-harness.js';

export const IMAP_LINES = readFileSync(new URL('../fixtures/tutorial/imap-session.txt', import.meta.url), 'utf8');
export const POP3_LINES = readFileSync(new URL('../fixtures/tutorial/pop3-session.txt', import.meta.url), 'utf8');

/** The tagged completions in order: `['.', 'OK']`, `['a', 'OK']`... */
export function completions(output: string): Array<[string, string]> {
  return [...output.matchAll(/^([.a]) (OK|NO|BAD)\b/gm)].map((m) => [m[1], m[2]]);
}

export async function runTutorial(target: string, protocol: '--imap' | '--pop3', lines: string, extra: string[] = []) {
  const run = runCli([target, protocol, ...extra], { stdin: lines });
  const code = await run.code;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
