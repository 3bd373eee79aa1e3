// At the prompt nothing times out, but a server that stops answering is pointed out once per
// silence, after --timeout; IDLE's silence is normal (RFC 2177) and is not.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

/** Greets, answers IDLE with "+ idling", and never completes anything. */
let mute: net.Server;
beforeAll(async () => {
  mute = net.createServer((socket) => {
    socket.write('* OK mute server ready\r\n');
    socket.on('data', (d) => {
      if (/ idle\r\n/i.test(d.toString())) socket.write('+ idling\r\n');
    });
  });
  await new Promise<void>((r) => mute.listen(0, '127.0.0.1', () => r()));
});
afterAll(() => mute.close());

const target = () => `127.0.0.1:${(mute.address() as net.AddressInfo).port}`;
const NOTE = /no answer to a001 for 1s \(--timeout\): still waiting/g;

describe('a silent server at the prompt', () => {
  it('is pointed out once after --timeout, and the session goes on', async () => {
    const run = runCli([target(), '--imap', '--no-history', '--timeout', '1'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type('noop\r');
    await run.waitFor(NOTE, 4000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.stdout().match(NOTE)).toHaveLength(1);
    expect(run.stdout()).toMatch(/waiting a001 >/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });

  it('is not pointed out during IDLE', async () => {
    const run = runCli([target(), '--imap', '--no-history', '--timeout', '1'], { terminal: true });
    await run.waitFor('not authenticated >');
    run.type('idle\r');
    await run.waitFor('+ idling');
    await new Promise((r) => setTimeout(r, 2500));
    expect(run.stdout()).not.toMatch(/no answer to/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
  });
});
