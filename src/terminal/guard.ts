// Guard-rails before sending: warnings that never block (a tester must be able to send
// anything), except a secret about to cross an unencrypted connection to a host that is not
// loopback, which asks first (interactive) or is refused (non-interactive) unless
// --allow-plaintext-auth.
import { splitComment } from '../session/comments.js';
import { splitTypedLine } from '../session/typed-line.js';
import { checkCommand } from '../registry/guard.js';
import { wrapped } from '../registry/format.js';
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
      });
      let allowed = true;
      for (const w of warnings) {
        if (w.kind === 'plaintext-secret') {
          // The one guard that protects the user rather than informs: it runs even with :guard off.
          if (opts.allowPlaintextAuth) continue;
          allowed = await ctx.confirm(`${w.message} Send it anyway? [y/N] `, false);
          if (!allowed) ctx.print(ctx.theme.error('not sent (use --allow-plaintext-auth, or STARTTLS first)'));
        } else if (ctx.guardOn) {
          // Wrapped at the terminal's width, the lines after the first under the message.
          ctx.print(wrapped(`! ${w.message}`, '', ctx.display.width, ctx.theme.no, '  ').trimEnd());
        }
      }
      return allowed;
    },
  };
}
