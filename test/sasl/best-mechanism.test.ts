import { describe, expect, it } from 'vitest';
import { bestMechanism } from '../../src/protocol/sasl/index.js';

const PASSWORD = { password: true, token: false, clientCert: false };
const TOKEN = { password: false, token: true, clientCert: false };
const CERT = { password: false, token: false, clientCert: true };
const ALL = ['LOGIN', 'PLAIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'XOAUTH2', 'OAUTHBEARER', 'EXTERNAL'];

describe('bestMechanism', () => {
  it.each([
    [ALL, PASSWORD, 'SCRAM-SHA-256'],
    [['PLAIN', 'SCRAM-SHA-1', 'LOGIN'], PASSWORD, 'SCRAM-SHA-1'],
    [['LOGIN', 'cram-md5', 'PLAIN'], PASSWORD, 'CRAM-MD5'],
    [['LOGIN', 'PLAIN'], PASSWORD, 'PLAIN'],
    [['LOGIN'], PASSWORD, 'LOGIN'],
    [ALL, TOKEN, 'OAUTHBEARER'],
    [['PLAIN', 'XOAUTH2'], TOKEN, 'XOAUTH2'],
    [ALL, CERT, 'EXTERNAL'],
    [['PLAIN', 'LOGIN'], TOKEN, undefined],
    [['XOAUTH2'], PASSWORD, undefined],
    [['GSSAPI', 'NTLM'], { password: true, token: true, clientCert: true }, undefined],
  ])('%j with %j -> %s', (offered, have, expected) => {
    expect(bestMechanism(offered, have)).toBe(expected);
  });
});
