// Audit item: a mistyped LOGIN or PASS (`lgoin user pw`, `pas pw`) went out with the guard's
// "did you mean LOGIN?", and its password stayed in ~/.mailscope_history, in the script's echo
// and in a "redacted" recording. A near miss of a command with a secret now carries that
// command's secrets (the registry's secretsAsOf): masked on screen, cut from history and from
// recordings, and asked about before it crosses an unencrypted connection, as the real one is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { checkCommand } from '../../src/registry/guard.js';
import { secretArgIndexes } from '../../src/registry/index.js';
import { maskSecrets } from '../../src/session/secrets.js';
import { historyEntry } from '../../src/terminal/history.js';
import { TranscriptRecorder } from '../../src/transcript/recorder.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const PASSWORD = 'qwe123#$';
const tempDir = tempDirs();

describe('a near miss of a command with a secret carries its secrets', () => {
  it.each([
    ['imap', 'lgoin', [1]],
    ['imap', 'LOGON', [1]],
    ['imap', 'authenticat', [1]],
    ['imap', 'pass', [0]], // POP3's PASS typed to IMAP
    ['pop3', 'pas', [0]],
    ['pop3', 'login', [1]], // IMAP's LOGIN typed to POP3
    ['imap', 'selct', []],
    ['imap', 'LIST', []],
    ['pop3', 'uesr', []],
  ] as const)('%s %s -> %j', (protocol, name, expected) => {
    expect(secretArgIndexes(protocol, name)).toEqual(expected);
  });

  it('masks the line, and history keeps it only up to the secret', () => {
    expect(maskSecrets('imap', `a lgoin test77@example.com ${PASSWORD}`).masked).toBe('a lgoin test77@example.com ***');
    expect(historyEntry('imap', `lgoin test77@example.com ${PASSWORD}`, false)).toBe('lgoin test77@example.com');
    expect(historyEntry('pop3', `pas ${PASSWORD}`, false)).toBe('pas');
  });

  it('a recording masks it', () => {
    let out = '';
    const rec = new TranscriptRecorder({ write: (s) => void (out += s) }, {}, { protocol: 'imap', keepSecrets: false });
    rec.server(Buffer.from('* OK ready\r\n'));
    rec.client(Buffer.from(`a1 lgoin test77@example.com ${PASSWORD}\r\n`));
    rec.server(Buffer.from('a1 BAD unknown command\r\n'));
    rec.close();
    expect(out).toContain('C: a1 lgoin test77@example.com ***redacted***');
    expect(out).not.toContain(PASSWORD);
  });

  it('is asked about before it crosses an unencrypted connection to a remote host, as LOGIN is', () => {
    const remote = { protocol: 'imap' as const, state: 'not-authenticated' as const, capabilities: new Set<string>(), encrypted: false, loopback: false };
    const kinds = checkCommand({ name: 'lgoin', args: `test77@example.com ${PASSWORD}` }, remote).map((w) => w.kind);
    expect(kinds).toEqual(['unknown-command', 'plaintext-secret']);
    expect(checkCommand({ name: 'selct', args: 'INBOX' }, remote).map((w) => w.kind)).toEqual(['unknown-command']);
  });
});

describe('end to end, against the demo server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('IMAP in the REPL: written again masked after Enter, as LOGIN\'s line is; not in history', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap'], { terminal: true });
    await run.waitFor('ready');
    run.type(`lgoin test77@example.com ${PASSWORD}\r`);
    await run.waitFor(/a001 (BAD|NO)/);
    run.type(':quit\r');
    await run.code;
    // The terminal echoed the keys as typed; after Enter the line is drawn again, masked.
    expect(run.stdout()).toContain('> lgoin test77@example.com ***\n');
    const history = readFileSync(join(run.home, '.mailscope_history'), 'utf8');
    expect(history).toContain('lgoin test77@example.com\n');
    expect(history).not.toContain(PASSWORD);
  });

  it('POP3 in a script with --record: not in the echo, not in the recording', async () => {
    const file = join(tempDir('mailscope-misspelt-'), 'pop3.txt');
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--record', file, '-c', 'user test77@example.com', '-c', `pas ${PASSWORD}`, '-c', 'quit'], { env: { NO_COLOR: '1' } });
    expect(await run.code).toBe(1); // pas is no command: -ERR
    expect(run.stdout()).toContain('C: pas ***');
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
    const recorded = readFileSync(file, 'utf8');
    expect(recorded).toContain('C: pas ***redacted***');
    expect(recorded).not.toContain(PASSWORD);
  });
});
