// `:save next --decode` inside BodyKeeper, where the end-to-end test cannot look: a streamed
// part is decoded as it comes when its encoding is known at its start (no spool), spooled when
// the BODYSTRUCTURE comes after it; a connection that ends inside it; what the BODYSTRUCTURE
// memory keeps across EXPUNGE, VANISHED and a new selection; the FETCH item a literal was; the plan.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ImapResponse } from '../../src/protocol/imap/types.js';
import { originOfPrefix } from '../../src/terminal/body-origin.js';
import { decodePlan } from '../../src/terminal/decode-plan.js';
import { BodyKeeper } from '../../src/terminal/bodies.js';
import { StructureMemory } from '../../src/terminal/structures.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();

/** A reader that streams literals past 16 bytes, as the real one does past 1 MiB. */
function streamingReader(): ImapResponseReader {
  return new ImapResponseReader({ maxBufferedLiteral: 16, literalHead: 4 });
}

function feed(keeper: BodyKeeper, reader: ImapResponseReader, text: string, end = false): void {
  for (const ev of reader.push(Buffer.from(text, 'latin1'))) keeper.event(ev);
  if (end) for (const ev of reader.end()) keeper.event(ev);
}

const CONTENT = 'hello, decoded world!';
const ENCODED = Buffer.from(CONTENT).toString('base64'); // 28 characters: streamed
const STRUCTURE = '(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1)("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 28) "MIXED")';

describe('BodyKeeper, :save next --decode of a streamed part', () => {
  it('the BODYSTRUCTURE before the part: decoded into FILE piece by piece, nothing spooled', () => {
    const file = join(tempDir('mailscope-decode-unit-'), 'a.bin');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]), {});
    const reader = streamingReader();
    feed(keeper, reader, `* 3 FETCH (UID 9 BODYSTRUCTURE ${STRUCTURE} BODY[2] {28}\r\n${ENCODED.slice(0, 10)}`);
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(readFileSync(file, 'latin1')).toBe(CONTENT.slice(0, 6)); // 8 characters make 6 bytes; 2 wait
    feed(keeper, reader, `${ENCODED.slice(10)})\r\n`);
    expect(readFileSync(file, 'latin1')).toBe(CONTENT);
    expect(reports).toEqual([[`saved ${CONTENT.length} bytes to ${file}, decoded from base64 (28 bytes as received)`, true]]);
  });

  it('the BODYSTRUCTURE after the part: spooled to FILE.part, decoded into FILE when the response ends', () => {
    const file = join(tempDir('mailscope-decode-unit-'), 'b.bin');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]), {});
    const reader = streamingReader();
    feed(keeper, reader, `* 3 FETCH (BODY[2] {28}\r\n${ENCODED}`);
    expect(readFileSync(`${file}.part`, 'latin1')).toBe(ENCODED);
    expect(existsSync(file)).toBe(false);
    feed(keeper, reader, ` BODYSTRUCTURE ${STRUCTURE})\r\n`);
    expect(readFileSync(file, 'latin1')).toBe(CONTENT);
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(reports).toEqual([[`saved ${CONTENT.length} bytes to ${file}, decoded from base64 (28 bytes as received)`, true]]);
  });

  it('the connection ends inside a part being decoded: what came, decoded, and a report that says so', () => {
    const file = join(tempDir('mailscope-decode-unit-'), 'c.bin');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]), { named: 'base64' });
    feed(keeper, streamingReader(), `* 3 FETCH (BODY[2] {28}\r\n${ENCODED.slice(0, 12)}`, true);
    expect(readFileSync(file, 'latin1')).toBe(CONTENT.slice(0, 9));
    expect(reports).toEqual([[`the connection ended inside the body: 12 of 28 bytes came, 9 decoded bytes saved to ${file}`, false]]);
  });

  it('the connection ends inside a spooled part: no file, no spool, one report', () => {
    const file = join(tempDir('mailscope-decode-unit-'), 'd.bin');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]), {});
    feed(keeper, streamingReader(), `* 3 FETCH (BODY[2] {28}\r\n${ENCODED.slice(0, 12)}`, true);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(reports).toEqual([[`the response with the body never came whole, so its encoding is not known; ${file} not written`, false]]);
  });
});

describe('which literal of a FETCH is the body', () => {
  const MIME = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n';
  const QP = 'Caf=C3=A9 =\r\nna=C3=AFve';
  const response = `* 4 FETCH (BODY[1.MIME] {${MIME.length}}\r\n${MIME} BODY[1] {${QP.length}}\r\n${QP})\r\n`;

  it('BODY[n.MIME] beside BODY[n]: the part is kept and saved, decoded by the encoding its header gives, though the header is longer', () => {
    expect(MIME.length).toBeGreaterThan(QP.length);
    const file = join(tempDir('mailscope-decode-unit-'), 'part.txt');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]), {});
    feed(keeper, new ImapResponseReader(), response);
    expect(readFileSync(file, 'utf8')).toBe('Café naïve');
    expect(reports).toEqual([[`saved 12 bytes to ${file}, decoded from quoted-printable (${QP.length} bytes as received)`, true]]);
    expect(Buffer.from(keeper.last()!.data).toString('latin1')).toBe(QP);
  });

  it('BODY[HEADER] beside a shorter BODY[TEXT]: the text', () => {
    const header = 'Subject: a long enough subject line\r\n\r\n';
    const keeper = new BodyKeeper();
    feed(keeper, new ImapResponseReader(), `* 1 FETCH (BODY[HEADER] {${header.length}}\r\n${header} BODY[TEXT] {4}\r\nhi\r\n)\r\n`);
    expect(Buffer.from(keeper.last()!.data).toString('latin1')).toBe('hi\r\n');
  });
});

describe('the last body follows its message', () => {
  const small = `* 2 FETCH (UID 12 BODY[2] {${ENCODED.length}}\r\n${ENCODED})\r\n`;

  it('EXPUNGE of a message before it: message 2 is now 1, and the BODYSTRUCTURE fetched for 1 is its own', () => {
    const keeper = new BodyKeeper();
    const reader = new ImapResponseReader();
    feed(keeper, reader, `${small}* 1 EXPUNGE\r\n* 1 FETCH (BODYSTRUCTURE ${STRUCTURE})\r\n`);
    const plan = keeper.plan(keeper.last()!.origin, {});
    expect(plan.kind).toBe('decode');
    expect(plan.kind === 'decode' && Buffer.from(plan.decoder.push(Buffer.from(ENCODED))).toString()).toBe(CONTENT);
  });

  it('EXPUNGE of the message itself, or a new selection: nothing is known of it any more', () => {
    // Another message is 2 now; in a new mailbox, UID 12 is another message too.
    for (const between of ['* 2 EXPUNGE\r\n* 2 FETCH (BODYSTRUCTURE', '* OK [UIDVALIDITY 7] new mailbox\r\n* 2 FETCH (UID 12 BODYSTRUCTURE']) {
      const keeper = new BodyKeeper();
      feed(keeper, new ImapResponseReader(), `${small}${between} ${STRUCTURE})\r\n`);
      expect(keeper.plan(keeper.last()!.origin, {}).kind, between).toBe('unknown');
    }
  });
});

describe('the origin of a streamed literal, from the bytes before it', () => {
  it('message number, UID, the item, and the encoding the same response gave before it', () => {
    const prefix = Buffer.from(`* 3 FETCH (UID 9 BODYSTRUCTURE ${STRUCTURE} BODY[2]<0> {2000000}\r\n`);
    expect(originOfPrefix(prefix)).toEqual({ kind: 'fetch', msn: 3, uid: 9, item: 'BODY', section: '2', origin: 0, encodingHere: 'base64' });
    expect(originOfPrefix(Buffer.from('* 4 FETCH (BINARY[1] ~{2000000}\r\n'))).toMatchObject({ msn: 4, item: 'BINARY', section: '1', encodingHere: undefined });
    const mime = 'Content-Transfer-Encoding: quoted-printable\r\n\r\n';
    expect(originOfPrefix(Buffer.from(`* 4 FETCH (BODY[2.MIME] {${mime.length}}\r\n${mime} BODY[2] {2000000}\r\n`))).toMatchObject({ encodingHere: 'quoted-printable' });
    // An earlier streamed literal's body is not in the prefix: nothing can be told.
    expect(originOfPrefix(Buffer.from('* 4 FETCH (BODY[1] {2000000}\r\nhead BODY[2] {2000000}\r\n'))).toBeUndefined();
  });
});

function response(text: string): ImapResponse {
  const reader = new ImapResponseReader();
  const ev = reader.push(Buffer.from(`${text}\r\n`))[0];
  if (ev?.kind !== 'response') throw new Error(`not a response: ${text}`);
  return ev.response;
}

describe('StructureMemory', () => {
  const fill = () => {
    const memory = new StructureMemory();
    memory.response(response('* 1 FETCH (UID 11 BODYSTRUCTURE ("APPLICATION" "PDF" NIL NIL NIL "A" 10))'));
    memory.response(response('* 2 FETCH (UID 12 BODY ("APPLICATION" "PDF" NIL NIL NIL "B" 10))'));
    memory.response(response('* 3 FETCH (BODYSTRUCTURE ("APPLICATION" "PDF" NIL NIL NIL "C" 10))'));
    return memory;
  };
  const encodingOf = (memory: StructureMemory, msn?: number, uid?: number) => {
    const found = memory.find(msn, uid);
    return found?.type === 'list' && found.items[5].type === 'quoted' ? found.items[5].value : undefined;
  };

  it('finds by UID first, else by sequence number', () => {
    const memory = fill();
    expect([encodingOf(memory, 1), encodingOf(memory, 2), encodingOf(memory, 3), encodingOf(memory, 9, 12), encodingOf(memory, 4)]).toEqual(['A', 'B', 'C', 'B', undefined]);
  });

  it('EXPUNGE: the message goes, the ones after it move down (RFC 3501 7.4.1)', () => {
    const memory = fill();
    memory.response(response('* 2 EXPUNGE'));
    expect([encodingOf(memory, 1), encodingOf(memory, 2), encodingOf(memory, 3), encodingOf(memory, undefined, 12)]).toEqual(['A', 'C', undefined, undefined]);
  });

  it('VANISHED: those UIDs go and sequence numbers are forgotten; VANISHED (EARLIER) changes nothing', () => {
    const memory = fill();
    memory.response(response('* VANISHED (EARLIER) 11'));
    expect(encodingOf(memory, 1)).toBe('A');
    memory.response(response('* VANISHED 11,20:25'));
    expect([encodingOf(memory, undefined, 11), encodingOf(memory, undefined, 12), encodingOf(memory, 2), encodingOf(memory, 3)]).toEqual([undefined, 'B', undefined, undefined]);
  });

  it('a new selection (OK [UIDVALIDITY], OK [CLOSED]) forgets everything; other codes do not', () => {
    for (const line of ['* OK [UIDVALIDITY 42] UIDs valid', '* OK [CLOSED] previous mailbox closed']) {
      const memory = fill();
      memory.response(response('* OK [UIDNEXT 9] next'));
      expect(encodingOf(memory, 1)).toBe('A');
      memory.response(response(line));
      expect([encodingOf(memory, 1), encodingOf(memory, undefined, 12)]).toEqual([undefined, undefined]);
    }
  });
});

describe('decodePlan', () => {
  const item = (encodingHere: string | undefined) => ({ kind: 'fetch' as const, msn: 2, uid: undefined, item: 'BODY', section: '3', origin: undefined, encodingHere });

  it('an encoding --decode cannot undo is refused; 7bit/8bit/binary are saved as received', () => {
    expect(decodePlan(item('x-uuencode'), {}, () => undefined)).toEqual({
      kind: 'refuse',
      reason: 'BODY[3] is x-uuencode, which --decode cannot undo (it knows base64 or quoted-printable); :save without --decode keeps it as received',
    });
    for (const identity of ['7bit', '8bit', 'binary']) expect(decodePlan(item(identity), {}, () => undefined).kind).toBe('as-is');
  });

  it('what the server says wins over --decode=ENCODING, with a note; --decode=ENCODING counts only when nothing else is known', () => {
    const plan = decodePlan(item('quoted-printable'), { named: 'base64' }, () => undefined);
    expect(plan).toMatchObject({ kind: 'decode', encoding: 'quoted-printable', notes: ['--decode=base64 not used: the server says BODY[3] is quoted-printable'] });
    expect(decodePlan(item(undefined), { named: 'Base64' }, () => undefined)).toMatchObject({ kind: 'decode', encoding: 'base64', notes: [] });
  });
});
