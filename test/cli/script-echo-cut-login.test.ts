// A script's LOGIN cut by a literal user name (`a login {20}`, the name on its own line, then
// ` password` going on with the command, RFC 3501 4.3): the echo of that last line masks the
// password, as the REPL's screen does (SecretEcho), and never prints it.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';

describe('the echo of a LOGIN cut by a literal', () => {
  it('masks the password on the line that goes on with the command', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', `a login {${USER.length + 2}}`, '-c', USER, '-c', ` ${PASSWORD}`]);
    await run.code;
    const shown = run.stdout().split('\n').filter((l) => l.startsWith('C: '));
    expect(shown.slice(0, 3)).toEqual([`C: a login {${USER.length + 2}}`, `C: … ${USER.length + 2} bytes`, 'C:  ***  (secret hidden)']);
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
  });
});
