// Audit item: a command at the end of a transcript with no recorded answer (`C: a1 NOOP` as the
// last entry) was counted as matched (`✓ 2 NOOP`) without even reading what the server said.
// Now the live answer is read and shown, the exchange is marked not compared (`?`), counted
// apart in the last line, and the run exits 1: a ✓ would vouch for an answer no one recorded.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { summaryLine } from '../../src/cli/replay.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { replay } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-replay-unanswered-');
let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(() => demo.close());

const CUT = '# protocol: imap\nS: * OK {...}\nC: a1 NOOP\n';

function replayCli(file: string, port: number) {
  return runCli(['replay', file, `127.0.0.1:${port}`, '--no-color', '--timeout', '3'], { env: { NO_COLOR: '1' } });
}

describe('a command the recording holds no answer to', () => {
  it('is not compared: the live answer is shown, the last line counts it apart, exit 1', async () => {
    const file = join(dir, 'cut.txt');
    writeFileSync(file, CUT);
    const run = replayCli(file, demo.imapPort);
    expect(await run.code).toBe(1);
    expect(run.stdout()).toBe([
      '✓ 1 greeting',
      '? 2 NOOP',
      '    C: a1 NOOP',
      '  + S: a1 OK NOOP completed',
      '    the recording holds no answer to this, so it is not compared',
      '2 exchanges: 1 matched, 0 differed, 1 not compared',
      '',
    ].join('\n'));
  });

  it('POP3 too, a multi-line answer read to its end', async () => {
    const file = join(dir, 'cut-pop3.txt');
    writeFileSync(file, '# protocol: pop3\nS: +OK {...}\nC: CAPA\n');
    const run = replayCli(file, demo.pop3Port);
    expect(await run.code).toBe(1);
    expect(run.stdout()).toContain('? 2 CAPA');
    expect(run.stdout()).toMatch(/^ {2}\+ S: \.$/m);
    expect(run.stdout()).toContain('2 exchanges: 1 matched, 0 differed, 1 not compared');
  });

  it('the summary: neither matched nor differed, the live lines in the diff', async () => {
    const socket = connect(demo.imapPort, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    try {
      const summary = await replay(parseTranscript(CUT), replayConnection(socket), { loose: false, renumberTags: true, credentials: {}, timeoutMs: 3000 });
      expect(summary).toMatchObject({ exchanges: 2, matched: 1, differed: 0, notCompared: 1, notReplayed: 0 });
      expect(summary.results[1]).toMatchObject({ ok: false, notCompared: true, diff: [{ op: 'actual', text: 'r1 OK NOOP completed' }] });
    } finally {
      socket.destroy();
    }
  });

  it('a recorded answer, even a wildcard one, is compared as before', async () => {
    const file = join(dir, 'answered.txt');
    writeFileSync(file, `${CUT}S: a1 {*} {...}\n`);
    const run = replayCli(file, demo.imapPort);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('✓ 2 NOOP');
  });

  it('summaryLine leaves out a count of none', () => {
    expect(summaryLine({ exchanges: 2, matched: 2, differed: 0, notCompared: 0, notReplayed: 0 })).toBe('2 exchanges: 2 matched, 0 differed');
    expect(summaryLine({ exchanges: 4, matched: 1, differed: 1, notCompared: 1, notReplayed: 1 })).toBe('4 exchanges: 1 matched, 1 differed, 1 not compared, 1 not replayed');
  });
});
