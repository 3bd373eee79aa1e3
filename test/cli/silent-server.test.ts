// A server that greets and then stops answering: what mailscope sends on its own (the login's
// CAPABILITY and AUTHENTICATE/LOGIN, STARTTLS/STLS and the capabilities around them, the LOGOUT
// at the end) gets --timeout too, or a bounded wait, and the run ends with one line that names
// what got no answer. A signal ends it too, whatever is pending. Each case is bounded by the
// test's own timeout: a hang fails the test rather than the suite.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';

/** Greets, then answers the lines `answer` knows (undefined: silence), and records what it got. */
interface Silent {
  port: number;
  received: string[];
  close(): void;
}

const servers: Silent[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function silentServer(greeting: string, answer: (line: string) => string | undefined = () => undefined): Promise<Silent> {
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    let buffered = '';
    s.on('data', (d: Buffer) => {
      buffered += d.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        received.push(line);
        const reply = answer(line);
        if (reply !== undefined) s.write(reply);
      }
    });
    s.write(`${greeting}\r\n`);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const silent: Silent = {
    port: (srv.address() as net.AddressInfo).port,
    received,
    close() {
      for (const s of sockets) s.destroy();
      srv.close();
    },
  };
  servers.push(silent);
  return silent;
}

const env = { NO_COLOR: '1', P: 'sekrit-password' };
const target = (s: Silent) => `127.0.0.1:${s.port}`;

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 10));
}

describe('--login against a server that goes silent', () => {
  it('CAPABILITY unanswered: one line, exit 2', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi');
    const run = runCli([target(s), '--imap', '--timeout', '1', '--user', 'u', '--password-env', 'P', '--login', '-c', 'noop'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to CAPABILITY after 1s (--timeout)\n');
    expect(s.received.some((l) => /NOOP/i.test(l))).toBe(false);
  });

  it('LOGIN unanswered: named without its password, exit 2', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK [CAPABILITY IMAP4rev1] hi');
    const run = runCli([target(s), '--imap', '--timeout', '1', '--user', 'u', '--password-env', 'P', '--login', '-c', 'noop'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to LOGIN after 1s (--timeout)\n');
    expect(run.stdout() + run.stderr()).not.toContain('sekrit');
  });

  it('AUTHENTICATE unanswered, POP3 AUTH likewise', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi');
    const run = runCli([target(s), '--imap', '--timeout', '1', '--user', 'u', '--password-env', 'P', '--login', '-c', 'noop'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to AUTHENTICATE after 1s (--timeout)\n');
    const p = await silentServer('+OK hi', (line) => (/^CAPA$/i.test(line) ? '+OK\r\nUSER\r\n.\r\n' : undefined));
    const pop = runCli([target(p), '--pop3', '--timeout', '1', '--user', 'u', '--password-env', 'P', '--login', '-c', 'stat'], { env });
    expect(await pop.code).toBe(2);
    expect(pop.stderr()).toBe('mailscope: no answer to USER after 1s (--timeout)\n');
  });

  it('SIGTERM while the login waits: no NOOP, a LOGOUT given 3s, exit 143', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi');
    const stop = new AbortController();
    const run = runCli([target(s), '--imap', '--timeout', '60', '--user', 'u', '--password-env', 'P', '--login', '-c', 'noop'], { env, signal: stop.signal });
    await until(() => s.received.some((l) => /CAPABILITY/.test(l)));
    stop.abort();
    expect(await run.code).toBe(143);
    expect(run.stderr()).toBe('mailscope: SIGTERM: logging out\nno answer to LOGOUT after 3s: closing the connection\n');
    expect(s.received.some((l) => /NOOP/i.test(l))).toBe(false);
  });
});

describe('--starttls against a server that goes silent', () => {
  it('IMAP: CAPABILITY unanswered (the greeting had none)', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi');
    const run = runCli([target(s), '--imap', '--starttls', '--timeout', '1', '--raw', '-c', 'capability'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to CAPABILITY after 1s (--timeout)\n');
  });

  it('IMAP: STARTTLS unanswered', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi');
    const run = runCli([target(s), '--imap', '--starttls', '--timeout', '1', '--raw', '-c', 'capability'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to STARTTLS after 1s (--timeout)\n');
  });

  it('POP3: CAPA unanswered, then STLS unanswered', { timeout: 10_000 }, async () => {
    const s = await silentServer('+OK hi');
    const run = runCli([target(s), '--pop3', '--starttls', '--timeout', '1', '-c', 'stat'], { env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to CAPA after 1s (--timeout)\n');
    const t = await silentServer('+OK hi', (line) => (/^CAPA$/i.test(line) ? '+OK\r\nSTLS\r\n.\r\n' : undefined));
    const stls = runCli([target(t), '--pop3', '--starttls', '--timeout', '1', '-c', 'stat'], { env });
    expect(await stls.code).toBe(2);
    expect(stls.stderr()).toBe('mailscope: no answer to STLS after 1s (--timeout)\n');
  });

  it('the REPL: no prompt, one line, exit 2', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi');
    const run = runCli([target(s), '--imap', '--starttls', '--timeout', '1'], { terminal: true, env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to STARTTLS after 1s (--timeout)\n');
  });
});

describe('--login in the REPL against a server that goes silent', () => {
  it('one line, exit 2, as a script', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi');
    const run = runCli([target(s), '--imap', '--timeout', '1', '--user', 'u', '--password-env', 'P', '--login'], { terminal: true, env });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe('mailscope: no answer to CAPABILITY after 1s (--timeout)\n');
  });
});

describe('the LOGOUT at the end, unanswered', () => {
  it('Ctrl-D in the REPL: says mailscope gave up, not that the server closed', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi');
    const run = runCli([target(s), '--imap', '--timeout', '1'], { terminal: true, env });
    await run.waitFor('* OK hi');
    run.type('noop\r');
    await until(() => s.received.some((l) => /noop/i.test(l)));
    run.type('\x04');
    expect(await run.code).toBe(0);
    // The close comes after the code (the socket is destroyed within 500 ms): what it says too.
    await new Promise((r) => setTimeout(r, 800));
    expect(run.stdout()).toContain('no answer to LOGOUT after 3s: closing the connection');
    expect(run.stdout()).not.toContain('the server closed the connection');
  });

  it('the end of a script: bounded, said on stderr, the exit its commands earned', { timeout: 10_000 }, async () => {
    const s = await silentServer('* OK hi', (line) => (/ noop$/i.test(line) ? `${line.split(' ')[0]} OK done\r\n` : undefined));
    const run = runCli([target(s), '--imap', '--timeout', '1', '-c', 'noop'], { env });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/a001 OK done/);
    expect(run.stderr()).toBe('no answer to LOGOUT after 3s: closing the connection\n');
  });
});
