// EXTERNAL (RFC 4422 appendix A): identity comes from outside SASL (the TLS client
// certificate); the only message is the authzid, empty to mean "the certificate's identity".
import { describeText, quote, text } from './bytes.js';
import type { SaslMechanism } from './types.js';

export const external: SaslMechanism = {
  name: 'EXTERNAL',
  needs: 'clientCert',
  createClient(creds) {
    const message = Buffer.from(creds.authzid ?? '', 'utf8');
    return { initialResponse: () => message, respond: () => message };
  },
  inspectClient: (bytes) => ({ describe: `authzid=${quote(text(bytes))}`, masked: Uint8Array.from(bytes) }),
  describeServer: describeText,
};
