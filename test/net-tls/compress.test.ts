// COMPRESS=DEFLATE over a real loopback socket pair (127.0.0.1).
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { deflateDuplex } from '../../src/net/compress.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  const [accepted] = (await once(server, 'connection')) as [Socket];
  await once(client, 'connect');
  cleanup = async () => {
    client.destroy();
    accepted.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return [client, accepted];
}

/** Reads from `readable` until `expected` bytes have arrived (no further writes needed). */
function readBytes(readable: Readable, expected: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).length < expected) return;
      readable.off('data', onData);
      readable.pause();
      resolve(Buffer.concat(chunks).toString());
    };
    readable.on('data', onData);
    readable.once('error', reject);
  });
}

const COMMAND = 'a1 FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)\r\n';
const RESPONSE = Array.from({ length: 40 }, (_, i) => `* ${i + 1} FETCH (FLAGS (\\Seen) RFC822.SIZE 1234)\r\n`).join('') + 'a1 OK FETCH done\r\n';

describe('deflateDuplex', () => {
  it('round-trips a command and a response, each flushed on its own', async () => {
    const [clientSocket, serverSocket] = await socketPair();
    const client = deflateDuplex(clientSocket);
    const server = deflateDuplex(serverSocket);
    client.write(Buffer.from(COMMAND));
    expect(await readBytes(server.readable, COMMAND.length)).toBe(COMMAND);
    server.write(Buffer.from(RESPONSE));
    expect(await readBytes(client.readable, RESPONSE.length)).toBe(RESPONSE);
    const stats = client.stats();
    expect(stats.plainOut).toBe(COMMAND.length);
    expect(stats.plainIn).toBe(RESPONSE.length);
    expect(stats.wireIn).toBe(server.stats().wireOut);
    expect(stats.wireIn).toBeLessThan(RESPONSE.length / 4);
  });

  it('sends raw DEFLATE (no zlib header) that a plain inflater reads', async () => {
    const [clientSocket, serverSocket] = await socketPair();
    const client = deflateDuplex(clientSocket);
    const wire: Buffer[] = [];
    serverSocket.on('data', (chunk: Buffer) => wire.push(chunk));
    client.write(Buffer.from(COMMAND));
    while (Buffer.concat(wire).length < client.stats().wireOut || client.stats().wireOut === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const bytes = Buffer.concat(wire);
    // A zlib header would start 0x78; Z_SYNC_FLUSH ends with the empty stored block 00 00 FF FF.
    expect(bytes[0]).not.toBe(0x78);
    expect([...bytes.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
    expect(inflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString()).toBe(COMMAND);
  });

  it('inflates bytes read before the switch (leftover) ahead of the socket', async () => {
    const [clientSocket, serverSocket] = await socketPair();
    const compressed = deflateRawSync(Buffer.from(RESPONSE), { finishFlush: constants.Z_SYNC_FLUSH });
    const client = deflateDuplex(clientSocket, { leftover: compressed.subarray(0, 10) });
    serverSocket.write(compressed.subarray(10));
    expect(await readBytes(client.readable, RESPONSE.length)).toBe(RESPONSE);
  });

  it('end() flushes the last block and ends the peer readable', async () => {
    const [clientSocket, serverSocket] = await socketPair();
    const client = deflateDuplex(clientSocket);
    const server = deflateDuplex(serverSocket);
    const received: Buffer[] = [];
    server.readable.on('data', (chunk: Buffer) => received.push(chunk));
    client.write(Buffer.from('a2 LOGOUT\r\n'));
    client.end();
    await once(server.readable, 'end');
    expect(Buffer.concat(received).toString()).toBe('a2 LOGOUT\r\n');
  });

  it('reports corrupt input as an error on the readable', async () => {
    const [clientSocket, serverSocket] = await socketPair();
    const client = deflateDuplex(clientSocket);
    serverSocket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    const [error] = (await once(client.readable, 'error')) as [Error & { code?: string }];
    expect(error.code).toBe('Z_DATA_ERROR');
  });
});
