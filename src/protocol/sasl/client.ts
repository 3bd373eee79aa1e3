// createSaslClient: a mechanism's steps plus the display of each step. The client remembers
// the messages it produced so describeStep('client', …) knows which step (user name or
// password for LOGIN) a message was; unknown bytes are described as a later step, which
// every mechanism masks. The last match wins, so a LOGIN password equal to the user name
// is still described as the (masked) password.
import { bytesEqual } from './bytes.js';
import { mechanismOrThrow } from './mechanisms.js';
import type { SaslClient, SaslClientOptions, SaslCredentials } from './types.js';

export function createSaslClient(mech: string, creds: SaslCredentials, opts: SaslClientOptions = {}): SaslClient {
  const mechanism = mechanismOrThrow(mech);
  const steps = mechanism.createClient(creds, opts);
  const sent: Uint8Array[] = [];
  const record = (bytes: Uint8Array): Uint8Array => {
    sent.push(bytes);
    return bytes;
  };
  const stepOf = (bytes: Uint8Array): number => {
    for (let i = sent.length - 1; i >= 0; i--) if (bytesEqual(sent[i]!, bytes)) return i;
    return Math.max(sent.length, 1);
  };
  const client: SaslClient = {
    mechanism: mechanism.name,
    initialResponse() {
      const initial = steps.initialResponse();
      return initial === undefined ? undefined : record(initial);
    },
    respond: (challenge) => record(steps.respond(challenge)),
    describeStep(direction, bytes) {
      if (direction === 'server') return mechanism.describeServer(bytes);
      return mechanism.inspectClient(bytes, stepOf(bytes)).describe;
    },
  };
  if (steps.finish) client.finish = steps.finish;
  return client;
}
