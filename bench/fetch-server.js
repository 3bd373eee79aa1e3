// A loopback IMAP server for the whole-tool bench (end-to-end.js): it answers FETCH with the
// untagged responses of one of bench/data.js's inputs (100,000 FETCH FLAGS lines, say), LOGOUT
// with BYE, anything else with OK, and waits for the socket to drain as it writes.

import net from 'node:net';
import { chunked } from './data.js';

const DONE = 'A1 OK done\r\n';

/** Resolves to a listening net.Server on 127.0.0.1 that answers FETCH with `input`'s responses. */
export function fetchServer(input) {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.write('* OK bench server ready\r\n');
    let pending = '';
    let busy = Promise.resolve();
    s.on('data', (d) => {
      pending += d;
      let i;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const [tag, name = ''] = pending.slice(0, i).split(' ');
        pending = pending.slice(i + 2);
        busy = busy.then(() => answer(s, tag, name.toUpperCase(), input));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function answer(s, tag, name, input) {
  const write = async (b) => {
    if (!s.write(b)) await new Promise((r) => s.once('drain', r));
  };
  if (name === 'FETCH') {
    // The input ends with its own tagged line (data.js's DONE): send all but that, then ours.
    let held = Buffer.alloc(0);
    for (const c of chunked(input)) {
      if (held.length > 0) await write(held);
      held = c;
    }
    const tail = held.toString('latin1');
    await write(Buffer.from(tail.endsWith(DONE) ? tail.slice(0, -DONE.length) : tail, 'latin1'));
    await write(`${tag} OK FETCH completed\r\n`);
  } else if (name === 'LOGOUT') {
    await write(`* BYE bench server\r\n${tag} OK LOGOUT completed\r\n`);
    s.end();
  } else await write(`${tag} OK ${name} completed\r\n`);
}
