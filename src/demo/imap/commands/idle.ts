// IDLE (RFC 2177): the server reports mailbox changes as they happen until the client
// sends DONE. The tutorial typed ". done" (a tag in front, lower case); DONE is not a
// command and takes no tag, but a learner copying the tutorial gets the idle ended all the
// same. Anything else ends IDLE with BAD.

import { requireCount } from '../args.js';
import { bad, ok, type Handler } from '../context.js';

const DONE = /^(?:\S+ )?DONE$/i;

export const IDLE: Handler = async (ctx, call) => {
  requireCount(call.args, 0, 'IDLE');
  ctx.continuation('idling');
  ctx.idling = true;
  try {
    ctx.reportUpdates(true);
    // RFC 5465 4: in IDLE the server sends the events NOTIFY asked for, as they happen.
    ctx.notify.flush();
    const line = await ctx.readLine();
    if (line === undefined) return bad('connection closed during IDLE');
    if (!DONE.test(line.trim())) return bad('expected DONE to end IDLE');
    return ok('IDLE terminated');
  } finally {
    ctx.idling = false;
  }
};
