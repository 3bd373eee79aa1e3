import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { constants, createDeflateRaw, inflateRawSync } from 'node:zlib';
import { demoSecureContext } from '../../src/demo/server.js';
import { parseTranscript, serializeTranscript, type Transcript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { replay, type ReplayConnection, type ReplaySummary } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/transcript/${name}`, import.meta.url), 'utf8');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

async function serve(t: Transcript, strict = false): Promise<number> {
  const server = await startTranscriptServer(t, { port: 0, strict });
  closers.push(server.close);
  return server.port;
}

async function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  closers.push(async () => { socket.destroy(); });
  return socket;
}

/** The connection, with each write also kept as text. */
function recordingWrites(conn: ReplayConnection, written: string[]): ReplayConnection {
  return { ...conn, write: (b) => { written.push(Buffer.from(b).toString()); conn.write(b); } };
}

async function replayAgainst(t: Transcript, port: number, opts: Partial<Parameters<typeof replay>[2]> = {}, written: string[] = []): Promise<ReplaySummary> {
  const socket = await open(port);
  return replay(t, recordingWrites(replayConnection(socket), written), {
    loose: false, renumberTags: false, credentials: { user: 'alice', password: 'pw' }, timeoutMs: 3000, quietMs: 200, ...opts,
  });
}

/** Collect what a raw client gets back for the lines it sends. */
async function converse(port: number, lines: string[], expectLines: number): Promise<string[]> {
  const socket = await open(port);
  let text = '';
  socket.on('data', (d) => { text += d.toString('latin1'); });
  for (const line of lines) socket.write(line);
  const deadline = Date.now() + 3000;
  while (text.split('\r\n').length - 1 < expectLines && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return text.split('\r\n').filter((l) => l !== '');
}

describe('serve and replay', () => {
  const t = parseTranscript(fixture('imap-basic.txt'));

  it('replaying a transcript against serve of the same transcript matches every exchange', async () => {
    const summary = await replayAgainst(t, await serve(t));
    expect(summary.results.filter((r) => !r.ok)).toEqual([]);
    expect(summary.matched).toBe(6);
  });

  it('renumbered tags still match: serve answers with the client tags', async () => {
    const written: string[] = [];
    const summary = await replayAgainst(t, await serve(t), { renumberTags: true }, written);
    expect(summary.differed).toBe(0);
    expect(written.map((w) => w.split(' ')[0])).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(written[0]).toBe('r1 LOGIN alice "pw"\r\n');
    // sent shows the line as sent, its tag renumbered, its secret masked (audit item 5: was the recorded a1)
    expect(summary.results[1].sent[0]).toBe('r1 LOGIN alice ***redacted***');
  });

  it('a changed transcript gives a diff naming the expected and the received line', async () => {
    const port = await serve(t);
    const changed = parseTranscript(fixture('imap-basic.txt').replace('S: * 2 EXISTS', 'S: * 3 EXISTS'));
    const summary = await replayAgainst(changed, port);
    expect(summary.differed).toBe(1);
    const bad = summary.results.find((r) => !r.ok)!;
    expect(bad.command).toBe('SELECT');
    expect(bad.diff).toContainEqual({ op: 'expected', text: '* 3 EXISTS' });
    expect(bad.diff).toContainEqual({ op: 'actual', text: '* 2 EXISTS' });
  });

  it('wildcards and loose mode accept values that change between runs', async () => {
    const port = await serve(t);
    const edited = fixture('imap-basic.txt')
      .replace('S: * 2 EXISTS', 'S: * 2 EXISTS')
      .replace('S: * OK [UIDVALIDITY 1294991877] UIDs valid', 'S: * OK [UIDVALIDITY 99] other text')
      .replace('S: a2 OK [READ-WRITE] Select completed', 'S: a2 OK [READ-WRITE] Different words')
      .replace('"14-Jan-2011 13:33:25 +0530"', '"01-Feb-2020 00:00:00 +0000"')
      .replace('S: * 2 FETCH (INTERNALDATE "15-Jan-2011 10:50:17 +0530")', 'S: * {*} FETCH {...}');
    const strictRun = await replayAgainst(parseTranscript(edited), port);
    expect(strictRun.results.filter((r) => !r.ok).map((r) => r.command)).toEqual(['SELECT', 'FETCH']);
    const looseRun = await replayAgainst(parseTranscript(edited), port, { loose: true });
    expect(looseRun.results.filter((r) => !r.ok)).toEqual([]);
  });

  it('loose mode accepts untagged responses in another order, completion last', async () => {
    const port = await serve(t);
    const swapped = parseTranscript(fixture('imap-basic.txt').replace('S: * 2 EXISTS\nS: * 0 RECENT', 'S: * 0 RECENT\nS: * 2 EXISTS'));
    expect((await replayAgainst(swapped, port)).differed).toBe(1);
    expect((await replayAgainst(swapped, port, { loose: true })).differed).toBe(0);
    const missing = parseTranscript(fixture('imap-basic.txt').replace('S: * 0 RECENT\n', ''));
    expect((await replayAgainst(missing, port, { loose: true })).differed).toBe(1);
  });

  it('serve answers a command that is not the next one with BAD naming the expected command', async () => {
    const port = await serve(t);
    const lines = await converse(port, ['x1 LOGIN alice pw\r\n', 'x2 NOOP\r\n'], 3);
    expect(lines[0]).toBe('* OK [CAPABILITY IMAP4rev1 LITERAL+] mailscope fixture ready');
    expect(lines[1]).toBe('x1 OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] Logged in');
    expect(lines[2]).toBe('x2 BAD mailscope serve: expected "SELECT INBOX"');
  });

  it('--strict ends the session at the first mismatch', async () => {
    const port = await serve(t, true);
    const socket = await open(port);
    let text = '';
    socket.on('data', (d) => { text += d.toString(); });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // Not NOOP: serve stands in for one before the first recorded command.
    socket.write('x1 EXAMINE INBOX\r\n');
    await closed;
    expect(text).toContain('x1 BAD mailscope serve: expected "LOGIN alice ***redacted***"');
    expect(text).toContain('* BYE');
  });

  it('serializes, parses and still replays green (the file is the script)', async () => {
    const again = parseTranscript(serializeTranscript(t));
    const summary = await replayAgainst(again, await serve(again));
    expect(summary.differed).toBe(0);
  });

  it('reports a connection closed before the completion as a problem', async () => {
    const short = parseTranscript(fixture('imap-basic.txt').replace('C: a2 SELECT INBOX', '= close server\nC: a2 SELECT INBOX'));
    const summary = await replayAgainst(t, await serve(short));
    expect(summary.results.some((r) => r.problem === 'the server closed the connection')).toBe(true);
  });

  it('plays and replays a STARTTLS upgrade in the middle of the session', async () => {
    const tls = parseTranscript(fixture('imap-starttls.txt'));
    const server = await startTranscriptServer(tls, { port: 0, strict: true, secureContext: demoSecureContext() });
    closers.push(server.close);
    const socket = await open(server.port);
    let upgraded = false;
    const summary = await replay(tls, replayConnection(socket, async (plain) => {
      // The demo certificate is self-signed: this test checks the upgrade, not the trust chain.
      const secure = tlsConnect({ socket: plain, rejectUnauthorized: false });
      await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
      upgraded = true;
      return secure;
    }), { loose: false, renumberTags: false, credentials: {}, timeoutMs: 3000 });
    expect(upgraded).toBe(true);
    expect(summary.results.filter((r) => !r.ok)).toEqual([]);
    expect(summary.matched).toBe(4);
  });

  it('replays IDLE: the updates after + are read, DONE ends it', async () => {
    const idle = parseTranscript([
      'S: * OK ready',
      'C: a1 IDLE', 'S: + idling', 'S: * 2 EXISTS', 'S: * 1 RECENT',
      'C: DONE', 'S: a1 OK IDLE terminated',
      'C: a2 NOOP', 'S: a2 OK',
    ].join('\n'));
    const summary = await replayAgainst(idle, await serve(idle), { renumberTags: true });
    expect(summary.results.filter((r) => !r.ok)).toEqual([]);
    expect(summary.matched).toBe(3);
  });

  it('serves and replays COMPRESS: after the OK both directions are raw DEFLATE (RFC 4978)', async () => {
    const compressed = parseTranscript('S: * OK ready\nC: a1 COMPRESS DEFLATE\nS: a1 OK DEFLATE active\n= compress DEFLATE\nC: a2 NOOP\nS: * 3 EXISTS\nS: a2 OK NOOP completed\n');
    const summary = await replayAgainst(compressed, await serve(compressed));
    expect(summary.results.filter((r) => !r.ok)).toEqual([]);
    expect(summary.matched).toBe(3);

    // A raw client: plain until the OK, then it deflates its NOOP and inflates the answer itself.
    const socket = await open(await serve(compressed));
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 3000;
      while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    socket.write('a1 COMPRESS DEFLATE\r\n');
    await until(() => Buffer.concat(received).includes('a1 OK'));
    const plainPart = Buffer.concat(received.splice(0)).toString('latin1');
    expect(plainPart).toBe('* OK ready\r\na1 OK DEFLATE active\r\n');
    const deflate = createDeflateRaw();
    deflate.on('data', (d: Buffer) => socket.write(d));
    deflate.write('b7 NOOP\r\n');
    deflate.flush(constants.Z_SYNC_FLUSH);
    await until(() => received.length > 0 && inflateRawSync(Buffer.concat(received), { finishFlush: constants.Z_SYNC_FLUSH }).includes('b7 OK'));
    const wire = Buffer.concat(received);
    expect(wire.includes('EXISTS')).toBe(false);
    expect(inflateRawSync(wire, { finishFlush: constants.Z_SYNC_FLUSH }).toString()).toBe('* 3 EXISTS\r\nb7 OK NOOP completed\r\n');
  });

  it('a server that refuses COMPRESS or STARTTLS: replay says so and stops, rather than speak DEFLATE or TLS to it', async () => {
    const recorded = parseTranscript('S: * OK ready\nC: a1 COMPRESS DEFLATE\nS: a1 OK\n= compress DEFLATE\nC: a2 NOOP\nS: a2 OK\n');
    const refusing = parseTranscript('S: * OK ready\nC: a1 COMPRESS DEFLATE\nS: a1 NO [COMPRESSIONACTIVE] not now\nC: a2 NOOP\nS: a2 OK\n');
    const started = Date.now();
    const summary = await replayAgainst(recorded, await serve(refusing));
    // The greeting; COMPRESS, whose answer differs; then the exchange the event starts, which stops.
    expect(summary.results).toHaveLength(3);
    expect(summary.results[1]!.diff.filter((d) => d.op !== 'same').map((d) => d.text)).toEqual(['a1 OK', 'a1 NO [COMPRESSIONACTIVE] not now']);
    expect(summary.results[2]!.problem).toBe('the server did not accept COMPRESS, which the transcript goes on with: the rest is not replayed');
    expect(summary.results[2]!.sent).toEqual([]);
    // It stopped at once: no wait for answers that could not come.
    expect(Date.now() - started).toBeLessThan(2500);

    const tls = parseTranscript('S: * OK ready\nC: a1 STARTTLS\nS: a1 OK\n= starttls\nC: a2 NOOP\nS: a2 OK\n');
    const noTls = parseTranscript('S: * OK ready\nC: a1 STARTTLS\nS: a1 BAD no TLS here\n');
    const again = await replayAgainst(tls, await serve(noTls));
    expect(again.results.at(-1)!.problem).toBe('the server did not accept the TLS upgrade, which the transcript goes on with: the rest is not replayed');
  });

  it('replay over a connection that cannot compress stops at COMPRESS and says why', async () => {
    const compressed = parseTranscript('S: * OK ready\nC: a1 COMPRESS DEFLATE\nS: a1 OK\n= compress DEFLATE\nC: a2 NOOP\nS: a2 OK\n');
    const socket = await open(await serve(compressed));
    const { startCompression: _cannot, ...plainOnly } = replayConnection(socket);
    const summary = await replay(compressed, plainOnly, { loose: false, renumberTags: false, credentials: {}, timeoutMs: 3000 });
    expect(summary.results.at(-1)?.problem).toBe('the transcript starts COMPRESS=DEFLATE here, and this connection cannot');
    expect(summary.differed).toBe(1);
  });
});
