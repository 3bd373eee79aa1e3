// IDLE (RFC 2177): the server reports mailbox changes as they happen until the client
// sends DONE. Anything other than DONE ends IDLE with BAD.

import { requireCount } from '../args.js';
import { bad, ok, type Handler } from '../context.js';

export const IDLE: Handler = async (ctx, call) => {
  requireCount(call.args, 0, 'IDLE');
  ctx.continuation('idling');
  ctx.idling = true;
  try {
    ctx.reportUpdates(true);
    const line = await ctx.readLine();
    if (line === undefined) return bad('connection closed during IDLE');
    if (line.trim().toUpperCase() !== 'DONE') return bad('expected DONE to end IDLE');
    return ok('IDLE terminated');
  } finally {
    ctx.idling = false;
  }
};
