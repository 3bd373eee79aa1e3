// CRAM-MD5 (RFC 2195): the server sends a msg-id style challenge; the client answers
// `user SP hex(HMAC-MD5(password, challenge))`.
import { randomBytes } from 'node:crypto';
import { MailscopeError } from '../../errors.js';
import { REDACTED, describeText, hmac, quote, sameText, text, utf8 } from './bytes.js';
import type { InspectedResponse, SaslMechanism } from './types.js';

export function cramMd5Digest(password: string, challenge: Uint8Array): string {
  return hmac('md5', utf8(password), challenge).toString('hex');
}

function parse(bytes: Uint8Array): { user: string; digest: string } | undefined {
  const message = text(bytes);
  const space = message.lastIndexOf(' ');
  if (space < 0) return undefined;
  return { user: message.slice(0, space), digest: message.slice(space + 1) };
}

function inspectClient(bytes: Uint8Array): InspectedResponse {
  const message = parse(bytes);
  if (!message) return { describe: '<malformed CRAM-MD5 response, redacted>', masked: utf8(REDACTED) };
  return {
    describe: `username=${quote(message.user)} digest=<redacted>`,
    masked: utf8(`${message.user} ${REDACTED}`),
  };
}

export const cramMd5: SaslMechanism = {
  name: 'CRAM-MD5',
  needs: 'password',
  createClient(creds) {
    const password = creds.password;
    if (password === undefined) throw new MailscopeError('NO_SECRET', 'CRAM-MD5 needs a password');
    return {
      initialResponse: () => undefined,
      respond: (challenge) => utf8(`${creds.user} ${cramMd5Digest(password, challenge)}`),
    };
  },
  createServer(lookup, opts) {
    const nonce = opts.nonce?.() ?? randomBytes(12).toString('hex');
    const challenge = utf8(`<${nonce}@${opts.hostname ?? 'localhost'}>`);
    return {
      mechanism: 'CRAM-MD5',
      start: () => ({ kind: 'challenge', data: challenge }),
      step(response) {
        const message = parse(response);
        const account = message && lookup(message.user);
        if (!message || !account || !sameText(cramMd5Digest(account.password, challenge), message.digest.toLowerCase())) {
          return { kind: 'failure', reason: 'invalid credentials' };
        }
        return { kind: 'success', user: message.user };
      },
    };
  },
  inspectClient,
  describeServer: describeText,
};
