// Lines typed while --login runs wait for it: during a SASL exchange the client answers each
// `+` itself, and a typed line sent then would go out as the exchange's response (found with
// `:starttls` typed right after connecting: `BAD response is not base64`, the login failed).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

const sockets = new Set<net.Socket>();
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

/** An IMAP server offering AUTH=PLAIN without SASL-IR, slow to send its `+`; it records every line. */
async function slowSaslServer(lines: string[], arrived: () => void): Promise<number> {
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
    let pending = '';
    s.on('data', (d) => {
      pending += d.toString('latin1');
      for (let i = pending.indexOf('\r\n'); i >= 0; i = pending.indexOf('\r\n')) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        lines.push(line);
        const [tag, verb = ''] = line.split(' ');
        if (/^AUTHENTICATE$/i.test(verb)) {
          arrived();
          setTimeout(() => s.write('+ \r\n'), 400);
        } else if (lines.length === 2) s.write(`${lines[0].split(' ')[0]} OK logged in\r\n`);
        else if (/^LOGOUT$/i.test(verb)) s.end(`* BYE\r\n${tag} OK bye\r\n`);
        else s.write(`${tag} OK ${verb} done\r\n`);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

describe('--login in the REPL', () => {
  it('a line typed during the SASL exchange goes out after the login, as a command of its own', async () => {
    const lines: string[] = [];
    let authenticating!: () => void;
    const arrived = new Promise<void>((r) => (authenticating = r));
    const port = await slowSaslServer(lines, authenticating);
    const run = runCli([`127.0.0.1:${port}`, '--imap', '--no-history', '--user', 'u', '--password-env', 'PW', '--login', '--auth', 'PLAIN'],
      { terminal: true, env: { PW: 'secret-pw' } });
    await arrived;
    run.type('noop\r'); // while the server has not sent its "+" yet
    await run.waitFor(/a002 OK noop done/);
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expect(lines[0]).toMatch(/^a001 AUTHENTICATE PLAIN$/);
    expect(Buffer.from(lines[1], 'base64').toString()).toBe('\0u\0secret-pw');
    expect(lines[2]).toMatch(/^a002 noop$/);
  });
});
