// The whole tool on a 200 MiB literal: `mailscope` itself, a child process on a loopback socket,
// its output through a pipe to `cat > /dev/null`. What the reader bench cannot show: the socket
// layer, the display, backpressure from the pipe, the transcript writer. Peak RSS and CPU time
// are the mailscope process's own (bench/rss-on-exit.js, loaded with --import, reports them).
//   pretty: the default display (a long literal shown as its size and first lines)
//   raw:    --raw, every wire line as `S: ...` (215 MB of output)
//   json:   --json, one object per response
//   record: --record FILE (the pretty display too), the transcript on disk
//   play:   `mailscope play FILE` of that recording (made first, not timed): 2.7 million lines
// A second case, fetchFlags, answers one FETCH with 100,000 FETCH FLAGS responses (bench/data.js):
// what a user sees of a big FETCH, pretty, raw and JSON.
// Run through bench/run.js, one child process per (case, implementation).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { literalServer } from './literal-server.js';
import { fetchServer } from './fetch-server.js';
import { fetchFlags, totalBytes } from './data.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const SIZE = 200 * 1024 * 1024;
/** Two passes by default: each moves 200 MiB through two processes and a pipe. */
const PASSES = Number(process.env.BENCH_E2E_PASSES ?? 2);
const IMPLS = { pretty: [], raw: ['--raw'], json: ['--json'], record: ['--record'], play: ['--record'] };

export const cases = [
  { name: 'literal200', impls: Object.keys(IMPLS) },
  { name: 'fetchFlags', impls: ['pretty', 'raw', 'json'] },
];

export function describeCase(name) {
  return name === 'fetchFlags' ? `whole CLI: ${fetchFlags().name} to a pipe` : 'whole CLI: 200 MiB BODY[] literal to a pipe';
}

/** One run of mailscope through `| cat > /dev/null`; resolves to its { maxRssBytes, cpuMs }. */
function runOnce(port, extra, dir, play = false, fetch = 'fetch 1 body[]') {
  const rssFile = join(dir, 'rss');
  const args = extra[0] === '--record' ? ['--record', join(dir, 'session.txt')] : extra;
  const session = [`127.0.0.1:${port}`, '--imap', ...args, '-c', 'select INBOX', '-c', fetch, '-c', 'logout'];
  const command = [process.execPath, '--import', here('./rss-on-exit.js'), here('../bin/mailscope.js'), ...(play ? ['play', join(dir, 'session.txt')] : session)]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `set -o pipefail; ${command} | cat > /dev/null`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BENCH_RSS_OUT: rssFile } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`mailscope exited ${code}: ${err.trim().split('\n').pop()}`));
      resolve(JSON.parse(readFileSync(rssFile, 'utf8')));
    });
  });
}

/** Best of PASSES: wall time, and mailscope's own CPU time; peak RSS the highest. */
export async function run(caseName, impl) {
  if (!(impl in IMPLS)) throw new Error(`unknown implementation ${impl}`);
  const input = caseName === 'fetchFlags' ? fetchFlags() : undefined;
  const server = input ? await fetchServer(input) : await literalServer(SIZE);
  const fetch = input ? 'fetch 1:* (flags uid rfc822.size internaldate)' : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'mailscope-bench-'));
  let best = Infinity;
  let bestCpu = Infinity;
  let maxRssBytes = 0;
  try {
    if (impl === 'play') await runOnce(server.address().port, IMPLS.record, dir);
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = process.hrtime.bigint();
      const usage = await runOnce(server.address().port, IMPLS[impl], dir, impl === 'play', fetch);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
      bestCpu = Math.min(bestCpu, usage.cpuMs);
      maxRssBytes = Math.max(maxRssBytes, usage.maxRssBytes);
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { bytes: input ? totalBytes(input) : SIZE, ms: best, cpuMs: bestCpu, responses: input ? input.responses : 1, maxRssBytes };
}
