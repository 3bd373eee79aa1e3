// One-line TLS failure messages, from real handshakes on 127.0.0.1 against the fixtures.
import type { PeerCertificate } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTlsFailure, isCertificateFailure, peerVerificationError } from '../../src/net/tls-errors.js';
import { handshake, plaintextHandshake, type FixtureName, type Handshake } from './loopback.js';

let open: Handshake | undefined;
afterEach(async () => { await open?.close(); open = undefined; });

/** Node's default (rejectUnauthorized): only the error, no certificate. */
async function rejected(name: FixtureName, client = {}, server = {}) {
  open = await handshake(name, client, server);
  if (!open.error) throw new Error('handshake unexpectedly succeeded');
  return open.error;
}

/** rejectUnauthorized: false, then judged by peerVerificationError: the certificate stays readable. */
async function judged(name: FixtureName) {
  open = await handshake(name, { rejectUnauthorized: false });
  const error = peerVerificationError(open.socket!);
  if (!error) throw new Error('certificate unexpectedly verified');
  return describeTlsFailure(error, { host: '127.0.0.1', cert: open.socket!.getPeerCertificate() });
}

describe('certificate failures from a real handshake', () => {
  it('expired: names the end date', async () => {
    expect(await judged('expired')).toBe(
      'TLS: the certificate of 127.0.0.1 (CN=localhost, O=mailscope test) expired on 2021-01-01; use --insecure to connect anyway',
    );
    const error = await rejected('expired');
    expect(error.code).toBe('CERT_HAS_EXPIRED');
    expect(describeTlsFailure(error, { host: '127.0.0.1' })).toBe('TLS: the certificate of 127.0.0.1 expired; use --insecure to connect anyway');
  });

  it('wrong name: says which name was asked and which the certificate has', async () => {
    expect(await judged('wrong-name')).toBe(
      'TLS: the certificate does not name 127.0.0.1: it is for DNS:mail.example.org; connect by one of those names (or give it with --servername), or use --insecure',
    );
    const error = await rejected('wrong-name', { servername: 'localhost' });
    expect(describeTlsFailure(error, { host: '127.0.0.1', servername: 'localhost' })).toBe(
      'TLS: the certificate does not name localhost (--servername; connected to 127.0.0.1): it is for DNS:mail.example.org; give --servername one of those names, or use --insecure',
    );
  });

  it('self-signed: names the subject and suggests --ca or --insecure', async () => {
    expect(await judged('selfsigned')).toBe(
      'TLS: 127.0.0.1 presented a self-signed certificate (CN=localhost, O=mailscope test); use --ca FILE with that certificate to trust it, or --insecure to connect anyway',
    );
  });

  it('unknown issuer: a CA-signed certificate checked against the system store', async () => {
    const error = await rejected('server', { ca: undefined });
    expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(describeTlsFailure(error, { host: '127.0.0.1' })).toMatch(
      /^TLS: the certificate of 127\.0\.0\.1 was issued by an unknown CA .*use --ca FILE to trust its issuer, or --insecure to connect anyway$/,
    );
  });
});

describe('handshake failures from a real handshake', () => {
  it('a plaintext port', async () => {
    open = await plaintextHandshake();
    expect(describeTlsFailure(open.error!, { host: '127.0.0.1' })).toBe(
      'TLS handshake failed: 127.0.0.1 did not answer in TLS; this port probably speaks plain text first (use STARTTLS)',
    );
  });

  it('no TLS version in common', async () => {
    const error = await rejected('server', { minVersion: 'TLSv1.3' }, { maxVersion: 'TLSv1.2' });
    expect(describeTlsFailure(error, { host: '127.0.0.1' })).toBe(
      'TLS handshake failed: 127.0.0.1 refused the TLS version offered (tlsv1 alert protocol version)',
    );
  });
});

describe('describeTlsFailure without a handshake', () => {
  const cert = {
    subject: { O: 'Example', CN: 'imap.example.org' },
    issuer: { O: 'Example', CN: 'Example CA' },
    valid_from: 'Jan  1 00:00:00 2099 GMT',
    valid_to: 'Jan  1 00:00:00 2100 GMT',
    subjectaltname: 'DNS:imap.example.org',
  } as unknown as PeerCertificate;

  it('not yet valid: names the start date', () => {
    expect(describeTlsFailure(Object.assign(new Error('certificate is not yet valid'), { code: 'CERT_NOT_YET_VALID' }), { host: 'imap.example.org', cert })).toBe(
      "TLS: the certificate of imap.example.org (CN=imap.example.org, O=Example) is not valid yet (from 2099-01-01); check this computer's clock, or use --insecure to connect anyway",
    );
  });

  it('an unlisted verification code still names the certificate and the hints', () => {
    expect(describeTlsFailure(Object.assign(new Error('x'), { code: 'CERT_SIGNATURE_FAILURE' }), { host: 'h', cert })).toBe(
      'TLS: the certificate of h (CN=imap.example.org, O=Example) did not verify (CERT_SIGNATURE_FAILURE); use --ca FILE to trust its issuer, or --insecure to connect anyway',
    );
  });

  it('an unknown error keeps the first line of its message and its code', () => {
    expect(describeTlsFailure(Object.assign(new Error('boom\nstack'), { code: 'EWHATEVER' }), { host: 'h' })).toBe(
      'TLS handshake with h failed: boom (EWHATEVER)',
    );
  });

  it('tells certificate judgements from handshake failures', () => {
    expect(isCertificateFailure('CERT_HAS_EXPIRED')).toBe(true);
    expect(isCertificateFailure('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(true);
    expect(isCertificateFailure('CERT_SIGNATURE_FAILURE')).toBe(true);
    expect(isCertificateFailure('ERR_SSL_WRONG_VERSION_NUMBER')).toBe(false);
    expect(isCertificateFailure('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')).toBe(false);
  });
});
