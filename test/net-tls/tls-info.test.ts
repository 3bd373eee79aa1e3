// The :tls panel and connect-time line, from a real loopback handshake with the fixture
// certificates (test/fixtures/tls, see make.sh). `now` is fixed so "days left" is stable;
// cipher suite and group are pinned so the golden text does not depend on OpenSSL defaults.
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTls, formatTlsCompact, formatTlsPanel, parseAltNames, type TlsTheme } from '../../src/net/tls-info.js';
import { fixture, handshake, type Handshake } from './loopback.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const CA_LABEL = 'test/fixtures/tls/ca-cert.pem';
const PINNED = { ciphersuites: 'TLS_AES_256_GCM_SHA384', ecdhCurve: 'X25519' };
const fingerprint = (name: string) => new X509Certificate(fixture(name)).fingerprint256;
/** The panel shows the 32-byte fingerprint as two lines of 16 bytes. */
const fingerprintRows = (name: string) => {
  const bytes = fingerprint(name).split(':');
  return `      sha256    ${bytes.slice(0, 16).join(':')}:\n                ${bytes.slice(16).join(':')}`;
};
const TAGS: TlsTheme = {
  dim: (s) => s, bold: (s) => s,
  green: (s) => `<green>${s}</green>`, red: (s) => `<red>${s}</red>`, yellow: (s) => `<yellow>${s}</yellow>`,
};

let open: Handshake | undefined;
afterEach(async () => { await open?.close(); open = undefined; });

async function connect(name: 'server' | 'expired' | 'selfsigned', insecure = false) {
  open = await handshake(name, { servername: 'localhost', rejectUnauthorized: !insecure }, PINNED);
  if (!open.socket) throw open.error;
  return open.socket;
}

describe('formatTlsPanel', () => {
  it('shows protocol, cipher, verification and the whole chain (golden)', async () => {
    const socket = await connect('server');
    const panel = formatTlsPanel(describeTls(socket, { verified: socket.authorized, caFile: CA_LABEL, clientCertRequested: false, now: NOW }));
    expect(panel).toBe([
      'protocol      TLSv1.3',
      'cipher        TLS_AES_256_GCM_SHA384',
      'key exchange  ECDH X25519',
      'ALPN          none',
      'SNI           localhost',
      'verified      yes, against test/fixtures/tls/ca-cert.pem',
      'client cert   not requested',
      'chain         2 certificate(s), leaf first',
      '  [0] CN=localhost, O=mailscope test',
      '      issuer    CN=mailscope test CA, O=mailscope test',
      '      names     DNS:localhost, IP:127.0.0.1, IP:::1',
      '      valid     2020-01-01 .. 2120-01-01 (34332 days left)',
      '      key       RSA 2048',
      fingerprintRows('server-cert.pem'),
      '  [1] CN=mailscope test CA, O=mailscope test (self-signed)',
      '      issuer    CN=mailscope test CA, O=mailscope test',
      '      valid     2020-01-01 .. 2120-01-01 (34332 days left)',
      '      key       RSA 2048',
      fingerprintRows('ca-cert.pem'),
    ].join('\n'));
  });

  it('says "system store" when no CA file was given, and ALPN when negotiated', async () => {
    open = await handshake('server', { servername: 'localhost', ALPNProtocols: ['imap'] }, { ...PINNED, ALPNProtocols: ['imap'] });
    const panel = formatTlsPanel(describeTls(open.socket!, { verified: true, now: NOW }));
    expect(panel).toContain('verified      yes, against system store');
    expect(panel).toContain('ALPN          imap');
  });

  it('marks an unverified connection and an expired certificate in red', async () => {
    const socket = await connect('expired', true);
    const summary = describeTls(socket, { verified: socket.authorized, caFile: CA_LABEL, now: NOW });
    expect(summary.authorizationError).toBe('CERT_HAS_EXPIRED');
    expect(summary.chain[0]!.daysLeft).toBe(-1826);
    const panel = formatTlsPanel(summary, TAGS);
    expect(panel).toContain('verified      <red>NO (the certificate has expired (CERT_HAS_EXPIRED)), checked against test/fixtures/tls/ca-cert.pem; connection kept because of --insecure</red>');
    expect(panel).toContain('valid     2020-01-01 .. 2021-01-01 <red>(expired 1826 days ago)</red>');
  });

  it('warns in yellow when fewer than 30 days are left', async () => {
    const socket = await connect('server');
    const summary = describeTls(socket, { verified: true, now: new Date('2119-12-15T00:00:00Z') });
    expect(formatTlsPanel(summary, TAGS)).toContain('<yellow>(17 days left)</yellow>');
  });
});

describe('formatTlsCompact', () => {
  it('is one line naming protocol, cipher, subject, issuer, expiry and trust', async () => {
    const socket = await connect('server');
    const line = formatTlsCompact(describeTls(socket, { verified: true, caFile: CA_LABEL, now: NOW }));
    expect(line).toBe('TLS: TLSv1.3 TLS_AES_256_GCM_SHA384; localhost issued by mailscope test CA; expires 2120-01-01 (34332 days); verified (test/fixtures/tls/ca-cert.pem)');
  });

  it('names a self-signed certificate and the verification error', async () => {
    const socket = await connect('selfsigned', true);
    const line = formatTlsCompact(describeTls(socket, { verified: socket.authorized, now: NOW }), TAGS);
    expect(line).toBe('TLS: TLSv1.3 TLS_AES_256_GCM_SHA384; localhost issued by itself; expires 2120-01-01 (34332 days); <red>NOT verified: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)</red>');
  });

  it('names a wrong --servername too, which Node hides behind the chain\'s failure', async () => {
    open = await handshake('selfsigned', { servername: 'wrong.example.com', rejectUnauthorized: false }, PINNED);
    const socket = open.socket!;
    expect(socket.authorizationError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    const line = formatTlsCompact(describeTls(socket, { verified: false, now: NOW }));
    expect(line).toMatch(/NOT verified: the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\); it does not name wrong\.example\.com$/);
  });
});

describe('parseAltNames', () => {
  it.each([
    [undefined, []],
    ['DNS:a.example, IP Address:10.0.0.1', ['DNS:a.example', 'IP:10.0.0.1']],
    ['IP Address:2001:DB8:0:0:0:0:0:1', ['IP:2001:db8::1']],
    ['DNS:x, email:"a, b"@example.org', ['DNS:x', 'email:"a, b"@example.org']],
  ])('%s', (input, expected) => {
    expect(parseAltNames(input)).toEqual(expected);
  });
});
