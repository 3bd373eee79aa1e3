// Sessions that turned on COMPRESS=DEFLATE (RFC 4978): recorded by the CLI against the demo
// server, then replayed against a fresh one and served to a client that compresses too.
// The transcript keeps the inflated text; the wire between the two sides is deflated.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { runCli } from '../support/cli-harness.js';
import { PASSWORD, USER } from '../demo/helpers.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const ENV = { NO_COLOR: '1', PW: PASSWORD };
const COMMANDS = ['-c', 'examine INBOX', '-c', 'fetch 1:2 (flags rfc822.size)', '-c', 'logout'];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer();
  closers.push(() => server.close());
  return server;
}

/** A compressed session against the demo server, recorded; returns the file. */
async function recordCompressed(): Promise<string> {
  const file = join(tempDir('mailscope-compress-'), 'session.txt');
  const server = await demo();
  const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', USER, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '--compress', '--record', file, ...COMMANDS], { env: ENV });
  expect(await run.code, run.stderr()).toBe(0);
  return file;
}

describe('COMPRESS=DEFLATE in transcripts', () => {
  it('a recorded compressed session replays green against a fresh demo server', async () => {
    const file = await recordCompressed();
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^= compress DEFLATE$/m);
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(text).toContain(`# mailscope: ${version}\n`);
    // The script's own logout ends it: no second LOGOUT is sent while the close is on its way.
    expect(text.match(/^C: \S+ logout$/gim)).toHaveLength(1);
    // What follows the event is the inflated text, as the user saw it.
    expect(text.slice(text.indexOf('= compress'))).toMatch(/^S: \* 2 FETCH \(FLAGS \(.*\) RFC822\.SIZE \d+\)$/m);

    const server = await demo();
    const run = runCli(['replay', file, `127.0.0.1:${server.imapPort}`, '--user', USER, '--password-env', 'PW'], { env: ENV });
    expect(await run.code, run.stdout() + run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/(\d+) exchanges: \1 matched, 0 differed/);
    expect(run.stdout()).toMatch(/✓ \d+ COMPRESS/);
  });

  it('replay notices a difference after COMPRESS: the comparison goes on through the deflate layer', async () => {
    const file = await recordCompressed();
    const server = await demo();
    // Another session flags message 1 first, so the compressed FETCH answers differently.
    const flag = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--user', USER, '--login', '--password-env', 'PW', '-c', 'select INBOX', '-c', 'store 1 +flags (\\Flagged)', '-c', 'logout'], { env: ENV });
    expect(await flag.code).toBe(0);
    const run = runCli(['replay', file, `127.0.0.1:${server.imapPort}`, '--user', USER, '--password-env', 'PW'], { env: ENV });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/✗ \d+ FETCH/);
    expect(run.stdout()).toMatch(/\+ S: \* 1 FETCH \(FLAGS \([^)]*\\Flagged/);
  });

  it('serve plays a compressed session to mailscope --compress, deflated on the wire', async () => {
    const file = await recordCompressed();
    const served = await startTranscriptServer(parseTranscript(readFileSync(file, 'utf8')), { port: 0, strict: true });
    closers.push(served.close);
    const run = runCli([`127.0.0.1:${served.port}`, '--imap', '--user', USER, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '--compress', ...COMMANDS.slice(0, -2), '-c', ':stats', '-c', 'logout'], { env: ENV });
    expect(await run.code, run.stdout() + run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/\* 2 FETCH \(FLAGS/);
    expect(run.stdout()).not.toMatch(/mailscope serve:/);
    expect(run.stdout()).toMatch(/on the wire \(COMPRESS=DEFLATE\): sent \d+, received \d+/);
    // AUTHENTICATE (--login), COMPRESS (--compress), EXAMINE and FETCH: all four count.
    expect(run.stdout()).toMatch(/^commands sent 4, completed 4$/m);
  });
});
