// Opening connections: plain TCP, implicit TLS (RFC 8314), and the in-band upgrade that
// STARTTLS (RFC 3501 section 6.2.1) and STLS (RFC 2595 section 4) start. Certificates are
// verified unless the user turns that off by name (--insecure); a failure is one line.
import net from 'node:net';
import tls from 'node:tls';
import { readTlsFiles } from './tls-files.js';
import { errnoText, MailscopeError } from '../errors.js';
import { describeTlsFailure, isCertificateFailure, peerVerificationError } from './tls-errors.js';

export interface TlsSettings {
  insecure: boolean;
  caFile?: string;
  servername?: string;
  certFile?: string;
  keyFile?: string;
  minVersion?: tls.SecureVersion;
}

export interface Endpoint {
  host: string;
  port: number;
}

export function connectPlain(ep: Endpoint, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new MailscopeError('CONNECT_TIMEOUT', `no connection to ${where(ep)} after ${timeoutMs / 1000}s (--timeout)`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new MailscopeError('CONNECT_FAILED', `cannot connect to ${where(ep)}: ${errnoText(err)}`, { cause: err }));
    });
  });
}

/**
 * Implicit TLS from the first byte (ports 993/995). The TCP connection is made first, as for
 * plain, so a refused or unreachable server says so ("TLS handshake ... failed: connect
 * ECONNREFUSED" was the message); the PEM files are checked before either.
 */
export async function connectTls(ep: Endpoint, settings: TlsSettings, timeoutMs: number): Promise<tls.TLSSocket> {
  const options = tlsOptions(ep, settings);
  const socket = await connectPlain(ep, timeoutMs);
  return handshake(ep, settings, timeoutMs, socket, options);
}

/** STARTTLS/STLS: the server said OK, now the same TCP connection becomes TLS. */
export function upgradeToTls(socket: net.Socket, ep: Endpoint, settings: TlsSettings, timeoutMs: number): Promise<tls.TLSSocket> {
  return handshake(ep, settings, timeoutMs, socket, tlsOptions(ep, settings));
}

function handshake(ep: Endpoint, settings: TlsSettings, timeoutMs: number, tcp: net.Socket, options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...options, socket: tcp, host: ep.host, port: ep.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new MailscopeError('CONNECT_TIMEOUT', `TLS handshake with ${where(ep)} did not finish after ${timeoutMs / 1000}s (--timeout)`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Verified here rather than by Node, so the message can still name the certificate.
      const failure = settings.insecure ? undefined : peerVerificationError(socket);
      if (failure) {
        const error = tlsError(failure, ep, settings, socket);
        socket.destroy();
        reject(error);
        return;
      }
      resolve(socket);
    });
    socket.once('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(tlsError(err, ep, settings, socket));
    });
  });
}

function tlsOptions(ep: Endpoint, settings: TlsSettings): tls.ConnectionOptions {
  const servername = settings.servername ?? (net.isIP(ep.host) ? undefined : ep.host);
  return {
    servername,
    // Checked in handshake() once the peer certificate is known (see peerVerificationError).
    rejectUnauthorized: false,
    ...readTlsFiles(settings),
    minVersion: settings.minVersion,
    // The peer name checked is the one the user asked for (--servername wins).
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(settings.servername ?? ep.host, cert),
  };
}

function tlsError(err: Error & { code?: string }, ep: Endpoint, settings: TlsSettings, socket: tls.TLSSocket): MailscopeError {
  if (err instanceof MailscopeError) return err;
  const cert = safePeerCertificate(socket);
  const message = describeTlsFailure(err, { host: ep.host, servername: settings.servername, cert });
  return new MailscopeError(isCertificateFailure(err.code ?? '') ? 'TLS_CERT_INVALID' : 'TLS_FAILED', message, { cause: err });
}

function safePeerCertificate(socket: tls.TLSSocket): tls.PeerCertificate | undefined {
  try {
    const cert = socket.getPeerCertificate(true);
    return cert && Object.keys(cert).length > 0 ? cert : undefined;
  } catch {
    return undefined;
  }
}

export function where(ep: Endpoint): string {
  return net.isIPv6(ep.host) ? `[${ep.host}]:${ep.port}` : `${ep.host}:${ep.port}`;
}

