// The responses of the last finished command (or the greeting), kept for `:explain` with no
// argument: it explains them piece by piece. A FETCH of a whole mailbox answers with one
// response per message, and explaining the hundred-thousandth says nothing the first few did
// not, so a command's responses are kept up to MAX_KEPT (and its tagged status always): the
// memory a session holds stays bounded however big the answer.
import type { ImapResponse, ReaderEvent } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';

/**
 * A response kept, with the likely cause of a failure (`hint`) worked out when it arrived: it
 * depends on the command pending and the state then, and on what DELE marked in the session.
 */
export type LoggedResponse = ({ protocol: 'imap'; response: ImapResponse } | { protocol: 'pop3'; event: Extract<Pop3Event, { kind: 'response' }>; command?: string }) & { hint?: string };

/** Responses of one command kept for `:explain`; the rest are counted. */
export const MAX_KEPT = 1000;

interface Answer {
  entries: LoggedResponse[];
  /** Responses after the first MAX_KEPT, counted but not kept. */
  omitted: number;
}

export class ResponseLog {
  private current: Answer = { entries: [], omitted: 0 };
  private finished: Answer = { entries: [], omitted: 0 };
  private greeted = false;

  /** Feed each event; returns nothing. Groups end at a tagged status (IMAP) or each reply (POP3). */
  add(ev: ReaderEvent | Pop3Event, pop3Command?: string, hint?: string): void {
    if (ev.kind !== 'response') return;
    if ('response' in ev) {
      const r = ev.response;
      const ends = (r.kind === 'status' && r.tag !== undefined) || (!this.greeted && r.kind === 'status');
      this.greeted = true;
      this.keep({ protocol: 'imap', response: r, ...(hint === undefined ? {} : { hint }) }, ends);
      if (ends) this.finish();
    } else {
      this.keep({ protocol: 'pop3', event: ev, command: pop3Command, ...(hint === undefined ? {} : { hint }) }, true);
      this.finish();
    }
  }

  last(): LoggedResponse[] {
    return this.lastAnswer().entries;
  }

  /** How many responses of the last answer were not kept (after the first MAX_KEPT). */
  omitted(): number {
    return this.lastAnswer().omitted;
  }

  private lastAnswer(): Answer {
    return this.current.entries.length > 0 && this.finished.entries.length === 0 ? this.current : this.finished;
  }

  private keep(entry: LoggedResponse, ending: boolean): void {
    if (ending || this.current.entries.length < MAX_KEPT) this.current.entries.push(entry);
    else this.current.omitted++;
  }

  private finish(): void {
    this.finished = this.current;
    this.current = { entries: [], omitted: 0 };
  }
}
