// What TLS gave us, for the :tls panel and the one-line summary at connect time.
// describeTls reads the socket once; the formatters are pure over the summary.
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';

export interface TlsCertificateInfo {
  subject: string;
  /** CN of the subject, for the one-line summary (undefined if the subject has none). */
  commonName?: string;
  issuer: string;
  issuerCommonName?: string;
  /** Subject alternative names, e.g. "DNS:localhost", "IP:::1". */
  altNames: string[];
  validFrom: Date;
  validTo: Date;
  /** Whole days until validTo, negative once expired. */
  daysLeft: number;
  fingerprint256: string;
  /** "RSA 2048", "EC P-256 (prime256v1)", "ED25519". */
  key: string;
  selfSigned: boolean;
}

export interface TlsSummary {
  protocol: string;
  cipher: string;
  /** "X25519", "ECDH prime256v1 256 bits" … (undefined when not reported, e.g. TLS 1.2 RSA). */
  keyExchange?: string;
  alpn?: string;
  servername?: string;
  /** Leaf first, then each issuer as the peer (and our trust store) supplied it. */
  chain: TlsCertificateInfo[];
  verified: boolean;
  /** "system store" or the --ca file. */
  verifiedAgainst: string;
  /** OpenSSL/Node reason when not verified (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
  authorizationError?: string;
  /**
   * The SNI name the certificate does not name, when not verified: Node reports only the
   * chain's failure then, and --insecure --servername WRONG would hide the name's.
   */
  nameMismatch?: string;
  clientCertRequested?: boolean;
}

export interface TlsTheme {
  dim(s: string): string;
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

const identity = (s: string) => s;
export const PLAIN_THEME: TlsTheme = { dim: identity, bold: identity, green: identity, red: identity, yellow: identity };

const DAY_MS = 86_400_000;
// A certificate this close to its end gets a yellow warning (Let's Encrypt renews at 30 days).
const EXPIRY_WARNING_DAYS = 30;

export function describeTls(
  socket: TLSSocket,
  opts: { verified: boolean; caFile?: string; clientCertRequested?: boolean; now?: Date },
): TlsSummary {
  const now = opts.now ?? new Date();
  const cipher = socket.getCipher();
  const summary: TlsSummary = {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: cipher.standardName || cipher.name,
    chain: peerChain(socket).map((cert) => certificateInfo(cert, now)),
    verified: opts.verified,
    verifiedAgainst: opts.caFile ?? 'system store',
  };
  const keyExchange = describeKeyExchange(socket.getEphemeralKeyInfo());
  if (keyExchange) summary.keyExchange = keyExchange;
  if (typeof socket.alpnProtocol === 'string') summary.alpn = socket.alpnProtocol;
  const servername = (socket as TLSSocket & { servername?: string | false }).servername;
  if (typeof servername === 'string' && servername) summary.servername = servername;
  if (!opts.verified && socket.authorizationError) summary.authorizationError = String(socket.authorizationError);
  if (!opts.verified && summary.servername && namesMismatch(socket, summary.servername)) summary.nameMismatch = summary.servername;
  if (opts.clientCertRequested !== undefined) summary.clientCertRequested = opts.clientCertRequested;
  return summary;
}

function namesMismatch(socket: TLSSocket, name: string): boolean {
  const cert = socket.getPeerCertificate();
  return Object.keys(cert).length > 0 && checkServerIdentity(name, cert) !== undefined;
}

/** Why a certificate did not verify, in words, for a connection kept by --insecure (the codes: tls-errors.ts). */
const UNVERIFIED_BECAUSE: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in an untrusted self-signed root',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'issued by an unknown CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issued by an unknown CA (or an intermediate is missing)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name the host',
  CERT_REVOKED: 'the certificate has been revoked',
};

/** `issued by an unknown CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE); it does not name wrong.example` */
function unverifiedReason(summary: TlsSummary): string {
  const code = summary.authorizationError;
  const parts = code ? [UNVERIFIED_BECAUSE[code] ? `${UNVERIFIED_BECAUSE[code]} (${code})` : code] : [];
  if (summary.nameMismatch && code !== 'ERR_TLS_CERT_ALTNAME_INVALID') parts.push(`it does not name ${summary.nameMismatch}`);
  return parts.join('; ');
}

/** getPeerCertificate(true) links each certificate to its issuer; the root links to itself. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<DetailedPeerCertificate>();
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert)) {
    seen.add(cert);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

export function certificateInfo(cert: X509Certificate, now: Date): TlsCertificateInfo {
  const validTo = new Date(cert.validTo);
  const commonName = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  const issuerCommonName = /^CN=(.*)$/m.exec(cert.issuer)?.[1];
  return {
    ...(commonName !== undefined ? { commonName } : {}),
    ...(issuerCommonName !== undefined ? { issuerCommonName } : {}),
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    altNames: parseAltNames(cert.subjectAltName),
    validFrom: new Date(cert.validFrom),
    validTo,
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    fingerprint256: cert.fingerprint256,
    key: describeKey(cert),
    selfSigned: cert.subject === cert.issuer && cert.checkIssued(cert),
  };
}

/** Node gives one RDN per line ("O=…\nCN=…"); shown most specific first, like browsers. */
export function distinguishedName(lines: string): string {
  return lines.split('\n').filter(Boolean).reverse().join(', ');
}

/**
 * Node's subjectAltName is "DNS:a, IP Address:1.2.3.4"; values with special characters
 * are JSON-quoted (Node ≥ 17). IPv6 is printed uncompressed, so compress it for display.
 */
export function parseAltNames(value: string | undefined): string[] {
  if (!value) return [];
  const names = value.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  return names.map((name) => name.trim()).filter(Boolean).map((name) => {
    const ip = /^IP Address:(.*)$/.exec(name);
    return ip ? `IP:${compressIp(ip[1]!)}` : name;
  });
}

function compressIp(address: string): string {
  if (!address.includes(':')) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

function describeKey(cert: X509Certificate): string {
  const key = cert.publicKey;
  const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  const details = key.asymmetricKeyDetails ?? {};
  if (details.modulusLength) return `${type} ${details.modulusLength}`;
  if (details.namedCurve) return `${type} ${details.namedCurve}${CURVE_BITS[details.namedCurve] ? ` ${CURVE_BITS[details.namedCurve]}` : ''}`;
  return type;
}

function describeKeyExchange(info: ReturnType<TLSSocket['getEphemeralKeyInfo']>): string | undefined {
  if (!info || typeof info !== 'object' || !('type' in info) || !info.type) return undefined;
  const { type, name, size } = info as { type: string; name?: string; size?: number };
  return name ? `${type} ${name}` : `${type} ${size ?? '?'} bits`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function validity(cert: TlsCertificateInfo, theme: TlsTheme): string {
  const range = `${isoDate(cert.validFrom)} .. ${isoDate(cert.validTo)}`;
  if (cert.daysLeft < 0) return `${range} ${theme.red(`(expired ${-cert.daysLeft} days ago)`)}`;
  const left = `(${cert.daysLeft} days left)`;
  return `${range} ${cert.daysLeft < EXPIRY_WARNING_DAYS ? theme.yellow(left) : theme.dim(left)}`;
}

function verification(summary: TlsSummary, theme: TlsTheme): string {
  if (summary.verified) return theme.green(`yes, against ${summary.verifiedAgainst}`);
  const reason = unverifiedReason(summary);
  const why = reason ? ` (${reason})` : '';
  return theme.red(`NO${why}, checked against ${summary.verifiedAgainst}; connection kept because of --insecure`);
}

function certificateLines(cert: TlsCertificateInfo, index: number, theme: TlsTheme): string[] {
  const label = (name: string) => theme.dim(`      ${name.padEnd(10)}`);
  return [
    `  [${index}] ${theme.bold(cert.subject)}${cert.selfSigned ? theme.dim(' (self-signed)') : ''}`,
    `${label('issuer')}${cert.issuer}`,
    ...(cert.altNames.length ? [`${label('names')}${cert.altNames.join(', ')}`] : []),
    `${label('valid')}${validity(cert, theme)}`,
    `${label('key')}${cert.key}`,
    ...fingerprintLines(cert.fingerprint256, label),
  ];
}

/** The SHA-256 fingerprint (32 bytes, 95 characters) as two rows of 16 bytes, to fit 80 columns. */
function fingerprintLines(fingerprint: string, label: (name: string) => string): string[] {
  const bytes = fingerprint.split(':');
  return [`${label('sha256')}${bytes.slice(0, 16).join(':')}:`, `${label('')}${bytes.slice(16).join(':')}`];
}

/** Multi-line panel for :tls. */
export function formatTlsPanel(summary: TlsSummary, theme: TlsTheme = PLAIN_THEME): string {
  const row = (name: string, value: string) => `${theme.dim(name.padEnd(14))}${value}`;
  const lines = [
    row('protocol', summary.protocol),
    row('cipher', summary.cipher),
    ...(summary.keyExchange ? [row('key exchange', summary.keyExchange)] : []),
    row('ALPN', summary.alpn ?? 'none'),
    row('SNI', summary.servername ?? 'not sent'),
    row('verified', verification(summary, theme)),
  ];
  if (summary.clientCertRequested !== undefined) {
    lines.push(row('client cert', summary.clientCertRequested ? 'requested by the server' : 'not requested'));
  }
  lines.push(row('chain', summary.chain.length ? `${summary.chain.length} certificate(s), leaf first` : 'none received'));
  summary.chain.forEach((cert, index) => lines.push(...certificateLines(cert, index, theme)));
  return lines.join('\n');
}

/** One line shown when the connection is made. */
export function formatTlsCompact(summary: TlsSummary, theme: TlsTheme = PLAIN_THEME): string {
  const leaf = summary.chain[0];
  const parts = [`${summary.protocol} ${summary.cipher}`];
  if (leaf) {
    const issuer = leaf.selfSigned ? 'itself' : leaf.issuerCommonName ?? leaf.issuer;
    parts.push(`${leaf.commonName ?? leaf.subject} issued by ${issuer}`);
    if (leaf.daysLeft < 0) parts.push(theme.red(`expired ${isoDate(leaf.validTo)}`));
    else {
      const expiry = `expires ${isoDate(leaf.validTo)} (${leaf.daysLeft} days)`;
      parts.push(leaf.daysLeft < EXPIRY_WARNING_DAYS ? theme.yellow(expiry) : expiry);
    }
  }
  parts.push(summary.verified ? theme.green(`verified (${summary.verifiedAgainst})`) : theme.red(`NOT verified${unverifiedReason(summary) ? `: ${unverifiedReason(summary)}` : ''}`));
  return `TLS: ${parts.join('; ')}`;
}
