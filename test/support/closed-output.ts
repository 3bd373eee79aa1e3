// The built command run as `mailscope ... | head` would run it: a script on stdin, its stdout
// closed by the reader mid-session. Shared by the demo and the Dovecot tests of SIGPIPE.
import { spawn } from 'node:child_process';

const BIN = new URL('../../bin/mailscope.js', import.meta.url).pathname;

export interface ClosedOutputRun {
  /** The first script line; the stdout is closed once the output matches `readyWhen`. */
  first: string;
  readyWhen: RegExp;
  /** The line sent after the close: its echo meets the closed pipe. */
  then: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `args`, closes its stdout as `run` says; resolves to the exit code and stderr. */
export async function runWithOutputClosed(args: string[], run: ClosedOutputRun): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...run.env } });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  child.stdin.write(`${run.first}\n`);
  let out = '';
  await new Promise<void>((resolve) => child.stdout.on('data', (b) => {
    out += b;
    if (run.readyWhen.test(out)) resolve();
  }));
  child.stdout.destroy();
  child.stdin.write(`${run.then}\n`);
  const code = await exited;
  child.stdin.end();
  return { code, stderr };
}
