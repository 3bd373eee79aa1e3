// Access control lists (RFC 4314): MYRIGHTS, GETACL, LISTRIGHTS, SETACL, DELETEACL.
// The demo's logged-in user owns every mailbox it sees and holds every right on it; that
// entry is fixed (RFC 4314 3.1 lets a server refuse to change rights). Rights for other
// identifiers are kept per mailbox, in the shared store, so GETACL shows what SETACL set.
// They are shown, not enforced: each demo account (test77, student) sees only its own
// mailboxes, since there is no Other Users namespace (RFC 2342 5) for one to reach another's.

import { astring, quoted } from '../../../protocol/imap/writer.js';
import { requireCount, requireText } from '../args.js';
import { accountOf, bad, no, ok, type Handler, type ImapContext } from '../context.js';
import type { Mailbox } from '../../store/mailbox.js';
import { requireMailbox, wireName } from '../rev2.js';

/** The rights this server implements, in RFC 4314 2.1 order (announced as RIGHTS=texk). */
export const ALL_RIGHTS = 'lrswipkxtea';

/** RFC 4314 2.1.1: the RFC 2086 letters are virtual rights standing for the new ones. */
const VIRTUAL_RIGHTS: Readonly<Record<string, string>> = { c: 'k', d: 'te' };

function ownerOf(ctx: ImapContext): string {
  return accountOf(ctx).user;
}

/** The mailbox of that name in the logged-in account, if there is one. */
function mailboxArg(ctx: ImapContext, name: string): Mailbox | undefined {
  return accountOf(ctx).find(name);
}

const missing = (name: string) => no(`Mailbox ${name} does not exist`, 'NONEXISTENT');

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
  const mailbox = mailboxArg(ctx, name);
  if (!mailbox) return missing(name);
  ctx.untagged(`MYRIGHTS ${quoted(wireName(ctx, mailbox.name))} ${ALL_RIGHTS}`);
  return ok('MYRIGHTS completed');
};

export const GETACL: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'GETACL mailbox');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const mailbox = mailboxArg(ctx, name);
  if (!mailbox) return missing(name);
  const entries = [[ownerOf(ctx), ALL_RIGHTS], ...mailbox.acl];
  ctx.untagged(`ACL ${quoted(wireName(ctx, mailbox.name))} ${entries.map(([id, rights]) => `${astring(id)} ${rights}`).join(' ')}`);
  return ok('GETACL completed');
};

export const LISTRIGHTS: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'LISTRIGHTS mailbox identifier');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const mailbox = mailboxArg(ctx, name);
  if (!mailbox) return missing(name);
  // RFC 4314 3.4: the rights always granted, then each right that may be granted on its own.
  const fixed = identifier === ownerOf(ctx);
  const optional = fixed ? '' : ` ${[...ALL_RIGHTS].join(' ')}`;
  ctx.untagged(`LISTRIGHTS ${quoted(wireName(ctx, mailbox.name))} ${astring(identifier)} ${fixed ? ALL_RIGHTS : '""'}${optional}`);
  return ok('LISTRIGHTS completed');
};

export const SETACL: Handler = (ctx, call) => {
  requireCount(call.args, 3, 'SETACL mailbox identifier rights');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const modification = requireText(call.args, 2, 'rights');
  const mailbox = mailboxArg(ctx, name);
  if (!mailbox) return missing(name);
  const sign = modification[0] === '+' || modification[0] === '-' ? modification[0] : '';
  const rights = canonicalRights(modification.slice(sign.length));
  // RFC 4314 3.1: an unknown right is a BAD.
  if (rights === undefined) return bad(`unknown right in "${modification}" (this server has ${ALL_RIGHTS})`);
  if (identifier === ownerOf(ctx)) return no('the owner\'s rights are fixed on the demo server', 'CANNOT');
  const before = mailbox.acl.get(identifier) ?? '';
  const after = sign === '+' ? canonicalRights(before + rights)! : sign === '-' ? [...before].filter((l) => !rights.includes(l)).join('') : rights;
  // An identifier left with no rights is no longer listed (RFC 4314 3.1, 3.3).
  if (after === '') mailbox.acl.delete(identifier);
  else mailbox.acl.set(identifier, after);
  return ok('SETACL completed');
};

export const DELETEACL: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'DELETEACL mailbox identifier');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const identifier = requireText(call.args, 1, 'identifier');
  const mailbox = mailboxArg(ctx, name);
  if (!mailbox) return missing(name);
  if (identifier === ownerOf(ctx)) return no('the owner\'s rights are fixed on the demo server', 'CANNOT');
  mailbox.acl.delete(identifier);
  return ok('DELETEACL completed');
};
