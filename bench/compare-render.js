// Before/after for the pretty printer: `node bench/compare-render.js DIST_A DIST_B [ROUNDS]`
// alternates two builds in separate processes, ROUNDS times each, and prints for both FETCH
// files the best MB/s of each build in three settings:
//   pipe:   reader + renderImapEvent (colour level 1) + batched writes to a `cat > /dev/null`
//           pipe, wall time, as bench/render.js's `pretty` measures it;
//   render: renderImapEvent alone over events read in advance (CPU time);
//   reader: the reader alone over prepared chunks (CPU time), for the moment's context.
// The folders must resolve `chalk`: put them under a folder whose node_modules links to this repo's.

import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PASSES = 5;
const CASES = ['fetchFlags', 'envelopeBodystructure'];
const MODES = ['pipe', 'render', 'reader'];
const BATCH = 64 * 1024;

function pipeSink() {
  const child = spawn('sh', ['-c', 'cat > /dev/null'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const stdin = child.stdin;
  return {
    async write(text) {
      if (!stdin.write(text)) await new Promise((r) => stdin.once('drain', r));
    },
    close: () => new Promise((r) => { child.once('exit', r); stdin.end(); }),
  };
}

async function pipePass(m, chunks, theme) {
  const sink = pipeSink();
  const t0 = process.hrtime.bigint();
  const reader = new m.ImapResponseReader();
  let parts = [];
  let size = 0;
  for (const c of chunks) {
    for (const ev of reader.push(c)) {
      const text = m.renderImapEvent(ev, theme);
      if (text) {
        parts.push(text);
        size += text.length + 1;
      }
    }
    if (size >= BATCH) {
      await sink.write(parts.join('\n') + '\n');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) await sink.write(parts.join('\n') + '\n');
  await sink.close();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function cpuPass(run) {
  const c0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(c0);
  return (cpu.user + cpu.system) / 1000;
}

/** In the child: best MB/s of PASSES passes of one build in one mode. */
async function measure(dist, caseName, mode) {
  const m = {
    ...(await import(`${resolve(dist)}/protocol/imap/response-reader.js`)),
    ...(await import(`${resolve(dist)}/terminal/render-imap.js`)),
    ...(await import(`${resolve(dist)}/terminal/theme.js`)),
  };
  const data = await import('./data.js');
  const input = data[caseName]();
  const chunks = [...data.chunked(input)];
  const theme = m.createTheme({ color: true, level: 1 });
  let events;
  if (mode === 'render') {
    const reader = new m.ImapResponseReader();
    events = chunks.flatMap((c) => [...reader.push(c)]);
  }
  let best = Infinity;
  for (let p = 0; p < PASSES; p++) {
    let ms;
    if (mode === 'pipe') ms = await pipePass(m, chunks, theme);
    else if (mode === 'render') {
      ms = cpuPass(() => {
        let n = 0;
        for (const ev of events) n += m.renderImapEvent(ev, theme).length;
        if (n === 0) throw new Error('no output');
      });
    } else {
      ms = cpuPass(() => {
        const reader = new m.ImapResponseReader();
        for (const c of chunks) for (const e of reader.push(c)) void e;
      });
    }
    best = Math.min(best, ms);
  }
  process.stdout.write(String(data.totalBytes(input) / 1e6 / (best / 1000)));
}

function main([a, b, rounds = '3']) {
  if (!a || !b) throw new Error('usage: node bench/compare-render.js DIST_A DIST_B [ROUNDS]');
  const self = fileURLToPath(import.meta.url);
  for (const caseName of CASES) {
    for (const mode of MODES) {
      const best = [0, 0];
      const dists = mode === 'reader' ? [b] : [a, b];
      for (let r = 0; r < Number(rounds); r++) {
        dists.forEach((dist) => {
          const out = execFileSync(process.execPath, [self, 'child', dist, caseName, mode], { encoding: 'utf8' });
          const i = dist === a && mode !== 'reader' ? 0 : 1;
          best[i] = Math.max(best[i], Number(out));
        });
      }
      const left = mode === 'reader' ? '' : `A ${best[0].toFixed(0).padStart(4)}   `;
      console.log(`${caseName.padEnd(22)} ${mode.padEnd(7)} ${left}B ${best[1].toFixed(0).padStart(4)} MB/s`);
    }
  }
}

if (process.argv[2] === 'child') await measure(process.argv[3], process.argv[4], process.argv[5]);
else main(process.argv.slice(2));
