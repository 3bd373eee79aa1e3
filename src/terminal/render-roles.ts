// What a value means where it stands, from the RFC grammar: the roles the pretty printer gives
// values (a flag, a mailbox name, an ENVELOPE field), read by both of its writers, from built
// values (render-imap.ts) and from wire bytes (render-wire.ts).


/** Roles are small numbers: the printer looks them up in arrays on every value, not by name. */
export const Role = {
  plain: 0,
  flags: 1,
  mailbox: 2,
  capability: 3,
  fetch: 4,
  envelope: 5,
  addresses: 6,
  address: 7,
  encoded: 8,
  thread: 9,
  /** Where a mailbox or an atom stands once names are UTF-8: nothing decoded beside it. */
  utf8Mailbox: 10,
  utf8Plain: 11,
  /** A list of `name value` pairs other than FETCH's: STATUS items, METADATA entries. */
  pairs: 12,
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLE_COUNT = Object.keys(Role).length;

export interface Roles {
  /** Role of the value at each position. */
  each: readonly Role[];
  /** Role of values past `each`. */
  rest?: Role;
}

/** Untagged data values (RFC 3501 section 7.2-7.4, RFC 9051 section 7.3, RFC 5161 ENABLED). */
export const DATA_ROLES: Readonly<Record<string, Roles>> = {
  CAPABILITY: { each: [], rest: Role.capability },
  ENABLED: { each: [], rest: Role.capability },
  FLAGS: { each: [Role.flags] },
  LIST: { each: [Role.flags, Role.plain, Role.mailbox] },
  LSUB: { each: [Role.flags, Role.plain, Role.mailbox] },
  // Gmail's pre-RFC 6154 LIST variant.
  XLIST: { each: [Role.flags, Role.plain, Role.mailbox] },
  // RFC 3501 7.2.4 status-att-list and RFC 5464 4.4 entry-values: name value pairs.
  STATUS: { each: [Role.mailbox, Role.pairs] },
  METADATA: { each: [Role.mailbox, Role.pairs] },
  FETCH: { each: [Role.fetch] },
  // RFC 5256 4: thread-list, each a thread; nested threads written back to back.
  THREAD: { each: [], rest: Role.thread },
};

/** Response code arguments with a known shape (RFC 3501 section 7.1). */
export const CODE_ROLES: Readonly<Record<string, Role>> = {
  PERMANENTFLAGS: Role.flags,
  CAPABILITY: Role.capability,
};

/** FETCH msg-att values with a known shape (RFC 3501 section 7.4.2). */
const FETCH_ROLES: Readonly<Record<string, Role>> = {
  FLAGS: Role.flags,
  ENVELOPE: Role.envelope,
};

/** Children of list-valued roles: ENVELOPE is date, subject, from, sender, reply-to, to, cc,
 * bcc, in-reply-to, message-id; an address is name, adl, mailbox, host (RFC 3501 7.4.2). */
export const LIST_ROLES: Readonly<Partial<Record<Role, Roles>>> = {
  [Role.flags]: { each: [], rest: Role.flags },
  [Role.capability]: { each: [], rest: Role.capability },
  [Role.envelope]: { each: [Role.plain, Role.encoded, Role.addresses, Role.addresses, Role.addresses, Role.addresses, Role.addresses, Role.addresses], rest: Role.plain },
  [Role.addresses]: { each: [], rest: Role.address },
  [Role.address]: { each: [Role.encoded], rest: Role.plain },
  [Role.thread]: { each: [], rest: Role.thread },
};

export function roleAt(roles: Roles | undefined, i: number): Role {
  return roles?.each[i] ?? roles?.rest ?? Role.plain;
}

/** The role that shows no modified UTF-7 decoding, for a session whose names are UTF-8. */
export function utf8Role(role: Role): Role {
  return role === Role.mailbox ? Role.utf8Mailbox : role === Role.plain ? Role.utf8Plain : role;
}

/** RFC 5256's thread-nested is `2*thread-list`: thread lists come back to back, no space between. */
export function tightBetween(role: Role, beforeIsList: boolean, valueIsList: boolean): boolean {
  return role === Role.thread && beforeIsList && valueIsList;
}

/** Lists whose positions carry meaning (a FETCH item, an ENVELOPE field) break one child per
 * line; any other list fills its lines like a paragraph (pairs kept whole: STATUS, METADATA). */
export function onePerLine(role: Role): boolean {
  return role === Role.fetch || role === Role.envelope;
}

/** FETCH_ROLES by the item name as sent, remembered: the same few names come on every line. */
const fetchRoleByName = new Map<string, Role>();

export function fetchRole(name: string): Role {
  let role = fetchRoleByName.get(name);
  if (role === undefined) {
    role = FETCH_ROLES[name.toUpperCase()] ?? Role.plain;
    if (fetchRoleByName.size < CACHE_LIMIT) fetchRoleByName.set(name, role);
  }
  return role;
}

/** Bounds every by-text cache of the printer: servers send few distinct names. */
export const CACHE_LIMIT = 1024;
