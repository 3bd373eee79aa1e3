// Access control lists (RFC 4314): MYRIGHTS, GETACL, LISTRIGHTS, SETACL, DELETEACL.
// The owner of a mailbox holds every right on it; that entry is fixed (RFC 4314 3.1 lets a
// server refuse to change rights). Rights for other identifiers are kept per mailbox, in the
// shared store, and enforced: another user reaches the mailbox in the Other Users namespace
// (RFC 2342 5) as #Users.<localpart>.<name> within the rights granted (shared-mailboxes.ts).
// A non-owner needs `a` for GETACL, SETACL, DELETEACL, LISTRIGHTS (RFC 4314 4); MYRIGHTS needs
// any right, and a mailbox on which the user holds none looks missing (RFC 4314 6). A change
// is told to the store's hub (AclChange): for a grantee's NOTIFY, `l` granted or revoked is a
// mailbox appearing or going (RFC 5465 5.4).

import { astring, quoted } from '../../../protocol/imap/writer.js';
import { requireCount, requireText } from '../args.js';
import { bad, no, ok, type Completion, type Handler, type ImapContext } from '../context.js';
import { requireMailbox, wireName } from '../rev2.js';
import { ALL_RIGHTS, isRefusal, reach, type Reached } from '../shared-mailboxes.js';

export { ALL_RIGHTS };

/** RFC 4314 2.1.1: the RFC 2086 letters are virtual rights standing for the new ones. */
const VIRTUAL_RIGHTS: Readonly<Record<string, string>> = { c: 'k', d: 'te' };

/** The mailbox argument as this session reaches it, or the NO to answer (NONEXISTENT, NOPERM). */
function mailboxArg(ctx: ImapContext, name: string, command: string): Reached | Completion {
  const reached = reach(ctx, name, command);
  return reached ?? no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
}

/** Rights in canonical order, virtual letters expanded; undefined when a letter is unknown. */
function canonicalRights(text: string): string | undefined {
  const letters = new Set<string>();
  for (const ch of text) {
    const expanded = VIRTUAL_RIGHTS[ch] ?? ch;
    for (const letter of expanded) {
      if (!ALL_RIGHTS.includes(letter)) return undefined;
      letters.add(letter);
    }
  }
  return [...ALL_RIGHTS].filter((l) => letters.has(l)).join('');
}

export const MYRIGHTS: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'MYRIGHTS mailbox');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const reached = mailboxArg(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  ctx.untagged(`MYRIGHTS ${quoted(wireName(ctx, reached.name))} ${reached.rights}`);
  return ok('MYRIGHTS completed');
};

export const GETACL: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'GETACL mailbox');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const reached = mailboxArg(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  const entries = [[reached.owner.user, ALL_RIGHTS], ...reached.mailbox.acl];
  ctx.untagged(`ACL ${quoted(wireName(ctx, reached.name))} ${entries.map(([id, rights]) => `${astring(id)} ${rights}`).join(' ')}`);
  return ok('GETACL completed');
};

export const LISTRIGHTS: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'LISTRIGHTS mailbox identifier');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const reached = mailboxArg(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  // RFC 4314 3.4: the rights always granted, then each right that may be granted on its own.
  const fixed = identifier === reached.owner.user;
  const optional = fixed ? '' : ` ${[...ALL_RIGHTS].join(' ')}`;
  ctx.untagged(`LISTRIGHTS ${quoted(wireName(ctx, reached.name))} ${astring(identifier)} ${fixed ? ALL_RIGHTS : '""'}${optional}`);
  return ok('LISTRIGHTS completed');
};

export const SETACL: Handler = (ctx, call) => {
  requireCount(call.args, 3, 'SETACL mailbox identifier rights');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const modification = requireText(call.args, 2, 'rights');
  const reached = mailboxArg(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  const { mailbox } = reached;
  const sign = modification[0] === '+' || modification[0] === '-' ? modification[0] : '';
  const rights = canonicalRights(modification.slice(sign.length));
  // RFC 4314 3.1: an unknown right is a BAD.
  if (rights === undefined) return bad(`unknown right in "${modification}" (this server has ${ALL_RIGHTS})`);
  if (identifier === reached.owner.user) return no('the owner\'s rights are fixed on the demo server', 'CANNOT');
  const before = mailbox.acl.get(identifier) ?? '';
  const after = sign === '+' ? canonicalRights(before + rights)! : sign === '-' ? [...before].filter((l) => !rights.includes(l)).join('') : rights;
  // An identifier left with no rights is no longer listed (RFC 4314 3.1, 3.3).
  if (after === '') mailbox.acl.delete(identifier);
  else mailbox.acl.set(identifier, after);
  // RFC 5465 5.4: a grantee's NOTIFY may have to tell of a mailbox appearing or going.
  ctx.store.notifications.emit(reached.owner, { kind: 'AclChange', name: mailbox.name });
  return ok('SETACL completed');
};

export const DELETEACL: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'DELETEACL mailbox identifier');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const reached = mailboxArg(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  if (identifier === reached.owner.user) return no('the owner\'s rights are fixed on the demo server', 'CANNOT');
  reached.mailbox.acl.delete(identifier);
  ctx.store.notifications.emit(reached.owner, { kind: 'AclChange', name: reached.mailbox.name });
  return ok('DELETEACL completed');
};
