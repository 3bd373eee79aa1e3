// Lazy MIME parsing: a message is parsed the first time a FETCH or SEARCH needs its
// structure, and the tree is kept while the message lives (WeakMap: no leak on expunge).

import { parseMessage, type MimePart } from '../../mime/message.js';
import type { StoredMessage } from './mailbox.js';

const cache = new WeakMap<StoredMessage, MimePart>();

export function parsed(message: StoredMessage): MimePart {
  let tree = cache.get(message);
  if (!tree) {
    tree = parseMessage(message.raw);
    cache.set(message, tree);
  }
  return tree;
}
