// Audit item 3: --ca, --cert and --key naming a file that cannot be read are refused before
// connecting whatever the mode, a plain connection too (they were ignored there, exit 0).
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.on('error', () => {});
    socket.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n');
    socket.on('data', (d) => {
      const tag = d.toString().split(' ')[0];
      socket.end(`* BYE bye\r\n${tag} OK done\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a TLS file that cannot be read, on a plain connection', () => {
  it.each([
    [['--ca', '/nonexistent/ca.pem'], '--ca file /nonexistent/ca.pem'],
    [['--cert', '/nonexistent/cert.pem', '--key', '/nonexistent/key.pem'], '--cert file /nonexistent/cert.pem'],
    [['--key', '/nonexistent/key.pem'], '--key file /nonexistent/key.pem'],
  ])('%j: one line naming the flag and file, exit 2, no connection made', async (flags, named) => {
    for (const mode of [[], ['--plain']]) {
      const before = connections;
      const run = runCli([`127.0.0.1:${port}`, '--imap', ...mode, ...flags, '-c', 'logout']);
      expect(await run.code).toBe(2);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^mailscope: /);
      expect(lines[0]).toContain(named);
      expect(connections).toBe(before);
    }
  });
});
