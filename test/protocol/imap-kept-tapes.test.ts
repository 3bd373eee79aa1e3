// The reader's keepTapes: each data response it leaves unbuilt carries the value scanner's
// entries for its values, exactly what a scan of its bytes of its own gives, however the bytes
// were cut into pushes, and still after later pushes (each push writes a tape of its own).
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { LazyDataResponse, UnbuiltValues } from '../../src/protocol/imap/lazy-response.js';
import { scanValues, ValueTape } from '../../src/protocol/imap/value-scanner.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';

const WIRE = Buffer.from(
  [
    '* 1 FETCH (FLAGS (\\Seen \\Answered) UID 40001 RFC822.SIZE 8919 INTERNALDATE "14-Jan-2011 08:17:36 +0000")',
    '* 2 FETCH (UID 2 ENVELOPE ("d" "s \\"q\\"" (("n" NIL "a" "b")) NIL NIL NIL NIL NIL NIL "<id>"))',
    '* OK [UIDVALIDITY 3] ok',
    '* LIST (\\HasNoChildren) "/" INBOX',
    '* 3 FETCH (UID 3 BODY[TEXT] {5}',
    'hello)',
    '* SEARCH 1 2 3',
    'a1 OK done',
  ].join('\r\n') + '\r\n',
);

/** The entries of each unbuilt data response: [kept, scanned again] as plain arrays. */
function entries(events: ReaderEvent[]): Array<[number[] | undefined, number[]]> {
  const into = new UnbuiltValues();
  const out: Array<[number[] | undefined, number[]]> = [];
  for (const ev of events) {
    if (ev.kind !== 'response' || !(ev.response instanceof LazyDataResponse) || !ev.response.readUnbuilt(into)) continue;
    const kept = into.tape === undefined ? undefined : [...into.tape.subarray(into.tapeFrom, into.tapeTo)];
    const tape = new ValueTape();
    expect(scanValues(into.bytes, into.start, into.end, into.literals, tape)).toBe(true);
    out.push([kept, [...tape.data.subarray(0, tape.length)]]);
  }
  return out;
}

describe('reader keepTapes', () => {
  it('gives each unbuilt data response the entries a scan of its own gives', () => {
    const found = entries(new ImapResponseReader({ keepTapes: true }).push(WIRE));
    expect(found.length).toBe(4); // two FETCH, LIST, SEARCH (the literal's FETCH is not lazy-scanned here)
    for (const [kept, scanned] of found) {
      expect(scanned.length).toBeGreaterThan(0);
      expect(kept).toEqual(scanned);
    }
  });

  it('keeps none without the option', () => {
    const found = entries(new ImapResponseReader().push(WIRE));
    expect(found.length).toBe(4);
    for (const [kept] of found) expect(kept).toBeUndefined();
  });

  it('gives the same entries however the bytes are cut, and earlier pushes keep theirs', () => {
    const expected = entries(new ImapResponseReader({ keepTapes: true }).push(WIRE));
    for (let cut = 1; cut < WIRE.length; cut++) {
      const reader = new ImapResponseReader({ keepTapes: true });
      const first = reader.push(WIRE.subarray(0, cut));
      const rest = reader.push(WIRE.subarray(cut));
      // Read after the second push wrote its own tape.
      expect(entries([...first, ...rest]), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('starts a tape per push: one held response keeps no more than its push\'s entries alive', () => {
    const reader = new ImapResponseReader({ keepTapes: true });
    let last: ReaderEvent[] = [];
    for (let i = 1; i <= 3000; i++) last = reader.push(Buffer.from(`* ${i} FETCH (UID ${i} FLAGS (\\Seen))\r\n`));
    const into = new UnbuiltValues();
    const r = last[0].kind === 'response' ? (last[0].response as LazyDataResponse) : undefined;
    expect(r?.readUnbuilt(into)).toBe(true);
    // 3,000 responses of 8 entries: 72,000 Int32s on one tape kept across pushes.
    expect(into.tape!.length).toBeLessThanOrEqual(3 * 1024);
  });

  it('keeps a whole FETCH of many messages in one push (the tape grows)', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `* ${i + 1} FETCH (UID ${i + 1} FLAGS (\\Seen $Label${i % 7}) MODSEQ (${1000 + i}))`);
    const found = entries(new ImapResponseReader({ keepTapes: true }).push(Buffer.from(lines.join('\r\n') + '\r\n')));
    expect(found.length).toBe(2000);
    for (const [kept, scanned] of found) expect(kept).toEqual(scanned);
  });
});
