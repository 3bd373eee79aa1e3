// A port that is taken: one line naming the address and the reason in words (it was Node's
// "listen EADDRINUSE: address already in use 127.0.0.1:2199"), exit 2.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

const TRANSCRIPT = new URL('../../transcripts/imap-tour.txt', import.meta.url).pathname;
const holder = net.createServer();
let port = 0;

beforeAll(async () => {
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  port = (holder.address() as net.AddressInfo).port;
});
afterAll(() => holder.close());

describe('a port that is taken', () => {
  it.each([
    ['serve', () => ['serve', TRANSCRIPT, '--port', String(port)]],
    ['serve-demo', () => ['serve-demo', '--imap-port', String(port), '--pop3-port', '0']],
  ])('%s says which address and why, exit 2', async (_name, args) => {
    const run = runCli(args());
    expect(await run.code).toBe(2);
    expect(run.stderr().trim().split('\n').at(-1)).toBe(`mailscope: cannot listen on 127.0.0.1:${port}: address in use (another program listens on that port)`);
  });
});
