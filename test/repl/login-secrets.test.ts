// --login and :login with every mechanism against the demo server: success and failure, and
// the secret (plain or base64 at any alignment) nowhere on screen, in JSON, in a recording or
// in history.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { startDemoServer } from '../../src/demo/server.js';
import { DEMO_OAUTH_TOKEN } from '../../src/protocol/sasl/index.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';

/** The secret as it could leak: plain, and base64 at each of the three byte alignments. */
export function secretForms(secret: string): string[] {
  const forms = [secret];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.from('\0'.repeat(k) + secret).toString('base64');
    const start = k === 0 ? 0 : 4;
    const end = 4 * Math.floor((secret.length + k) / 3);
    if (end - start >= 8) forms.push(b64.slice(start, end));
  }
  return forms;
}

function expectNoSecret(text: string, secret: string): void {
  for (const form of secretForms(secret)) expect(text, `leaked ${form}`).not.toContain(form);
}

const server = demoForFile();

const tempDir = tempDirs();
const recordDir = tempDir('mailscope-rec-');
const recordPath = (mech: string) => join(recordDir, `${mech}.transcript`);
const env = (extra: Record<string, string>) => ({ NO_COLOR: '1', ...extra });

describe('--login over IMAP, every mechanism', () => {
  const mechanisms = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256'];
  it.each(mechanisms)('%s logs in; the password appears nowhere', async (mech) => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--auth', mech, '--password-env', 'PW', '--record', recordPath(mech), '-c', 'select INBOX'], {
      env: env({ PW: PASSWORD }),
    });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain(`logged in as ${USER} with ${mech}`);
    expectNoSecret(run.stdout() + run.stderr(), PASSWORD);
    const recording = readFileSync(recordPath(mech), 'utf8');
    expect(recording).toMatch(/AUTHENTICATE/i);
    expectNoSecret(recording, PASSWORD);
  });

  it.each(mechanisms)('%s with a wrong password fails with exit 1', async (mech) => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--auth', mech, '--password-env', 'PW', '-c', 'noop'], {
      env: env({ PW: 'wrong-password' }),
    });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/failed/);
    expectNoSecret(run.stdout(), 'wrong-password');
  });

  it.each(['XOAUTH2', 'OAUTHBEARER'])('%s with a token from --token-env; JSON output holds no token', async (mech) => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--json', '--user', USER, '--login', '--auth', mech, '--token-env', 'TOK', '-c', 'noop'], {
      env: env({ TOK: DEMO_OAUTH_TOKEN }),
    });
    expect(await run.code).toBe(0);
    expectNoSecret(run.stdout(), DEMO_OAUTH_TOKEN);
  });

  it('XOAUTH2 with a bad token shows the decoded JSON error', async () => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--auth', 'XOAUTH2', '--token-env', 'TOK', '-c', 'noop'], {
      env: env({ TOK: 'not-the-token' }),
    });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/status.*(400|401)|invalid/i);
    expectNoSecret(run.stdout(), 'not-the-token');
  });

  it('picks the best mechanism announced when --auth is not given', async () => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--password-env', 'PW', '-c', 'noop'], { env: env({ PW: PASSWORD }) });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('with SCRAM-SHA-256');
  });

  it('reads the password from ~/.netrc', async () => {
    const { writeFileSync } = await import('node:fs');
    const home = tempDir('mailscope-netrc-');
    writeFileSync(join(home, '.netrc'), `machine 127.0.0.1 login ${USER} password ${PASSWORD}\n`);
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--login', '-c', 'noop'], { home });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('password from ~/.netrc');
    expectNoSecret(run.stdout(), PASSWORD);
  });

  it('without any secret source, non-interactive --login fails with a clear line', async () => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '-c', 'noop']);
    expect(await run.code).toBe(1);
    expect(run.stderr()).toMatch(/no password or token/);
    expect(run.stdout()).not.toMatch(/no password or token/);
  });
});

describe('POP3 logins', () => {
  it.each(['USER', 'APOP', 'PLAIN', 'SCRAM-SHA-256'])('%s', async (mech) => {
    const run = runCli(['127.0.0.1:' + server.pop3Port, '--pop3', '--user', USER, '--login', '--auth', mech, '--password-env', 'PW', '-c', 'STAT'], { env: env({ PW: PASSWORD }) });
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/\+OK \d+ \d+/);
    expectNoSecret(run.stdout(), PASSWORD);
  });
});

describe(':login in the terminal', () => {
  it('asks with a masked prompt; history and screen keep no password', async () => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap'], { terminal: true });
    await run.waitFor('ready');
    run.type(`:login ${USER}\r`);
    await run.waitFor('password for');
    run.type(`${PASSWORD}\r`);
    await run.waitFor('logged in as');
    run.type(':quit\r');
    expect(await run.code).toBe(0);
    expectNoSecret(run.stdout(), PASSWORD);
    const file = join(run.home, '.mailscope_history');
    const history = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(history).toContain(':login');
    expectNoSecret(history, PASSWORD);
  });
});

describe('COMPRESS=DEFLATE against the demo server', () => {
  it('--compress after login: responses still read, :stats shows the ratio', async () => {
    const run = runCli(
      ['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--auth', 'PLAIN', '--password-env', 'PW', '--compress', '-c', 'examine INBOX', '-c', 'fetch 1:* (flags envelope)', '-c', ':stats'],
      { env: env({ PW: PASSWORD }) },
    );
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/COMPRESS=DEFLATE active/);
    expect(run.stdout()).toMatch(/\* 3 FETCH \(FLAGS/);
    const ratio = /received (\d+); ratio ([\d.]+) in/.exec(run.stdout());
    expect(ratio).not.toBeNull();
    expect(Number(ratio![2])).toBeGreaterThan(1);
  });

  it('a second COMPRESS gets NO [COMPRESSIONACTIVE]', async () => {
    const run = runCli(['127.0.0.1:' + server.imapPort, '--imap', '--user', USER, '--login', '--password-env', 'PW', '--compress', '-c', 'compress deflate'], {
      env: env({ PW: PASSWORD }),
    });
    expect(await run.code).toBe(1);
    expect(run.stdout()).toMatch(/NO \[COMPRESSIONACTIVE\]/);
  });
});

describe('LOGINDISABLED before TLS', () => {
  it('--login over plain text says to STARTTLS first; with --starttls it logs in', async () => {
    const strict = await startDemoServer({ loginDisabledBeforeTls: true });
    try {
      const plain = runCli([`127.0.0.1:${strict.imapPort}`, '--imap', '--user', USER, '--login', '--password-env', 'PW', '-c', 'noop'], { env: env({ PW: PASSWORD }) });
      expect(await plain.code).toBe(1);
      expect(plain.stdout()).toMatch(/LOGINDISABLED/);
      const ca = new URL('../../src/demo/certs/demo-cert.pem', import.meta.url).pathname;
      const secure = runCli([`localhost:${strict.imapPort}`, '--imap', '--starttls', '--ca', ca, '--user', USER, '--login', '--password-env', 'PW', '-c', 'noop'], {
        env: env({ PW: PASSWORD }),
      });
      expect(await secure.code).toBe(0);
      expect(secure.stdout()).toMatch(/capabilities after STARTTLS: .*\+ .*AUTH=/);
      expect(secure.stdout()).toContain('logged in as');
    } finally {
      await strict.close();
    }
  });
});
