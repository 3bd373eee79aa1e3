// Audit item 6: `:record /nonexistent/x.txt` while already recording closed the current
// recording first, then failed to open the new file: nothing more was recorded. The new file is
// opened first now; when it cannot be, the REPL says so and the current recording goes on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
let server: DemoServer;
beforeAll(async () => { server = await startDemoServer(); });
afterAll(() => server.close());

describe(':record FILE while recording', () => {
  it('a file that cannot be opened leaves the current recording going, and says so', async () => {
    const dir = tempDir('mailscope-record-switch-');
    const first = join(dir, 'first.txt');
    const unwritable = join(dir, 'no-such-folder', 'x.txt');
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-color', '-c', `:record ${first}`, '-c', 'noop',
      '-c', `:record ${unwritable}`, '-c', 'capability', '-c', ':record stop'], { env: { NO_COLOR: '1' } });
    await run.code;
    const out = run.stdout() + run.stderr();
    expect(out).toContain(unwritable); // the error names the file that could not be opened
    expect(out).toContain(`still recording to ${first}`);
    expect(out).not.toContain(`recording to ${unwritable}`);
    // Saved once, by :record stop, with the commands after the failed switch in it.
    expect(out.split(`recording saved to ${first}`)).toHaveLength(2);
    expect(existsSync(unwritable)).toBe(false);
    const text = readFileSync(first, 'utf8');
    expect(text).toMatch(/^C: a001 noop$/m);
    expect(text).toMatch(/^C: a002 capability$/m);
  });

  it('a file that can be opened is switched to: the first is saved, the second records on', async () => {
    const dir = tempDir('mailscope-record-switch-');
    const [first, second] = ['one.txt', 'two.txt'].map((name) => join(dir, name));
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-color', '-c', `:record ${first}`, '-c', 'noop',
      '-c', `:record ${second}`, '-c', 'capability', '-c', ':record stop'], { env: { NO_COLOR: '1' } });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain(`recording saved to ${first}\n`);
    expect(readFileSync(first, 'utf8')).toMatch(/^C: a001 noop$/m);
    expect(readFileSync(first, 'utf8')).not.toMatch(/capability$/m);
    expect(readFileSync(second, 'utf8')).toMatch(/^C: a002 capability$/m);
  });

  it('the same file again starts it anew', async () => {
    const file = join(tempDir('mailscope-record-switch-'), 'same.txt');
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-color', '-c', `:record ${file}`, '-c', 'noop',
      '-c', `:record ${file}`, '-c', 'capability', '-c', ':record stop'], { env: { NO_COLOR: '1' } });
    expect(await run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# protocol: imap\n/);
    expect(text).not.toMatch(/noop$/m);
    expect(text).toMatch(/^C: a002 capability$/m);
  });
});
