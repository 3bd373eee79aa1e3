// --explain under a failure: the `↳ hint:` line only where it adds to the `↳` explanation of
// the response code, never the same words twice.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

function notes(out: string, under: RegExp): string[] {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => under.test(l));
  expect(at).toBeGreaterThanOrEqual(0);
  const block: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!/^ {2}↳ | {4}\S/.test(line)) break;
    block.push(line);
  }
  return block;
}

describe('--explain hints', () => {
  it('IMAP NO [AUTHENTICATIONFAILED]: the code explained once, no hint saying it again', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--explain', '-c', '. login test77@example.com wrong']);
    await run.code;
    const block = notes(run.stdout(), /^\. NO \[AUTHENTICATIONFAILED\]/);
    expect(block.join('\n')).toMatch(/↳ AUTHENTICATIONFAILED: Login failed/);
    expect(block.join('\n')).not.toMatch(/hint/);
  });

  it('POP3 -ERR [AUTH]: the code explained once, no hint saying it again', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--explain', '-c', 'USER test77@example.com', '-c', 'PASS wrong']);
    await run.code;
    const block = notes(run.stdout(), /^-ERR \[AUTH\]/);
    expect(block.join('\n')).toMatch(/↳ \[AUTH\]: The credentials were wrong/);
    expect(block.join('\n')).not.toMatch(/hint/);
  });

  it('keeps a hint that adds something: what the state needs', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--explain', '--no-guard', '-c', 'select INBOX']);
    await run.code;
    const block = notes(run.stdout(), /^a001 (NO|BAD)/);
    expect(block.join('\n')).toMatch(/↳ hint: .*log in/);
  });
});
