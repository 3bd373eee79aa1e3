// Runs a whole exchange between a SASL client and server the way IMAP AUTHENTICATE does:
// optional initial response, challenges, and additional data on the final step sent as a
// '+' challenge that the client answers before OK/NO.
import type { SaslClient, SaslServer, SaslServerStep } from '../../src/protocol/sasl/index.js';

export interface Conversation {
  outcome: SaslServerStep;
  clientMessages: Uint8Array[];
  serverMessages: Uint8Array[];
}

export function converse(client: SaslClient, server: SaslServer, useInitialResponse = true): Conversation {
  const clientMessages: Uint8Array[] = [];
  const serverMessages: Uint8Array[] = [];
  const send = (bytes: Uint8Array) => (clientMessages.push(bytes), bytes);
  const initial = useInitialResponse ? client.initialResponse() : undefined;
  let step = server.start(initial === undefined ? undefined : send(initial));
  for (let rounds = 0; step.kind === 'challenge'; rounds++) {
    if (rounds > 5) throw new Error('too many rounds');
    serverMessages.push(step.data);
    step = server.step(send(client.respond(step.data)));
  }
  if (step.data) {
    serverMessages.push(step.data);
    send(client.respond(step.data));
  }
  if (step.kind === 'success') client.finish?.(undefined);
  return { outcome: step, clientMessages, serverMessages };
}
