// The answer `:explain` explains is kept up to MAX_KEPT responses and its tagged status, so a
// FETCH of a whole mailbox does not hold every response in memory for an explanation.
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { MAX_KEPT, ResponseLog } from '../../src/terminal/response-log.js';

function feed(log: ResponseLog, wire: string): void {
  for (const ev of new ImapResponseReader().push(Buffer.from(wire))) log.add(ev);
}

describe('ResponseLog', () => {
  it('keeps the first MAX_KEPT responses of an answer and its tagged status, and counts the rest', () => {
    const log = new ResponseLog();
    feed(log, '* OK ready\r\n');
    const fetches = Array.from({ length: MAX_KEPT + 5 }, (_, i) => `* ${i + 1} FETCH (UID ${i + 1})\r\n`).join('');
    feed(log, `${fetches}a1 OK FETCH done\r\n`);
    const kept = log.last();
    expect(kept).toHaveLength(MAX_KEPT + 1);
    expect(log.omitted()).toBe(5);
    expect(kept[MAX_KEPT - 1]).toMatchObject({ response: { kind: 'data', number: MAX_KEPT } });
    expect(kept[MAX_KEPT]).toMatchObject({ response: { kind: 'status', tag: 'a1', status: 'OK' } });
  });

  it('starts counting again with the next answer', () => {
    const log = new ResponseLog();
    feed(log, '* OK ready\r\n');
    feed(log, `${'* 1 EXISTS\r\n'.repeat(MAX_KEPT + 1)}a1 OK done\r\n`);
    expect(log.omitted()).toBe(1);
    feed(log, '* 2 EXISTS\r\na2 OK done\r\n');
    expect(log.omitted()).toBe(0);
    expect(log.last()).toHaveLength(2);
  });
});
