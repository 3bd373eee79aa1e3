// Where a password or token comes from, safest first: an environment variable the user
// names (--password-env, --token-env), a token file, ~/.netrc (the curl convention), a masked
// prompt. A plain command-line argument only with --unsafe-password, which says what it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoText, MailscopeError } from '../errors.js';
import { netrcLookup } from '../net/netrc.js';

export interface CredentialOptions {
  user?: string;
  authzid?: string;
  auth?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  tokenFile?: string;
  unsafePassword?: string;
}

export interface Credentials {
  user?: string;
  password?: string;
  token?: string;
  /** Where the secret came from, for the display (never the secret). */
  source?: string;
}

export function readCredentials(opts: CredentialOptions, env: NodeJS.ProcessEnv, home: string, host: string): Credentials {
  const found: Credentials = { user: opts.user };
  if (opts.tokenEnv !== undefined) {
    found.token = envValue(env, opts.tokenEnv, '--token-env');
    found.source = `$${opts.tokenEnv}`;
  } else if (opts.tokenFile !== undefined) {
    found.token = readSecretFile(opts.tokenFile);
    found.source = opts.tokenFile;
  }
  if (opts.passwordEnv !== undefined) {
    found.password = envValue(env, opts.passwordEnv, '--password-env');
    found.source ??= `$${opts.passwordEnv}`;
  } else if (opts.unsafePassword !== undefined) {
    found.password = opts.unsafePassword;
    found.source ??= '--unsafe-password';
  } else {
    const fromNetrc = netrc(home, host, opts.user);
    if (fromNetrc?.password !== undefined) {
      found.user ??= fromNetrc.login;
      found.password = fromNetrc.password;
      found.source ??= '~/.netrc';
    }
  }
  return found;
}

function envValue(env: NodeJS.ProcessEnv, name: string, flag: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new MailscopeError('NO_SECRET', `${flag} ${name}: that environment variable is not set`);
  return value;
}

function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new MailscopeError('FILE_UNREADABLE', `cannot read --token-file ${path}: ${errnoText(err as NodeJS.ErrnoException)}`);
  }
}

function netrc(home: string, host: string, user?: string): { login?: string; password?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(join(home, '.netrc'), 'utf8');
  } catch {
    return undefined;
  }
  return netrcLookup(text, host, user);
}
