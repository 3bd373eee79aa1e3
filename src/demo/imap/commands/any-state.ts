// Commands valid in any state (RFC 3501 section 6.1) and ID (RFC 2971).

import { quoted } from '../../../protocol/imap/writer.js';
import { isList, textOf } from '../args.js';
import { bad, ok, type Handler } from '../context.js';

export const CAPABILITY: Handler = (ctx) => {
  ctx.untagged('CAPABILITY ', ctx.config.capabilities(ctx).join(' '));
  return ok('CAPABILITY completed');
};

/** NOOP is the polite way to ask for pending updates (RFC 3501 6.1.2). */
export const NOOP: Handler = () => ok('NOOP completed');

export const LOGOUT: Handler = (ctx) => {
  ctx.untagged('BYE mailscope demo server logging out');
  ctx.state = 'logout';
  return { ...ok('LOGOUT completed'), after: () => ctx.close() };
};

/** RFC 2971 3.1: the client's list is informational; answer with ours. */
export const ID: Handler = (ctx, call) => {
  const [params] = call.args;
  if (call.args.length !== 1 || !(isList(params) || params.type === 'nil')) return bad('ID takes a parenthesized list or NIL');
  if (isList(params)) {
    if (params.items.length % 2 !== 0 || params.items.length > 60) return bad('ID list must hold field-value pairs (at most 30)');
    for (let i = 0; i < params.items.length; i += 2) {
      if (textOf(params.items[i]) === undefined) return bad('ID field names are strings');
    }
  }
  const fields = ctx.config.id.map(([k, v]) => `${quoted(k)} ${quoted(v)}`).join(' ');
  ctx.untagged(`ID (${fields})`);
  return ok('ID completed');
};
