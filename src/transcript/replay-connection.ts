// The connection replay drives (transcript/replay.ts), over the client's Transport: the one
// byte stream that already knows how to swap in TLS after STARTTLS and DEFLATE after
// COMPRESS, so a recorded `= starttls` or `= compress` is replayed the way the REPL does it.

import type net from 'node:net';
import type tls from 'node:tls';
import type { ReplayConnection } from './replay.js';
import { Transport } from '../client/transport.js';

/** The TLS handshake for a recorded `= starttls` (net/connect.ts upgradeToTls, with the run's settings). */
export type TlsUpgrade = (socket: net.Socket) => Promise<tls.TLSSocket>;

export function replayConnection(socket: net.Socket | tls.TLSSocket, upgrade?: TlsUpgrade): ReplayConnection {
  const transport = new Transport(socket);
  const conn: ReplayConnection = {
    write: (bytes) => transport.write(bytes),
    receive: (onBytes, onEnd) => transport.receive(onBytes, () => onEnd()),
    close: () => transport.socket.destroy(),
    startCompression: (leftover) => transport.compress(leftover.length > 0 ? leftover : undefined),
    pauseReading: () => transport.pauseReading(),
  };
  if (upgrade) {
    conn.startTls = async () => {
      transport.detach();
      transport.replaceSocket(await upgrade(transport.socket as net.Socket));
    };
  }
  return conn;
}
