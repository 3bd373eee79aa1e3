// Authenticated state, mailbox commands (RFC 3501 section 6.3): SELECT, EXAMINE, CREATE,
// DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS; NAMESPACE (RFC 2342) and
// ENABLE (RFC 5161), with CONDSTORE's select parameter and STATUS item and QRESYNC's select
// parameter (RFC 7162). Refusals carry RFC 5530 codes: NONEXISTENT, ALREADYEXISTS, CANNOT.
// LIST's extended forms live in list-extended.ts, STATUS items in status-items.ts.
// OBJECTID (RFC 8474 4): CREATE and SELECT/EXAMINE name the mailbox's MAILBOXID (objectid.ts).
// Another user's mailbox (#Users.<localpart>.<name>, RFC 2342 5) is reached through
// shared-mailboxes.ts, which checks the RFC 4314 right each command needs (NO [NOPERM]):
// CREATE there needs `k` on the nearest existing parent and makes the owner's mailbox, DELETE
// needs `x`, RENAME `x` on the mailbox and `k` on the new parent (RFC 4314 4).

import type { ImapValue } from '../../../protocol/imap/types.js';
import { capability } from '../../../registry/index.js';
import { quoted } from '../../../protocol/imap/writer.js';
import { ArgumentError, isList, requireCount, requireText, textOf, atomOf } from '../args.js';
import { accountOf, bad, no, ok, type CommandCall, type Completion, type Handler, type ImapContext } from '../context.js';
import { listMatcher, parentsOf } from '../mailbox-names.js';
import { listLine, readListRequest, writeListing } from './list-extended.js';
import { IMAP4REV2, enableImap4rev2, requireMailbox, storedName, wireName } from '../rev2.js';
import { readStatusItems, writeStatus } from './status-items.js';
import { HIERARCHY_SEPARATOR, PERSONAL_PREFIX, mailboxKey, type Account } from '../../store/store.js';
import { copyItem, type Mailbox } from '../../store/mailbox.js';
import { MailboxView } from '../../store/view.js';
import { flagsList, permanentFlagsList } from '../flag-lists.js';
import { enableCondstore } from './condstore.js';
import { mailboxIdCode } from './objectid.js';
import { OTHER_USERS_PREFIX, inheritAcl, isRefusal, lookup, mayWrite, placeNew, reach } from '../shared-mailboxes.js';
import { QRESYNC_SYNTAX, enableQresync, readQresyncParam, resynchronize, type QresyncParam } from './qresync.js';

interface SelectParams {
  /** CONDSTORE (RFC 7162 3.1.8): a CONDSTORE enabling command. */
  condstore: boolean;
  /** QRESYNC (RFC 7162 3.2.5): resynchronise from a known state. */
  qresync?: QresyncParam;
}

/**
 * select-params (RFC 4466 2.1) the demo knows, each with the reader of its value if it takes
 * one. An unknown parameter is BAD, and BAD leaves the selection alone.
 */
const SELECT_PARAMS: Record<string, (into: SelectParams, ctx: ImapContext, value: () => ImapValue | undefined, command: string) => void> = {
  CONDSTORE: (into) => { into.condstore = true; },
  QRESYNC: (into, ctx, value, command) => { into.qresync = readQresyncParam(value(), ctx, command); },
};

const selectSyntax = (command: string) => `expected: ${command} mailbox [(CONDSTORE)] or ${command} mailbox (${QRESYNC_SYNTAX})`;

function selectParams(ctx: ImapContext, call: CommandCall): SelectParams {
  const into: SelectParams = { condstore: false };
  if (call.args.length === 1) return into;
  const params = call.args[1];
  if (call.args.length !== 2 || !isList(params)) throw new ArgumentError(selectSyntax(call.name));
  const items = params.items;
  for (let i = 0; i < items.length; i++) {
    const name = atomOf(items[i])?.toUpperCase() ?? '';
    if (!Object.hasOwn(SELECT_PARAMS, name)) throw new ArgumentError(`unknown ${call.name} parameter ${name || '(not an atom)'}`);
    SELECT_PARAMS[name](into, ctx, () => items[++i], call.name);
  }
  return into;
}

function open(examine: boolean): Handler {
  return (ctx, call) => {
    if (call.args.length === 0) throw new ArgumentError(selectSyntax(call.name));
    const name = requireText(call.args, 0, 'mailbox');
    const params = selectParams(ctx, call);
    // RFC 3501 6.3.1: a SELECT, even a failed one, first leaves the selected mailbox.
    const wasSelected = ctx.view !== undefined;
    ctx.setView(undefined);
    ctx.state = 'authenticated';
    // RFC 7162 3.2.11 (and RFC 9051 7.1): a server implementing QRESYNC marks the end of the
    // old mailbox's responses with [CLOSED] whenever SELECT/EXAMINE closes it, whether or not
    // the client enabled anything (Dovecot sends it the same way).
    if (wasSelected) ctx.untagged('OK [CLOSED] Previous mailbox closed.');
    const reached = reach(ctx, storedName(ctx, name), call.name);
    if (isRefusal(reached)) return reached;
    if (!reached || reached.mailbox.noSelect) return no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
    const mailbox = reached.mailbox;
    // RFC 4314 5.2: a grantee holding none of the rights to change state gets a read-only selection.
    const readOnly = examine || !mayWrite(reached.rights);
    if (params.condstore) enableCondstore(ctx);
    const view = new MailboxView(mailbox, readOnly, reached.rights);
    view.hideRecent = ctx.rev2;
    ctx.setView(view);
    ctx.state = 'selected';
    ctx.untagged(`FLAGS ${flagsList(mailbox)}`);
    ctx.untagged(`OK [PERMANENTFLAGS ${readOnly ? '()' : permanentFlagsList(mailbox, reached.rights)}] ${readOnly ? 'No permanent flags permitted' : 'Limited'}`);
    ctx.untagged(`${view.messages.length} EXISTS`);
    if (ctx.rev2) {
      // RFC 9051 6.3.2: a LIST response with the mailbox's accurate attributes, and OLDNAME
      // when the name was given in another form than the canonical one (its section 8 shows
      // `select inbox` answered with `("OLDNAME" ("inbox"))`). No RECENT, no [UNSEEN n]
      // (Appendix E items 11 and 12).
      ctx.untagged(listLine(ctx, mailbox, name, reached.name, reached.owner));
    } else {
      ctx.untagged(`${view.recent.size} RECENT`);
      const firstUnseen = view.messages.findIndex((m) => !m.flags.has('\\Seen'));
      if (firstUnseen >= 0) ctx.untagged(`OK [UNSEEN ${firstUnseen + 1}] First unseen`);
    }
    ctx.untagged(`OK [UIDVALIDITY ${mailbox.uidValidity}] UIDs valid`);
    ctx.untagged(`OK [UIDNEXT ${mailbox.uidNext}] Predicted next UID`);
    // RFC 8474 4.2 (OBJECTID): every successful SELECT and EXAMINE names the mailbox's id.
    ctx.untagged(`OK [${mailboxIdCode(mailbox)}] Ok`);
    // RFC 7162 3.1.2.1: a server that keeps mod-sequences for the mailbox sends HIGHESTMODSEQ
    // with every successful SELECT and EXAMINE (Dovecot does so whether CONDSTORE is on or not).
    ctx.untagged(`OK [HIGHESTMODSEQ ${mailbox.highestModseq}] Highest`);
    if (params.qresync) resynchronize(ctx, view, params.qresync);
    return ok(`${call.name} completed`, readOnly ? 'READ-ONLY' : 'READ-WRITE');
  };
}

export const SELECT = open(false);
export const EXAMINE = open(true);

export const CREATE: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'CREATE mailbox');
  const supplied = requireText(call.args, 0, 'mailbox');
  // RFC 4314 4: under #Users. it needs `k` on the nearest existing parent, and lands in the owner's store.
  const placed = placeNew(ctx, storedName(ctx, supplied), call.name);
  if (isRefusal(placed)) return placed;
  const { owner: account, name } = placed;
  const existing = account.find(name);
  if (existing && !existing.noSelect) return no(`${wireName(ctx, placed.reachedAs)} already exists`, 'ALREADYEXISTS');
  if (existing) {
    existing.noSelect = false;
    // RFC 5465 5.4: the name now refers to a mailbox again (a new one is told by createMailbox).
    ctx.store.notifications.emit(account, { kind: 'MailboxName', name: existing.name });
  }
  // RFC 3501 6.3.3: create the missing superior hierarchy too.
  createParents(ctx, account, name);
  const created = existing ?? createInheriting(ctx, account, name);
  // RFC 9051 6.3.4: a name the server normalised (NFC, INBOX's case) comes back in a LIST with
  // OLDNAME; the trailing separator only declares children (RFC 9051 6.3.4) and is no renaming.
  const declared = supplied.endsWith(HIERARCHY_SEPARATOR) ? supplied.slice(0, -1) : supplied;
  if (ctx.rev2 && declared !== wireName(ctx, placed.reachedAs)) ctx.untagged(listLine(ctx, created, declared, placed.reachedAs, account));
  // RFC 8474 4.1 (OBJECTID): the tagged OK of every successful CREATE carries the new MAILBOXID.
  return ok(`${quoted(wireName(ctx, placed.reachedAs))} created.`, mailboxIdCode(created));
};

/** A new mailbox with its parent's ACL (RFC 4314 4, see inheritAcl). */
function createInheriting(ctx: ImapContext, account: Account, name: string): Mailbox {
  const mailbox = ctx.store.createMailbox(account, name);
  inheritAcl(account, mailbox);
  return mailbox;
}

/** The superiors `name` lacks (RFC 3501 6.3.3, 6.3.5), each inheriting the ACL above it. */
function createParents(ctx: ImapContext, account: Account, name: string): void {
  for (const parent of parentsOf(name)) if (!account.find(parent)) createInheriting(ctx, account, parent);
}

export const DELETE: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'DELETE mailbox');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  // RFC 4314 4: another user's mailbox may be deleted by one holding `x` on it.
  const reached = reach(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  if (!reached) return no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
  const { mailbox, owner: account } = reached;
  if (mailbox.name === 'INBOX') return no('INBOX cannot be deleted', 'CANNOT');
  const children = account.hasChildren(mailbox.name);
  if (children && mailbox.noSelect) return no('Mailbox has children and is already \\Noselect', 'CANNOT');
  mailbox.expunge([...mailbox.messages]);
  // RFC 3501 6.3.4: a parent is emptied and becomes \Noselect; its children stay.
  if (children) mailbox.noSelect = true;
  else account.mailboxes.delete(mailbox.name);
  // RFC 4314 4: "The DELETE command MUST delete the ACL associated with the deleted mailbox."
  mailbox.acl.clear();
  // RFC 5465 5.4: a deleted name is a MailboxName event (LIST with \NonExistent, or \Noselect).
  ctx.store.notifications.emit(account, { kind: 'MailboxName', name: mailbox.name });
  return ok('Folder deleted.');
};

/**
 * RENAME (RFC 3501 6.3.5). RFC 4314 4: "x" on the mailbox and "k" on the new parent, so a
 * grantee may rename within the owner's hierarchy; a mailbox never moves between users.
 * The ACLs stay with the renamed mailboxes ("SHOULD NOT change the ACLs").
 */
export const RENAME: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'RENAME existing-mailbox new-mailbox');
  const fromName = requireMailbox(ctx, call.args, 0, 'existing-mailbox');
  const reached = reach(ctx, fromName, call.name);
  if (isRefusal(reached)) return reached;
  if (!reached) return no('Mailbox does not exist', 'NONEXISTENT');
  const placed = placeNew(ctx, requireMailbox(ctx, call.args, 1, 'new-mailbox'), call.name);
  if (isRefusal(placed)) return placed;
  const { mailbox: from, owner: account } = reached;
  if (placed.owner !== account) return no('a mailbox stays in its owner\'s namespace: RENAME cannot move it to another user', 'CANNOT');
  const newName = placed.name;
  if (account.find(newName)) return no(`${wireName(ctx, placed.reachedAs)} already exists`, 'ALREADYEXISTS');
  // INBOX is the exception: its messages move, its children stay (RFC 3501 6.3.5).
  if (from.name !== 'INBOX' && newName.startsWith(from.name + HIERARCHY_SEPARATOR)) return no('Cannot rename a mailbox into itself', 'CANNOT');
  createParents(ctx, account, newName);
  if (from.name === 'INBOX') {
    // RFC 3501 6.3.5: renaming INBOX moves its messages to a new mailbox and leaves INBOX empty.
    const target = ctx.store.createMailbox(account, newName);
    for (const [identifier, rights] of from.acl) target.acl.set(identifier, rights);
    const moved = [...from.messages];
    target.add(moved.map(copyItem));
    from.expunge(moved);
    return ok('Folder renamed.');
  }
  // RFC 5465 5.4: each renamed name (inferiors too) is a MailboxName event with its old name.
  for (const [name, oldName] of renameTree(account, from.name, newName)) ctx.store.notifications.emit(account, { kind: 'MailboxName', name, oldName });
  return ok('Folder renamed.');
};

/**
 * Renames a mailbox and its inferiors, and carries their subscriptions along (RFC 9051 6.3.6);
 * returns each [new name, old name].
 */
function renameTree(account: Account, oldName: string, newName: string): Array<[string, string]> {
  const moved: Array<[Mailbox, string]> = [];
  for (const [key, mailbox] of account.mailboxes) {
    if (key === oldName || key.startsWith(oldName + HIERARCHY_SEPARATOR)) moved.push([mailbox, newName + key.slice(oldName.length)]);
  }
  for (const [mailbox] of moved) account.mailboxes.delete(mailbox.name);
  const renamed: Array<[string, string]> = [];
  for (const [mailbox, name] of moved) {
    if (account.subscriptions.delete(mailbox.name)) account.subscriptions.add(name);
    renamed.push([name, mailbox.name]);
    mailbox.name = name;
    account.mailboxes.set(name, mailbox);
  }
  return renamed;
}

export const SUBSCRIBE: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'SUBSCRIBE mailbox');
  const account = accountOf(ctx);
  // RFC 4314 4: SUBSCRIBE of another's mailbox needs `l`; it is kept under its #Users. name.
  const reached = reach(ctx, requireMailbox(ctx, call.args, 0, 'mailbox'), call.name);
  if (isRefusal(reached)) return reached;
  if (!reached) return no('Mailbox does not exist', 'NONEXISTENT');
  account.subscriptions.add(reached.name);
  // RFC 5465 5.5.
  ctx.store.notifications.emit(account, { kind: 'SubscriptionChange', name: reached.name });
  return ok('SUBSCRIBE completed');
};

export const UNSUBSCRIBE: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'UNSUBSCRIBE mailbox');
  const account = accountOf(ctx);
  const name = mailboxKey(requireMailbox(ctx, call.args, 0, 'mailbox'));
  if (!account.subscriptions.delete(name)) return no(`${name} is not subscribed`, 'NONEXISTENT');
  // RFC 5465 5.5.
  ctx.store.notifications.emit(account, { kind: 'SubscriptionChange', name });
  return ok('UNSUBSCRIBE completed');
};

/** LSUB arguments (RFC 3501 6.3.9), tolerating RFC 5258 selection options and RETURN (ignored). */
function listArgs(call: CommandCall): { reference: string; pattern: string } {
  let args = call.args;
  if (isList(args[0])) args = args.slice(1);
  if (args.length === 4 && atomOf(args[2])?.toUpperCase() === 'RETURN' && isList(args[3])) args = args.slice(0, 2);
  requireCount(args, 2, 'LIST reference mailbox-pattern');
  return { reference: requireText(args, 0, 'reference'), pattern: requireText(args, 1, 'pattern') };
}

/** LIST, basic (RFC 3501 6.3.8) or extended (RFC 5258, RFC 5819, RFC 6154 3): see list-extended.ts. */
export const LIST: Handler = (ctx, call) => {
  const request = readListRequest(ctx, call);
  if (!request.patternList && request.patterns[0] === '') {
    // RFC 3501 6.3.8: an empty pattern asks for the separator and the reference's root.
    ctx.untagged(`LIST (\\Noselect) ${quoted(HIERARCHY_SEPARATOR)} ""`);
    return ok('LIST completed');
  }
  writeListing(ctx, request);
  return ok('LIST completed');
};

export const LSUB: Handler = (ctx, call) => {
  const { reference, pattern } = listArgs(call);
  const account = accountOf(ctx);
  const matches = listMatcher(reference, pattern);
  for (const name of [...account.subscriptions].sort()) {
    if (!matches(wireName(ctx, name))) continue;
    // RFC 4314 4: LSUB shows another's mailbox only while the user holds `l` on it.
    const reached = lookup(ctx, name);
    if (name.startsWith(OTHER_USERS_PREFIX) && !reached?.rights.includes('l')) continue;
    const mailbox = reached?.mailbox;
    const attrs = !mailbox || mailbox.noSelect ? '(\\Noselect)' : '()';
    ctx.untagged(`LSUB ${attrs} ${quoted(HIERARCHY_SEPARATOR)} ${quoted(wireName(ctx, name))}`);
  }
  return ok('LSUB completed');
};

export const STATUS: Handler = (ctx, call) => {
  requireCount(call.args, 2, 'STATUS mailbox (status-att ...)');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const names = readStatusItems(ctx, call.args[1], 'STATUS');
  const reached = reach(ctx, name, call.name);
  if (isRefusal(reached)) return reached;
  if (!reached || reached.mailbox.noSelect) return no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
  writeStatus(ctx, reached.mailbox, names, reached.name);
  return ok('STATUS completed');
};

/**
 * RFC 2342 5 (RFC 9051 7.3.5): personal, other users', shared. The personal one is Courier-IMAP's,
 * as in the tutorial; other users' mailboxes that grant this user rights live under "#Users.".
 */
export const NAMESPACE: Handler = (ctx, call) => {
  requireCount(call.args, 0, 'NAMESPACE');
  const namespace = (prefix: string) => `((${quoted(prefix)} ${quoted(HIERARCHY_SEPARATOR)}))`;
  ctx.untagged(`NAMESPACE ${namespace(PERSONAL_PREFIX)} ${namespace(OTHER_USERS_PREFIX)} NIL`);
  return ok('NAMESPACE completed');
};

/** What ENABLE can turn on (RFC 5161 3.1), by capability name: CONDSTORE (RFC 7162 3.1), QRESYNC (3.2.3), IMAP4rev2 (RFC 9051 Appendix A). */
const ENABLEABLE: Record<string, (ctx: ImapContext) => void> = { CONDSTORE: enableCondstore, QRESYNC: enableQresync, [IMAP4REV2]: enableImap4rev2 };

/**
 * RFC 5161 3.1: names the server does not know or cannot enable are ignored; the untagged
 * ENABLED lists what this command turned on, each name once.
 */
export const ENABLE: Handler = (ctx, call) => {
  if (call.args.length === 0) return bad('ENABLE needs at least one capability');
  const names = call.args.map((a) => textOf(a));
  if (names.some((n) => n === undefined)) return bad('ENABLE takes capability names');
  const enabled = new Set<string>();
  for (const name of names) {
    const upper = name!.toUpperCase();
    if (!Object.hasOwn(ENABLEABLE, upper)) continue;
    ENABLEABLE[upper](ctx);
    // Spelled as the capability list spells it: `* ENABLED IMAP4rev2` (RFC 9051 6.3.1).
    enabled.add(capability(upper)?.entry.name ?? upper);
  }
  ctx.untagged(['ENABLED', ...enabled].join(' '));
  return ok('ENABLE completed');
};
