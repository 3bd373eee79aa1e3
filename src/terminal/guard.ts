// Guard-rails before sending: warnings that never block (a tester must be able to send
// anything), except a secret about to cross an unencrypted connection to a host that is not
// loopback, which asks first (interactive) or is refused (non-interactive) unless
// --allow-plaintext-auth.
import { splitComment } from '../session/comments.js';
import { splitTypedLine } from '../session/typed-line.js';
import { checkCommand } from '../registry/guard.js';
import { wrapped } from '../registry/format.js';
import { imapCommand } from '../registry/index.js';
import { encodeMailboxName } from '../protocol/imap/mutf7.js';
import type { CommandParts } from '../registry/guard.js';
import { ImapClient } from '../client/imap-client.js';
import type { SessionContext } from './context.js';

export interface Guard {
  allow(line: string): Promise<boolean>;
}

export function createGuard(ctx: SessionContext, opts: { allowPlaintextAuth: boolean }): Guard {
  return {
    async allow(line) {
      const parts = splitTypedLine(ctx.protocol, splitComment(line).text);
      if (parts.name === '') return true;
      // Judged against what the session will be when this command's turn comes: lines pasted
      // together go out at once, before the login or SELECT ahead of them has been answered.
      const ahead = ctx.client.ahead();
      const warnings = checkCommand(parts, {
        protocol: ctx.protocol,
        state: ahead.state as never,
        capabilities: ahead.capabilities,
        encrypted: ctx.transport.encrypted,
        loopback: ctx.loopback,
        readOnly: readOnlyAhead(ctx),
        idle: idleAhead(ctx),
      });
      const encoding = mailboxEncodingWarning(ctx, parts);
      if (encoding) warnings.push({ kind: 'mailbox-encoding', message: encoding });
      let allowed = true;
      for (const w of warnings) {
        if (w.kind === 'plaintext-secret') {
          // The one guard that protects the user rather than informs: it runs even with :guard off.
          if (opts.allowPlaintextAuth) continue;
          allowed = await ctx.confirm(`${w.message} Send it anyway? [y/N] `, false);
          // A script is refused without a question: the line must say what was held back and why.
          // Wrapped between words at the terminal's width, as the warnings are (a script's stderr: one line).
          if (!allowed) ctx.problem('error', wrapped(notSentText(ctx, parts, w.secret ?? 'password'), '', ctx.display.width, (text) => text, '  ').trimEnd());
        } else if (ctx.guardOn) {
          // Wrapped at the terminal's width, the lines after the first under the message; a
          // warning, so a script's stdout keeps the session alone (it goes to stderr).
          ctx.problem('warn', wrapped(`! ${w.message}`, '', ctx.display.width, (text) => text, '  ').trimEnd());
        }
      }
      return allowed;
    },
  };
}

/**
 * A mailbox name typed with characters outside ASCII (as the printer shows names, decoded) on a
 * connection where names are modified UTF-7 (RFC 3501 5.1.3; UTF-8 only once IMAP4rev2 or
 * UTF8=ACCEPT is enabled, RFC 9051 5.1): sent as typed, it names another mailbox. The line still
 * goes as typed; the warning gives the name as the server knows it.
 */
function mailboxEncodingWarning(ctx: SessionContext, parts: CommandParts): string | undefined {
  if (ctx.protocol !== 'imap' || ctx.client.utf8MailboxNames) return undefined;
  if (!imapCommand(parts.name.toUpperCase())?.args.some((a) => a.kind === 'mailbox')) return undefined;
  const words = [...parts.args.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  const names = words.filter((w) => /[^\x00-\x7f]/.test(w));
  if (names.length === 0) return undefined;
  const known = names.map((n) => `${n} as ${encodeMailboxName(n)}`).join(', ');
  return `On this connection mailbox names are modified UTF-7 (RFC 3501 5.1.3): the server knows ${known}.`;
}

/** An IDLE is on, or sent and not yet answered with `+` (a pasted `idle` then `done`). */
function idleAhead(ctx: SessionContext): boolean {
  if (!(ctx.client instanceof ImapClient)) return false;
  const conversation = ctx.client.conversation;
  if (conversation.mode === 'idle' || conversation.mode === 'idle-wait') return true;
  return conversation.pendingTags.some((tag) => conversation.pendingByTag(tag)?.name.toUpperCase() === 'IDLE');
}

/**
 * Whether the mailbox a command typed now meets is read-only: the selected one as the server
 * said (EXAMINE, or SELECT's [READ-ONLY], RFC 3501 6.3.1-2), unless a SELECT, EXAMINE, CLOSE or
 * UNSELECT still waiting changes it first (a pasted `examine INBOX` then `store ...`). A waiting
 * SELECT is taken as read-write: the server has not said otherwise yet.
 */
function readOnlyAhead(ctx: SessionContext): boolean {
  if (!(ctx.client instanceof ImapClient)) return false;
  const conversation = ctx.client.conversation;
  let readOnly = conversation.tracker.state === 'selected' && conversation.tracker.selected?.readOnly === true;
  for (const tag of conversation.pendingTags) {
    const name = conversation.pendingByTag(tag)?.name.toUpperCase();
    if (name === 'EXAMINE') readOnly = true;
    else if (name === 'SELECT' || name === 'CLOSE' || name === 'UNSELECT') readOnly = false;
  }
  return readOnly;
}

/**
 * `LOGIN not sent: ...`: the command by name (with its SASL mechanism), never its arguments,
 * which hold the password, and why it was held back.
 */
function notSentText(ctx: SessionContext, parts: CommandParts, secret: string): string {
  const mechanism = /^(AUTHENTICATE|AUTH)$/i.test(parts.name) ? ` ${parts.args.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? ''}` : '';
  const command = `${parts.name.toUpperCase()}${mechanism}`.trimEnd();
  return `${command} not sent: it would carry your ${secret} unencrypted to ${ctx.endpoint.host}, which is not loopback (use --allow-plaintext-auth, or STARTTLS first)`;
}
