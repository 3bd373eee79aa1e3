// The tutorial's own text, imported, replays against the demo server: every command of the
// IMAP and POP3 sessions is sent and completed, and the exchanges whose answers do not
// depend on the mailbox's contents match in --loose mode. Courier's mailbox of 2011 is not
// the demo's, so message counts and contents may differ: those are reported, not hidden.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { serializeTranscript } from '../../src/transcript/format.js';
import { importPaste } from '../../src/transcript/import.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const TUTORIAL = readFileSync(new URL('../fixtures/transcript/imap-pop3-telnet-tutorial.txt', import.meta.url), 'utf8');
const tempDir = tempDirs();
const dir = tempDir('mailscope-import-');

let server: DemoServer;
beforeEach(async () => {
  server = await startDemoServer();
});
afterEach(() => server.close());

describe('the imported tutorial replays against the demo server', () => {
  const { sessions } = importPaste(TUTORIAL, { keepSecrets: false });
  const [, imap, pop3] = sessions;

  it.each([
    ['IMAP', imap, () => server.imapPort, /✓ \d+ LOGIN[^]*✓ \d+ CREATE[^]*✓ \d+ CLOSE/, /LOGOUT/],
    ['POP3', pop3, () => server.pop3Port, /✓ \d+ PASS/, /QUIT/],
  ] as const)('%s: every command sent and answered; the mailbox-independent exchanges match', async (_name, session, port, loginMatched, last) => {
    const file = join(dir, `${_name}.txt`);
    writeFileSync(file, serializeTranscript(session));
    const run = runCli(['replay', file, `127.0.0.1:${port()}`, '--loose', '--no-color'], { env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: 'qwe123#$' } });
    const code = await run.code;
    // 0: all matched, 1: differences (the 2011 mailbox differs); never 2 (no connection).
    expect([0, 1]).toContain(code);
    const out = run.stdout();
    expect(out).toMatch(loginMatched);
    expect(out).toMatch(last);
    expect(out).not.toMatch(/no answer within|timed out|connection closed before/i);
  });
});
