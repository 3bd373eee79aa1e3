// Test vectors copied from the RFCs (RFC 4616 §4, RFC 2195 §2, RFC 5802 §5, RFC 7677 §3).
import { describe, expect, it } from 'vitest';
import { createSaslClient, createSaslServer } from '../../src/protocol/sasl/index.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const str = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString('utf8');

describe('PLAIN (RFC 4616 §4 examples)', () => {
  it('encodes an empty authzid', () => {
    const client = createSaslClient('PLAIN', { user: 'tim', password: 'tanstaaftanstaaf' });
    expect(str(client.initialResponse())).toBe('\0tim\0tanstaaftanstaaf');
  });
  it('encodes an authzid', () => {
    const client = createSaslClient('PLAIN', { user: 'Kurt', password: 'xipj3plmq', authzid: 'Ursel' });
    expect(str(client.initialResponse())).toBe('Ursel\0Kurt\0xipj3plmq');
  });
  it('answers an empty challenge with the same message (no SASL-IR)', () => {
    const client = createSaslClient('plain', { user: 'tim', password: 'tanstaaftanstaaf' });
    expect(str(client.respond(new Uint8Array(0)))).toBe('\0tim\0tanstaaftanstaaf');
  });
});

describe('CRAM-MD5 (RFC 2195 §2 example)', () => {
  it('computes the digest of the example challenge', () => {
    const client = createSaslClient('CRAM-MD5', { user: 'tim', password: 'tanstaaftanstaaf' });
    expect(client.initialResponse()).toBeUndefined();
    const answer = client.respond(utf8('<1896.697170952@postoffice.reston.mci.net>'));
    expect(str(answer)).toBe('tim b913a602c7eda7a495b4e6e7334d3890');
  });
});

const SCRAM_VECTORS = [
  {
    rfc: 'RFC 5802 §5',
    mech: 'SCRAM-SHA-1',
    clientNonce: 'fyko+d2lbbFgONRv9qkxdawL',
    serverNonce: '3rfcNHYJY1ZVvWVs7j',
    salt: 'QSXCR+Q6sek8bf92',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    rfc: 'RFC 7677 §3',
    mech: 'SCRAM-SHA-256',
    clientNonce: 'rOprNGfwEbeRWgbNEkqO',
    serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

describe.each(SCRAM_VECTORS)('$mech ($rfc)', (v) => {
  it('client produces the RFC messages and accepts the RFC server signature', () => {
    const client = createSaslClient(v.mech, { user: 'user', password: 'pencil' }, { nonce: () => v.clientNonce });
    expect(str(client.initialResponse())).toBe(v.clientFirst);
    expect(str(client.respond(utf8(v.serverFirst)))).toBe(v.clientFinal);
    expect(client.respond(utf8(v.serverFinal))).toHaveLength(0);
    expect(() => client.finish?.(undefined)).not.toThrow();
  });
  it('server produces the RFC messages and accepts the RFC proof', () => {
    const server = createSaslServer(v.mech, (u) => (u === 'user' ? { password: 'pencil' } : undefined), {
      nonce: () => v.serverNonce,
      scramSalt: Buffer.from(v.salt, 'base64'),
      scramIterations: 4096,
    });
    const first = server.start(utf8(v.clientFirst));
    expect(first.kind).toBe('challenge');
    expect(str(first.kind === 'challenge' ? first.data : undefined)).toBe(v.serverFirst);
    const final = server.step(utf8(v.clientFinal));
    expect(final).toMatchObject({ kind: 'success', user: 'user' });
    expect(str(final.kind === 'success' ? final.data : undefined)).toBe(v.serverFinal);
  });
});
