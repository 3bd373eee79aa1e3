// Display throughput: what the REPL does with server bytes before they reach the terminal,
// written to a real pipe (a `cat > /dev/null` child's stdin) with backpressure honoured.
//   pretty: our reader (keepTapes, as the client's), then imapEventLine with a colour theme (display.ts's pretty mode),
//           written into a ByteBatch as the REPL's print batch and a script's stdout take it;
//   raw:    LineSplitter + renderRaw('S', line) per wire line (display.ts's raw mode), gathered alike;
//   pipe:   the bytes themselves through the same pipe, for the sink's own cost.
// Run through bench/run.js, one child process per (case, implementation).

import { spawn } from 'node:child_process';
import { ImapResponseReader } from '../dist/protocol/imap/response-reader.js';
import { imapEventLine } from '../dist/terminal/render-imap.js';
import { ByteBatch } from '../dist/terminal/byte-batch.js';
import { renderRaw } from '../dist/terminal/render-raw.js';
import { createTheme } from '../dist/terminal/theme.js';
import { LineSplitter } from '../dist/protocol/line-splitter.js';
import { chunked, envelopeBodystructure, fetchFlags, totalBytes } from './data.js';
import { PASSES, WARMUP } from './readers.js';

const INPUTS = { fetchFlags, envelopeBodystructure };
const IMPLS = ['pretty', 'raw', 'pipe'];

export const cases = [
  { name: 'fetchFlags', impls: IMPLS },
  { name: 'envelopeBodystructure', impls: IMPLS },
];

export function describeCase(name) {
  return `${INPUTS[name]().name} to a pipe`;
}

/** Output is batched to about this many bytes per pipe write, as a script's stdout is (backpressure.ts). */
const BATCH = 64 * 1024;

/** A pipe to a child that discards its input; write() resolves once the pipe takes more. */
function pipeSink() {
  const child = spawn('sh', ['-c', 'cat > /dev/null'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const stdin = child.stdin;
  let written = 0;
  return {
    async write(text) {
      written += typeof text === 'string' ? Buffer.byteLength(text) : text.length;
      if (!stdin.write(text)) await new Promise((r) => stdin.once('drain', r));
    },
    async close() {
      await new Promise((r) => { child.once('exit', r); stdin.end(); });
      return written;
    },
  };
}

/** Gathers display lines and flushes them to the sink in batches, as the product does (byte-batch.ts). */
function batcher(sink) {
  const held = new ByteBatch();
  return {
    add: (text) => held.addLine(text),
    full: () => held.size >= BATCH,
    async flush() {
      if (held.size > 0) await sink.write(held.take());
    },
  };
}

const theme = createTheme({ color: true, level: 1 });

const RENDER = {
  /** Returns the number of responses (pretty) or wire lines (raw) shown. */
  async pretty(input, out) {
    // As the client reads (imap-client.ts): the scanner's entries kept for the printer.
    const reader = new ImapResponseReader({ keepTapes: true });
    let shown = 0;
    for (const c of chunked(input)) {
      for (const ev of reader.push(c)) {
        const line = imapEventLine(ev, theme);
        if (line !== undefined) {
          out.add(line);
          if (ev.kind === 'response') shown++;
        }
      }
      if (out.full()) await out.flush();
    }
    await out.flush();
    return shown;
  },
  async raw(input, out) {
    const lines = new LineSplitter();
    let shown = 0;
    for (const c of chunked(input)) {
      for (const line of lines.push(c)) {
        out.add(renderRaw('S', line, theme));
        shown++;
      }
      if (out.full()) await out.flush();
    }
    await out.flush();
    return shown;
  },
};

async function pipeOnly(input, sink) {
  for (const c of chunked(input)) await sink.write(c);
  return input.responses;
}

/** Runs one case with one implementation; best of PASSES passes; MB/s counts input bytes. */
export async function run(caseName, impl) {
  const input = INPUTS[caseName]();
  if (!IMPLS.includes(impl)) throw new Error(`unknown implementation ${impl}`);
  let best = Infinity;
  let bestCpu = Infinity;
  let shown = 0;
  let outBytes = 0;
  for (let pass = 0; pass < WARMUP + PASSES; pass++) {
    const sink = pipeSink();
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    shown = impl === 'pipe' ? await pipeOnly(input, sink) : await RENDER[impl](input, batcher(sink));
    outBytes = await sink.close();
    const cpu = process.cpuUsage(c0);
    if (pass < WARMUP) continue;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  if (shown !== input.responses) throw new Error(`${impl} showed ${shown} responses, expected ${input.responses}`);
  return { bytes: totalBytes(input), ms: best, cpuMs: bestCpu, responses: shown, outBytes };
}
