// OAUTHBEARER (RFC 7628): gs2 header with the user as authzid, then kvpairs host, port and
// auth=Bearer <token> (§3.1). On a refused token the server sends a JSON error challenge
// and the client must answer with a single ^A (§3.2.3) before the server fails.
import { MailscopeError } from '../../errors.js';
import { REDACTED, quote, text, utf8 } from './bytes.js';
import {
  DEMO_OAUTH_TOKEN, KVSEP, bearerServer, describeKvPairs, describeOauthChallenge, encodeKvPairs,
  maskKvPairs, parseKvPairs,
} from './oauth.js';
import { escapeSaslName, unescapeSaslName } from './scram.js';
import type { InspectedResponse, SaslMechanism } from './types.js';

function parse(message: string): { header: string; authzid: string; pairs: Map<string, string> } | undefined {
  const match = /^(n,(?:a=([^,]*))?,)(.*)$/s.exec(message);
  const pairs = match && parseKvPairs(match[3]!.startsWith(KVSEP) ? match[3]!.slice(1) : '');
  if (!match || !pairs) return undefined;
  return { header: match[1]!, authzid: unescapeSaslName(match[2] ?? ''), pairs };
}

function inspectClient(bytes: Uint8Array): InspectedResponse {
  const message = text(bytes);
  if (message === KVSEP) return { describe: '^A (acknowledges the error)', masked: Uint8Array.from(bytes) };
  const parsed = parse(message);
  if (!parsed) return { describe: '<malformed OAUTHBEARER message, redacted>', masked: utf8(REDACTED) };
  return {
    describe: `authzid=${quote(parsed.authzid)} ${describeKvPairs(parsed.pairs)}`,
    masked: utf8(parsed.header + KVSEP + encodeKvPairs(maskKvPairs(parsed.pairs))),
  };
}

export const oauthbearer: SaslMechanism = {
  name: 'OAUTHBEARER',
  needs: 'token',
  createClient(creds) {
    if (creds.token === undefined) throw new MailscopeError('NO_SECRET', 'OAUTHBEARER needs a token');
    const pairs = new Map<string, string>();
    if (creds.host !== undefined) pairs.set('host', creds.host);
    if (creds.port !== undefined) pairs.set('port', String(creds.port));
    pairs.set('auth', `Bearer ${creds.token}`);
    const message = utf8(`n,a=${escapeSaslName(creds.authzid || creds.user)},${KVSEP}${encodeKvPairs(pairs)}`);
    return {
      initialResponse: () => message,
      // An empty challenge (no SASL-IR) asks for the message; a non-empty one is the JSON
      // error, whatever the caller did with initialResponse().
      respond: (challenge) => (challenge.length === 0 ? message : utf8(KVSEP)),
    };
  },
  createServer(lookup, opts) {
    const read = (message: string) => {
      const parsed = parse(message);
      return parsed?.authzid ? { user: parsed.authzid, auth: parsed.pairs.get('auth') } : undefined;
    };
    return bearerServer('OAUTHBEARER', lookup, opts.xoauth2Token ?? DEMO_OAUTH_TOKEN, read, { status: 'invalid_token' });
  },
  inspectClient,
  describeServer: describeOauthChallenge,
};
