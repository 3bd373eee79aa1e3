// Other users' mailboxes: the "Other Users" namespace (RFC 2342 5) and the rights a session
// holds on a mailbox (RFC 4314). The owner of a mailbox holds every right (acl.ts keeps that
// entry fixed); another user reaches it as `#Users.<localpart>.<name>` and holds what the
// owner's ACL grants its user name or `anyone` (RFC 4314 2). Handlers find a mailbox argument
// through reach(), which checks the right the command needs (NEEDED_RIGHT, RFC 4314 4); LIST
// and LSUB show only the mailboxes listableShared() names (`l`). In the selected mailbox, flags
// change only where the right for them is held (STORE, and the flags APPEND, COPY and MOVE
// carry), EXPUNGE needs `e`, and FETCH sets \Seen only with `s`. Not checked: quota (APPEND and
// COPY into a shared mailbox count against the grantee's own), NOTIFY (changes are told to the
// owner's sessions only), METADATA, GETQUOTAROOT (own mailboxes only).
// A session that names only its own mailboxes finds them exactly as before.

import { accountOf, no, type Completion, type ImapContext } from './context.js';
import { HIERARCHY_SEPARATOR, type Account } from '../store/store.js';
import type { Mailbox } from '../store/mailbox.js';
import { ALL_RIGHTS } from '../store/view.js';

export { ALL_RIGHTS };

/** RFC 2342 5: the Other Users namespace prefix; the owner's local part follows it. */
export const OTHER_USERS_PREFIX = `#Users${HIERARCHY_SEPARATOR}`;

/** RFC 4314 2: the identifier that names every user. */
const ANYONE = 'anyone';

/**
 * RFC 4314 4: the right a non-owner needs on the mailbox a command names (for COPY and MOVE,
 * the target; APPEND, COPY and MOVE into a mailbox need `i`). MYRIGHTS needs any right at all.
 */
export const NEEDED_RIGHT: Readonly<Record<string, string>> = {
  LIST: 'l',
  SUBSCRIBE: 'l',
  SELECT: 'r',
  EXAMINE: 'r',
  STATUS: 'r',
  APPEND: 'i',
  COPY: 'i',
  MOVE: 'i',
  DELETE: 'x',
  RENAME: 'x',
  GETACL: 'a',
  SETACL: 'a',
  DELETEACL: 'a',
  LISTRIGHTS: 'a',
};

/**
 * RFC 4314 5.2: a selection is READ-WRITE when the user holds any of `i`, `e` and the rights of
 * the flags shared between users (all of them are, on the demo: `s`, `w`, `t`); else READ-ONLY.
 */
export const READ_WRITE_RIGHTS = 'iestw';

/** RFC 4314 4: changing \Seen needs `s`, \Deleted `t`, any other flag or keyword `w`. */
export function flagRight(flag: string): string {
  const f = flag.toLowerCase();
  return f === '\\seen' ? 's' : f === '\\deleted' ? 't' : 'w';
}

/** The flags of `flags` that `rights` may set or clear. */
export function permittedFlags(flags: Iterable<string>, rights: string): string[] {
  return [...flags].filter((f) => rights.includes(flagRight(f)));
}

/**
 * `next` as STORE may make it from `old`: a flag whose right is missing keeps its old state
 * (RFC 4314 4: STORE checks each flag, and SHOULD NOT fail while some flag may change).
 */
export function limitFlagChange(old: ReadonlySet<string>, next: Set<string>, rights: string): Set<string> {
  const out = new Set(next);
  for (const f of old) if (!out.has(f) && !rights.includes(flagRight(f))) out.add(f);
  for (const f of next) if (!old.has(f) && !rights.includes(flagRight(f))) out.delete(f);
  return out;
}

/** A mailbox as one session reaches it. */
export interface Reached {
  mailbox: Mailbox;
  owner: Account;
  /** The rights this session holds on it, in canonical order. */
  rights: string;
  /** The name this session knows it by (stored form): its own name, or `#Users.<localpart>.<name>`. */
  name: string;
  shared: boolean;
}

/** The user name before "@": the level under #Users (test77 for test77@example.com). */
export function localPart(user: string): string {
  const at = user.indexOf('@');
  return at < 0 ? user : user.slice(0, at);
}

/** The name another user sees for `owner`'s mailbox `name`. */
export function sharedName(owner: Account, name: string): string {
  return `${OTHER_USERS_PREFIX}${localPart(owner.user)}${HIERARCHY_SEPARATOR}${name}`;
}

/** The rights `user` holds on another's mailbox: its own entry and anyone's (RFC 4314 2). */
export function rightsOf(mailbox: Mailbox, user: string): string {
  const letters = new Set<string>();
  for (const [identifier, rights] of mailbox.acl) {
    const id = identifier.toLowerCase();
    if (id === user.toLowerCase() || id === ANYONE) for (const l of rights) letters.add(l);
  }
  return [...ALL_RIGHTS].filter((l) => letters.has(l)).join('');
}

function ownerNamed(ctx: ImapContext, part: string): Account | undefined {
  const self = accountOf(ctx);
  for (const account of ctx.store.accounts.values()) {
    if (account !== self && localPart(account.user).toLowerCase() === part.toLowerCase()) return account;
  }
  return undefined;
}

/** A mailbox by the stored name this session gave, with its rights; undefined if there is none for it. */
export function lookup(ctx: ImapContext, name: string): Reached | undefined {
  const self = accountOf(ctx);
  if (!name.startsWith(OTHER_USERS_PREFIX)) {
    const mailbox = self.find(name);
    return mailbox && { mailbox, owner: self, rights: ALL_RIGHTS, name: mailbox.name, shared: false };
  }
  const rest = name.slice(OTHER_USERS_PREFIX.length);
  const cut = rest.indexOf(HIERARCHY_SEPARATOR);
  const owner = cut > 0 ? ownerNamed(ctx, rest.slice(0, cut)) : undefined;
  const mailbox = owner?.find(rest.slice(cut + 1));
  if (!owner || !mailbox) return undefined;
  const rights = rightsOf(mailbox, self.user);
  // A mailbox granting this user nothing is not there for it (RFC 4314 6: no leak of its existence).
  return rights === '' ? undefined : { mailbox, owner, rights, name: sharedName(owner, mailbox.name), shared: true };
}

export const isRefusal = (r: Reached | Completion | undefined): r is Completion => r !== undefined && 'status' in r;

/**
 * The mailbox a command names, if this session may use it for that command: undefined when it
 * does not exist (or is hidden: RFC 4314 6, one without `l` gets the answer a missing mailbox
 * gets), NO
 * [NOPERM] (RFC 5530 3) when it is visible but the needed right is missing.
 */
export function reach(ctx: ImapContext, name: string, command: string): Reached | Completion | undefined {
  const reached = lookup(ctx, name);
  const needed = NEEDED_RIGHT[command.replace(/^UID /, '')];
  if (!reached || needed === undefined || reached.rights.includes(needed)) return reached;
  if (!reached.rights.includes('l')) return undefined;
  return no(`${command} needs the "${needed}" right; you hold "${reached.rights}" (RFC 4314 4, see MYRIGHTS)`, 'NOPERM');
}

/** Whether a selection with these rights is READ-WRITE (see READ_WRITE_RIGHTS). */
export function mayWrite(rights: string): boolean {
  return [...READ_WRITE_RIGHTS].some((l) => rights.includes(l));
}

/** Other users' mailboxes this session may list (RFC 4314 4: LIST needs `l`), by shared name. */
export function listableShared(ctx: ImapContext): Map<string, Reached> {
  const self = accountOf(ctx);
  const out = new Map<string, Reached>();
  for (const owner of ctx.store.accounts.values()) {
    if (owner === self) continue;
    for (const mailbox of owner.mailboxes.values()) {
      const rights = rightsOf(mailbox, self.user);
      const name = sharedName(owner, mailbox.name);
      if (rights.includes('l')) out.set(name, { mailbox, owner, rights, name, shared: true });
    }
  }
  return out;
}
