// IMAP connection state as RFC 3501 section 3 (RFC 9051 section 3) defines it, tracked from
// what the client sent and what the server answered. Pure: responses in, state out.
import type { DataResponse, ImapResponse, ResponseCode } from '../protocol/imap/types.js';
import { logsIn } from '../registry/index.js';

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

export interface SelectedMailbox {
  name: string;
  readOnly: boolean;
}

/**
 * Commands whose OK moves the state: RFC 3501 figure in section 3, plus extensions. The login
 * commands (LOGIN, AUTHENTICATE) are the registry's (`login: 'completes'`): see onOk.
 */
const ON_OK: Record<string, (cmd: SentCommand, code?: ResponseCode) => Transition> = {
  SELECT: (cmd, code) => ({ state: 'selected', selected: { name: cmd.mailbox ?? '', readOnly: code?.name === 'READ-ONLY' } }),
  EXAMINE: (cmd) => ({ state: 'selected', selected: { name: cmd.mailbox ?? '', readOnly: true } }),
  CLOSE: () => ({ state: 'authenticated' }),
  UNSELECT: () => ({ state: 'authenticated' }),
  LOGOUT: () => ({ state: 'logout' }),
};

/**
 * RFC 3501 section 6.3.1: a failed SELECT (or EXAMINE) leaves no mailbox selected. Failed is NO:
 * a BAD was not carried out at all (a syntax error), and servers keep the mailbox selected.
 * A failure never logs in: a SELECT sent before login and refused leaves the state as it was.
 */
const ON_FAILURE: Record<string, (state: ImapState) => Transition> = {
  SELECT: deselected,
  EXAMINE: deselected,
};

function deselected(state: ImapState): Transition {
  return { state: state === 'selected' ? 'authenticated' : state };
}

interface Transition {
  state: ImapState;
  selected?: SelectedMailbox;
}

const LOGGED_IN: Transition = { state: 'authenticated' };

/** The move an OK to `cmd` makes (`name` upper case), or undefined when it makes none. */
function onOk(name: string, cmd: SentCommand, code?: ResponseCode): Transition | undefined {
  return logsIn('imap', name) ? LOGGED_IN : ON_OK[name]?.(cmd, code);
}

/** The state after `cmd` completes OK, from `state` (RFC 9051 3, figure 1). */
export function stateAfterOk(state: ImapState, cmd: SentCommand): ImapState {
  return onOk(cmd.name.toUpperCase(), cmd)?.state ?? state;
}

/** Whether an OK to the command `name` (upper case) may come with other capabilities (RFC 9051 6.2.1, 6.2.2, 6.2.3). */
export function changesCapabilities(name: string): boolean {
  return name === 'STARTTLS' || logsIn('imap', name);
}

export interface SentCommand {
  tag: string;
  name: string;
  /** The mailbox argument of SELECT/EXAMINE, unquoted. */
  mailbox?: string;
}

export class ImapStateTracker {
  state: ImapState = 'not-authenticated';
  selected: SelectedMailbox | undefined;
  /** Upper-cased capability names; refreshed from CAPABILITY data and [CAPABILITY] codes. */
  capabilities = new Set<string>();
  /** Capabilities as they were before the last refresh, to show what changed. */
  previousCapabilities: Set<string> | undefined;
  /** Each upper-cased capability as the server spelt it (`IMAP4rev1`), for display. */
  readonly capabilitySpelling = new Map<string, string>();
  /** Upper-cased extensions the server said it ENABLED (RFC 5161 3.2), for this connection. */
  enabled = new Set<string>();
  /**
   * The selected mailbox's message count and UIDVALIDITY as the server last told them
   * (RFC 3501 7.3.1 EXISTS, 7.4.1 EXPUNGE, 7.1 UIDVALIDITY); undefined when not selected.
   * A recording begun mid-session keeps them, and serve's stand-in SELECT tells them again.
   */
  exists: number | undefined;
  uidValidity: number | undefined;
  /** Mailbox names from the last LIST/LSUB, for completion. */
  mailboxes: string[] = [];
  private listing: string[] | undefined;

  /** Feed every server response, in order. `completed` is the command a tagged response completes. */
  onResponse(resp: ImapResponse, completed?: SentCommand): void {
    if (resp.kind === 'data') this.onData(resp);
    if (resp.kind === 'status') {
      if (resp.code?.name === 'CAPABILITY') this.setCapabilities(resp.code.argText.split(/\s+/));
      if (resp.tag === undefined) {
        if (resp.status === 'PREAUTH') this.state = 'authenticated';
        if (resp.status === 'BYE') this.state = 'logout';
        // RFC 3501 section 7.1: READ-ONLY/READ-WRITE may also arrive untagged.
        if (this.selected && resp.code?.name === 'READ-ONLY') this.selected.readOnly = true;
        if (resp.code?.name === 'UIDVALIDITY') this.uidValidity = numberArg(resp.code);
      }
      if (resp.tag !== undefined && completed) this.onCompletion(resp.status, completed, resp.code);
    }
  }

  /** RFC 3501 section 6.2.1: after STARTTLS the client must discard what it knew of capabilities. */
  forgetCapabilities(): void {
    // Nothing known before (no CAPABILITY asked) is no list to compare the next one with.
    if (this.capabilities.size > 0) this.previousCapabilities = this.capabilities;
    this.capabilities = new Set();
  }

  beginList(): void {
    this.listing = [];
  }

  private onCompletion(status: string, cmd: SentCommand, code?: ResponseCode): void {
    const name = cmd.name.toUpperCase();
    if (name === 'LIST' || name === 'LSUB') {
      if (status === 'OK' && this.listing) this.mailboxes = this.listing;
      this.listing = undefined;
    }
    const step = status === 'OK' ? onOk(name, cmd, code) : status === 'NO' ? ON_FAILURE[name]?.(this.state) : undefined;
    if (!step) return;
    this.state = step.state;
    this.selected = step.selected;
    if (step.state !== 'selected') {
      this.exists = undefined;
      this.uidValidity = undefined;
    }
  }

  /** Reads values only of the responses it learns from: a FETCH's are left unbuilt (lazy-response.ts). */
  private onData(resp: DataResponse): void {
    const name = resp.name;
    if (name === 'EXISTS') this.exists = resp.number;
    else if (name === 'EXPUNGE' && this.exists !== undefined && this.exists > 0) this.exists--;
    else if (name === 'VANISHED' && this.exists !== undefined) this.onVanished(resp);
    else if (name === 'CAPABILITY') {
      this.setCapabilities(resp.values.map((v) => (v.type === 'atom' ? v.value : '')).filter(Boolean));
    } else if (name === 'ENABLED') {
      for (const v of resp.values) if (v.type === 'atom') this.enabled.add(v.value.toUpperCase());
    } else if ((name === 'LIST' || name === 'LSUB') && this.listing) {
      const mailbox = resp.values[2];
      if (mailbox?.type === 'quoted' || mailbox?.type === 'atom') this.listing.push(mailbox.value);
      else if (mailbox?.type === 'literal') this.listing.push(Buffer.from(mailbox.data).toString('utf8'));
    }
  }

  /**
   * RFC 7162 3.2.10: with QRESYNC enabled, expunged messages come as `* VANISHED uid-set`
   * instead of EXPUNGE; `VANISHED (EARLIER)` tells of messages gone before, already uncounted.
   */
  private onVanished(resp: DataResponse): void {
    const set = resp.values[0];
    if (set?.type !== 'atom' && set?.type !== 'number') return;
    this.exists = Math.max(0, (this.exists ?? 0) - uidCount(String(set.value)));
  }

  /**
   * Mailbox names travel as UTF-8, not modified UTF-7, once IMAP4rev2 (RFC 9051 5.1) or
   * UTF8=ACCEPT (RFC 6855 3) is enabled.
   */
  get utf8MailboxNames(): boolean {
    return this.enabled.has('IMAP4REV2') || this.enabled.has('UTF8=ACCEPT');
  }

  private setCapabilities(names: string[]): void {
    if (this.capabilities.size > 0) this.previousCapabilities = this.capabilities;
    this.capabilities = new Set();
    for (const name of names) {
      if (!name) continue;
      const upper = name.toUpperCase();
      this.capabilities.add(upper);
      this.capabilitySpelling.set(upper, name);
    }
  }
}

/** A response code's one number argument (`[UIDVALIDITY 3857529045]`), if it is one. */
function numberArg(code: ResponseCode): number | undefined {
  const arg = code.args[0];
  return arg?.type === 'number' ? arg.value : undefined;
}

/** How many UIDs a sequence-set of UIDs names (`41,43:116` is 75; RFC 3501 9, sequence-set). */
function uidCount(set: string): number {
  let count = 0;
  for (const part of set.split(',')) {
    const [from, to] = part.split(':').map(Number);
    count += to === undefined ? 1 : Math.abs(to - from) + 1;
  }
  return Number.isFinite(count) ? count : 0;
}
