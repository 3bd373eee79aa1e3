// Reader throughput: our IMAP and POP3 readers against raw passthrough and, as references,
// imapflow's ImapStream + parser and the `imap` package's Parser, on the same bytes.
// Run through bench/run.js, which starts one child process per (case, implementation).

import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { ImapResponseReader } from '../dist/protocol/imap/response-reader.js';
import { Pop3ResponseReader } from '../dist/protocol/pop3/response-reader.js';
import { bodyLiterals, chunked, envelopeBodystructure, fetchFlags, pop3Retr, totalBytes } from './data.js';

/** Passes per case; `BENCH_PASSES=1 npm run bench` for a quick look. */
export const PASSES = Number(process.env.BENCH_PASSES ?? 5);
/**
 * Untimed passes first: a reader's first passes here run at a third to a half of its steady
 * rate (the JIT and the young generation's size settle over some 500,000 responses), and a
 * session that reads a big FETCH has long settled. Every implementation gets the same.
 */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);

const IMAP_IMPLS = ['mailscope', 'passthrough', 'imapflow', 'imap'];
const INPUTS = { fetchFlags, envelopeBodystructure, bodyLiterals, pop3Retr };

export const cases = [
  { name: 'fetchFlags', impls: IMAP_IMPLS },
  { name: 'envelopeBodystructure', impls: IMAP_IMPLS },
  { name: 'bodyLiterals', impls: IMAP_IMPLS },
  { name: 'pop3Retr', impls: ['mailscope', 'passthrough'] },
];

export function describeCase(name) {
  return INPUTS[name]().name;
}

/** Runs one case with one implementation; returns { bytes, ms, responses }. */
export async function run(caseName, impl) {
  const input = INPUTS[caseName]();
  const feed = IMPLS[impl];
  if (!feed) throw new Error(`unknown implementation ${impl}`);
  // Best of PASSES passes, as wall time and as this process's CPU time (user + system): on a
  // shared machine the CPU time is the steadier measure, and the best pass the one least
  // disturbed by other processes (on a busy 2-vCPU machine passes of one process vary 2x).
  let best = Infinity;
  let bestCpu = Infinity;
  let responses = 0;
  for (let pass = 0; pass < WARMUP + PASSES; pass++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    responses = await feed(input, caseName);
    const cpu = process.cpuUsage(c0);
    if (pass < WARMUP) continue;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  if (responses !== input.responses) throw new Error(`${impl} saw ${responses} responses, expected ${input.responses}`);
  return { bytes: totalBytes(input), ms: best, cpuMs: bestCpu, responses };
}

const IMPLS = {
  passthrough(input) {
    let n = 0;
    for (const c of chunked(input)) n += c.length;
    return n > 0 ? input.responses : 0;
  },

  mailscope(input, caseName) {
    let responses = 0;
    let bytes = 0;
    if (caseName === 'pop3Retr') {
      const r = new Pop3ResponseReader();
      r.expect(true);
      for (const c of chunked(input)) {
        for (const e of r.push(c)) {
          if (e.kind === 'response') responses++;
          else if (e.kind === 'body-chunk') bytes += e.data.length;
        }
      }
      return bytes > 0 ? responses : 0;
    }
    const r = new ImapResponseReader();
    for (const c of chunked(input)) {
      for (const e of r.push(c)) if (e.kind === 'response') responses++;
        else if (e.kind === 'malformed') throw new Error(e.reason);
    }
    return responses;
  },

  async imapflow(input) {
    const { ImapStream } = await import('imapflow/lib/handler/imap-stream.js');
    const { parser } = await import('imapflow/lib/handler/imap-handler.js');
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
    const stream = new ImapStream({ logger: silent });
    let responses = 0;
    const done = new Promise((resolve, reject) => {
      let reading = false;
      const reader = async () => {
        let item;
        while ((item = stream.read()) !== null) {
          await parser(item.payload, { literals: item.literals });
          responses++;
          item.next();
          if (responses === input.responses) resolve(responses);
        }
      };
      stream.on('readable', () => {
        if (reading) return;
        reading = true;
        reader().catch(reject).finally(() => { reading = false; });
      });
      stream.on('error', reject);
    });
    for (const c of chunked(input)) {
      if (!stream.write(c)) await new Promise((r) => stream.once('drain', r));
    }
    stream.end();
    return done;
  },

  async imap(input) {
    const require = createRequire(import.meta.url);
    const { Parser } = require('imap/lib/Parser.js');
    const source = chunked(input);
    const stream = new Readable({
      highWaterMark: 64 * 1024,
      read() {
        const next = source.next();
        this.push(next.done ? null : next.value);
      },
    });
    const parser = new Parser(stream);
    let responses = 0;
    return new Promise((resolve) => {
      parser.on('body', (body) => body.resume());
      parser.on('untagged', () => responses++);
      parser.on('tagged', () => resolve(responses + 1));
    });
  },
};
