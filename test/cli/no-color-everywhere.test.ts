// Audit item 7: `mailscope serve` and `mailscope export` refused `--no-color` (`unknown option`)
// while play and replay took it, so a script passing it to every transcript command failed.
// Every command now takes it; where the output has no colours it changes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-no-color-');
const transcript = join(dir, 'session.txt');
writeFileSync(transcript, '# protocol: imap\n\nS: * OK ready\nC: a1 LOGOUT\nS: * BYE bye\nS: a1 OK done\n');
const paste = join(dir, 'paste.txt');
writeFileSync(paste, '* OK ready\n. logout\n* BYE bye\n. OK done\n');

describe('--no-color', () => {
  it('serve takes it and serves', async () => {
    const stop = new AbortController();
    const run = runCli(['serve', transcript, '--port', '0', '--no-color'], { signal: stop.signal });
    try {
      await run.waitFor(/Serving .* on 127\.0\.0\.1:\d+/, 5000);
    } finally {
      stop.abort();
    }
    expect(await run.code).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('export takes it, and writes the same Markdown as without it', async () => {
    const plain = runCli(['export', transcript, '--markdown']);
    const run = runCli(['export', transcript, '--markdown', '--no-color']);
    expect(await run.code).toBe(0);
    expect(await plain.code).toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toBe(plain.stdout());
  });

  it('import and serve-demo take it too', async () => {
    const run = runCli(['import', paste, '-o', join(dir, 'imported.txt'), '--no-color']);
    expect(await run.code).toBe(0);
    expect(run.stderr()).toBe('');
    // serve-demo with a port that cannot be had ends at once: what matters is that the option is taken.
    const demo = runCli(['serve-demo', '--imap-port', 'x', '--no-color'], { signal: AbortSignal.timeout(5000) });
    await demo.code;
    expect(demo.stderr()).not.toMatch(/unknown option/);
  });
});
