// The handler table: one entry per command name, as the registry spells it (UID forms are
// two words). Which state a command is valid in is the registry's fact, not repeated here.

import type { Handler } from '../context.js';
import { CAPABILITY, ID, LOGOUT, NOOP } from './any-state.js';
import { AUTHENTICATE, LOGIN, STARTTLS } from './not-authenticated.js';
import { CREATE, DELETE, ENABLE, EXAMINE, LIST, LSUB, NAMESPACE, RENAME, SELECT, STATUS, SUBSCRIBE, UNSUBSCRIBE } from './mailboxes.js';
import { APPEND } from './append.js';
import { IDLE } from './idle.js';
import { CHECK, CLOSE, EXPUNGE, STORE, UID_EXPUNGE, UID_STORE, UNSELECT } from './selected.js';
import { FETCH, UID_FETCH } from './fetch.js';
import { SEARCH, UID_SEARCH } from './search.js';
import { COPY, MOVE, UID_COPY, UID_MOVE } from './copy-move.js';
import { COMPRESS } from './compress.js';
import { DELETEACL, GETACL, LISTRIGHTS, MYRIGHTS, SETACL } from './acl.js';
import { GETQUOTA, GETQUOTAROOT } from './quota.js';
import { GETMETADATA, SETMETADATA } from './metadata.js';
import { SORT, UID_SORT } from './sort.js';
import { THREAD, UID_THREAD } from './thread.js';
import { NOTIFY } from './notify.js';
import { CANCELUPDATE } from './context-search.js';

export const HANDLERS: Readonly<Record<string, Handler>> = {
  CAPABILITY, NOOP, LOGOUT, ID,
  STARTTLS, AUTHENTICATE, LOGIN,
  ENABLE, SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, NAMESPACE, STATUS, APPEND, IDLE,
  CHECK, CLOSE, UNSELECT, EXPUNGE, SEARCH, FETCH, STORE, COPY, MOVE, COMPRESS,
  MYRIGHTS, GETACL, LISTRIGHTS, SETACL, DELETEACL, GETQUOTAROOT, GETQUOTA,
  GETMETADATA, SETMETADATA, NOTIFY, CANCELUPDATE,
  'UID FETCH': UID_FETCH, 'UID STORE': UID_STORE, 'UID SEARCH': UID_SEARCH,
  'UID COPY': UID_COPY, 'UID MOVE': UID_MOVE, 'UID EXPUNGE': UID_EXPUNGE,
  SORT, THREAD, 'UID SORT': UID_SORT, 'UID THREAD': UID_THREAD,
};

/**
 * RFC 3501 7.4.1: no EXPUNGE response while FETCH, STORE or SEARCH runs (message numbers
 * would shift under the client); their UID forms may carry them. SORT and THREAD answer
 * with message numbers too (RFC 5256), so the same holds for them.
 */
export const NO_EXPUNGE_DURING = new Set(['FETCH', 'STORE', 'SEARCH', 'SORT', 'THREAD']);
