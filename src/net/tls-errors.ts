// One line that names what went wrong in TLS and why, with the option that gets past it.
// Codes are OpenSSL's X509_V_ERR names as Node reports them (err.code or
// socket.authorizationError) plus Node's ERR_SSL_* / ERR_TLS_* codes.
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { parseAltNames } from './tls-info.js';

export interface TlsFailureContext {
  host: string;
  servername?: string;
  cert?: PeerCertificate;
}

/** Facts about the peer certificate the messages quote. */
interface Facts {
  name: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  altNames: string;
  detail: string;
  /** The name the certificate was checked against, and where it came from. */
  checkedName: string;
  renameHint: string;
}

const TRUST_HINT = 'use --ca FILE to trust its issuer, or --insecure to connect anyway';
const INSECURE_HINT = 'use --insecure to connect anyway';

/** Certificate verification failures (X509_V_ERR_* and Node's host name check). */
const CERTIFICATE_FAILURES: Record<string, (f: Facts) => string> = {
  CERT_HAS_EXPIRED: (f) => `the certificate of ${f.name}${f.subject} expired${f.validTo ? ` on ${f.validTo}` : ''}; ${INSECURE_HINT}`,
  CERT_NOT_YET_VALID: (f) =>
    `the certificate of ${f.name}${f.subject} is not valid yet${f.validFrom ? ` (from ${f.validFrom})` : ''}; check this computer's clock, or ${INSECURE_HINT}`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (f) =>
    `${f.name} presented a self-signed certificate${f.subject}; use --ca FILE with that certificate to trust it, or --insecure to connect anyway`,
  SELF_SIGNED_CERT_IN_CHAIN: (f) =>
    `the certificate chain of ${f.name}${f.subject} ends in an untrusted self-signed root${f.issuer}; ${TRUST_HINT}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (f) => `the certificate of ${f.name}${f.subject} was issued by an unknown CA${f.issuer}; ${TRUST_HINT}`,
  UNABLE_TO_GET_ISSUER_CERT: (f) => `the certificate of ${f.name}${f.subject} was issued by an unknown CA${f.issuer}; ${TRUST_HINT}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (f) =>
    `the certificate of ${f.name}${f.subject} was issued by an unknown CA${f.issuer} (or the server omits an intermediate); ${TRUST_HINT}`,
  // The name checked is --servername when given (the SNI name), else the host connected to.
  ERR_TLS_CERT_ALTNAME_INVALID: (f) =>
    `the certificate does not name ${f.checkedName}${f.altNames ? `: it is for ${f.altNames}; ${f.renameHint}, or use --insecure` : `; ${INSECURE_HINT}`}`,
  CERT_REVOKED: (f) => `the certificate of ${f.name}${f.subject} has been revoked; ${INSECURE_HINT}`,
};

/** Handshake failures before any certificate was judged. */
const HANDSHAKE_FAILURES: Record<string, (f: Facts) => string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: (f) =>
    `${f.name} did not answer in TLS; this port probably speaks plain text first (use STARTTLS)`,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: (f) =>
    `${f.name} did not answer in TLS; this port probably speaks plain text first (use STARTTLS)`,
  ERR_SSL_UNSUPPORTED_PROTOCOL: (f) => `${f.name} and mailscope share no TLS version${f.detail}`,
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: (f) => `${f.name} refused the TLS version offered${f.detail}`,
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: (f) => `no TLS version is enabled that ${f.name} accepts${f.detail}`,
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: (f) => `${f.name} refused the handshake (no cipher or TLS version in common)${f.detail}`,
  ERR_SSL_NO_SHARED_CIPHER: (f) => `${f.name} and mailscope share no cipher${f.detail}`,
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: (f) => `${f.name} requires a client certificate`,
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: (f) => `${f.name} rejected our client certificate`,
  ECONNRESET: (f) => `${f.name} closed the connection during the TLS handshake`,
};

/** ISO date, or '' when unknown (the phrase that quotes it is then left out). */
function formatDate(value: string | undefined): string {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : '';
}

/** PeerCertificate subject/issuer objects ({ O, CN }) shown most specific first. */
function formatName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  const parts = Object.entries(name).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`);
  return parts.reverse().join(', ');
}

/** "80AC…:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…" -> the reason. */
function opensslReason(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  return /SSL routines:[^:]*:([^:]+)/.exec(firstLine)?.[1] ?? firstLine;
}

type TlsError = Error & { code?: string; cert?: PeerCertificate };

function facts(err: TlsError, ctx: TlsFailureContext): Facts {
  // Node attaches the certificate to ERR_TLS_CERT_ALTNAME_INVALID errors (checkServerIdentity).
  const given = ctx.cert ?? err.cert;
  const cert = given && Object.keys(given).length ? given : undefined;
  const subject = formatName(cert?.subject);
  const issuer = formatName(cert?.issuer);
  const altNames = parseAltNames(cert?.subjectaltname);
  return {
    name: ctx.servername && ctx.servername !== ctx.host ? `${ctx.host} (as ${ctx.servername})` : ctx.host,
    subject: subject ? ` (${subject})` : '',
    issuer: issuer ? ` (${issuer})` : '',
    validFrom: formatDate(cert?.valid_from),
    validTo: formatDate(cert?.valid_to),
    altNames: altNames.length ? altNames.join(', ') : subject ? `${subject} only` : '',
    detail: err.message ? ` (${opensslReason(err.message)})` : '',
    checkedName: ctx.servername && ctx.servername !== ctx.host ? `${ctx.servername} (--servername; connected to ${ctx.host})` : ctx.host,
    renameHint: ctx.servername && ctx.servername !== ctx.host ? 'give --servername one of those names' : 'connect by one of those names (or give it with --servername)',
  };
}

export function describeTlsFailure(err: Error & { code?: string }, ctx: TlsFailureContext): string {
  const code = err.code ?? '';
  const f = facts(err, ctx);
  const certificate = CERTIFICATE_FAILURES[code];
  if (certificate) return `TLS: ${certificate(f)}`;
  const handshake = HANDSHAKE_FAILURES[code];
  if (handshake) return `TLS handshake failed: ${handshake(f)}`;
  if (/CERT|VERIFY|ISSUER/.test(code)) return `TLS: the certificate of ${f.name}${f.subject} did not verify (${code}); ${TRUST_HINT}`;
  return `TLS handshake with ${f.name} failed: ${opensslReason(err.message) || 'unknown error'}${code ? ` (${code})` : ''}`;
}

/** True when the code is a certificate judgement (TLS_CERT_INVALID) rather than a handshake failure. */
export function isCertificateFailure(code: string | undefined): boolean {
  return code !== undefined && (code in CERTIFICATE_FAILURES || (!(code in HANDSHAKE_FAILURES) && /CERT|VERIFY|ISSUER/.test(code)));
}

/**
 * After connecting with rejectUnauthorized: false (so the peer certificate stays readable —
 * Node returns null from getPeerCertificate() once it rejects), the verification result as
 * an error, or undefined when the peer verified. Pass it with socket.getPeerCertificate()
 * to describeTlsFailure.
 */
export function peerVerificationError(socket: TLSSocket): (Error & { code: string }) | undefined {
  if (socket.authorized) return undefined;
  const reason = socket.authorizationError;
  const code = reason instanceof Error ? (reason as Error & { code?: string }).code ?? reason.message : String(reason ?? 'UNKNOWN');
  return Object.assign(new Error(reason instanceof Error ? reason.message : code), { code });
}
