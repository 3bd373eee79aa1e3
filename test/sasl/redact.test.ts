// redactSaslResponse and describeStep must never leave a secret, in plain text or base64,
// for any mechanism, while keeping the user name visible.
import { describe, expect, it } from 'vitest';
import { DEMO_OAUTH_TOKEN, createSaslClient, createSaslServer, redactSaslResponse } from '../../src/protocol/sasl/index.js';
import { converse } from './converse.js';

const USER = 'test77@example.com';
const PASSWORD = 'Sup3rSecretPassw0rd';
const TOKEN = DEMO_OAUTH_TOKEN;
const lookup = (user: string) => (user === USER ? { password: PASSWORD } : undefined);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromB64 = (line: string) => Buffer.from(line, 'base64').toString('utf8');

/** Every base64 rendering of `secret` at the three byte alignments, minus edge characters. */
function base64Forms(secret: string): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.from('x'.repeat(pad) + secret).toString('base64');
    return encoded.slice(pad === 0 ? 0 : 4, -4);
  });
}

function expectNoSecret(output: string, secret: string): void {
  expect(output).not.toContain(secret);
  for (const form of base64Forms(secret)) expect(output).not.toContain(form);
}

const CASES = [
  { mech: 'PLAIN', secret: PASSWORD },
  { mech: 'LOGIN', secret: PASSWORD },
  { mech: 'CRAM-MD5', secret: PASSWORD },
  { mech: 'SCRAM-SHA-1', secret: PASSWORD },
  { mech: 'SCRAM-SHA-256', secret: PASSWORD },
  { mech: 'XOAUTH2', secret: TOKEN },
  { mech: 'OAUTHBEARER', secret: TOKEN },
];

describe.each(CASES)('$mech redaction', ({ mech, secret }) => {
  const creds = { user: USER, password: PASSWORD, token: TOKEN, host: 'localhost', port: 993 };

  it.each([true, false])('redactSaslResponse leaves no secret in any client line (initial response: %s)', (ir) => {
    const client = createSaslClient(mech, creds);
    const { clientMessages, outcome } = converse(client, createSaslServer(mech, lookup), ir);
    expect(outcome.kind).toBe('success');
    const lines = clientMessages.map((bytes, step) => redactSaslResponse(mech, bytes.length ? b64(bytes) : '=', step));
    const whole = lines.join('\n') + '\n' + lines.map(fromB64).join('\n');
    expectNoSecret(whole, secret);
    // The secret really was on the wire before redaction (CRAM and SCRAM send derived secrets).
    const secretBearing = clientMessages.map(b64).filter((line, step) => line !== lines[step]);
    expect(secretBearing.length).toBeGreaterThan(0);
    expect(lines.some((line) => fromB64(line).includes('***redacted***'))).toBe(true);
  });

  it('describeStep names the user and hides the secret', () => {
    const client = createSaslClient(mech, creds);
    const { clientMessages, serverMessages } = converse(client, createSaslServer(mech, lookup));
    const described = [
      ...clientMessages.map((bytes) => client.describeStep('client', bytes)),
      ...serverMessages.map((bytes) => client.describeStep('server', bytes)),
    ].join('\n');
    expectNoSecret(described, secret);
    if (!mech.startsWith('SCRAM')) expect(described).toContain(USER);
    else expect(described).toContain('n="test77@example.com"');
  });
});

describe('redactSaslResponse details', () => {
  it('keeps the PLAIN authzid and authcid', () => {
    const line = b64(Buffer.from(`admin\0${USER}\0${PASSWORD}`));
    expect(fromB64(redactSaslResponse('PLAIN', line, 0))).toBe(`admin\0${USER}\0***redacted***`);
  });
  it('keeps the LOGIN user name (step 0) and masks the password (step 1)', () => {
    expect(fromB64(redactSaslResponse('LOGIN', b64(Buffer.from(USER)), 0))).toBe(USER);
    expect(fromB64(redactSaslResponse('login', b64(Buffer.from(PASSWORD)), 1))).toBe('***redacted***');
  });
  it('masks the CRAM-MD5 digest', () => {
    const line = b64(Buffer.from('tim b913a602c7eda7a495b4e6e7334d3890'));
    expect(fromB64(redactSaslResponse('CRAM-MD5', line, 0))).toBe('tim ***redacted***');
  });
  it('masks only the SCRAM proof', () => {
    const line = b64(Buffer.from('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts='));
    expect(fromB64(redactSaslResponse('SCRAM-SHA-1', line, 1))).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=***redacted***');
  });
  it('keeps the XOAUTH2 user and the Bearer scheme', () => {
    const line = b64(Buffer.from(`user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`));
    expect(fromB64(redactSaslResponse('XOAUTH2', line, 0))).toBe(`user=${USER}\x01auth=Bearer ***redacted***\x01\x01`);
  });
  it("leaves '*' (cancel) and '=' (empty) unchanged", () => {
    expect(redactSaslResponse('PLAIN', '*', 0)).toBe('*');
    expect(redactSaslResponse('XOAUTH2', '=', 1)).toBe('=');
  });
  it('masks a whole line it cannot parse, or of an unknown mechanism', () => {
    const garbage = b64(Buffer.from(`no-separators-${PASSWORD}`));
    expect(fromB64(redactSaslResponse('PLAIN', garbage, 0))).toBe('***redacted***');
    expect(fromB64(redactSaslResponse('NTLM', garbage, 0))).toBe('***redacted***');
    expect(fromB64(redactSaslResponse('PLAIN', `not base64 ${PASSWORD}`, 0))).toBe('***redacted***');
  });
  it('describes a LOGIN password equal to the user name as a password', () => {
    const client = createSaslClient('LOGIN', { user: 'same', password: 'same' });
    client.respond(Buffer.from('Username:'));
    const second = client.respond(Buffer.from('Password:'));
    expect(client.describeStep('client', second)).toBe('password=<redacted>');
  });
});

describe('describeStep wording', () => {
  it('PLAIN', () => {
    const client = createSaslClient('PLAIN', { user: USER, password: PASSWORD });
    expect(client.describeStep('client', client.initialResponse()!)).toBe(`authzid="" authcid="${USER}" passwd=<redacted>`);
  });
  it('SCRAM steps', () => {
    const client = createSaslClient('SCRAM-SHA-1', { user: 'user', password: 'pencil' }, { nonce: () => 'fyko+d2lbbFgONRv9qkxdawL' });
    expect(client.describeStep('client', client.initialResponse()!)).toBe('gs2-header="n,," n="user" r="fyko+d2lbbFgONRv9qkxdawL"');
    const serverFirst = Buffer.from('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    expect(client.describeStep('server', serverFirst)).toBe('r="fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j" s="QSXCR+Q6sek8bf92" i="4096"');
    expect(client.describeStep('client', client.respond(serverFirst))).toBe('c="biws" r="fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j" p=<redacted>');
    expect(client.describeStep('server', Buffer.from('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='))).toBe('v="rmF9pqV8S7suAoZWja4dJRkFsKQ=" (server signature)');
  });
  it('OAUTHBEARER', () => {
    const client = createSaslClient('OAUTHBEARER', { user: USER, token: TOKEN, host: 'localhost', port: 993 });
    expect(client.describeStep('client', client.initialResponse()!)).toBe(
      `authzid="${USER}" host="localhost" port="993" auth=Bearer ***redacted***`,
    );
  });
});
