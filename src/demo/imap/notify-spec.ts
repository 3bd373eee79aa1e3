// Reading NOTIFY SET's arguments (RFC 5465 3.1, grammar in section 8):
//   notify-set   = "SET" [SP status-indicator] SP event-groups
//   event-group  = "(" filter-mailboxes SP events ")"
//   events       = ( "(" event *(SP event) ")" ) / "NONE"
//   message-event = ( "MessageNew" [SP "(" fetch-att *(SP fetch-att) ")" ] ) / "MessageExpunge" / "FlagChange" / "AnnotationChange"
// The filters (section 6) and the events (section 5) are tables below; what breaks a rule of
// the RFC is BAD (ArgumentError), an event the demo does not report is NO [BADEVENT (...)].

import type { ImapValue } from '../../protocol/imap/types.js';
import { fetchItem } from '../../registry/index.js';
import { ArgumentError, atomOf, isList, textOf } from './args.js';

/** Every event RFC 5465 section 5 defines, as it spells them. */
export const EVENT_NAMES = [
  'MessageNew', 'MessageExpunge', 'FlagChange', 'AnnotationChange',
  'MailboxName', 'SubscriptionChange', 'MailboxMetadataChange', 'ServerMetadataChange',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** RFC 5465 8, message-event: the only events a selected filter may carry (section 6.1). */
const MESSAGE_EVENTS: ReadonlySet<EventName> = new Set(['MessageNew', 'MessageExpunge', 'FlagChange', 'AnnotationChange']);

/**
 * The events the demo reports, in the order NO [BADEVENT (...)] lists them (RFC 5465 3.1: the
 * code "MUST list names of all events supported by the server"). The demo has no ANNOTATE
 * (RFC 5257), so no AnnotationChange; it has METADATA, which makes the two METADATA events
 * required (RFC 5465 5.6, 5.7).
 */
export const SUPPORTED_EVENTS: readonly EventName[] = [
  'MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange', 'MailboxMetadataChange', 'ServerMetadataChange',
];

/**
 * RFC 5465 5: "If one of MessageNew or MessageExpunge is specified, then both events MUST be
 * specified", and FlagChange or AnnotationChange need both of them; "Otherwise, the server
 * MUST respond with the tagged BAD response."
 */
const NEEDS: Partial<Record<EventName, readonly EventName[]>> = {
  MessageNew: ['MessageExpunge'],
  MessageExpunge: ['MessageNew'],
  FlagChange: ['MessageNew', 'MessageExpunge'],
  AnnotationChange: ['MessageNew', 'MessageExpunge'],
};

/** filter-mailboxes (RFC 5465 6): whether it means the selected mailbox, and whether names follow it. */
const FILTERS = {
  // 6.1.1: events as they happen, expunges too (the client must use UIDs).
  selected: { selected: true, named: false },
  // 6.1.2: expunges wait until a command that may carry them, so message numbers stay put.
  'selected-delayed': { selected: true, named: false },
  // 6.3: the mailboxes new mail is delivered to; in the demo that is INBOX.
  inboxes: { selected: false, named: false },
  // 6.2: every mailbox in the personal namespace: the user's own, not #Users. (notify-session.ts).
  personal: { selected: false, named: false },
  // 6.4: the subscribed ones, reevaluated when subscriptions change.
  subscribed: { selected: false, named: false },
  // 6.5: the named mailboxes and all their inferiors.
  subtree: { selected: false, named: true },
  // 6.6: exactly the named mailboxes, no wildcards.
  mailboxes: { selected: false, named: true },
} as const;
export type FilterName = keyof typeof FILTERS;

export interface EventGroup {
  filter: FilterName;
  /** For subtree and mailboxes: the names, as stored (see `toStored`). */
  mailboxes: string[];
  events: ReadonlySet<EventName>;
  /** MessageNew's fetch-att list (RFC 5465 5.2), as sent; only used for the selected mailbox. */
  fetchAttributes?: ImapValue;
}

export interface NotifySpec {
  /** NOTIFY SET STATUS: a STATUS now for each watched mailbox (RFC 5465 3.1). */
  status: boolean;
  /** The group for the selected mailbox; none means SELECTED NONE (RFC 5465 3.1). */
  selected?: EventGroup;
  /** Groups for the other mailboxes, in the order given. */
  others: EventGroup[];
}

/** NOTIFY NONE (RFC 5465 3.1): nothing is reported. */
export const NOTIFY_NONE: NotifySpec = { status: false, others: [] };

export const NOTIFY_SYNTAX = 'NOTIFY SET [STATUS] (filter (event ...)) ... | NOTIFY NONE, e.g. NOTIFY SET (selected (MessageNew (uid flags) MessageExpunge)) (personal (MessageNew MessageExpunge MailboxName))';

/** What NOTIFY SET asked for, or the events it named that the demo does not report. */
export type ReadResult = { spec: NotifySpec } | { unsupported: string[] };

const CANONICAL = new Map<string, EventName>(EVENT_NAMES.map((n) => [n.toLowerCase(), n]));

/** Reads the arguments after SET; `toStored` turns a client's mailbox name into the stored one. */
export function readNotifySet(args: readonly ImapValue[], toStored: (name: string) => string): ReadResult {
  let i = 0;
  const status = atomOf(args[0])?.toUpperCase() === 'STATUS';
  if (status) i++;
  if (i >= args.length) throw new ArgumentError(`NOTIFY SET needs at least one event group; expected: ${NOTIFY_SYNTAX}`);
  const spec: NotifySpec = { status, others: [] };
  const unsupported = new Set<string>();
  for (; i < args.length; i++) {
    const group = readGroup(args[i], toStored, unsupported);
    if (!group) continue;
    if (FILTERS[group.filter].selected) {
      // RFC 5465 6.1: "Only one of the mailbox specifiers affecting the currently selected mailbox can be specified".
      if (spec.selected) throw new ArgumentError('only one of selected and selected-delayed may be given (RFC 5465 6.1)');
      spec.selected = group;
    } else spec.others.push(group);
  }
  if (unsupported.size > 0) return { unsupported: [...unsupported] };
  return { spec };
}

/** One event-group; undefined for `(filter NONE)`, which asks for nothing there. */
function readGroup(v: ImapValue, toStored: (name: string) => string, unsupported: Set<string>): EventGroup | undefined {
  if (!isList(v) || v.items.length < 2) throw new ArgumentError(`each event group is (filter events); expected: ${NOTIFY_SYNTAX}`);
  const word = atomOf(v.items[0])?.toLowerCase() ?? '';
  if (!Object.hasOwn(FILTERS, word)) throw new ArgumentError(`unknown mailbox filter ${word || '(not an atom)'}: use ${Object.keys(FILTERS).join(', ')} (RFC 5465 6)`);
  const filter = word as FilterName;
  const { named, selected } = FILTERS[filter];
  const rest = v.items.slice(1);
  const mailboxes = named ? readMailboxes(rest.shift(), filter).map(toStored) : [];
  if (rest.length !== 1) throw new ArgumentError(`(${filter}${named ? ' mailboxes' : ''} events): one events list, or NONE`);
  if (atomOf(rest[0])?.toUpperCase() === 'NONE') return undefined;
  const { events, fetchAttributes } = readEvents(rest[0], filter, unsupported);
  if (selected) for (const e of events) if (!MESSAGE_EVENTS.has(e)) throw new ArgumentError(`${e} is not a message event: ${filter} takes only MessageNew, MessageExpunge, FlagChange (RFC 5465 6.1)`);
  return { filter, mailboxes, events, fetchAttributes };
}

/** one-or-more-mailbox (RFC 5465 8): a name, or a parenthesized list of names. */
function readMailboxes(v: ImapValue | undefined, filter: string): string[] {
  const values = isList(v) ? v.items : v === undefined ? [] : [v];
  const names = values.map((item) => textOf(item));
  if (names.length === 0 || names.some((n) => n === undefined)) throw new ArgumentError(`${filter} needs a mailbox name or a list of them: (${filter} (INBOX.Lists) (MessageNew MessageExpunge))`);
  return names as string[];
}

function readEvents(v: ImapValue, filter: string, unsupported: Set<string>): { events: Set<EventName>; fetchAttributes?: ImapValue } {
  if (!isList(v) || v.items.length === 0) throw new ArgumentError(`(${filter} ...) needs a list of events, or NONE`);
  const events = new Set<EventName>();
  let fetchAttributes: ImapValue | undefined;
  const items = v.items;
  for (let i = 0; i < items.length; i++) {
    const word = atomOf(items[i]);
    if (word === undefined) throw new ArgumentError(`events are atoms like MessageNew; got a ${items[i].type}`);
    const name = CANONICAL.get(word.toLowerCase());
    // RFC 5465 3.1: an unknown or unsupported event is NO [BADEVENT], not BAD.
    if (!name || !SUPPORTED_EVENTS.includes(name)) unsupported.add(name ?? word);
    if (!name) continue;
    events.add(name);
    if (name === 'MessageNew' && isList(items[i + 1])) fetchAttributes = checkFetchAttributes(items[++i]);
  }
  for (const e of events) {
    const missing = (NEEDS[e] ?? []).filter((needed) => !events.has(needed));
    if (missing.length > 0) throw new ArgumentError(`${e} needs ${missing.join(' and ')} in the same group (RFC 5465 5)`);
  }
  return { events, fetchAttributes };
}

/** Section items the FETCH handler answers; other names are checked against the registry. */
const SECTION_ITEMS = new Set(['BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE']);

/** MessageNew's fetch-att list (RFC 5465 5.2): each a FETCH item the registry knows. */
function checkFetchAttributes(v: ImapValue): ImapValue {
  if (!isList(v) || v.items.length === 0) throw new ArgumentError('MessageNew takes a non-empty list of FETCH items, like (UID FLAGS ENVELOPE)');
  for (const item of v.items) {
    const known = item.type === 'section' ? SECTION_ITEMS.has(item.name.toUpperCase()) : fetchItem(atomOf(item)?.toUpperCase() ?? '') !== undefined;
    if (!known) throw new ArgumentError(`MessageNew: ${atomOf(item) ?? (item.type === 'section' ? item.name : item.type)} is not a FETCH item`);
  }
  return v;
}
