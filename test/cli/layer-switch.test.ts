// Bytes a server sends in the same read as its STARTTLS, STLS or COMPRESS OK. After STARTTLS
// they are clear text a man in the middle could inject, to be read as if TLS had protected
// them: mailscope drops them, says so, and neither shows nor records them. After COMPRESS
// they are the first compressed bytes: mailscope inflates them like the rest.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { constants, deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { deflateDuplex } from '../../src/net/compress.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const TLS_DIR = new URL('../fixtures/tls/', import.meta.url).pathname;
const serverTls = { key: readFileSync(`${TLS_DIR}server-key.pem`), cert: readFileSync(`${TLS_DIR}server-cert.pem`) };
const CA = `${TLS_DIR}ca-cert.pem`;

interface Line {
  /** Writes a response in the current layer. */
  say(text: string): void;
  /** Writes bytes on the socket as they are (one write, so one read on loopback). */
  raw(bytes: Buffer): void;
  /** From now on, talk TLS on this connection. */
  startTls(): void;
  /** From now on, talk DEFLATE on this connection. */
  compress(): void;
  end(): void;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A loopback server that answers each command line with `answer`. */
async function lineServer(greeting: string, answer: (line: string, io: Line) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let write = (bytes: Buffer | string): void => void socket.write(bytes);
    let endOutput = (): void => void socket.end();
    let pending = '';
    const onText = (text: string) => {
      pending += text;
      for (let i = pending.indexOf('\r\n'); i >= 0; i = pending.indexOf('\r\n')) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        answer(line, io);
      }
    };
    const io: Line = {
      say: (text) => write(`${text}\r\n`),
      raw: (bytes) => void socket.write(bytes),
      startTls() {
        socket.removeAllListeners('data');
        const secure = new tls.TLSSocket(socket, { isServer: true, ...serverTls });
        secure.on('error', () => {});
        secure.on('data', (d: Buffer) => onText(d.toString('latin1')));
        write = (bytes) => void secure.write(bytes);
        endOutput = () => void secure.end();
      },
      compress() {
        socket.removeAllListeners('data');
        const deflated = deflateDuplex(socket);
        deflated.readable.on('data', (d: Buffer) => onText(d.toString('latin1')));
        write = (bytes) => deflated.write(Buffer.from(bytes));
        endOutput = () => deflated.end();
      },
      end: () => endOutput(),
    };
    socket.on('data', (d: Buffer) => onText(d.toString('latin1')));
    socket.write(`${greeting}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return (server.address() as net.AddressInfo).port;
}

const INJECTED = '* OK [ALERT] injected in clear text\r\n';

/** IMAP: STARTTLS's OK and an injected line in one write; CAPABILITY says whether TLS is on. */
function imapWithInjection(line: string, io: Line, state: { tls: boolean }): void {
  const [tag, verb] = line.split(' ');
  const name = verb.toUpperCase();
  if (name === 'CAPABILITY') {
    io.say(`* CAPABILITY IMAP4rev1 ${state.tls ? 'AUTH=PLAIN' : 'STARTTLS LOGINDISABLED'}`);
    io.say(`${tag} OK CAPABILITY done`);
  } else if (name === 'STARTTLS') {
    io.raw(Buffer.from(`${tag} OK Begin TLS now\r\n${INJECTED}`));
    io.startTls();
    state.tls = true;
  } else if (name === 'LOGOUT') {
    io.say('* BYE bye');
    io.say(`${tag} OK LOGOUT done`);
    io.end();
  } else {
    io.say(`${tag} OK ${name} done`);
  }
}

describe('bytes after the STARTTLS OK, in clear', () => {
  it('are dropped, named in one warning, and neither shown nor recorded', async () => {
    const state = { tls: false };
    const port = await lineServer('* OK fake IMAP ready', (line, io) => imapWithInjection(line, io, state));
    const recording = join(tempDir('mailscope-inject-'), 'session.txt');
    const run = runCli([`localhost:${port}`, '--imap', '--starttls', '--ca', CA, '--record', recording, '-c', 'noop']);
    expect(await run.code).toBe(0);
    const out = run.stdout() + run.stderr();
    const recorded = readFileSync(recording, 'utf8');
    expect(recorded).toContain('S: a002 OK Begin TLS now');
    expect(recorded).toContain('= starttls');
    expect(recorded).not.toContain('injected');
    expect(out).toContain(`sent ${INJECTED.length} bytes in clear text after its STARTTLS OK, before TLS: discarded unread`);
    expect(out).not.toContain('injected in clear text');
    expect(out).toMatch(/NOOP done/);
    expect(out).toMatch(/\+ AUTH=PLAIN/); // capabilities asked again over TLS
  });

  it('are dropped too when STARTTLS is typed at the prompt', async () => {
    const state = { tls: false };
    const port = await lineServer('* OK fake IMAP ready', (line, io) => imapWithInjection(line, io, state));
    const run = runCli([`localhost:${port}`, '--imap', '--ca', CA, '-c', 'starttls', '-c', 'capability']);
    expect(await run.code).toBe(0);
    const out = run.stdout() + run.stderr();
    expect(out).toContain(`! the server sent ${INJECTED.length} bytes in clear text after its STARTTLS OK`);
    expect(out).not.toContain('injected in clear text');
    expect(out).toMatch(/\* CAPABILITY IMAP4rev1 AUTH=PLAIN/);
  });
});

describe('bytes after the STARTTLS OK, in replay', () => {
  it('are dropped and reported as the difference of that exchange; the rest is replayed over TLS', async () => {
    const state = { tls: false };
    const port = await lineServer('* OK fake IMAP ready', (line, io) => imapWithInjection(line, io, state));
    const file = join(tempDir('mailscope-inject-'), 'starttls.txt');
    writeFileSync(file, ['# protocol: imap', 'S: * OK fake IMAP ready', 'C: a1 STARTTLS', 'S: a1 OK Begin TLS now', '= starttls',
      'C: a2 CAPABILITY', 'S: * CAPABILITY IMAP4rev1 AUTH=PLAIN', 'S: a2 OK CAPABILITY done', 'C: a3 NOOP', 'S: a3 OK NOOP done', ''].join('\n'));
    const run = runCli(['replay', file, `localhost:${port}`, '--ca', CA]);
    expect(await run.code).toBe(1);
    const out = run.stdout() + run.stderr();
    expect(out).toContain(`sent ${INJECTED.length} bytes in clear text after its STARTTLS OK`);
    // The exchange where TLS starts differs by that; it and the next are replayed over TLS.
    expect(out).toMatch(/✗ 3 CAPABILITY\n\s+C: a2 CAPABILITY\n\s+S: \* CAPABILITY IMAP4rev1 AUTH=PLAIN\n[^]*?\s+the server sent/);
    expect(out).toMatch(/✓ 4 NOOP/);
    expect(out).toMatch(/4 exchanges: 3 matched, 1 differed/);
    expect(out).not.toContain('injected in clear text');
  });
});

describe('bytes after the STLS +OK, in clear', () => {
  it('are dropped and named (POP3)', async () => {
    let secure = false;
    const port = await lineServer('+OK fake POP3 ready', (line, io) => {
      const name = line.split(' ')[0].toUpperCase();
      if (name === 'CAPA') io.say(`+OK capabilities\r\n${secure ? 'USER' : 'STLS'}\r\n.`);
      else if (name === 'STLS') {
        io.raw(Buffer.from('+OK Begin TLS\r\n-ERR injected\r\n'));
        io.startTls();
        secure = true;
      } else if (name === 'QUIT') {
        io.say('+OK bye');
        io.end();
      } else io.say(`+OK ${name} done`);
    });
    const run = runCli([`localhost:${port}`, '--pop3', '--starttls', '--ca', CA, '-c', 'NOOP']);
    expect(await run.code).toBe(0);
    const out = run.stdout() + run.stderr();
    expect(out).toContain('sent 15 bytes in clear text after its STLS OK');
    expect(out).not.toContain('injected');
    expect(out).toMatch(/NOOP done/);
  });
});

describe('bytes after the COMPRESS OK', () => {
  it('are inflated and shown like the rest of the compressed session', async () => {
    const port = await lineServer('* OK fake IMAP ready', (line, io) => {
      const [tag, verb] = line.split(' ');
      const name = verb.toUpperCase();
      if (name === 'COMPRESS') {
        // The OK in clear and the first compressed bytes in one write. A sync-flushed raw
        // DEFLATE stream has no final block, so deflateDuplex's own stream may follow it.
        const first = deflateRawSync(Buffer.from('* OK [ALERT] first words inside DEFLATE\r\n'), { finishFlush: constants.Z_SYNC_FLUSH });
        io.raw(Buffer.concat([Buffer.from(`${tag} OK DEFLATE active\r\n`), first]));
        io.compress();
      } else if (name === 'LOGOUT') {
        io.say('* BYE bye');
        io.say(`${tag} OK LOGOUT done`);
        io.end();
      } else io.say(`${tag} OK ${name} done`);
    });
    const run = runCli([`127.0.0.1:${port}`, '--imap', '-c', 'compress deflate', '-c', 'noop', '-c', 'logout']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toContain('first words inside DEFLATE');
    expect(out).toMatch(/NOOP done/);
    expect(out).toMatch(/LOGOUT done/);
    expect(out).not.toMatch(/malformed|\^/);
  });
});
