// Audit item 4: the header of a recording made with `--starttls` said `# tls: no`: it is
// written at the greeting, before the upgrade. startRecording takes `startTls` (the connection
// is upgraded as it opens) and the header then says `tls: starttls`; TLS from the start is
// `yes`, a plain connection `no`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Transport } from '../../src/client/transport.js';
import { startRecording } from '../../src/transcript/record-session.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** Records a connection that gets one greeting line, and returns the file's header lines. */
async function headerOf(opts: { startTls?: boolean; encrypted?: boolean }): Promise<string[]> {
  server = createServer((s) => s.end('* OK ready\r\n'));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const socket: Socket = connect(port, '127.0.0.1');
  const transport = new Transport(socket);
  const path = join(mkdtempSync(join(tmpdir(), 'mailscope-tls-header-')), 'session.txt');
  const recording = startRecording(path, transport, {
    keepSecrets: false, target: `127.0.0.1:${port}`, encrypted: () => opts.encrypted === true, startTls: opts.startTls,
  });
  await new Promise<void>((resolve) => transport.receive(() => {}, () => resolve()));
  recording.stop();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the file sink flushes
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('# tls'));
}

describe('the tls header of a recording', () => {
  it('says starttls for a connection upgraded as it opens (--starttls)', async () => {
    expect(await headerOf({ startTls: true })).toEqual(['# tls: starttls']);
  });

  it('says yes for TLS from the start, no for a plain connection', async () => {
    expect(await headerOf({ encrypted: true })).toEqual(['# tls: yes']);
    server?.close();
    expect(await headerOf({})).toEqual(['# tls: no']);
  });
});

describe('mailscope --record --starttls', () => {
  it('writes `# tls: starttls` (the CLI passes what it will do)', async () => {
    const { startDemoServer } = await import('../../src/demo/server.js');
    const { runCli } = await import('../support/cli-harness.js');
    const demo = await startDemoServer();
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'mailscope-tls-header-')), 'starttls.txt');
      const cert = new URL('../../src/demo/certs/demo-cert.pem', import.meta.url).pathname;
      const run = runCli([`localhost:${demo.imapPort}`, '--imap', '--starttls', '--ca', cert, '--record', file, '-c', 'noop']);
      expect(await run.code).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n').filter((l) => l.startsWith('# tls'))).toEqual(['# tls: starttls']);
      expect(text).toContain('= starttls');
    } finally {
      await demo.close();
    }
  });
});
