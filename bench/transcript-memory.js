// Peak RSS of `mailscope replay`, `serve` and `export` on a recording of one big FETCH literal.
// Not part of `npm run bench` (each size records first, and a 200 MB run takes a minute or more):
//   node bench/transcript-memory.js [MB ...]        default: 30 200
// MAILSCOPE_BIN=/other/bin/mailscope.js measures another build (the one before a change, say).
// Each command is one child process; its peak RSS and CPU time come from bench/rss-on-exit.js.
//   replay:   FILE against a loopback server that answers the same literal
//   serve:    FILE, driven by `mailscope replay FILE` of the current build, then stopped with SIGINT
//   export-md, export-html: FILE to /dev/null

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { literalServer } from './literal-server.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const BIN = process.env.MAILSCOPE_BIN ?? here('../bin/mailscope.js');
const CURRENT_BIN = here('../bin/mailscope.js');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

/** Runs `bin args`; resolves to { code, maxRssBytes, cpuMs, ms, stdout, stderr }. `onStdout` sees output as it comes. */
function runMailscope(bin, args, dir, { onStdout, measure = true } = {}) {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const node = [...(measure ? ['--import', here('./rss-on-exit.js')] : []), bin, ...args];
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, node, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_RSS_OUT: rssFile, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    if (stdout.length < 100_000) stdout += d;
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => {
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let usage = {};
      try { usage = JSON.parse(readFileSync(rssFile, 'utf8')); } catch { /* killed before exit */ }
      resolve({ code, ms, stdout, stderr, ...usage });
    });
  });
  return { child, done };
}

async function record(port, file, dir) {
  const args = [`127.0.0.1:${port}`, '--imap', '--record', file, '-c', 'select INBOX', '-c', 'fetch 1 body[]', '-c', 'logout'];
  const r = await runMailscope(CURRENT_BIN, args, dir, { measure: false }).done;
  if (r.code !== 0) throw new Error(`recording failed: ${r.stderr}`);
}

async function serveCase(file, dir) {
  let client;
  const serve = runMailscope(BIN, ['serve', file, '--port', '0'], dir, {
    onStdout: (out, child) => {
      const m = /on 127\.0\.0\.1:(\d+)/.exec(out);
      if (!m || client) return;
      client = runMailscope(CURRENT_BIN, ['replay', file, `127.0.0.1:${m[1]}`], dir, { measure: false });
      void client.done.then(() => child.kill('SIGINT'));
    },
  });
  const r = await serve.done;
  const c = client ? await client.done : undefined;
  return { ...r, note: c ? `client exit ${c.code}: ${c.stdout.trim().split('\n').pop()}` : `no client: ${r.stderr.trim()}` };
}

function show(name, mb, r) {
  const rss = r.maxRssBytes ? `${(r.maxRssBytes / 1e6).toFixed(0)} MB` : 'n/a';
  const tail = (r.note ?? (r.code === 0 ? '' : r.stderr.trim().split('\n').pop() ?? '')).slice(0, 100);
  console.log(`${String(mb).padStart(4)} MB  ${name.padEnd(12)} exit ${String(r.code).padEnd(4)} RSS ${rss.padStart(8)}  ${(r.ms / 1000).toFixed(1)} s  ${tail}`);
}

for (const mb of sizes.length > 0 ? sizes : [30, 200]) {
  const size = mb * 1024 * 1024;
  const server = await literalServer(size);
  const port = server.address().port;
  const dir = mkdtempSync(join(tmpdir(), 'mailscope-memory-'));
  try {
    const file = join(dir, 'session.txt');
    await record(port, file, dir);
    console.log(`${mb} MB literal: recording of ${(statSync(file).size / 1e6).toFixed(0)} MB (${BIN})`);
    show('replay', mb, await runMailscope(BIN, ['replay', file, `127.0.0.1:${port}`], dir).done);
    show('serve', mb, await serveCase(file, dir));
    show('export-md', mb, await runMailscope(BIN, ['export', file, '--markdown', '-o', '/dev/null'], dir).done);
    show('export-html', mb, await runMailscope(BIN, ['export', file, '--html', '-o', '/dev/null'], dir).done);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
