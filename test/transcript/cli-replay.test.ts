import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runReplay, diffTheme } from '../../src/cli/replay.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { tempDirs } from '../support/temp.js';
import { fakeReplayIO } from './support/replay-io.js';

const FIXTURE = new URL('../fixtures/transcript/imap-basic.txt', import.meta.url);
const tempDir = tempDirs();
const dir = tempDir('mailscope-replay-');

/** Green and red marked, so a test can tell which way a line was styled. */
const THEME = { green: (s: string) => `<g>${s}</g>`, red: (s: string) => `<r>${s}</r>`, dim: (s: string) => s, bold: (s: string) => s };
const fakeIO = (env: Record<string, string> = {}) => fakeReplayIO(dir, { env, theme: THEME });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

async function servedFixture(): Promise<string> {
  const server = await startTranscriptServer(parseTranscript(readFileSync(FIXTURE, 'utf8')), { port: 0, strict: false });
  closers.push(server.close);
  return `127.0.0.1:${server.port}`;
}

describe('runReplay', () => {
  it('exits 0 when every exchange matches, password from MAILSCOPE_PASSWORD', async () => {
    const io = fakeIO({ MAILSCOPE_PASSWORD: 'pw' });
    const code = await runReplay(FIXTURE.pathname, await servedFixture(), { timeout: '3' }, io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toContain('<g>✓</g> 2 LOGIN');
    expect(io.out()).toContain('<g>6 exchanges: 6 matched, 0 differed</g>');
  });

  it('exits 1 and prints a coloured diff when the transcript differs', async () => {
    const changed = join(dir, 'changed.txt');
    writeFileSync(changed, readFileSync(FIXTURE, 'utf8').replace('S: * 0 RECENT', 'S: * 1 RECENT'));
    const io = fakeIO({ MAILSCOPE_PASSWORD: 'pw' });
    const code = await runReplay(changed, await servedFixture(), { timeout: '3' }, io);
    expect(code).toBe(1);
    expect(io.out()).toContain('<r>✗</r> 3 SELECT');
    expect(io.out()).toContain('<r>  - S: * 1 RECENT</r>');
    expect(io.out()).toContain('<g>  + S: * 0 RECENT</g>');
  });

  it('exits 2 when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const io = fakeIO({ MAILSCOPE_PASSWORD: 'pw' });
    expect(await runReplay(FIXTURE.pathname, `127.0.0.1:${port}`, { timeout: '3' }, io)).toBe(2);
    expect(io.err()).toMatch(/^mailscope: cannot connect/);
  });

  it('exits 2 naming the line of a transcript syntax error', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'S: * OK\nwhat is this\n');
    const io = fakeIO();
    expect(await runReplay(bad, '127.0.0.1:1', {}, io)).toBe(2);
    expect(io.err()).toContain('line 2:');
  });

  it('asks for the password when none is in the environment, and reads --password-env', async () => {
    let asked = '';
    const io = { ...fakeIO(), readPassword: async (q: string) => { asked = q; return 'pw'; } };
    expect(await runReplay(FIXTURE.pathname, await servedFixture(), { timeout: '3' }, io)).toBe(0);
    expect(asked).toMatch(/Password/);
    const io2 = fakeIO({ MY_PW: 'pw' });
    expect(await runReplay(FIXTURE.pathname, await servedFixture(), { timeout: '3', passwordEnv: 'MY_PW' }, io2)).toBe(0);
  });

  it('diffTheme without colour is plain text', () => {
    expect(diffTheme(false).red('x')).toBe('x');
  });
});
