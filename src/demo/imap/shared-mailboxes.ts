// Other users' mailboxes: the "Other Users" namespace (RFC 2342 5) and the rights a session
// holds on a mailbox (RFC 4314). The owner of a mailbox holds every right (acl.ts keeps that
// entry fixed); another user reaches it as `#Users.<localpart>.<name>` and holds what the
// owner's ACL grants its user name or `anyone` (RFC 4314 2). Handlers find a mailbox argument
// through reach(), which checks the right the command needs (NEEDED_RIGHT, RFC 4314 4); a new
// name (CREATE, RENAME's target) goes through placeNew(), which checks `k` on the nearest
// existing parent; LIST and LSUB show only the mailboxes listableShared() names (`l`). In the
// selected mailbox, flags change only where the right for them is held (STORE, and the flags
// APPEND, COPY and MOVE carry), EXPUNGE needs `e`, and FETCH sets \Seen only with `s`. Changes
// to a shared mailbox reach the grantee's sessions as the owner's (the view listens to the
// mailbox; NOTIFY translates names, notify-session.ts). Not checked: quota (APPEND and COPY
// into a shared mailbox count against the grantee's own), METADATA, GETQUOTAROOT (own
// mailboxes only). A session that names only its own mailboxes finds them exactly as before.

import { accountOf, no, type Completion, type ImapContext } from './context.js';
import { HIERARCHY_SEPARATOR, mailboxKey, type Account } from '../store/store.js';
import { checkNewName, parentsOf } from './mailbox-names.js';
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

/** The account a #Users. name belongs to and the name in that account's store; undefined for an unknown user. */
export function splitShared(ctx: ImapContext, name: string): { owner: Account; name: string } | undefined {
  const rest = name.slice(OTHER_USERS_PREFIX.length);
  const cut = rest.indexOf(HIERARCHY_SEPARATOR);
  const owner = cut > 0 ? ownerNamed(ctx, rest.slice(0, cut)) : undefined;
  return owner && { owner, name: rest.slice(cut + 1) };
}

/**
 * A name as the session's mailboxes are known by (what LIST and SUBSCRIBE give): INBOX in upper
 * case (RFC 3501 5.1), under #Users. too, where the owner's local part is spelled as stored.
 */
export function canonicalName(ctx: ImapContext, name: string): string {
  if (!name.startsWith(OTHER_USERS_PREFIX)) return mailboxKey(name);
  const split = splitShared(ctx, name);
  return split ? sharedName(split.owner, mailboxKey(split.name)) : name;
}

/** `owner`'s mailbox as this session reaches it; undefined when it grants this user nothing. */
function reachedShared(ctx: ImapContext, owner: Account, mailbox: Mailbox): Reached | undefined {
  const rights = rightsOf(mailbox, accountOf(ctx).user);
  // A mailbox granting this user nothing is not there for it (RFC 4314 6: no leak of its existence).
  return rights === '' ? undefined : { mailbox, owner, rights, name: sharedName(owner, mailbox.name), shared: true };
}

/** A mailbox by the stored name this session gave, with its rights; undefined if there is none for it. */
export function lookup(ctx: ImapContext, name: string): Reached | undefined {
  const self = accountOf(ctx);
  if (!name.startsWith(OTHER_USERS_PREFIX)) {
    const mailbox = self.find(name);
    return mailbox && { mailbox, owner: self, rights: ALL_RIGHTS, name: mailbox.name, shared: false };
  }
  const split = splitShared(ctx, name);
  const mailbox = split?.owner.find(split.name);
  return split && mailbox && reachedShared(ctx, split.owner, mailbox);
}

export const isRefusal = <T extends object>(r: T | Completion | undefined): r is Completion => r !== undefined && 'status' in r;

/**
 * The mailbox a command names, if this session may use it for that command: undefined when it
 * does not exist (or is hidden: RFC 4314 6, one without `l` gets the answer a missing mailbox
 * gets), NO [NOPERM] (RFC 5530 3) when it is visible but the needed right is missing.
 */
export function reach(ctx: ImapContext, name: string, command: string): Reached | Completion | undefined {
  return withRight(lookup(ctx, name), NEEDED_RIGHT[command.replace(/^UID /, '')], command);
}

function withRight(reached: Reached | undefined, needed: string | undefined, command: string, what = ''): Reached | Completion | undefined {
  if (!reached || needed === undefined || reached.rights.includes(needed)) return reached;
  if (!reached.rights.includes('l')) return undefined;
  return no(`${command} needs the "${needed}" right${what}; you hold "${reached.rights}" (RFC 4314 4, see MYRIGHTS)`, 'NOPERM');
}

/** RFC 4314 4: CREATE, and RENAME's new name, need `k` on the nearest existing parent mailbox. */
export const PARENT_RIGHT = 'k';

/** Where a new mailbox name goes: the account that will own it and the name in that account's store. */
export interface Placed {
  owner: Account;
  /** Stored form, checked (checkNewName). */
  name: string;
  /** The name this session knows it by: its own name, or `#Users.<localpart>.<name>`. */
  reachedAs: string;
}

/** The nearest existing superior of `name` in `account` (RFC 4314 4's "nearest existing parent"). */
export function nearestParent(account: Account, name: string): Mailbox | undefined {
  for (const parent of parentsOf(name).reverse()) {
    const mailbox = account.find(parent);
    if (mailbox) return mailbox;
  }
  return undefined;
}

/**
 * A new name for CREATE or RENAME, if this session may put a mailbox there. One's own names
 * need no right. Under #Users. the user needs `k` on the nearest existing parent (RFC 4314 4):
 * without it NO [NOPERM] when that parent is visible (`l`, as reach() decides), and NO
 * [NONEXISTENT] when it is not, as when there is no parent or no such user at all, so the
 * answer tells nothing of a mailbox the user may not see (RFC 4314 6). A bad name is NO [CANNOT].
 */
export function placeNew(ctx: ImapContext, name: string, command: string): Placed | Completion {
  const self = accountOf(ctx);
  const shared = name.startsWith(OTHER_USERS_PREFIX);
  const split = shared ? splitShared(ctx, name) : { owner: self, name };
  const absent = no(`there is no mailbox you can see to ${command} ${name} under (RFC 4314 4: "k" on the parent)`, 'NONEXISTENT');
  if (!split) return absent;
  const check = checkNewName(split.name);
  if (!check.ok) return no(check.reason, 'CANNOT');
  const placed = { owner: split.owner, name: check.name, reachedAs: shared ? sharedName(split.owner, check.name) : check.name };
  if (!shared) return placed;
  const parent = nearestParent(split.owner, check.name);
  if (!parent) return absent;
  const allowed = withRight(reachedShared(ctx, split.owner, parent), PARENT_RIGHT, command, ` on ${sharedName(split.owner, parent.name)}`);
  if (isRefusal(allowed)) return allowed;
  return allowed ? placed : absent;
}

/**
 * RFC 4314 4 (CREATE): "When a new mailbox is created, it SHOULD inherit the ACL from the parent
 * mailbox (if one exists) in the defined hierarchy." So a grantee holding `k` on the parent keeps
 * its rights on what it creates, and the owner (who holds every right anyway) stays the owner.
 */
export function inheritAcl(account: Account, mailbox: Mailbox): void {
  const parent = nearestParent(account, mailbox.name);
  if (parent) for (const [identifier, rights] of parent.acl) mailbox.acl.set(identifier, rights);
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
