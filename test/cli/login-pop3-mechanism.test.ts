// POP3 --login chooses from what the server announced: CAPA first when nothing is known yet
// (RFC 2449), SASL by the IMAP order (RFC 5034), APOP only over mechanisms that would send the
// password itself, then USER/PASS; --auth still decides when given.
import { describe, expect, it } from 'vitest';
import { chooseMechanism, login, type LoginRequest } from '../../src/client/authenticate.js';
import type { ProtocolClient } from '../../src/client/types.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const STAMP = '+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>';
const server = demoForFile();

/** Enough of a POP3 client for the choice: its CAPA lines and its greeting. */
function pop3(capa: string[], greetingText: string, answerCapa: string[] = []) {
  const sent: string[] = [];
  const client = {
    protocol: 'pop3',
    capabilities: new Set(capa),
    greetingText,
    continuationHook: undefined,
    submit() {},
    async command(line: string) {
      sent.push(line);
      if (line === 'CAPA') for (const c of answerCapa) client.capabilities.add(c);
      return { ok: true, status: '+OK' };
    },
  };
  return { client: client as unknown as ProtocolClient, sent };
}

const withPassword = { password: PASSWORD, clientCert: false } as const;

describe('chooseMechanism over POP3', () => {
  it.each([
    [['SASL SCRAM-SHA-256 CRAM-MD5 PLAIN'], STAMP, 'SCRAM-SHA-256'],
    [['SASL CRAM-MD5 PLAIN LOGIN'], STAMP, 'CRAM-MD5'],
    [['SASL PLAIN LOGIN'], STAMP, 'APOP'],
    [['SASL PLAIN LOGIN'], '+OK POP3 ready', 'PLAIN'],
    [['USER'], STAMP, 'APOP'],
    [[], '+OK POP3 ready', 'USER'],
  ])('CAPA %j, greeting %s -> %s', (capa, greeting, expected) => {
    expect(chooseMechanism(pop3(capa, greeting).client, withPassword)).toBe(expected);
  });

  it('--auth still decides', () => {
    const { client } = pop3(['SASL SCRAM-SHA-256'], STAMP);
    expect(chooseMechanism(client, { ...withPassword, mechanism: 'user' })).toBe('USER');
    expect(chooseMechanism(client, { ...withPassword, mechanism: 'apop' })).toBe('APOP');
  });

  it('a token goes to a token mechanism, never APOP', () => {
    const { client } = pop3(['SASL PLAIN XOAUTH2'], STAMP);
    expect(chooseMechanism(client, { token: 'tok', clientCert: false })).toBe('XOAUTH2');
  });
});

describe('login asks CAPA before choosing', () => {
  const request = (mechanism?: string): LoginRequest => ({ user: USER, password: PASSWORD, mechanism, clientCert: false, host: '127.0.0.1', port: 110, onStep() {} });

  it('sends CAPA first when no capabilities are known, then uses what it announced', async () => {
    const { client, sent } = pop3([], STAMP, ['SASL CRAM-MD5 PLAIN']);
    const result = await login(client, request());
    expect(sent[0]).toBe('CAPA');
    expect(sent[1]).toBe('AUTH CRAM-MD5');
    expect(result.mechanism).toBe('CRAM-MD5');
  });

  it('sends no CAPA when --auth names the mechanism', async () => {
    const { client, sent } = pop3([], STAMP, ['SASL CRAM-MD5']);
    await login(client, request('USER'));
    expect(sent).toEqual([`USER ${USER}`, `PASS ${PASSWORD}`]);
  });
});

describe('--login against the demo POP3 server', () => {
  it('asks CAPA and logs in with SCRAM-SHA-256, not APOP', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--user', USER, '--password-env', 'PW', '--login', '-c', 'stat'], { env: { NO_COLOR: '1', PW: PASSWORD } });
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/SASL SCRAM-SHA-256/);
    expect(out).toContain(`logged in as ${USER} with SCRAM-SHA-256`);
    expect(out).not.toMatch(/APOP/);
  });

  it('--auth APOP still logs in with APOP', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '--user', USER, '--password-env', 'PW', '--login', '--auth', 'APOP', '-c', 'stat'], { env: { NO_COLOR: '1', PW: PASSWORD } });
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).toContain(`logged in as ${USER} with APOP`);
    // The masked digest is explained, with the greeting's timestamp it was made from; the digest itself is not shown.
    expect(out).toMatch(/C: digest=<MD5 of the greeting's <[^<>\s]+@[^<>\s]+> and the password, redacted> \(RFC 1939 7\)/);
    expect(out).not.toMatch(/[0-9a-f]{32}/);
  });
});
