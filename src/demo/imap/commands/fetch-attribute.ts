// One FETCH data item as the FETCH handler runs it: read once per command (fetch.ts for
// the RFC 3501 items, binary.ts for RFC 3516 BINARY), then written for each message.

import type { StoredMessage } from '../../store/mailbox.js';
import type { MailboxView } from '../../store/view.js';
import type { Completion } from '../context.js';
import type { Part } from '../wire.js';

export interface Attribute {
  /** The name as it appears in the FETCH response. */
  name: string;
  /** Reading it sets \Seen (RFC 3501 6.4.5). */
  setsSeen: boolean;
  /**
   * Why this item cannot be answered for this message (BAD or NO), checked for every message
   * before anything is written, so a failing FETCH sends no data and sets no flag.
   */
  refuse?(m: StoredMessage): Completion | undefined;
  write(m: StoredMessage, view: MailboxView): Part[];
}
