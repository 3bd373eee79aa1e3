// Audit item 7: a TLS failure during replay (a recorded `= starttls` against a server whose
// certificate does not verify) printed the error and no summary line. It now ends with the
// summary line every other stop gets (`N exchanges: ...`, the rest counted as not replayed),
// the error said above it in one line, and the exit status is still 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReplay } from '../../src/cli/replay.js';
import { demoSecureContext } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { tempDirs } from '../support/temp.js';
import { fakeReplayIO } from './support/replay-io.js';

const dir = tempDirs()('mailscope-replay-tls-fail-');

const STARTTLS = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready',
  'C: a1 STARTTLS', 'S: a1 OK Begin TLS negotiation now',
  '= starttls',
  'C: a2 NOOP', 'S: a2 OK done',
  'C: a3 LOGOUT', 'S: * BYE bye', 'S: a3 OK done', '',
].join('\n');

const fakeIO = () => fakeReplayIO(dir);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

describe('replay when the recorded TLS upgrade fails', () => {
  it('says why, ends with the summary line, and exits 2', async () => {
    // The demo certificate is self-signed: without --insecure it does not verify.
    const server = await startTranscriptServer(parseTranscript(STARTTLS), { port: 0, strict: false, secureContext: demoSecureContext() });
    closers.push(server.close);
    const file = join(dir, 'starttls.txt');
    writeFileSync(file, STARTTLS);
    const io = fakeIO();
    const code = await runReplay(file, `127.0.0.1:${server.port}`, { timeout: '3' }, io);
    expect(code).toBe(2);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toMatch(/^mailscope: /);
    expect(io.out()).toContain('✗ 3 NOOP\n    the TLS upgrade failed: the rest is not replayed\n'); // `= starttls` goes with the exchange after it
    expect(io.out().trimEnd().split('\n').at(-1)).toBe('4 exchanges: 2 matched, 1 differed, 1 not replayed');
  });
});
