// NOTIFY (RFC 5465 3.1): the client says which changes it wants reported, for the selected
// mailbox and for others, without polling. NOTIFY NONE turns every report off; NOTIFY SET
// replaces the list (read in notify-spec.ts, acted on in notify-session.ts). The tagged OK
// follows the selected mailbox's pending changes: "a successful NOTIFY SET command implies an
// implicit NOOP command" (3.1), which the session's report at every command's end gives.

import { ArgumentError, atomOf, requireCount } from '../args.js';
import { no, ok, type Handler } from '../context.js';
import { NOTIFY_NONE, NOTIFY_SYNTAX, SUPPORTED_EVENTS, readNotifySet } from '../notify-spec.js';
import { storedName } from '../rev2.js';
import { canonicalName } from '../shared-mailboxes.js';

export const NOTIFY: Handler = (ctx, call) => {
  const form = atomOf(call.args[0])?.toUpperCase();
  if (form === 'NONE') {
    requireCount(call.args, 1, 'NOTIFY NONE');
    ctx.notify.set(NOTIFY_NONE);
    return ok('NOTIFY NONE completed: no more events');
  }
  if (form !== 'SET') throw new ArgumentError(`expected: ${NOTIFY_SYNTAX}`);
  // Names as the session knows them, #Users.<localpart>.<name> for another user's (RFC 2342 5).
  const read = readNotifySet(call.args.slice(1), (name) => canonicalName(ctx, storedName(ctx, name)));
  // RFC 5465 3.1: an unsupported event is a NO (not a BAD) whose BADEVENT lists every event supported.
  if ('unsupported' in read) return no(`Not reported by this server: ${read.unsupported.join(' ')}`, `BADEVENT (${SUPPORTED_EVENTS.join(' ')})`);
  ctx.notify.set(read.spec);
  if (read.spec.status) ctx.notify.writeInitialStatus();
  return ok('NOTIFY completed');
};
