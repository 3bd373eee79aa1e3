// The responses of the last finished command (or the greeting), kept for `:explain` with no
// argument: it explains them piece by piece.
import type { ImapResponse, ReaderEvent } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';

export type LoggedResponse = { protocol: 'imap'; response: ImapResponse } | { protocol: 'pop3'; event: Extract<Pop3Event, { kind: 'response' }>; command?: string };

export class ResponseLog {
  private current: LoggedResponse[] = [];
  private finished: LoggedResponse[] = [];
  private greeted = false;

  /** Feed each event; returns nothing. Groups end at a tagged status (IMAP) or each reply (POP3). */
  add(ev: ReaderEvent | Pop3Event, pop3Command?: string): void {
    if (ev.kind !== 'response') return;
    if ('response' in ev) {
      this.current.push({ protocol: 'imap', response: ev.response });
      const r = ev.response;
      const ends = (r.kind === 'status' && r.tag !== undefined) || (!this.greeted && r.kind === 'status');
      this.greeted = true;
      if (ends) this.finish();
    } else {
      this.current.push({ protocol: 'pop3', event: ev, command: pop3Command });
      this.finish();
    }
  }

  last(): LoggedResponse[] {
    return this.current.length > 0 && this.finished.length === 0 ? this.current : this.finished;
  }

  private finish(): void {
    this.finished = this.current;
    this.current = [];
  }
}
