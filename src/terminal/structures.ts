// The BODYSTRUCTUREs seen in the selected mailbox, by message sequence number and by UID, so
// `:save --decode` knows the encoding of a BODY[n] fetched without one.
//
// Both keys belong to the mailbox they were seen in: the memory is dropped when another
// selection begins, which every SELECT and EXAMINE announces with its required untagged
// OK [UIDVALIDITY] (RFC 3501 6.3.1, RFC 9051 6.3.2), or OK [CLOSED] (RFC 7162 3.2.11) when a
// QRESYNC server closes the mailbox before opening the next. CLOSE and UNSELECT say nothing
// the memory sees (a tagged OK): `:save --decode` asks the session whether a mailbox is still
// selected before it looks here (features/bodies.ts). Sequence numbers shift down at each
// EXPUNGE (RFC 3501 7.4.1); a VANISHED (RFC 7162 3.2.10) names UIDs only, so the numbers are
// then forgotten and the UIDs kept.
import { LazyDataResponse } from '../protocol/imap/lazy-response.js';
import type { DataResponse, ImapResponse, ImapValue } from '../protocol/imap/types.js';

/** Kept at most: a `FETCH 1:* BODYSTRUCTURE` of a big mailbox keeps its last ones. */
const MAX_REMEMBERED = 2000;

/** Response codes that start or end a selection. */
const SELECTION_CODES: ReadonlySet<string> = new Set(['UIDVALIDITY', 'CLOSED']);

interface Entry {
  msn: number | undefined;
  uid: number | undefined;
  structure: ImapValue;
}

/** What a response does to the message numbers the memory (and a kept body) hold. */
export type NumberChange =
  | { kind: 'expunge'; msn: number }
  | { kind: 'vanished'; uids: ReadonlySet<number> | 'too-many' }
  | { kind: 'new-selection' };

export class StructureMemory {
  private entries = new Set<Entry>();
  private byMsn = new Map<number, Entry>();
  private byUid = new Map<number, Entry>();

  /** Learns from one server response; returns how message numbers changed, if they did. */
  response(resp: ImapResponse): NumberChange | undefined {
    const change = numberChange(resp);
    if (change) this.apply(change);
    else if (resp.kind === 'data' && resp.name === 'FETCH' && mayHoldStructure(resp)) this.fetched(resp.number, resp.values[0]);
    return change;
  }

  find(msn: number | undefined, uid: number | undefined): ImapValue | undefined {
    return (uid === undefined ? undefined : this.byUid.get(uid)?.structure) ?? (msn === undefined ? undefined : this.byMsn.get(msn)?.structure);
  }

  private fetched(msn: number | undefined, list: ImapValue | undefined): void {
    if (list?.type !== 'list') return;
    let uid: number | undefined;
    let structure: ImapValue | undefined;
    for (let i = 0; i + 1 < list.items.length; i += 2) {
      const name = list.items[i];
      const value = list.items[i + 1];
      if (name.type !== 'atom') continue;
      const upper = name.value.toUpperCase();
      if (upper === 'UID' && value.type === 'number') uid = value.value;
      // BODY without brackets is BODYSTRUCTURE without extension data: the same body-fld-enc.
      if ((upper === 'BODYSTRUCTURE' || upper === 'BODY') && value.type === 'list') structure = value;
    }
    if (structure) this.remember({ msn, uid, structure });
  }

  private remember(entry: Entry): void {
    if (entry.msn !== undefined) this.drop(this.byMsn.get(entry.msn));
    if (entry.uid !== undefined) this.drop(this.byUid.get(entry.uid));
    this.entries.add(entry);
    if (entry.msn !== undefined) this.byMsn.set(entry.msn, entry);
    if (entry.uid !== undefined) this.byUid.set(entry.uid, entry);
    if (this.entries.size > MAX_REMEMBERED) this.drop(this.entries.values().next().value);
  }

  private drop(entry: Entry | undefined): void {
    if (!entry) return;
    this.entries.delete(entry);
    if (entry.msn !== undefined && this.byMsn.get(entry.msn) === entry) this.byMsn.delete(entry.msn);
    if (entry.uid !== undefined && this.byUid.get(entry.uid) === entry) this.byUid.delete(entry.uid);
  }

  private apply(change: NumberChange): void {
    if (change.kind === 'new-selection' || (change.kind === 'vanished' && change.uids === 'too-many')) {
      this.entries.clear();
      this.byMsn.clear();
      this.byUid.clear();
      return;
    }
    if (change.kind === 'vanished') {
      if (change.uids !== 'too-many') for (const uid of change.uids) this.drop(this.byUid.get(uid));
    } else {
      this.drop(this.byMsn.get(change.msn));
    }
    this.byMsn.clear();
    for (const entry of this.entries) {
      entry.msn = entry.msn === undefined ? undefined : msnAfter(change, entry.msn);
      if (entry.msn !== undefined) this.byMsn.set(entry.msn, entry);
    }
  }
}

/** A message's sequence number after `change`: shifted by an EXPUNGE, unknown after VANISHED. */
export function msnAfter(change: NumberChange, msn: number): number | undefined {
  if (change.kind !== 'expunge') return undefined;
  if (msn === change.msn) return undefined;
  return msn > change.msn ? msn - 1 : msn;
}

/** Ranges are expanded up to this many UIDs; a bigger VANISHED forgets everything. */
const MAX_VANISHED_UIDS = 100_000;

function numberChange(resp: ImapResponse): NumberChange | undefined {
  if (resp.kind === 'status') return resp.tag === undefined && resp.code && SELECTION_CODES.has(resp.code.name) ? { kind: 'new-selection' } : undefined;
  if (resp.kind !== 'data') return undefined;
  if (resp.name === 'EXPUNGE' && resp.number !== undefined) return { kind: 'expunge', msn: resp.number };
  if (resp.name !== 'VANISHED') return undefined;
  // VANISHED (EARLIER) reports expunges the client missed while away: numbers already agree.
  if (resp.values[0]?.type === 'list') return undefined;
  const set = resp.values[0];
  return { kind: 'vanished', uids: set?.type === 'atom' || set?.type === 'number' ? uidSet(String(set.value)) : 'too-many' };
}

/** sequence-set of UIDs (RFC 3501 9): `41,43:116`. */
function uidSet(text: string): ReadonlySet<number> | 'too-many' {
  const uids = new Set<number>();
  for (const range of text.split(',')) {
    const [a, b = a] = range.split(':').map(Number);
    if (!Number.isInteger(a) || !Number.isInteger(b)) return 'too-many';
    for (let uid = Math.min(a, b); uid <= Math.max(a, b); uid++) {
      uids.add(uid);
      if (uids.size > MAX_VANISHED_UIDS) return 'too-many';
    }
  }
  return uids;
}

/**
 * BODYSTRUCTURE and BODY both contain "BODY"; a FETCH whose bytes do not is not looked into,
 * so the values of a FETCH FLAGS that is only shown are never built (lazy-response.ts).
 */
function mayHoldStructure(resp: DataResponse): boolean {
  return !(resp instanceof LazyDataResponse) || resp.mayHold('BODY');
}
