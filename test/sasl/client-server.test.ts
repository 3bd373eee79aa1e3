// Every mechanism's client against our own server: success, wrong secret, with and without
// SASL-IR (RFC 4959).
import { describe, expect, it } from 'vitest';
import {
  DEMO_OAUTH_TOKEN, createSaslClient, createSaslServer, decodeOauthError,
} from '../../src/protocol/sasl/index.js';
import { isMailscopeError } from '../../src/errors.js';
import { converse } from './converse.js';

const USERS: Record<string, string> = { 'test77@example.com': 'correct horse', 'a,b=c': 'p=,\u00e9' };
const lookup = (user: string) => (user in USERS ? { password: USERS[user]! } : undefined);

const PASSWORD_MECHS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256'];
const TOKEN_MECHS = ['XOAUTH2', 'OAUTHBEARER'];
const secretFor = (mech: string, good: boolean) =>
  TOKEN_MECHS.includes(mech)
    ? { token: good ? DEMO_OAUTH_TOKEN : 'expired-token' }
    : { password: good ? 'correct horse' : 'wrong horse' };

describe.each([...PASSWORD_MECHS, ...TOKEN_MECHS])('%s client against our server', (mech) => {
  it.each([true, false])('succeeds with the right secret (initial response: %s)', (ir) => {
    const client = createSaslClient(mech, { user: 'test77@example.com', ...secretFor(mech, true), host: 'localhost', port: 143 });
    const { outcome } = converse(client, createSaslServer(mech, lookup), ir);
    expect(outcome).toMatchObject({ kind: 'success', user: 'test77@example.com' });
  });
  it('fails with the wrong secret', () => {
    const client = createSaslClient(mech, { user: 'test77@example.com', ...secretFor(mech, false), host: 'localhost', port: 143 });
    expect(converse(client, createSaslServer(mech, lookup)).outcome.kind).toBe('failure');
  });
  it('fails for an unknown user', () => {
    const client = createSaslClient(mech, { user: 'nobody@example.com', ...secretFor(mech, true) });
    expect(converse(client, createSaslServer(mech, lookup)).outcome.kind).toBe('failure');
  });
});

describe.each(['PLAIN', 'SCRAM-SHA-256'])('%s with characters that need escaping', (mech) => {
  it('authenticates a user name with , and = and a non-ASCII password', () => {
    const client = createSaslClient(mech, { user: 'a,b=c', password: 'p=,\u00e9' });
    expect(converse(client, createSaslServer(mech, lookup)).outcome).toMatchObject({ kind: 'success', user: 'a,b=c' });
  });
});

describe('SCRAM server signature', () => {
  const serverFinalOf = (mech: string) => {
    const client = createSaslClient(mech, { user: 'test77@example.com', password: 'correct horse' });
    const server = createSaslServer(mech, lookup);
    const first = server.start(client.initialResponse());
    if (first.kind !== 'challenge') throw new Error('expected server-first');
    const final = server.step(client.respond(first.data));
    if (final.kind !== 'success' || !final.data) throw new Error('expected success with v=');
    return { client, serverFinal: Buffer.from(final.data) };
  };

  it.each(['SCRAM-SHA-1', 'SCRAM-SHA-256'])('%s: a tampered signature throws SASL_SERVER_SIGNATURE', (mech) => {
    const { client, serverFinal } = serverFinalOf(mech);
    const signature = Buffer.from(serverFinal.toString().slice(2), 'base64');
    signature[0]! ^= 0x01;
    const tampered = Buffer.from(`v=${signature.toString('base64')}`);
    let caught: unknown;
    try { client.respond(tampered); } catch (e) { caught = e; }
    expect(isMailscopeError(caught) && caught.code).toBe('SASL_SERVER_SIGNATURE');
    expect((caught as Error).message).toMatch(/server signature does not match/);
  });

  it('verifies the signature passed to finish() as success data', () => {
    const { client, serverFinal } = serverFinalOf('SCRAM-SHA-256');
    expect(() => client.finish!(serverFinal)).not.toThrow();
  });

  it('throws when the server reports success without ever sending v=', () => {
    const { client } = serverFinalOf('SCRAM-SHA-256');
    expect(() => client.finish!(undefined)).toThrow(/without proving/);
  });

  it('reports a server error e= as AUTH_FAILED', () => {
    const { client } = serverFinalOf('SCRAM-SHA-1');
    expect(() => client.respond(Buffer.from('e=invalid-proof'))).toThrow(/e=invalid-proof/);
  });

  it('refuses a server nonce that does not extend the client nonce', () => {
    const client = createSaslClient('SCRAM-SHA-256', { user: 'u', password: 'p' }, { nonce: () => 'abc' });
    client.initialResponse();
    expect(() => client.respond(Buffer.from('r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096'))).toThrow(/nonce/);
  });
});

describe('OAuth error challenges', () => {
  it('XOAUTH2: the server sends the Gmail JSON error; the client answers empty; describeStep shows it', () => {
    const client = createSaslClient('XOAUTH2', { user: 'test77@example.com', token: 'stale' });
    const { outcome, clientMessages, serverMessages } = converse(client, createSaslServer('XOAUTH2', lookup));
    expect(outcome.kind).toBe('failure');
    expect(decodeOauthError(serverMessages.at(-1)!)).toEqual({ status: '401', schemes: 'Bearer', scope: 'https://mail.google.com/' });
    expect(clientMessages.at(-1)).toHaveLength(0);
    expect(client.describeStep('server', serverMessages.at(-1)!)).toBe(
      'error: status="401" schemes="Bearer" scope="https://mail.google.com/"',
    );
  });

  it('XOAUTH2: decodes a real Gmail-style challenge', () => {
    const client = createSaslClient('XOAUTH2', { user: 'u', token: 't' });
    const challenge = Buffer.from('eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==', 'base64');
    expect(client.describeStep('server', challenge)).toBe('error: status="400" schemes="Bearer" scope="https://mail.google.com/"');
    client.initialResponse();
    expect(client.respond(challenge)).toHaveLength(0);
  });

  it('OAUTHBEARER: the client answers the JSON error with ^A (RFC 7628 §3.2.3)', () => {
    const client = createSaslClient('OAUTHBEARER', { user: 'test77@example.com', token: 'stale', host: 'localhost', port: 993 });
    const { outcome, clientMessages, serverMessages } = converse(client, createSaslServer('OAUTHBEARER', lookup));
    expect(outcome.kind).toBe('failure');
    expect(decodeOauthError(serverMessages.at(-1)!)).toEqual({ status: 'invalid_token' });
    expect(Buffer.from(clientMessages.at(-1)!).toString()).toBe('\x01');
  });
});

describe('message formats', () => {
  it('XOAUTH2 initial response follows Google format', () => {
    const client = createSaslClient('XOAUTH2', { user: 'someuser@example.com', token: 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg' });
    expect(Buffer.from(client.initialResponse()!).toString()).toBe(
      'user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01',
    );
  });
  it('OAUTHBEARER initial response matches RFC 7628 §4.1', () => {
    const client = createSaslClient('OAUTHBEARER', { user: 'user@example.com', token: 'vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==', host: 'server.example.com', port: 143 });
    expect(Buffer.from(client.initialResponse()!).toString()).toBe(
      'n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01',
    );
  });
  it('EXTERNAL sends the authzid, or an empty response', () => {
    expect(createSaslClient('EXTERNAL', { user: '' }).initialResponse()).toHaveLength(0);
    expect(Buffer.from(createSaslClient('EXTERNAL', { user: '', authzid: 'admin' }).initialResponse()!).toString()).toBe('admin');
  });
  it('LOGIN answers by position, ignoring the prompt wording', () => {
    const client = createSaslClient('LOGIN', { user: 'u', password: 'p' });
    expect(client.initialResponse()).toBeUndefined();
    expect(Buffer.from(client.respond(Buffer.from('User Name\0'))).toString()).toBe('u');
    expect(Buffer.from(client.respond(Buffer.from('Password:'))).toString()).toBe('p');
  });
  it('CRAM-MD5 server challenge is a msg-id with the host name', () => {
    const server = createSaslServer('CRAM-MD5', lookup, { nonce: () => '1234.5678', hostname: 'demo.mailscope' });
    expect(server.start(undefined)).toEqual({ kind: 'challenge', data: Buffer.from('<1234.5678@demo.mailscope>') });
  });
});

describe('errors', () => {
  it('an unknown mechanism throws AUTH_MECHANISM_UNSUPPORTED', () => {
    expect(() => createSaslClient('GSSAPI', { user: 'u', password: 'p' })).toThrow(/GSSAPI is not supported/);
  });
  it('a password mechanism without a password throws NO_SECRET', () => {
    let caught: unknown;
    try { createSaslClient('SCRAM-SHA-256', { user: 'u' }); } catch (e) { caught = e; }
    expect(isMailscopeError(caught) && caught.code).toBe('NO_SECRET');
  });
  it('the demo server has no EXTERNAL', () => {
    expect(() => createSaslServer('EXTERNAL', lookup)).toThrow(/does not offer EXTERNAL/);
  });
});

describe('token mechanisms without SASL-IR', () => {
  it.each(['XOAUTH2', 'OAUTHBEARER'])('%s sends its message on the empty challenge even after initialResponse() was asked', (mech) => {
    const client = createSaslClient(mech, { user: 'test77@example.com', token: DEMO_OAUTH_TOKEN });
    const initial = Buffer.from(client.initialResponse()!);
    expect(Buffer.from(client.respond(new Uint8Array(0)))).toEqual(initial);
  });
});
