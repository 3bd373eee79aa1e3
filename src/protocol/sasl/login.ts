// LOGIN (draft-murchison-sasl-login): the server prompts "Username:" then "Password:".
// §2 of the draft: clients answer by position and ignore the prompt text (servers vary:
// Exchange, Domino and others word it differently).
import { MailscopeError } from '../../errors.js';
import { REDACTED, describeText, quote, sameText, text, utf8 } from './bytes.js';
import type { SaslMechanism, SaslServerStep } from './types.js';

const PROMPTS = { user: 'Username:', password: 'Password:' } as const;

export const login: SaslMechanism = {
  name: 'LOGIN',
  needs: 'password',
  createClient(creds) {
    const password = creds.password;
    if (password === undefined) throw new MailscopeError('NO_SECRET', 'LOGIN needs a password');
    const answers = [utf8(creds.user), utf8(password)];
    let next = 0;
    return {
      initialResponse: () => undefined,
      respond() {
        const answer = answers[Math.min(next, answers.length - 1)]!;
        next++;
        return answer;
      },
    };
  },
  createServer(lookup) {
    let user: string | undefined;
    const askPassword = (bytes: Uint8Array): SaslServerStep => {
      user = text(bytes);
      return { kind: 'challenge', data: utf8(PROMPTS.password) };
    };
    return {
      mechanism: 'LOGIN',
      start: (initial) =>
        initial === undefined ? { kind: 'challenge', data: utf8(PROMPTS.user) } : askPassword(initial),
      step(response) {
        if (user === undefined) return askPassword(response);
        const account = lookup(user);
        if (!account || !sameText(account.password, text(response))) {
          return { kind: 'failure', reason: 'invalid credentials' };
        }
        return { kind: 'success', user };
      },
    };
  },
  // Step 0 is the user name; every later message is treated as the password.
  inspectClient(bytes, step) {
    if (step === 0) return { describe: `username=${quote(text(bytes))}`, masked: Uint8Array.from(bytes) };
    return { describe: 'password=<redacted>', masked: utf8(REDACTED) };
  },
  describeServer: describeText,
};
