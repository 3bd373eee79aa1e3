// One session's NOTIFY state (RFC 5465): what the client asked for, and the reports waiting to
// be sent. Changes to the selected mailbox stay in its view (store/view.ts), as without NOTIFY;
// NOTIFY decides when they may go out between commands (section 6.1). Changes elsewhere come
// from the store's hub (store/notify-events.ts) and leave as STATUS (sections 5.1-5.3) or LIST
// (5.4, 5.5). Reports go out at once when no command runs (with NOTIFY "the client listens
// for event notifications all the time", even between commands), or in IDLE (section 4);
// otherwise they wait for the end of the running command, before its tagged response. Several
// changes to one mailbox before the reports go out make one STATUS, with that moment's values.
// Another user's mailbox is watched under its #Users. name (subtree, mailboxes, subscribed;
// personal and inboxes are the user's own namespace, section 6) while the user holds `l` and
// `r` on it: "All event types ... require the 'l' and 'r' rights" (section 5), checked at each
// change, so monitoring stops when access is lost and restarts when it is granted (5.9); its
// name is told (LIST, 5.4) when it appears or goes for the user, `l` granted or revoked included.
// Not sent: \NoAccess (5.9 SHOULD), the direct parent of a created or deleted name (5.4).

import { astring, quoted } from '../../protocol/imap/writer.js';
import type { Mailbox, StoredMessage } from '../store/mailbox.js';
import type { StoreEvent } from '../store/notify-events.js';
import { HIERARCHY_SEPARATOR, type Account } from '../store/store.js';
import type { ImapContext } from './context.js';
import { attributes } from './commands/list-extended.js';
import { writeStatus } from './commands/status-items.js';
import { UID_FETCH } from './commands/fetch.js';
import { reportSearchUpdates } from './commands/context-search.js';
import type { EventGroup, EventName, FilterName, NotifySpec } from './notify-spec.js';
import { wireName } from './rev2.js';
import { formatSet } from './sequence-set.js';
import { OTHER_USERS_PREFIX, listableShared, lookup, rightsOf, sharedName } from './shared-mailboxes.js';

/**
 * Which mailboxes a filter of another than the selected mailbox covers (RFC 5465 6.2-6.6), by
 * the name the session knows them by; 6.2: personal is "the user's personal namespace(s)".
 */
const COVERS: Record<FilterName, (name: string, group: EventGroup, account: Account) => boolean> = {
  selected: () => false,
  'selected-delayed': () => false,
  inboxes: (name) => name === 'INBOX',
  personal: (name) => !name.startsWith(OTHER_USERS_PREFIX),
  subscribed: (name, _group, account) => account.subscriptions.has(name),
  subtree: (name, group) => group.mailboxes.some((m) => name === m || name.startsWith(m + HIERARCHY_SEPARATOR)),
  mailboxes: (name, group) => group.mailboxes.includes(name),
};

type MessageEventName = 'MessageNew' | 'MessageExpunge' | 'FlagChange';

/**
 * The STATUS items a message event in another mailbox calls for: MessageNew and MessageExpunge
 * "STATUS (UIDNEXT MESSAGES)" (RFC 5465 5.2, 5.3), and for NOTIFY SET STATUS also UIDVALIDITY
 * (3.1); FlagChange "at least HIGHESTMODSEQ and UIDVALIDITY" (5.1, the demo has CONDSTORE).
 */
const STATUS_FOR: Record<MessageEventName, readonly string[]> = {
  MessageNew: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY'],
  MessageExpunge: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY'],
  FlagChange: ['UIDVALIDITY', 'HIGHESTMODSEQ'],
};
const STATUS_ORDER = ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'HIGHESTMODSEQ'];
const MESSAGE_EVENT_NAMES = Object.keys(STATUS_FOR) as MessageEventName[];

/**
 * RFC 5465 5.8: a server that cannot deliver all it was asked to sends OK [NOTIFICATIONOVERFLOW]
 * and behaves as after NOTIFY NONE. The demo gives up when this many reports wait at once.
 */
export const NOTIFY_PENDING_LIMIT = 1000;

type Pending =
  /** `shared`: another user's mailbox, by its #Users. name; one's own is named as it is when told. */
  | { kind: 'status'; mailbox: Mailbox; shared?: string; events: Set<MessageEventName> }
  | { kind: 'list'; name: string; oldName?: string }
  /**
   * Another user's mailbox name that may have appeared or gone for this user (RFC 5465 5.4);
   * decided when told, after the command that changed it is done. `tell` is false for this
   * session's own change, which only updates what it is known to see.
   */
  | { kind: 'shared-name'; name: string; oldName?: string; tell: boolean }
  /** Changed METADATA entries of a mailbox, or of the server when `mailbox` is undefined. */
  | { kind: 'metadata'; mailbox?: Mailbox; entries: Set<string> };

/** How selected-mailbox changes may be reported between commands, if at all. */
interface SelectedPush { allowExpunge: boolean; allowFlags: boolean }

export class NotifySession {
  /** Undefined until the first NOTIFY: then the base rules hold (changes at command ends, RFC 2177 IDLE). */
  private spec?: NotifySpec;
  private readonly pending = new Map<unknown, Pending>();
  /** Messages this session appended or copied: no MessageNew FETCH for them (RFC 5465 5.2). */
  private readonly own = new WeakSet<StoredMessage>();
  /** Other users' mailboxes this session holds `l` on, as last told (RFC 5465 5.4). */
  private sharedVisible = new Set<string>();
  private stopListening?: () => void;
  private scheduled = false;
  /** NOTIFY_PENDING_LIMIT; a field so a test can make it small. */
  pendingLimit = NOTIFY_PENDING_LIMIT;

  /**
   * `self` is the session as the store's hub names an actor; `commandRunning` says whether a
   * command (IDLE too: `ctx.idling` tells that one apart) is running now.
   */
  constructor(
    private readonly ctx: ImapContext,
    private readonly self: object,
    private readonly commandRunning: () => boolean,
  ) {}

  /** NOTIFY SET or NOTIFY NONE: the new list replaces the old one (RFC 5465 3.1). */
  set(spec: NotifySpec): void {
    this.spec = spec;
    this.pending.clear();
    this.sharedVisible = this.ctx.account ? new Set(listableShared(this.ctx).keys()) : new Set();
    this.stopListening?.();
    this.stopListening = spec.others.length > 0 || spec.selected?.fetchAttributes ? this.ctx.store.notifications.listen((e) => this.heard(e)) : undefined;
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** NOTIFY SET STATUS (RFC 5465 3.1): a STATUS for each watched mailbox but the selected one. */
  writeInitialStatus(): void {
    const account = this.ctx.account;
    if (!account) return;
    const watched: Array<[Mailbox, string]> = account.list().map((m) => [m, m.name]);
    for (const [name, reached] of listableShared(this.ctx)) if (reached.rights.includes('r')) watched.push([reached.mailbox, name]);
    for (const [mailbox, name] of watched) {
      if (mailbox === this.ctx.view?.mailbox || mailbox.noSelect) continue;
      const events = new Set(MESSAGE_EVENT_NAMES.filter((e) => this.watches(e, name)));
      if (events.size > 0) this.writeStatusOf(mailbox, name, events);
    }
  }

  /** The selected mailbox's view queued a change. */
  selectedChanged(): void {
    this.schedule();
  }

  /** Writes the waiting reports of other mailboxes (at a command's end, or when pushing). */
  flush(): void {
    const items = [...this.pending.values()];
    this.pending.clear();
    for (const p of items) {
      if (p.kind === 'status') this.writeStatusOf(p.mailbox, p.shared ?? p.mailbox.name, p.events);
      else if (p.kind === 'list') this.writeList(p.name, p.oldName);
      else if (p.kind === 'shared-name') this.writeSharedName(p.name, p.oldName, p.tell);
      else this.writeMetadata(p.mailbox, p.entries);
    }
  }

  /**
   * RFC 5465 5.2: after EXISTS for new messages, a FETCH with the items MessageNew asked for,
   * exactly what UID FETCH with them answers; none for this session's own APPEND or COPY.
   */
  fetchNew(added: readonly StoredMessage[]): void {
    const items = this.spec?.selected?.fetchAttributes;
    const uids = added.filter((m) => !m.expunged && !this.own.has(m)).map((m) => m.uid);
    if (!items || uids.length === 0) return;
    try {
      void UID_FETCH(this.ctx, { tag: '*', name: 'UID FETCH', args: [{ type: 'atom', value: formatSet(uids) }, items], uid: true });
    } catch (e) {
      this.ctx.log(`NOTIFY MessageNew FETCH failed: ${(e as Error).message}`);
    }
  }

  /** RFC 5465 5.1: under FlagChange, the unsolicited FETCH of a flag change "MUST include UID and FLAGS". */
  uidInFlagUpdates(): boolean {
    return this.spec?.selected?.events.has('FlagChange') ?? false;
  }

  /** RFC 5465 6.1 and 4: how changes of the selected mailbox may go out between commands or in IDLE. */
  private selectedPush(): SelectedPush | undefined {
    if (!this.spec) return this.ctx.idling ? { allowExpunge: true, allowFlags: true } : undefined;
    const group = this.spec.selected;
    // MessageNew and MessageExpunge come together (RFC 5465 5); without them nothing is pushed.
    if (!group?.events.has('MessageNew')) return undefined;
    // selected-delayed keeps expunges for a command that may carry them; IDLE is one.
    return { allowExpunge: group.filter === 'selected' || this.ctx.idling, allowFlags: group.events.has('FlagChange') };
  }

  /** Whether a group for other mailboxes asks for `event` on `name` (stored name). */
  private watches(event: EventName, name: string): boolean {
    const account = this.ctx.account;
    return account !== undefined && (this.spec?.others ?? []).some((g) => g.events.has(event) && COVERS[g.filter](name, g, account));
  }

  private heard(e: StoreEvent): void {
    if (e.actor === this.self) {
      // RFC 5465 5: "the server SHOULD omit notifying the client if the event is caused by this
      // client", in its own mailboxes or in another user's it reaches (APPEND to #Users....).
      if (e.kind === 'MessageNew') for (const m of e.messages) this.own.add(m);
      if (e.account !== this.ctx.account && (e.kind === 'MailboxName' || e.kind === 'AclChange')) this.sharedNamePending(e.account, e.name, e.kind === 'MailboxName' ? e.oldName : undefined, false);
      return;
    }
    if (e.account !== this.ctx.account) return this.heardShared(e);
    switch (e.kind) {
      case 'MessageNew':
      case 'MessageExpunge':
      case 'FlagChange':
        // The selected mailbox's changes are its view's (RFC 5465 6.1).
        if (e.mailbox === this.ctx.view?.mailbox || !this.watches(e.kind, e.mailbox.name)) return;
        this.statusPending(e.mailbox).events.add(e.kind);
        break;
      case 'MailboxName':
        // RFC 5465 5.4: one LIST for the new name, with OLDNAME after a rename.
        if (!this.watches(e.kind, e.name) && !(e.oldName !== undefined && this.watches(e.kind, e.oldName))) return;
        this.pending.set(`LIST ${e.name}`, { kind: 'list', name: e.name, oldName: e.oldName });
        break;
      // The owner holds every right whatever the ACL says (acl.ts): nothing changes for it.
      case 'AclChange':
        return;
      case 'SubscriptionChange':
        if (!this.watchesSubscription(e.name)) return;
        if (!this.pending.has(`LIST ${e.name}`)) this.pending.set(`LIST ${e.name}`, { kind: 'list', name: e.name });
        break;
      case 'MailboxMetadataChange':
        if (!this.watches(e.kind, e.mailbox.name)) return;
        this.metadataPending(`METADATA ${e.mailbox.mailboxId}`, e.mailbox).add(e.entry);
        break;
      case 'ServerMetadataChange':
        // A user-event (RFC 5465 8): it concerns no mailbox, so any group that names it asks for it.
        if (!this.spec?.others.some((g) => g.events.has(e.kind))) return;
        this.metadataPending('METADATA', undefined).add(e.entry);
        break;
    }
    this.queued();
  }

  /**
   * A change in another user's store, told by its #Users. name: message events of a mailbox
   * this user holds `l` and `r` on (RFC 5465 5), and names appearing or going for this user
   * (5.4). Subscriptions and METADATA of another user's store are that user's own.
   */
  private heardShared(e: StoreEvent): void {
    if (e.kind === 'MailboxName' || e.kind === 'AclChange') return this.sharedNamePending(e.account, e.name, e.kind === 'MailboxName' ? e.oldName : undefined, true);
    if (e.kind !== 'MessageNew' && e.kind !== 'MessageExpunge' && e.kind !== 'FlagChange') return;
    const self = this.ctx.account;
    if (!self || e.mailbox === this.ctx.view?.mailbox) return;
    const rights = rightsOf(e.mailbox, self.user);
    const name = sharedName(e.account, e.mailbox.name);
    if (!rights.includes('l') || !rights.includes('r') || !this.watches(e.kind, name)) return;
    this.statusPending(e.mailbox, name).events.add(e.kind);
    this.queued();
  }

  private sharedNamePending(owner: Account, name: string, oldName: string | undefined, tell: boolean): void {
    const shared = sharedName(owner, name);
    const key = `SHARED ${shared}`;
    const known = this.pending.get(key);
    // Several changes to one name before it is told: one report, from the first name it had.
    const earlier = known?.kind === 'shared-name' ? known : undefined;
    const old = earlier?.oldName ?? (oldName === undefined ? undefined : sharedName(owner, oldName));
    this.pending.set(key, { kind: 'shared-name', name: shared, oldName: old, tell: tell || (earlier?.tell ?? false) });
    if (tell) this.queued();
  }

  private queued(): void {
    if (this.pending.size > this.pendingLimit) return this.overflow();
    this.schedule();
  }

  /** A subscription change concerns `subscribed` whether the name just joined or just left it (RFC 5465 6.4). */
  private watchesSubscription(name: string): boolean {
    return this.watches('SubscriptionChange', name) || (this.spec?.others ?? []).some((g) => g.filter === 'subscribed' && g.events.has('SubscriptionChange'));
  }

  private statusPending(mailbox: Mailbox, shared?: string): { events: Set<MessageEventName> } {
    const known = this.pending.get(mailbox);
    if (known?.kind === 'status') return known;
    const fresh = { kind: 'status' as const, mailbox, shared, events: new Set<MessageEventName>() };
    this.pending.set(mailbox, fresh);
    return fresh;
  }

  private metadataPending(key: string, mailbox: Mailbox | undefined): Set<string> {
    const known = this.pending.get(key);
    if (known?.kind === 'metadata') return known.entries;
    const entries = new Set<string>();
    this.pending.set(key, { kind: 'metadata', mailbox, entries });
    return entries;
  }

  /** RFC 5465 5.8: tell the client, then behave as if NOTIFY NONE had been received. */
  private overflow(): void {
    this.set({ status: false, others: [] });
    this.ctx.untagged('OK [NOTIFICATIONOVERFLOW] Too many changes at once; NOTIFY is now NONE');
  }

  /** Reports now what may go out now, after the change that caused it has completed. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.commandRunning() && !this.ctx.idling) return;
      const push = this.selectedPush();
      if (push && this.ctx.view?.hasPending()) this.ctx.reportUpdates(push.allowExpunge, push.allowFlags);
      // RFC 5267 4.3.2: ADDTO and REMOVEFROM may be sent at any time, NOTIFY or not.
      reportSearchUpdates(this.ctx);
      this.flush();
    });
  }

  private writeStatusOf(mailbox: Mailbox, name: string, events: ReadonlySet<MessageEventName>): void {
    // A mailbox deleted or renamed since the change has nothing to report (MailboxName tells of
    // it), nor one whose `l` or `r` this user lost (RFC 5465 5.9); one selected since has its
    // changes reported by its view.
    const reached = this.ctx.account ? lookup(this.ctx, name) : undefined;
    if (reached?.mailbox !== mailbox || !reached.rights.includes('l') || !reached.rights.includes('r')) return;
    if (mailbox.noSelect || mailbox === this.ctx.view?.mailbox) return;
    const items = new Set([...events].flatMap((e) => STATUS_FOR[e]));
    // RFC 5465 5.2, 5.3: with CONDSTORE on, HIGHESTMODSEQ comes too.
    if (this.ctx.condstore) items.add('HIGHESTMODSEQ');
    // An unsolicited STATUS is no CONDSTORE enabling command (RFC 7162 3.1): the client did not ask.
    const condstore = this.ctx.condstore;
    writeStatus(this.ctx, mailbox, STATUS_ORDER.filter((n) => items.has(n)), name);
    this.ctx.condstore = condstore;
  }

  /**
   * RFC 5465 5.6, 5.7: the unsolicited METADATA response naming the changed entries, without
   * values (RFC 5464 4.4.2); the client asks GETMETADATA for the values, and a removed entry
   * is named the same way ("" is the server).
   */
  private writeMetadata(mailbox: Mailbox | undefined, entries: ReadonlySet<string>): void {
    if (mailbox && this.ctx.account?.find(mailbox.name) !== mailbox) return;
    const target = mailbox ? wireName(this.ctx, mailbox.name) : '';
    this.ctx.untagged(`METADATA ${quoted(target)} ${[...entries].map(astring).join(' ')}`);
  }

  /**
   * RFC 5465 5.4 for another user's mailbox: "granting or revocation of the 'l' right to the
   * current user on the affected mailbox MUST be considered mailbox creation or deletion", so a
   * LIST goes out when the name became visible or stopped being so, whatever made it (CREATE,
   * DELETE, SETACL, DELETEACL), with OLDNAME when RENAME moved a visible name to a visible one.
   */
  private writeSharedName(name: string, oldName: string | undefined, tell: boolean): void {
    const visible = lookup(this.ctx, name)?.rights.includes('l') ?? false;
    const was = this.sharedVisible.has(name);
    const oldWas = oldName !== undefined && this.sharedVisible.delete(oldName);
    if (visible) this.sharedVisible.add(name);
    else this.sharedVisible.delete(name);
    if (!tell) return;
    const watched = (n: string | undefined) => n !== undefined && this.watches('MailboxName', n);
    if (oldWas && visible) {
      if (watched(name) || watched(oldName)) this.writeList(name, oldName);
      return;
    }
    if (oldWas && watched(oldName)) this.writeList(oldName!, undefined);
    if (visible !== was && watched(name)) this.writeList(name, undefined);
  }

  /**
   * RFC 5465 5.4, 5.5: the name's LIST, with \NonExistent when it is gone, \Subscribed if and
   * only if it is subscribed, and OLDNAME (RFC 5258 extended data) after a rename.
   */
  private writeList(name: string, oldName: string | undefined): void {
    const account = this.ctx.account;
    if (!account) return;
    const reached = lookup(this.ctx, name);
    // Another user's mailbox is there for this user while it holds `l` on it (RFC 5465 5.4).
    const visible = reached && (!reached.shared || reached.rights.includes('l')) ? reached : undefined;
    const attrs = visible ? attributes(visible.owner, visible.mailbox) : ['\\NonExistent'];
    if (account.subscriptions.has(name)) attrs.push('\\Subscribed');
    const old = oldName === undefined ? '' : ` ("OLDNAME" (${quoted(wireName(this.ctx, oldName))}))`;
    this.ctx.untagged(`LIST (${attrs.join(' ')}) ${quoted(HIERARCHY_SEPARATOR)} ${quoted(wireName(this.ctx, visible?.name ?? name))}${old}`);
  }
}
