// `:show` and `:save`: the last literal or POP3 body in full, on the screen or in a file, and
// `:save next FILE` for one of any size (a message with attachments is past the 1 MiB the
// reader keeps: only the file gets all of it). `--decode` undoes a part's
// Content-Transfer-Encoding (RFC 2045 6) for servers without BINARY (RFC 3516): Gmail, Exchange.

import { writeFileSync } from 'node:fs';
import { fileError, isMailscopeError } from '../../errors.js';
import { decodeWhole } from '../../mime/transfer-decoder.js';
import { displayLines } from '../render-imap.js';
import { badDecodeArgument, decodePlan, decodedSummary, type DecodeRequest } from '../decode-plan.js';
import type { SessionContext } from '../context.js';
import type { MetaCommand } from '../meta-commands.js';

const NOTHING_YET = 'no literal or multi-line body received yet';
// -d for --decode: the usage column of :help is as wide as its longest entry (27).
const USAGE = ':save [next] [-d] FILE';
const ARGS = '[next] [-d | --decode | --decode=ENCODING] FILE';

function notWhole(size: number): string {
  return `the last body was ${size} bytes, streamed and not kept whole: put :save next FILE before the command that fetches it`;
}

interface SaveArgs {
  next: boolean;
  path: string;
  decode: DecodeRequest | undefined;
}

/** `[next] [--decode[=ENCODING]] FILE`, the option anywhere; a one-line problem otherwise. */
function saveArgs(args: readonly string[]): SaveArgs | string {
  const words: string[] = [];
  let decode: DecodeRequest | undefined;
  for (const arg of args) {
    const m = /^(?:-d|--decode(?:=(.*))?)$/.exec(arg);
    if (!m) {
      if (arg.startsWith('-')) return `:save knows -d, --decode and --decode=ENCODING, not ${arg}`;
      words.push(arg);
      continue;
    }
    const problem = m[1] === undefined ? undefined : badDecodeArgument(m[1]);
    if (problem) return problem;
    decode = { named: m[1] };
  }
  const next = words[0] === 'next';
  const rest = next ? words.slice(1) : words;
  if (rest.length !== 1 || rest[0] === 'next') return `:save takes ${ARGS}`;
  return { next, path: rest[0], decode };
}

/**
 * The BODYSTRUCTUREs seen belong to the selected mailbox: after CLOSE (RFC 3501 6.4.2) or
 * UNSELECT (RFC 3691) there is none. (The keeper itself sees every SELECT and EXAMINE.)
 */
function mailboxSelected(ctx: SessionContext): boolean {
  return ctx.protocol !== 'imap' || ctx.client.ahead().state === 'selected';
}

function saveLast(ctx: SessionContext, { path, decode }: SaveArgs): void {
  const body = ctx.display.bodies.last();
  if (!body) return ctx.problem('error', `nothing to save: ${NOTHING_YET}`);
  // What --decode refuses for good is said first: `:save next` would not help it.
  const plan = decode ? ctx.display.bodies.plan(body.origin, decode, mailboxSelected(ctx)) : undefined;
  if (plan?.kind === 'refuse') return ctx.problem('error', plan.reason);
  if (!body.whole) return ctx.problem('error', notWhole(body.size));
  if (plan?.kind === 'unknown') return ctx.problem('error', plan.reason);
  let data = body.data;
  let summary = `saved ${body.data.length} bytes to ${path}`;
  for (const note of plan?.notes ?? []) ctx.print(ctx.theme.dim(note));
  if (plan?.kind === 'decode') {
    data = decodeWhole(plan.decoder, body.data);
    summary = decodedSummary(data.length, path, plan.encoding, body.data.length);
  }
  try {
    writeFileSync(path, data, { mode: 0o600 });
  } catch (e) {
    return ctx.problem('error', fileError('FILE_UNWRITABLE', path, e).message);
  }
  ctx.print(ctx.theme.dim(summary));
}

function saveNext(ctx: SessionContext, { path, decode }: SaveArgs): void {
  if (decode && ctx.protocol === 'pop3') {
    const plan = decodePlan({ kind: 'pop3' }, decode, () => undefined);
    if (plan.kind === 'refuse') return ctx.problem('error', plan.reason);
  }
  try {
    ctx.display.bodies.saveNext(path, (message, ok) => (ok ? ctx.print(ctx.theme.dim(message)) : ctx.problem('error', message)), decode);
  } catch (e) {
    if (!isMailscopeError(e)) throw e;
    return ctx.problem('error', e.message);
  }
  const how = decode ? ', its Content-Transfer-Encoding undone' : '';
  ctx.print(ctx.theme.dim(`the next literal or multi-line body goes to ${path}${how}`));
}

export const BODY_META_COMMANDS: MetaCommand[] = [
  {
    name: 'show',
    usage: ':show',
    help: 'show the whole of the last literal or multi-line body that was cut short',
    run(ctx) {
      const body = ctx.display.bodies.last();
      if (!body) return ctx.print(ctx.theme.dim(NOTHING_YET));
      // Escaped as the pretty printer escapes a literal: a server's bytes must not drive the terminal.
      ctx.print(displayLines(body.data).join('\n'));
      if (!body.whole) ctx.print(ctx.theme.dim(`(its first ${body.data.length} bytes: ${notWhole(body.size)})`));
    },
  },
  {
    name: 'save',
    usage: USAGE,
    help:
      'write the last literal or POP3 body (a message from BODY[] or RETR) to FILE as received; next: the next one, of any size; ' +
      '-d or --decode: undo the base64 or quoted-printable of a part fetched with BODY[n], the encoding taken from BODYSTRUCTURE or BODY[n.MIME] ' +
      '(in the same FETCH, or fetched before for that message), else from --decode=ENCODING (servers with BINARY decode themselves: BINARY.PEEK[n])',
    run(ctx, args) {
      const parsed = saveArgs(args);
      if (typeof parsed === 'string') return ctx.problem('error', parsed);
      return parsed.next ? saveNext(ctx, parsed) : saveLast(ctx, parsed);
    },
  },
];
