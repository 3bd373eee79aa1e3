// PLAIN (RFC 4616): one message `[authzid] NUL authcid NUL passwd`, sent as the initial
// response or after an empty challenge.
import { MailscopeError } from '../../errors.js';
import { REDACTED, describeText, quote, sameText, text, utf8 } from './bytes.js';
import type { InspectedResponse, SaslMechanism, SaslServerStep } from './types.js';

function parse(bytes: Uint8Array): { authzid: string; authcid: string; passwd: string } | undefined {
  const parts = text(bytes).split('\0');
  if (parts.length !== 3) return undefined;
  const [authzid, authcid, passwd] = parts as [string, string, string];
  return { authzid, authcid, passwd };
}

function inspectClient(bytes: Uint8Array): InspectedResponse {
  const message = parse(bytes);
  if (!message) return { describe: `<malformed PLAIN message, redacted>`, masked: utf8(REDACTED) };
  return {
    describe: `authzid=${quote(message.authzid)} authcid=${quote(message.authcid)} passwd=<redacted>`,
    masked: utf8(`${message.authzid}\0${message.authcid}\0${REDACTED}`),
  };
}

export const plain: SaslMechanism = {
  name: 'PLAIN',
  needs: 'password',
  createClient(creds) {
    if (creds.password === undefined) throw new MailscopeError('NO_SECRET', 'PLAIN needs a password');
    const message = utf8(`${creds.authzid ?? ''}\0${creds.user}\0${creds.password}`);
    return { initialResponse: () => message, respond: () => message };
  },
  createServer(lookup) {
    const verify = (bytes: Uint8Array): SaslServerStep => {
      const message = parse(bytes);
      if (!message) return { kind: 'failure', reason: 'malformed PLAIN message' };
      const account = lookup(message.authcid);
      if (!account || !sameText(account.password, message.passwd)) {
        return { kind: 'failure', reason: 'invalid credentials' };
      }
      // RFC 4616 §2: the server decides whether authcid may act as authzid; the demo allows only self.
      if (message.authzid !== '' && message.authzid !== message.authcid) {
        return { kind: 'failure', reason: `${message.authcid} may not act as ${message.authzid}` };
      }
      return { kind: 'success', user: message.authcid };
    };
    return {
      mechanism: 'PLAIN',
      start: (initial) => (initial === undefined ? { kind: 'challenge', data: new Uint8Array(0) } : verify(initial)),
      step: verify,
    };
  },
  inspectClient,
  describeServer: describeText,
};
