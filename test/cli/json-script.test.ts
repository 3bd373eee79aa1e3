// A --json script keeps stdout to JSON objects, one per line, so `| jq` never chokes: warnings,
// meta-command output and login messages go to stderr.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

describe('--json in a script', () => {
  it('writes only JSON objects to stdout; a guard warning and :stats go to stderr', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--json', '-c', 'fetch 1 all', '-c', ':stats', '-c', '. login test77@example.com qwe123#$']);
    expect(await run.code).toBe(1); // the FETCH got NO
    const lines = run.stdout().trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).status)).toContain('NO');
    expect(run.stderr()).toMatch(/^! FETCH is not valid in the not-authenticated state/m);
    expect(run.stderr()).toMatch(/^commands sent 1, completed 1$/m);
  });
});

describe('a pretty script', () => {
  it('keeps stdout to the session: a guard warning goes to stderr (`> out.txt` holds no warning)', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-color', '-c', 'select INBOX'], { env: { NO_COLOR: '1' } });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/NO SELECT is not valid/);
    expect(run.stdout()).not.toContain('! SELECT');
    expect(run.stderr()).toMatch(/^! SELECT is not valid in the not-authenticated state/m);
  });
});
