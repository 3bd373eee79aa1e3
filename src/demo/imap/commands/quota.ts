// Quotas (RFC 9208): GETQUOTAROOT and GETQUOTA. Each account has one quota root, "", over all
// its mailboxes, with one resource, STORAGE (KiB of messages, RFC 9208 5.1). Limits are fixed
// (no QUOTASET); APPEND, COPY and MOVE past the limit get NO [OVERQUOTA] (RFC 5530 3).

import { quoted } from '../../../protocol/imap/writer.js';
import { requireCount, requireText } from '../args.js';
import { accountOf, no, ok, type Completion, type Handler, type ImapContext } from '../context.js';
import type { Account } from '../../store/store.js';
import { requireMailbox, wireName } from '../rev2.js';

/** The account's one quota root. */
export const QUOTA_ROOT = '';


/** `QUOTA "" (STORAGE used limit)`: usage rounded up to whole KiB. */
function quotaLine(account: Account): string {
  return `QUOTA ${quoted(QUOTA_ROOT)} (STORAGE ${Math.ceil(account.storageUsed() / 1024)} ${account.storageLimitKiB})`;
}

export const GETQUOTAROOT: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'GETQUOTAROOT mailbox');
  const name = requireMailbox(ctx, call.args, 0, 'mailbox');
  const account = accountOf(ctx);
  const mailbox = account.find(name);
  if (!mailbox) return no(`Mailbox ${name} does not exist`, 'NONEXISTENT');
  ctx.untagged(`QUOTAROOT ${quoted(wireName(ctx, mailbox.name))} ${quoted(QUOTA_ROOT)}`);
  ctx.untagged(quotaLine(account));
  return ok('GETQUOTAROOT completed');
};

export const GETQUOTA: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'GETQUOTA quota-root');
  const root = requireText(call.args, 0, 'quota-root');
  if (root !== QUOTA_ROOT) return no(`no quota root ${quoted(root)} (this server has "")`, 'NONEXISTENT');
  ctx.untagged(quotaLine(accountOf(ctx)));
  return ok('GETQUOTA completed');
};

/** The NO [OVERQUOTA] for adding `octets` more, or undefined when they fit. */
export function overQuota(ctx: ImapContext, octets: number): Completion | undefined {
  const account = accountOf(ctx);
  if (Math.ceil((account.storageUsed() + octets) / 1024) <= account.storageLimitKiB) return undefined;
  return no(`over the STORAGE quota of ${account.storageLimitKiB} KiB (GETQUOTAROOT INBOX shows the usage)`, 'OVERQUOTA');
}
