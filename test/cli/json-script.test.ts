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

describe('--json: what was sent comes between the answers (audit item: POP3 answers have no tag to pair them by)', () => {
  it('POP3: each command as a "C" object before its answer, the password masked', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--json', '-c', 'user test77@example.com', '-c', 'pass qwe123#$', '-c', 'list', '-c', 'quit']);
    expect(await run.code).toBe(0);
    const objects = run.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { direction: string; type: string; raw: string; status?: string });
    expect(objects.map((o) => `${o.direction} ${o.direction === 'C' ? o.raw : o.status}`)).toEqual([
      'S +OK', 'C user test77@example.com', 'S +OK', 'C pass ***redacted***', 'S +OK', 'C list', 'S +OK', 'C quit', 'S +OK',
    ]);
    expect(objects.find((o) => o.raw === 'list')?.type).toBe('client');
    expect(run.stdout()).not.toContain('qwe123');
  });

  it('IMAP: the tagged lines as sent, LOGIN\'s password masked', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--json', '-c', '. login test77@example.com qwe123#$', '-c', 'noop']);
    expect(await run.code).toBe(0);
    const sent = run.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { direction: string; raw: string }).filter((o) => o.direction === 'C');
    expect(sent.map((o) => o.raw)).toEqual(['. login test77@example.com ***redacted***', 'a001 noop', 'a002 LOGOUT']);
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
