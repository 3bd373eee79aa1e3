// Before/after for the IMAP reader: `node bench/compare.js DIST_A DIST_B` alternates two builds
// (two `dist` folders, e.g. one built from an older commit with `tsc --outDir`) in separate
// processes, ROUNDS times each, and prints the best CPU MB/s of each on both FETCH files.
// Alternating makes both sides see the same load, which on a shared machine moves single
// runs by 2x. The folders must resolve `chalk` etc.: put them under a folder whose
// node_modules links to this repo's.

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = 4;
const PASSES = 7;
const CASES = ['fetchFlags', 'envelopeBodystructure'];

/** In the child: best CPU MB/s of PASSES passes of one build's reader over prepared chunks. */
async function measure(dist, caseName) {
  const { ImapResponseReader } = await import(`${resolve(dist)}/protocol/imap/response-reader.js`);
  const data = await import('./data.js');
  const input = data[caseName]();
  const chunks = [...data.chunked(input)];
  let best = Infinity;
  for (let p = 0; p < PASSES; p++) {
    const c0 = process.cpuUsage();
    const reader = new ImapResponseReader();
    let n = 0;
    for (const c of chunks) for (const e of reader.push(c)) if (e.kind === 'response') n++;
    const cpu = process.cpuUsage(c0);
    if (n !== input.responses) throw new Error(`saw ${n} responses, expected ${input.responses}`);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
  }
  process.stdout.write(String(data.totalBytes(input) / 1e6 / (best / 1000)));
}

function main([a, b]) {
  if (!a || !b) throw new Error('usage: node bench/compare.js DIST_A DIST_B');
  const self = fileURLToPath(import.meta.url);
  for (const caseName of CASES) {
    const best = { [a]: 0, [b]: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      for (const dist of [a, b]) {
        const out = execFileSync(process.execPath, [self, 'child', dist, caseName], { encoding: 'utf8' });
        best[dist] = Math.max(best[dist], Number(out));
      }
    }
    console.log(`${caseName.padEnd(22)} A ${best[a].toFixed(0).padStart(4)} MB/s   B ${best[b].toFixed(0).padStart(4)} MB/s (best CPU)`);
  }
}

if (process.argv[2] === 'child') await measure(process.argv[3], process.argv[4]);
else main(process.argv.slice(2));
