// THREAD and UID THREAD (RFC 5256 section 3): `THREAD algorithm charset search-keys` answers
// `* THREAD (1)(2 3)(4 (5)(6))`, the messages SEARCH would find, grouped into conversations.
// The algorithms are the ALGORITHMS table; capabilities.ts announces each as THREAD=<name>.

import { messageLinks } from '../../../mime/msg-id.js';
import { parsed } from '../../store/parsed.js';
import { ArgumentError, atomOf } from '../args.js';
import { ok, type Handler } from '../context.js';
import { selectedView } from '../selection.js';
import type { Hit } from './search.js';
import { enableCondstore } from './condstore.js';
import { asciiUpper, searchAfterCharset, sentDate, subjectOf } from './sort-keys.js';
import { referencesThreads } from './thread-references.js';
import { formatThreads, orderedSubjectThreads, type ThreadMessage, type ThreadNode } from './thread-tree.js';

export const ALGORITHMS: Readonly<Record<string, (messages: ThreadMessage[]) => ThreadNode[]>> = {
  ORDEREDSUBJECT: orderedSubjectThreads,
  REFERENCES: referencesThreads,
};

function threadMessage(hit: Hit, uidForm: boolean): ThreadMessage {
  const subject = subjectOf(hit.message);
  const links = messageLinks(parsed(hit.message).headers);
  return {
    seq: hit.seq,
    number: uidForm ? hit.message.uid : hit.seq,
    sent: sentDate(hit.message),
    subjectKey: asciiUpper(subject.baseSubject),
    replyOrForward: subject.replyOrForward,
    messageId: links.messageId,
    references: links.references,
  };
}

function threadHandler(uidForm: boolean): Handler {
  return (ctx, call) => {
    const view = selectedView(ctx);
    const name = atomOf(call.args[0])?.toUpperCase();
    const algorithm = name !== undefined && Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name] : undefined;
    if (!algorithm) {
      const what = name === undefined ? 'a threading algorithm must come first' : `unknown threading algorithm ${name}`;
      throw new ArgumentError(`${what}: ${Object.keys(ALGORITHMS).join(' or ')}`);
    }
    const found = searchAfterCharset(view, call.args.slice(1));
    if (!('hits' in found)) return found;
    // RFC 7162 3.1: a MODSEQ search key makes this a CONDSTORE enabling command (THREAD's
    // answer has no MODSEQ of its own).
    if (found.usedModseq) enableCondstore(ctx);
    const threads = formatThreads(algorithm(found.hits.map((h) => threadMessage(h, uidForm))));
    ctx.untagged(threads ? `THREAD ${threads}` : 'THREAD');
    return ok(`${uidForm ? 'UID THREAD' : 'THREAD'} completed`);
  };
}

export const THREAD = threadHandler(false);
export const UID_THREAD = threadHandler(true);
