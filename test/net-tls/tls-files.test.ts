// --ca, --cert and --key checked before the handshake: a wrong file names its flag and what is
// wrong with it, instead of OpenSSL's "PEM routines::no start line" or nothing at all.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTlsFiles } from '../../src/net/tls-files.js';
import { tempDirs } from '../support/temp.js';
import { runCli } from '../support/cli-harness.js';

const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url).pathname;
const dir = tempDirs()('mailscope-tls-files-');
const NOT_PEM = join(dir, 'notes.txt');
writeFileSync(NOT_PEM, 'just some text\n');

describe('readTlsFiles', () => {
  it('takes a CA, and a certificate with its key', () => {
    const files = readTlsFiles({ caFile: fixture('ca-cert.pem'), certFile: fixture('client-cert.pem'), keyFile: fixture('client-key.pem') });
    expect(files.ca).toEqual(readFileSync(fixture('ca-cert.pem')));
    expect(files.key).toEqual(readFileSync(fixture('client-key.pem')));
  });

  it('takes a certificate and key in one file', () => {
    const both = join(dir, 'both.pem');
    writeFileSync(both, Buffer.concat([readFileSync(fixture('client-cert.pem')), readFileSync(fixture('client-key.pem'))]));
    const files = readTlsFiles({ certFile: both });
    expect(files.key).toBe(files.cert);
  });

  it.each([
    ['a --ca file with no certificate', { caFile: NOT_PEM }, `--ca file ${NOT_PEM} holds no PEM certificate`],
    ['a --cert file with no certificate', { certFile: NOT_PEM, keyFile: fixture('client-key.pem') }, `--cert file ${NOT_PEM} holds no PEM certificate`],
    ['a --key file with no key', { certFile: fixture('client-cert.pem'), keyFile: fixture('client-cert.pem') }, `--key file ${fixture('client-cert.pem')} holds no PEM private key`],
    ['--cert without --key', { certFile: fixture('client-cert.pem') }, `--cert needs --key: ${fixture('client-cert.pem')} holds no private key`],
    ['--key without --cert', { keyFile: fixture('client-key.pem') }, '--key needs --cert: the certificate that goes with the key'],
    ['a key that is not the certificate\'s', { certFile: fixture('client-cert.pem'), keyFile: fixture('server-key.pem') }, `--key ${fixture('server-key.pem')} is not the private key of --cert ${fixture('client-cert.pem')}`],
    ['a file that is not there', { caFile: join(dir, 'missing.pem') }, `cannot read --ca file ${join(dir, 'missing.pem')}: no such file or directory`],
  ])('%s is one line naming it', (_name, names, message) => {
    expect(() => readTlsFiles(names)).toThrow(message);
  });
});

describe('on the command line', () => {
  it('a wrong --cert ends the run before connecting: one line, exit 2', async () => {
    const run = runCli(['127.0.0.1:1', '--imap', '--tls', '--cert', NOT_PEM, '--key', fixture('client-key.pem'), '-c', 'noop']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(`mailscope: --cert file ${NOT_PEM} holds no PEM certificate (-----BEGIN CERTIFICATE-----)\n`);
  });
});
