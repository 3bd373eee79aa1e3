// The text of `NO [READ-ONLY]` (RFC 3501 7.1, RFC 4314 5.2): a selection is read-only because
// it was made with EXAMINE, or because the rights held on the mailbox allow no change. The
// text names the reason that holds, so a user who typed SELECT is not told of an EXAMINE.

import { mayWrite } from './shared-mailboxes.js';

/** The reason a read-only selection refuses a change: the rights when they are the cause, else EXAMINE. */
export function readOnlyText(view: { rights: string }): string {
  if (!mayWrite(view.rights)) return `you hold "${view.rights}" on this mailbox: read-only (RFC 4314 5.2)`;
  return 'Mailbox is read-only (EXAMINE)';
}
