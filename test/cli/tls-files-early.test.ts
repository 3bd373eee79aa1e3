// A wrong --ca, --cert or --key file with --starttls is named before connecting: found only
// after the server's STARTTLS OK, the session had already sent its first commands.
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

let server: Server;
let port: number;
let connections = 0;
/** A file that is no PEM: this test's own source. */
const NOT_PEM = fileURLToPath(import.meta.url);
const escaped = NOT_PEM.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('--starttls with a TLS file that cannot be used', () => {
  it.each([
    [['--ca', '/nonexistent/ca.pem'], /^mailscope: .*--ca file \/nonexistent\/ca\.pem/],
    [['--ca', NOT_PEM], new RegExp(`^mailscope: --ca file ${escaped} holds no PEM certificate`)],
  ])('%j: one line naming the flag, exit 2, no connection made', async (flags, message) => {
    const before = connections;
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--starttls', ...flags, '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect(run.stderr().trim()).toMatch(message);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(connections).toBe(before);
  });
});
