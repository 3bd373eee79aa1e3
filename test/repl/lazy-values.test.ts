// What the tool reads of a FETCH it only shows: the reader leaves a data response's values
// unbuilt (lazy-response.ts), and the session, the structure memory and the body keeper must
// not build them where they have nothing to learn, or a big FETCH costs as much as before.
// Where they do learn something (CAPABILITY, a BODYSTRUCTURE, a literal), they still do.
import { describe, expect, it } from 'vitest';
import { LazyDataResponse, UnbuiltValues } from '../../src/protocol/imap/lazy-response.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';
import { ImapStateTracker } from '../../src/session/imap-state.js';
import { BodyKeeper } from '../../src/terminal/bodies.js';
import { StructureMemory } from '../../src/terminal/structures.js';

function events(wire: string): ReaderEvent[] {
  return new ImapResponseReader().push(Buffer.from(wire));
}

function lazy(ev: ReaderEvent): LazyDataResponse {
  if (ev.kind !== 'response' || !(ev.response instanceof LazyDataResponse)) throw new Error('not a lazy data response');
  return ev.response;
}

const FLAGS = '* 7 FETCH (FLAGS (\\Seen) UID 70 RFC822.SIZE 300 INTERNALDATE "14-Jan-2011 08:17:36 +0000")\r\n';
const STRUCTURE = '* 8 FETCH (UID 80 BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "BASE64" 12 1))\r\n';
const LOWER = '* 9 FETCH (uid 90 bodystructure ("text" "plain" NIL NIL NIL "7bit" 3 1))\r\n';

describe('a FETCH that is only shown keeps its values unbuilt', () => {
  it('the session tracker, the structure memory and the body keeper leave it alone', () => {
    const [ev] = events(FLAGS);
    const r = lazy(ev);
    new ImapStateTracker().onResponse(r);
    new StructureMemory().response(r);
    new BodyKeeper().event(ev);
    expect(r.readUnbuilt(new UnbuiltValues())).toBe(true);
  });

  it('the structure memory still learns a BODYSTRUCTURE, in any case of letters', () => {
    const memory = new StructureMemory();
    for (const ev of events(STRUCTURE + LOWER)) memory.response(lazy(ev));
    expect(memory.find(8, 80)).toMatchObject({ type: 'list' });
    expect(memory.find(9, 90)).toMatchObject({ type: 'list' });
    expect(memory.find(7, 70)).toBeUndefined();
  });

  it('the body keeper still keeps a literal, and the session still learns capabilities', () => {
    const keeper = new BodyKeeper();
    for (const ev of events('* 1 FETCH (UID 5 RFC822 {5}\r\nhello)\r\n')) keeper.event(ev);
    expect(keeper.last()).toMatchObject({ data: Buffer.from('hello'), size: 5, whole: true });
    const session = new ImapStateTracker();
    session.onResponse(lazy(events('* CAPABILITY IMAP4rev1 IDLE\r\n')[0]));
    expect([...session.capabilities]).toEqual(['IMAP4REV1', 'IDLE']);
  });

  it('mayHold answers from the bytes: no false "no"', () => {
    const r = lazy(events(LOWER)[0]);
    expect(r.mayHold('BODY')).toBe(true);
    expect(r.mayHold('ENVELOPE')).toBe(false);
    expect(r.readUnbuilt(new UnbuiltValues())).toBe(true);
    expect(r.values).toHaveLength(1);
    expect(r.mayHold('ENVELOPE')).toBe(true); // values built: it no longer knows from bytes
  });

  it('with the scanner\'s entries kept (as the client reads), mayHold looks at atoms only, in any case', () => {
    const kept = (wire: string) => lazy(new ImapResponseReader({ keepTapes: true }).push(Buffer.from(wire))[0]);
    expect(kept(LOWER).mayHold('BODY')).toBe(true); // bodystructure
    expect(kept(STRUCTURE).mayHold('BODY')).toBe(true);
    expect(kept(FLAGS).mayHold('BODY')).toBe(false);
    // The word in a string is no atom: the bytes alone would say "may".
    const quoted = '* 3 FETCH (UID 30 X-GM-LABELS ("body" "\\\\Inbox"))\r\n';
    expect(kept(quoted).mayHold('BODY')).toBe(false);
    expect(lazy(events(quoted)[0]).mayHold('BODY')).toBe(true);
    // And the structure memory still learns through it.
    const memory = new StructureMemory();
    memory.response(kept(STRUCTURE));
    expect(memory.find(8, 80)).toMatchObject({ type: 'list' });
  });
});
