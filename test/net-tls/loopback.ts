// A real node:tls server on 127.0.0.1 with one of the fixture certificates, and a client
// connection to it. Loopback only.
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
export const fixture = (name: string) => readFileSync(FIXTURES + name);
export const CA_FILE = FIXTURES + 'ca-cert.pem';

/** Listens on 127.0.0.1; close() also destroys the server side of open connections. */
async function listen(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

export type FixtureName = 'server' | 'expired' | 'wrong-name' | 'selfsigned';

export interface Handshake {
  socket?: tls.TLSSocket;
  error?: Error & { code?: string };
  close(): Promise<void>;
}

export async function handshake(
  name: FixtureName,
  client: Partial<tls.ConnectionOptions> = {},
  server: Partial<tls.TlsOptions> = {},
): Promise<Handshake> {
  const tlsServer = tls.createServer({
    key: fixture(`${name}-key.pem`), cert: fixture(`${name}-cert.pem`), ...server,
  }, (s) => s.on('error', () => {}));
  tlsServer.on('tlsClientError', () => {});
  const { port, close } = await listen(tlsServer);
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: fixture('ca-cert.pem'), ...client });
    socket.once('secureConnect', () => resolve({ socket, close: async () => { socket.destroy(); await close(); } }));
    socket.once('error', (error) => { socket.destroy(); resolve({ error, close }); });
  });
}

/** A plain TCP server that greets like IMAP; a TLS client talking to it must fail. */
export async function plaintextHandshake(): Promise<Handshake> {
  const { port, close } = await listen(createTcpServer((s) => s.write('* OK IMAP4rev1 ready\r\n')));
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: fixture('ca-cert.pem') });
    socket.once('secureConnect', () => resolve({ socket, close: async () => { socket.destroy(); await close(); } }));
    socket.once('error', (error) => { socket.destroy(); resolve({ error, close }); });
  });
}
