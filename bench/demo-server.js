// Benchmark of the embedded demo server (build first: `npx tsc -p .`; run: `node bench/demo-server.js`).
// The server runs in a child process with 10,000 extra messages in INBOX; this process runs
// loopback clients that each send one FETCH, wait for its tagged OK, and send the next.
// Prints commands/second for 1 and 20 concurrent clients, and the server's peak RSS.
// Bounded: each loop runs SECONDS seconds; everything talks to 127.0.0.1 only.

import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const MESSAGES = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';

function syntheticMessage(i) {
  const body = `Message number ${i}.\r\n`.repeat(20);
  return Buffer.from(
    `From: Sender ${i} <sender${i}@example.com>\r\nTo: test77@example.com\r\nSubject: bench message ${i}\r\n` +
      `Date: Sat, 15 Jan 2011 10:50:12 +0530\r\nMessage-ID: <bench${i}@example.com>\r\n\r\n${body}`,
    'latin1',
  );
}

async function serverProcess() {
  const { startDemoServer } = await import('../dist/demo/server.js');
  const { formatDateTime } = await import('../dist/demo/store/date-time.js');
  const rssBefore = process.memoryUsage().rss;
  const server = await startDemoServer({ now: () => new Date('2026-11-26T10:00:00Z') });
  const inbox = server.store.account(USER).find('INBOX');
  const date = formatDateTime(new Date('2026-11-26T10:00:00Z'));
  inbox.add(Array.from({ length: MESSAGES }, (_, i) => ({ raw: syntheticMessage(i), flags: [], internalDate: date })));
  inbox.unclaimedRecent.clear();
  process.send({ port: server.imapPort, count: inbox.messages.length, rssBefore, rssSeeded: process.memoryUsage().rss });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await server.close();
    process.send({ maxRssKb: process.resourceUsage().maxRSS, rssEnd: process.memoryUsage().rss });
    process.exit(0);
  });
}

/** A minimal client: counts tagged completions; one command in flight at a time. */
function client(port) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    let waiting;
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (d) => {
      // Only the new bytes (and a needle's length before them) can complete the match.
      buffer = buffer.slice(-64) + d;
      if (waiting && buffer.includes(waiting.needle)) {
        const w = waiting;
        waiting = undefined;
        buffer = '';
        w.resolve();
      }
    });
    const send = (line, needle) => new Promise((res) => {
      waiting = { needle, resolve: res };
      socket.write(`${line}\r\n`);
    });
    socket.once('data', () => resolve({ socket, send }));
  });
}

async function loop(port, clients, count) {
  const conns = await Promise.all(Array.from({ length: clients }, () => client(port)));
  for (const c of conns) {
    await c.send(`l LOGIN ${USER} ${PASSWORD}`, 'l OK');
    await c.send('s SELECT INBOX', 's OK');
  }
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(conns.map(async (c, k) => {
    for (let i = 0; Date.now() < end; i++) {
      const n = 1 + ((i * 7919 + k * 104729) % count);
      await c.send(`f${i} FETCH ${n} (FLAGS UID RFC822.SIZE)`, `f${i} OK`);
      done++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const c of conns) c.socket.destroy();
  return { commands: done, perSecond: Math.round(done / seconds) };
}

/** One FETCH over the whole mailbox: parses (and caches) every message's MIME tree. */
async function fetchAll(port) {
  const c = await client(port);
  await c.send(`l LOGIN ${USER} ${PASSWORD}`, 'l OK');
  await c.send('s SELECT INBOX', 's OK');
  const started = process.hrtime.bigint();
  await c.send('a FETCH 1:* (UID ENVELOPE BODYSTRUCTURE)', 'a OK');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  c.socket.destroy();
  return seconds;
}

async function main() {
  const child = fork(fileURLToPath(import.meta.url), ['server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve) => child.once('message', resolve));
  const one = await loop(ready.port, 1, ready.count);
  const twenty = await loop(ready.port, 20, ready.count);
  const whole = await fetchAll(ready.port);
  child.send('stop');
  const final = await new Promise((resolve) => child.once('message', resolve));
  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`demo server, INBOX with ${ready.count} messages, FETCH n (FLAGS UID RFC822.SIZE), ${SECONDS} s per loop`);
  console.log(`  1 client:   ${one.perSecond} commands/s (${one.commands} commands)`);
  console.log(`  20 clients: ${twenty.perSecond} commands/s (${twenty.commands} commands)`);
  console.log(`  FETCH 1:* (UID ENVELOPE BODYSTRUCTURE), 1 client: ${whole.toFixed(2)} s (parses every message once)`);
  console.log(`  server RSS: ${mb(ready.rssBefore)} MB at start, ${mb(ready.rssSeeded)} MB seeded, peak ${mb(final.maxRssKb * 1024)} MB`);
}

if (process.argv[2] === 'server') await serverProcess();
else await main();
