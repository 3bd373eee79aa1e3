// APPENDLIMIT (RFC 7889): the largest message APPEND accepts, announced so a client need not
// upload a message only to have it refused. The demo has one limit for every mailbox
// (RFC 7889 2 (a), `APPENDLIMIT=<n>`), and STATUS / LIST-STATUS report it per mailbox (3.1, 3.2).
//
// The limit is the command reader's literal limit (IMAP_LIMITS.commandMaxLiteral), the one
// size the demo already refused: the reader answers a bigger synchronizing literal before
// sending "+" (RFC 7889 1: the client then uploads nothing) and drops a bigger `{N+}` one.
// Its refusal carries [TOOBIG] (RFC 7889 4); the check below repeats it for the messages the
// handler sees, so a message over the limit can never be stored whatever the reader allows.
// The reader also bounds the sum of one command's literals by the same number, so a
// MULTIAPPEND (RFC 3502) of several messages is refused when together they pass it.

import { IMAP_LIMITS } from '../../../protocol/imap/limits.js';
import type { Mailbox } from '../../store/mailbox.js';
import { no, type Completion } from '../context.js';

/** Octets (RFC 7889 5: "the fixed maximum message size in octets that the server will accept"). */
export const APPEND_LIMIT: number = IMAP_LIMITS.commandMaxLiteral;

/** The capability as announced: `APPENDLIMIT=33554432`. */
export const APPENDLIMIT_CAPABILITY = `APPENDLIMIT=${APPEND_LIMIT}`;

/**
 * RFC 7889 3.1 and 5: status-att-val = "APPENDLIMIT" SP (number / nil); NIL would mean no
 * limit for that mailbox. The demo's limit is the same everywhere (3.3: no ACL or quota in it).
 */
export function appendLimitOf(_mailbox: Mailbox): number | undefined {
  return APPEND_LIMIT;
}

/**
 * RFC 7889 4: a message over the limit is refused with a tagged TOOBIG; RFC 4469 3 and 4.2
 * put that code in the tagged NO of APPEND.
 */
export function tooBig(octets: number, limit = APPEND_LIMIT): Completion | undefined {
  if (octets <= limit) return undefined;
  return no(`a message of ${octets} octets is over the APPENDLIMIT of ${limit} octets`, 'TOOBIG');
}
