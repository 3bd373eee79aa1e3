// XOAUTH2 (Google, https://developers.google.com/gmail/imap/xoauth2-protocol):
// `user=<user>^Aauth=Bearer <token>^A^A`. On a bad token the server sends a base64 JSON
// error as a challenge; the client answers with an empty response and gets NO.
import { MailscopeError } from '../../errors.js';
import { REDACTED, utf8, text } from './bytes.js';
import {
  DEMO_OAUTH_TOKEN, describeKvPairs, describeOauthChallenge, encodeKvPairs, encodeOauthError,
  maskKvPairs, parseKvPairs, tokenMatches,
} from './oauth.js';
import type { SaslMechanism, SaslServerStep } from './types.js';

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
    const expected = opts.xoauth2Token ?? DEMO_OAUTH_TOKEN;
    let answered = false;
    const verify = (bytes: Uint8Array): SaslServerStep => {
      if (answered) return { kind: 'failure', reason: 'unexpected message' };
      answered = true;
      const pairs = parseKvPairs(text(bytes));
      const user = pairs?.get('user');
      if (!pairs || !user) return { kind: 'failure', reason: 'malformed XOAUTH2 message' };
      if (!lookup(user) || !tokenMatches(pairs.get('auth'), expected)) {
        return { kind: 'failure', reason: 'invalid token', data: encodeOauthError(REFUSED) };
      }
      return { kind: 'success', user };
    };
    return {
      mechanism: 'XOAUTH2',
      start: (initial) => (initial === undefined ? { kind: 'challenge', data: new Uint8Array(0) } : verify(initial)),
      step: verify,
    };
  },
  inspectClient(bytes) {
    if (bytes.length === 0) return { describe: '(empty)', masked: new Uint8Array(0) };
    const pairs = parseKvPairs(text(bytes));
    if (!pairs) return { describe: '<malformed XOAUTH2 message, redacted>', masked: utf8(REDACTED) };
    return { describe: describeKvPairs(pairs), masked: utf8(encodeKvPairs(maskKvPairs(pairs))) };
  },
  describeServer: describeOauthChallenge,
};
