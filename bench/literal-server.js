// A loopback IMAP server for the whole-tool benches (end-to-end.js, transcript-memory.js): it
// answers FETCH with one `size`-byte literal of mail-like lines, LOGOUT with BYE, anything else
// with OK, and waits for the socket to drain as it writes, so a slow reader holds it back.

import net from 'node:net';
import { pathToFileURL } from 'node:url';

/** Resolves to a listening net.Server on 127.0.0.1 and a free port. */
export function literalServer(size) {
  const line = Buffer.from('Received: by 10.231.14.1 with HTTP; Sat, 15 Jan 2011 03:18:56 -0800 (PST) lorem ipsum\r\n');
  const block = Buffer.alloc(64 * 1024 - ((64 * 1024) % line.length), line);
  return commandServer(async (write, tag) => {
    await write(`* 1 FETCH (UID 1 BODY[] {${size}}\r\n`);
    for (let left = size; left > 0; left -= block.length) await write(left >= block.length ? block : block.subarray(0, left));
    await write(`)\r\n${tag} OK FETCH completed\r\n`);
  });
}

/**
 * A loopback server for the benches: greets, answers FETCH with `fetch(write, tag)`, LOGOUT with
 * BYE, anything else with OK, one command at a time; `write` waits for the socket to drain.
 */
export function commandServer(fetch) {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.write('* OK bench server ready\r\n');
    const write = async (b) => {
      if (!s.write(b)) await new Promise((r) => s.once('drain', r));
    };
    let pending = '';
    let busy = Promise.resolve();
    s.on('data', (d) => {
      pending += d;
      let i;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const [tag, name = ''] = pending.slice(0, i).split(' ');
        pending = pending.slice(i + 2);
        busy = busy.then(() => answer(s, write, tag, name.toUpperCase(), fetch));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function answer(s, write, tag, name, fetch) {
  if (name === 'FETCH') await fetch(write, tag);
  else if (name === 'LOGOUT') {
    await write(`* BYE bench server\r\n${tag} OK LOGOUT completed\r\n`);
    s.end();
  } else await write(`${tag} OK ${name} completed\r\n`);
}

/** The bytes the server sends on a connection for `tag FETCH`, greeting included. */
export function literalAnswerBytes(size, tag) {
  return Buffer.byteLength(`* OK bench server ready\r\n* 1 FETCH (UID 1 BODY[] {${size}}\r\n)\r\n${tag} OK FETCH completed\r\n`) + size;
}

// `node bench/literal-server.js SIZE`: serves in a process of its own and prints its port, so
// a bench that reads from it measures its own process only (reader-socket.js).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await literalServer(Number(process.argv[2]));
  process.stdout.write(`${server.address().port}\n`);
}
