// Audit item 5: with `replay --renumber-tags` the diff showed the client line with its
// recorded tag (`C: a2 SELECT INBOX`) beside the server's lines with the tag sent
// (`S: r2 OK ...`). The client line is now shown as it was sent (`C: r2 SELECT INBOX`), its
// secret still masked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReplay } from '../../src/cli/replay.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { tempDirs } from '../support/temp.js';
import { fakeReplayIO } from './support/replay-io.js';

const FIXTURE = new URL('../fixtures/transcript/imap-basic.txt', import.meta.url);
const dir = tempDirs()('mailscope-renumber-shown-');

const fakeIO = (env: Record<string, string>) => fakeReplayIO(dir, { env });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

describe('replay --renumber-tags shows what it sent', () => {
  it('a differing exchange shows the client line with the tag sent, as the server lines have it', async () => {
    const server = await startTranscriptServer(parseTranscript(readFileSync(FIXTURE, 'utf8')), { port: 0, strict: false });
    closers.push(server.close);
    const changed = join(dir, 'changed.txt');
    writeFileSync(changed, readFileSync(FIXTURE, 'utf8').replace('S: * 0 RECENT', 'S: * 1 RECENT'));
    const io = fakeIO({ MAILSCOPE_PASSWORD: 'pw' });
    const code = await runReplay(changed, `127.0.0.1:${server.port}`, { timeout: '3', renumberTags: true }, io);
    expect(code).toBe(1);
    expect(io.out()).toContain('    C: r2 SELECT INBOX\n');
    expect(io.out()).toMatch(/^ {4}S: r2 OK \[READ-WRITE\] Select completed$/m);
    expect(io.out()).not.toContain('C: a2 ');
  });
});
