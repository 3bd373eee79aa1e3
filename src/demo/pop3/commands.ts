// POP3 commands (RFC 1939 sections 5-7, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH), one
// entry each. Which state a command is valid in is the registry's fact; the connection
// (pop3-server.ts) checks it before calling an entry.

import { apopDigest } from '../../protocol/sasl/index.js';
import type { Pop3Connection } from '../pop3-server.js';
import type { StoredMessage } from '../store/mailbox.js';
import { topOf } from './maildrop.js';

export interface Reply { ok: boolean; text: string; code?: string; body?: Uint8Array; after?: () => Promise<void> | void }

export const ok = (text: string, body?: Uint8Array): Reply => ({ ok: true, text, body });
export const err = (text: string, code?: string): Reply => ({ ok: false, text, code });

type Command = (c: Pop3Connection, args: string[], rest: string) => Reply | Promise<Reply>;

interface Target { n: number; m: StoredMessage }

/** A message-number argument (RFC 1939 5): names a message not marked deleted, or -ERR. */
function message(c: Pop3Connection, arg: string | undefined): Target | Reply {
  if (!arg) return err('a message number is required');
  // Messages are numbered from 1 (RFC 1939 4): 0 or a non-number names no message.
  if (!/^[1-9][0-9]{0,9}$/.test(arg)) return err(`no such message ${arg} (messages are numbered from 1)`);
  const n = Number(arg);
  const m = c.drop!.get(n);
  if (!m) return err(c.drop!.messages[n - 1] ? `message ${n} already deleted` : `no such message ${n}`);
  return { n, m };
}

const isReply = (t: Target | Reply): t is Reply => 'ok' in t;

export const COMMANDS: Readonly<Record<string, Command>> = {
  CAPA: (c) => ok('Capability list follows', lines(c.capabilities())),
  QUIT: (c) => {
    let text = 'Bye-bye.';
    if (c.state === 'transaction') {
      // RFC 1939 6: the UPDATE state; deletions happen only here.
      c.drop!.commit();
      text = `Bye-bye. ${c.drop!.deleted.size} message(s) deleted.`;
    }
    return { ...ok(text), after: () => c.close() };
  },
  USER: (c, args) => {
    if (args.length !== 1) return err('USER takes one name');
    c.pendingUser = args[0];
    return ok('Password required.');
  },
  // RFC 1939 7: the password is the rest of the line, spaces included.
  PASS: (c, _args, rest) => {
    const user = c.pendingUser;
    c.pendingUser = undefined;
    if (user === undefined) return err('USER first');
    return c.login(c.store.authenticate(user, rest));
  },
  APOP: (c, args) => {
    if (args.length !== 2) return err('APOP takes a name and a digest');
    const account = c.store.account(args[0]);
    const good = account && apopDigest(c.timestamp, account.password) === args[1].toLowerCase();
    return c.login(good ? account : undefined);
  },
  AUTH: (c, args) => c.authenticate(args),
  STLS: (c) => {
    if (c.tls || !c.opts.secureContext) return err('TLS is already active or not available');
    return { ...ok('Begin TLS negotiation'), after: () => c.startTls() };
  },
  STAT: (c) => {
    const live = c.drop!.live();
    return ok(`${live.length} ${live.reduce((sum, { message: m }) => sum + m.raw.length, 0)}`);
  },
  LIST: (c, args) => listing(c, args, (m) => String(m.raw.length)),
  UIDL: (c, args) => listing(c, args, (m) => c.drop!.uniqueId(m)),
  RETR: (c, args) => {
    const r = message(c, args[0]);
    if (isReply(r)) return r;
    return ok(`${r.m.raw.length} octets`, r.m.raw);
  },
  TOP: (c, args) => {
    const r = message(c, args[0]);
    if (isReply(r)) return r;
    if (!args[1] || !/^[0-9]{1,9}$/.test(args[1])) return err('TOP needs a message number and a line count');
    return ok('top of message follows', topOf(r.m.raw, Number(args[1])));
  },
  DELE: (c, args) => {
    const r = message(c, args[0]);
    if (isReply(r)) return r;
    c.drop!.deleted.add(r.n);
    return ok(`message ${r.n} deleted`);
  },
  NOOP: () => ok(''),
  RSET: (c) => {
    c.drop!.deleted.clear();
    return ok(`maildrop has ${c.drop!.messages.length} messages`);
  },
};

export function lines(items: string[]): Uint8Array {
  return Buffer.from(items.map((l) => `${l}\r\n`).join(''), 'latin1');
}

/** LIST and UIDL: one message, or a multi-line scan listing (RFC 1939 5, 7). */
function listing(c: Pop3Connection, args: string[], value: (m: StoredMessage) => string): Reply {
  if (args.length > 0) {
    const r = message(c, args[0]);
    if (isReply(r)) return r;
    return ok(`${r.n} ${value(r.m)}`);
  }
  const live = c.drop!.live();
  return ok(`${live.length} messages`, lines(live.map(({ n, message: m }) => `${n} ${value(m)}`)));
}
