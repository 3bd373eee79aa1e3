// Servers of ours (serve, serve-demo, the demo behind `mailscope demo`) start listening here,
// so a port that is taken says so in words: "listen EADDRINUSE: address already in use" was
// Node's own message.
import type { Server } from 'node:net';
import { errnoText, MailscopeError } from '../errors.js';

/** Listens on `host:port` (0: a free port); resolves to the port. Throws LISTEN_FAILED. */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      reject(new MailscopeError('LISTEN_FAILED', `cannot listen on ${where}: ${errnoText(err)}`, { cause: err }));
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
