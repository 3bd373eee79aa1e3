// The PEM files of --ca, --cert and --key, read and checked before a handshake, so a wrong file
// says which flag and what is wrong with it. Left to OpenSSL, a file that is no PEM at all was
// "error:0480006C:PEM routines::no start line", a --ca file without a certificate was taken
// silently (and verification then failed for another reason), and --cert without --key sent
// no client certificate at all.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { MailscopeError, fileError } from '../errors.js';

export interface TlsFileNames {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
// PKCS #8 (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`) and the older `RSA` / `EC PRIVATE KEY`.
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/;

/** Reads and checks the files named; throws FILE_UNREADABLE or BAD_ARGUMENT naming the flag. */
export function readTlsFiles(names: TlsFileNames): TlsFiles {
  const files: TlsFiles = {};
  if (names.caFile) files.ca = pemFile(names.caFile, '--ca', CERTIFICATE, 'PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (names.certFile) files.cert = pemFile(names.certFile, '--cert', CERTIFICATE, 'PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (names.keyFile) files.key = pemFile(names.keyFile, '--key', PRIVATE_KEY, 'PEM private key (-----BEGIN PRIVATE KEY-----)');
  if (files.key && !files.cert) throw new MailscopeError('BAD_ARGUMENT', '--key needs --cert: the certificate that goes with the key');
  if (files.cert && !files.key) {
    // One file may hold both, as many tools write them.
    if (!PRIVATE_KEY.test(files.cert.toString('latin1'))) {
      throw new MailscopeError('BAD_ARGUMENT', `--cert needs --key: ${names.certFile} holds no private key`);
    }
    files.key = files.cert;
  }
  if (files.cert) checkPair(files, names);
  return files;
}

function pemFile(path: string, flag: string, block: RegExp, what: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw fileError('FILE_UNREADABLE', `${flag} file ${path}`, err);
  }
  if (!block.test(bytes.toString('latin1'))) throw new MailscopeError('BAD_ARGUMENT', `${flag} file ${path} holds no ${what}`);
  return bytes;
}

/** The key must be the certificate's (OpenSSL checks when the context is made). */
function checkPair(files: TlsFiles, names: TlsFileNames): void {
  try {
    tls.createSecureContext({ cert: files.cert, key: files.key });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const pair = names.keyFile ? `--key ${names.keyFile}` : `the key in ${names.certFile}`;
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      throw new MailscopeError('BAD_ARGUMENT', `${pair} is not the private key of --cert ${names.certFile}`);
    }
    throw new MailscopeError('BAD_ARGUMENT', `cannot use --cert ${names.certFile} with ${pair}: ${(err as Error).message}`);
  }
}
