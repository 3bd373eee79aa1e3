// The capability list the demo server announces (RFC 3501 7.2.1). Every name is looked up
// in the registry, so the server never announces what mailscope cannot explain; the list
// depends on the state (RFC 3501 6.2.1: STARTTLS and AUTH= only before login).

import { capability } from '../../registry/index.js';
import { SERVER_MECHANISMS } from '../../protocol/sasl/index.js';
import type { ImapContext } from './context.js';
import { APPENDLIMIT_CAPABILITY } from './commands/appendlimit.js';

/** Extensions the handlers implement, in the order announced. */
export const IMPLEMENTED_CAPABILITIES = [
  // RFC 9051 Appendix A: both revisions; a client turns IMAP4rev2 on with ENABLE (rev2.ts).
  'IMAP4rev1', 'IMAP4rev2', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE', 'IDLE', 'NAMESPACE', 'UIDPLUS', 'CHILDREN',
  'UNSELECT', 'MOVE', 'SPECIAL-USE', 'ACL', 'RIGHTS=texk',
  'QUOTA', 'QUOTA=RES-STORAGE', 'CONDSTORE', 'QRESYNC',
  // RFC 5464 1: METADATA is server and mailbox annotations (METADATA-SERVER would be server only).
  'METADATA',
  'SORT', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES', 'ESORT',
  'ESEARCH', 'SEARCHRES', 'PARTIAL', 'WITHIN',
  // RFC 5267 4: SEARCH results kept up to date (context-search.ts); not CONTEXT=SORT.
  'CONTEXT=SEARCH',
  'OBJECTID', 'SAVEDATE',
  'LIST-EXTENDED', 'LIST-STATUS', 'STATUS=SIZE',
  'BINARY', 'MULTIAPPEND', 'PREVIEW',
  // RFC 5465: changes pushed between commands, for the selected mailbox and others (notify-session.ts).
  'NOTIFY',
  // RFC 7889 2: "may also advertise this extension before the user has logged in".
  APPENDLIMIT_CAPABILITY,
] as const;

/** Mechanisms the SASL layer can serve and the registry knows as AUTH=<name>. */
export const SASL_MECHANISMS_OFFERED: string[] = SERVER_MECHANISMS.filter((m) => capability(`AUTH=${m}`)?.mechanism);

/** Keeps only names the registry knows (a test asserts none is dropped). */
export function announced(names: string[]): string[] {
  return names.filter((n) => capability(n) !== undefined);
}

export function capabilitiesFor(ctx: Pick<ImapContext, 'state' | 'tls' | 'config'>): string[] {
  const names: string[] = [...IMPLEMENTED_CAPABILITIES];
  // RFC 4978 3: COMPRESS only once authenticated, as Dovecot announces it.
  if (ctx.state !== 'not-authenticated') names.push('COMPRESS=DEFLATE');
  if (ctx.state === 'not-authenticated') {
    if (ctx.config.startTlsAvailable && !ctx.tls) names.push('STARTTLS');
    if (ctx.config.loginDisabledBeforeTls && !ctx.tls) names.push('LOGINDISABLED');
    else names.push(...ctx.config.saslMechanisms.map((m) => `AUTH=${m}`));
  }
  return announced(names);
}
