// The reader on a real socket: the 200 MiB BODY[] literal read from a loopback server that
// runs in a process of its own (literal-server.js), pushed into ImapResponseReader as Node's
// socket hands it over. readers.js feeds the same kind of literal from memory, as fast as a
// loop can copy chunks; V8 then frees the dead chunks only when tens of MB of them have piled
// up, so that harness's peak RSS is mostly its own. Here the chunks come at the pace, size and
// allocation pattern the tool sees. CPU time is this process's: the reader plus the socket's
// own reads (system time), which `passthrough` measures alone.
// Run through bench/run.js, one child process per (case, implementation).

import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ImapResponseReader } from '../dist/protocol/imap/response-reader.js';
import { literalAnswerBytes } from './literal-server.js';
import { PASSES } from './readers.js';

const SIZE = 200 * 1024 * 1024;
const TAG = 'a1';

export const cases = [{ name: 'literalSocket', impls: ['mailscope', 'passthrough'] }];

export function describeCase() {
  return 'BODY[] literal 200 MiB, loopback socket';
}

/** Starts literal-server.js in a child process; resolves to { port, stop }. */
function serverProcess() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./literal-server.js', import.meta.url)), String(SIZE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ port: Number(String(d).trim()), stop: () => child.kill() }));
  });
}

/** One connection: sends FETCH, reads the whole answer; resolves to the literal bytes seen. */
function fetchOnce(port, impl) {
  const expected = literalAnswerBytes(SIZE, TAG);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${TAG} FETCH 1 BODY[]\r\n`));
    socket.once('error', reject);
    const reader = new ImapResponseReader();
    let wire = 0;
    let literal = 0;
    socket.on('data', (chunk) => {
      wire += chunk.length;
      if (impl === 'mailscope') {
        for (const e of reader.push(chunk)) {
          if (e.kind === 'literal-chunk') literal += e.data.length;
          else if (e.kind === 'malformed') reject(new Error(e.reason));
        }
      } else literal = wire === expected ? SIZE : 0;
      if (wire === expected) {
        socket.destroy();
        resolve(literal);
      }
    });
  });
}

export async function run(caseName, impl) {
  if (!cases[0].impls.includes(impl)) throw new Error(`unknown implementation ${impl}`);
  const server = await serverProcess();
  let best = Infinity;
  let bestCpu = Infinity;
  try {
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      const literal = await fetchOnce(server.port, impl);
      const cpu = process.cpuUsage(c0);
      if (literal !== SIZE) throw new Error(`${impl} saw ${literal} literal bytes, expected ${SIZE}`);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
      bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
    }
  } finally {
    server.stop();
  }
  return { bytes: SIZE, ms: best, cpuMs: bestCpu, responses: 1 };
}
