// XOAUTH2 (Google, https://developers.google.com/gmail/imap/xoauth2-protocol):
// `user=<user>^Aauth=Bearer <token>^A^A`. On a bad token the server sends a base64 JSON
// error as a challenge; the client answers with an empty response and gets NO.
import { MailscopeError } from '../../errors.js';
import { REDACTED, utf8, text } from './bytes.js';
import {
  DEMO_OAUTH_TOKEN, bearerServer, describeKvPairs, describeOauthChallenge, encodeKvPairs,
  maskKvPairs, parseKvPairs,
} from './oauth.js';
import type { SaslMechanism } from './types.js';

// What Gmail sends for a refused token (Google's XOAUTH2 documentation).
const REFUSED = { status: '401', schemes: 'Bearer', scope: 'https://mail.google.com/' };

export const xoauth2: SaslMechanism = {
  name: 'XOAUTH2',
  needs: 'token',
  createClient(creds) {
    if (creds.token === undefined) throw new MailscopeError('NO_SECRET', 'XOAUTH2 needs a token');
    const message = utf8(encodeKvPairs(new Map([['user', creds.user], ['auth', `Bearer ${creds.token}`]])));
    return {
      initialResponse: () => message,
      // An empty challenge (no SASL-IR) asks for the message; a non-empty one is the JSON
      // error, whatever the caller did with initialResponse().
      respond: (challenge) => (challenge.length === 0 ? message : new Uint8Array(0)),
    };
  },
  createServer(lookup, opts) {
    const read = (message: string) => {
      const pairs = parseKvPairs(message);
      const user = pairs?.get('user');
      return pairs && user ? { user, auth: pairs.get('auth') } : undefined;
    };
    return bearerServer('XOAUTH2', lookup, opts.xoauth2Token ?? DEMO_OAUTH_TOKEN, read, REFUSED);
  },
  inspectClient(bytes) {
    if (bytes.length === 0) return { describe: '(empty)', masked: new Uint8Array(0) };
    const pairs = parseKvPairs(text(bytes));
    if (!pairs) return { describe: '<malformed XOAUTH2 message, redacted>', masked: utf8(REDACTED) };
    return { describe: describeKvPairs(pairs), masked: utf8(encodeKvPairs(maskKvPairs(pairs))) };
  },
  describeServer: describeOauthChallenge,
};
