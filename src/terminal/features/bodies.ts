// `:show` and `:save`: the last literal or POP3 body in full, on the screen or in a file, and
// `:save next FILE` for one of any size (a message with attachments is past the 1 MiB the
// reader keeps: only the file gets all of it).

import { writeFileSync } from 'node:fs';
import { fileError, isMailscopeError } from '../../errors.js';
import type { SessionContext } from '../context.js';
import type { MetaCommand } from '../meta-commands.js';

const NOTHING_YET = 'no literal or multi-line body received yet';

function notWhole(size: number): string {
  return `the last body was ${size} bytes, streamed and not kept whole: put :save next FILE before the command that fetches it`;
}

function saveLast(ctx: SessionContext, path: string): void {
  const body = ctx.display.bodies.last();
  if (!body) return ctx.problem('error', `nothing to save: ${NOTHING_YET}`);
  if (!body.whole) return ctx.problem('error', notWhole(body.size));
  try {
    writeFileSync(path, body.data, { mode: 0o600 });
  } catch (e) {
    return ctx.problem('error', fileError('FILE_UNWRITABLE', path, e).message);
  }
  ctx.print(ctx.theme.dim(`saved ${body.data.length} bytes to ${path}`));
}

function saveNext(ctx: SessionContext, path: string): void {
  try {
    ctx.display.bodies.saveNext(path, (message, ok) => (ok ? ctx.print(ctx.theme.dim(message)) : ctx.problem('error', message)));
  } catch (e) {
    if (!isMailscopeError(e)) throw e;
    return ctx.problem('error', e.message);
  }
  ctx.print(ctx.theme.dim(`the next literal or multi-line body goes to ${path}`));
}

export const BODY_META_COMMANDS: MetaCommand[] = [
  {
    name: 'show',
    usage: ':show',
    help: 'show the whole of the last literal or multi-line body that was cut short',
    run(ctx) {
      const body = ctx.display.bodies.last();
      if (!body) return ctx.print(ctx.theme.dim(NOTHING_YET));
      ctx.print(Buffer.from(body.data).toString('utf8'));
      if (!body.whole) ctx.print(ctx.theme.dim(`(its first ${body.data.length} bytes: ${notWhole(body.size)})`));
    },
  },
  {
    name: 'save',
    usage: ':save [next] FILE',
    help: 'write the last literal or POP3 body (a message from BODY[] or RETR) to FILE as received; next: the next one, of any size',
    run(ctx, args) {
      if (args[0] === 'next' && args.length === 2) return saveNext(ctx, args[1]);
      if (args.length !== 1 || args[0] === 'next') return ctx.problem('error', ':save takes FILE, or next FILE');
      saveLast(ctx, args[0]);
    },
  },
];
