// A loopback IMAP server for the whole-tool bench (end-to-end.js): it answers FETCH with the
// untagged responses of one of bench/data.js's inputs (100,000 FETCH FLAGS lines, say), the
// rest as literal-server.js's commandServer does.

import { chunked } from './data.js';
import { commandServer } from './literal-server.js';

const DONE = 'A1 OK done\r\n';

/** Resolves to a listening net.Server on 127.0.0.1 that answers FETCH with `input`'s responses. */
export function fetchServer(input) {
  return commandServer(async (write, tag) => {
    // The input ends with its own tagged line (data.js's DONE): send all but that, then ours.
    let held = Buffer.alloc(0);
    for (const c of chunked(input)) {
      if (held.length > 0) await write(held);
      held = c;
    }
    const tail = held.toString('latin1');
    await write(Buffer.from(tail.endsWith(DONE) ? tail.slice(0, -DONE.length) : tail, 'latin1'));
    await write(`${tag} OK FETCH completed\r\n`);
  });
}
