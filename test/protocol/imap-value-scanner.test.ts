// The value scanner is a subset of the tokenizer: whatever it accepts, the tokenizer accepts
// too, with the same tokens in the same places (the reader builds lazy values on that promise,
// the printer lays out from the tape). Checked on every response line the tests know and on
// thousands of mutations of them, then through the reader.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LazyDataResponse, UnbuiltValues } from '../../src/protocol/imap/lazy-response.js';
import { parseResponse, quickDataResponse } from '../../src/protocol/imap/response-parser.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { tokenize } from '../../src/protocol/imap/tokenizer.js';
import type { ImapValue, ReaderEvent } from '../../src/protocol/imap/types.js';
import { scanValues, TapeKind, ValueTape } from '../../src/protocol/imap/value-scanner.js';
import { TUTORIAL_IMAP_RESPONSES } from '../fixtures/protocol/tutorial.js';
import { seededRandom } from '../support/random.js';
import { atom, list, num, q } from './values.js';

const renderFixtures = fileURLToPath(new URL('../fixtures/render/', import.meta.url));

/** Lines of every rendering fixture (real server responses), literal bodies joined back in. */
function fixtureResponses(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(renderFixtures).filter((n) => n.endsWith('.imap'))) {
    out.push(...readFileSync(renderFixtures + name, 'utf8').split('\n').filter((l) => l !== ''));
  }
  return out;
}

const EDGE_CASES = [
  '* 1 FETCH (UID 5 BODY[] {5}\r\nhello)',
  '* 1 FETCH (BINARY[1] ~{3}\r\nabc UID 7)',
  '* 2 FETCH (BODY[HEADER.FIELDS (FROM)]<0> "x")',
  '* LIST (\\HasNoChildren) "/" [Gmail]/Sent',
  '* LIST () "/" INBOX[x]',
  '* SEARCH 123456789012345678 1',
  '* 3 FETCH (FLAGS (\\* $Junk) MODSEQ (12345678901234567))',
  '* LIST () "/" Entwürfe',
  '* 1 FETCH (ENVELOPE (nil NiL "a \\"b\\" \\\\ c" {0}\r\n))',
  '* VANISHED (EARLIER) 41,43:116',
  '* THREAD (2)(3 6 (4 23)(44 7 96))',
  '* STATUS {5}\r\nINBOX (MESSAGES 2)',
  '* 1 FETCH (X {3+}\r\nabc)',
];

const CORPUS = [...TUTORIAL_IMAP_RESPONSES, ...fixtureResponses(), ...EDGE_CASES];

/** The tape a value tree would make, kinds only. */
function kindsOf(values: readonly ImapValue[], out: TapeKind[] = []): TapeKind[] {
  for (const v of values) {
    if (v.type === 'list') {
      out.push(TapeKind.Open);
      kindsOf(v.items, out);
      out.push(TapeKind.Close);
    } else if (v.type === 'atom') out.push(TapeKind.Atom);
    else if (v.type === 'number') out.push(TapeKind.Number);
    else if (v.type === 'quoted') out.push(TapeKind.Quoted);
    else if (v.type === 'nil') out.push(TapeKind.Nil);
    else if (v.type === 'literal') out.push(TapeKind.Literal);
    else throw new Error(`the scanner does not vouch for ${v.type}`);
  }
  return out;
}

function tapeKinds(tape: ValueTape): TapeKind[] {
  const kinds: TapeKind[] = [];
  for (let i = 0; i < tape.length; i += 3) kinds.push(tape.data[i] as TapeKind);
  return kinds;
}

/** Scans and tokenizes `bytes`; where the scanner accepts, the tokenizer must agree token for token. */
function agree(bytes: Buffer): boolean {
  const tape = new ValueTape();
  const accepted = scanValues(bytes, 0, bytes.length, [], tape);
  if (!accepted) return false;
  const tokens = tokenize(bytes);
  expect(tokens.ok, `tokenizer refuses what the scanner accepted: ${JSON.stringify(bytes.toString('latin1'))}`).toBe(true);
  if (tokens.ok) expect(tapeKinds(tape)).toEqual(kindsOf(tokens.values));
  return true;
}

/** Bytes where the grammar turns: the mutations that find disagreements. */
const PIVOTS = Buffer.from('()"\\{}[]~+-<>09 \r\nNnIiLl*%\x00\x7f\x80\xc3');

function mutate(line: Buffer, next: () => number): Buffer {
  const at = Math.floor(next() * (line.length + 1));
  const pivot = PIVOTS[Math.floor(next() * PIVOTS.length)];
  switch (Math.floor(next() * 4)) {
    case 0: return Buffer.concat([line.subarray(0, at), Buffer.from([pivot]), line.subarray(at + 1)]);
    case 1: return Buffer.concat([line.subarray(0, at), Buffer.from([pivot]), line.subarray(at)]);
    case 2: return Buffer.concat([line.subarray(0, at), line.subarray(at + 1)]);
    default: return line.subarray(0, at);
  }
}

describe('value scanner against the tokenizer', () => {
  it('accepts the common shapes, and the tokenizer agrees token for token', () => {
    const accepted = CORPUS.filter((line) => agree(Buffer.from(line, 'utf8')));
    // Not vacuous: nearly all real responses take the fast path...
    expect(accepted.length).toBeGreaterThan(CORPUS.length * 0.8);
    expect(accepted).toContain('* VANISHED (EARLIER) 41,43:116');
    expect(accepted).toContain('* THREAD (2)(3 6 (4 23)(44 7 96))');
    expect(accepted).toContain('* LIST (\\HasNoChildren) "/" [Gmail]/Sent');
    expect(accepted).toContain('* LIST () "/" Entwürfe');
    expect(accepted).toContain('* 1 FETCH (X {3+}\r\nabc)');
  });

  it('leaves sections, bracketed atoms and unsafe literal sizes to the tokenizer', () => {
    const tape = new ValueTape();
    for (const line of ['* 2 FETCH (BODY[HEADER.FIELDS (FROM)]<0> "x")', '* LIST () "/" INBOX[x]', '* 1 FETCH (X {9007199254740993}\r\n)']) {
      const bytes = Buffer.from(line);
      expect(scanValues(bytes, 0, bytes.length, [], tape), line).toBe(false);
    }
  });

  it('refuses what the tokenizer refuses: unbalanced lists, open quotes, short literals', () => {
    const tape = new ValueTape();
    for (const line of ['(a (b)', 'a) b', '"open', '"a\r\nb"', '{5}\r\nabc', '{x}\r\n', '(\x00)', 'a ]']) {
      const bytes = Buffer.from(line, 'latin1');
      const tokens = tokenize(bytes);
      if (!tokens.ok) expect(scanValues(bytes, 0, bytes.length, [], tape), line).toBe(false);
    }
    expect(scanValues(Buffer.from('a ]'), 0, 3, [], tape)).toBe(true); // "]" alone is an atom to both
    expect(tokenize(Buffer.from('a ]')).ok).toBe(true);
  });

  it('never accepts a mutation the tokenizer refuses (500 mutations of every line)', () => {
    const next = seededRandom(20261127);
    let accepted = 0;
    let refused = 0;
    for (const line of CORPUS) {
      const bytes = Buffer.from(line, 'utf8');
      for (let i = 0; i < 500; i++) {
        let m: Buffer = bytes;
        for (let k = 1 + Math.floor(next() * 3); k > 0; k--) m = mutate(m, next);
        if (agree(m)) accepted++;
        else refused++;
      }
    }
    // Both roads were taken many times, so the property was exercised.
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('reads a streamed literal through its frame', () => {
    const reader = new ImapResponseReader({ maxBufferedLiteral: 4, literalHead: 2 });
    const events = reader.push(Buffer.from('* 1 FETCH (UID 9 RFC822 {6}\r\nabcdef FLAGS (\\Seen))\r\n'));
    const response = events.find((e): e is Extract<ReaderEvent, { kind: 'response' }> => e.kind === 'response')!.response;
    expect(response).toBeInstanceOf(LazyDataResponse);
    if (response.kind !== 'data') throw new Error('not data');
    const item = response.values[0];
    expect(item.type === 'list' && item.items.map((v) => v.type)).toEqual(['atom', 'number', 'atom', 'literal', 'atom', 'list']);
    expect(item.type === 'list' && item.items[3]).toMatchObject({ type: 'literal', size: 6, complete: false, data: Buffer.from('ab') });
  });
});

/** The reader's quick head against the parser's own road: where it answers, the same response. */
function sameAsParser(bytes: Buffer): boolean {
  const quick = quickDataResponse(bytes, 0, bytes.length, []);
  if (quick === undefined) return false;
  const parsed = parseResponse(bytes, 0, bytes.length, []);
  const line = JSON.stringify(bytes.toString('latin1'));
  expect(parsed.ok, `the parser refuses what the quick head took: ${line}`).toBe(true);
  if (parsed.ok) expect(quick, line).toEqual(parsed.response);
  return true;
}

describe('the reader\'s quick head against the response parser', () => {
  it('reads untagged data as the parser does, and leaves everything else to it', () => {
    const taken = CORPUS.filter((line) => sameAsParser(Buffer.from(line, 'utf8')));
    // Every line the parser reads as lazy data, the quick head takes (and no other).
    const lazy = CORPUS.filter((line) => {
      const parsed = parseResponse(Buffer.from(line, 'utf8'), 0, Buffer.byteLength(line), []);
      return parsed.ok && parsed.response instanceof LazyDataResponse;
    });
    expect(taken).toEqual(lazy);
    expect(taken.length).toBeGreaterThan(40);
    for (const line of ['* 3 EXPUNGE', '* 1 FETCH (UID 5)', '*  2   EXISTS', '* LIST (\\HasNoChildren) "/" [Gmail]/Sent', '* SEARCH', '* flags (\\Seen)']) {
      expect(sameAsParser(Buffer.from(line)), line).toBe(true);
    }
    const left = ['* OK [UIDNEXT 5] x', '* BYE bye', '+ go', 'a1 OK done', '* 2 FETCH (BODY[TEXT] "x")', '*  ', '* 12345678901234567 EXISTS', '*3 EXISTS', '* 3EXISTS'];
    for (const line of left) expect(sameAsParser(Buffer.from(line)), line).toBe(false);
    // A number then a status word is data to the parser too (`* 3 OK` is no status response).
    expect(sameAsParser(Buffer.from('* 3 OK'))).toBe(true);
  });

  it('agrees on 300 mutations of every line\'s head', () => {
    const next = seededRandom(20261128);
    let taken = 0;
    let left = 0;
    for (const line of CORPUS) {
      const bytes = Buffer.from(line, 'utf8');
      const head = Math.min(bytes.length, 16);
      for (let i = 0; i < 300; i++) {
        let m: Buffer = bytes;
        for (let k = 1 + Math.floor(next() * 2); k > 0; k--) {
          const cut = mutate(m.subarray(0, head), next);
          m = Buffer.concat([cut, m.subarray(head)]);
        }
        if (sameAsParser(m)) taken++;
        else left++;
      }
    }
    expect(taken).toBeGreaterThan(1000);
    expect(left).toBeGreaterThan(1000);
  });
});

describe('lazy data responses from the reader', () => {
  const first = (wire: string) => {
    const ev = new ImapResponseReader().push(Buffer.from(wire))[0];
    if (ev.kind !== 'response' || ev.response.kind !== 'data') throw new Error(`not a data response: ${wire}`);
    return ev.response;
  };

  it('builds FETCH values on first read, the same as the tokenizer, and keeps them', () => {
    const r = first('* 7 FETCH (FLAGS (\\Seen) UID 70 INTERNALDATE "14-Jan-2011 08:17:36 +0000")\r\n');
    expect(r).toBeInstanceOf(LazyDataResponse);
    expect((r as LazyDataResponse).readUnbuilt(new UnbuiltValues())).toBe(true);
    const values = r.values;
    expect((r as LazyDataResponse).readUnbuilt(new UnbuiltValues())).toBe(false);
    expect(values).toEqual([list(atom('FLAGS'), list(atom('\\Seen')), atom('UID'), num(70), atom('INTERNALDATE'), q('14-Jan-2011 08:17:36 +0000'))]);
    expect(r.values).toBe(values);
    expect(r.number).toBe(7);
  });

  it('falls back to values built at once where the scanner is not sure (a section)', () => {
    const r = first('* 1 FETCH (BODY[TEXT] "hi")\r\n');
    expect(r).not.toBeInstanceOf(LazyDataResponse);
    expect(Object.keys(r)).toEqual(['kind', 'name', 'number', 'values']);
  });

  it('compares as the plain response it stands for, values included', () => {
    const r = first('* 3 EXPUNGE\r\n');
    expect(r).toEqual({ kind: 'data', name: 'EXPUNGE', number: 3, values: [] });
    const f = first('* 1 FETCH (UID 5)\r\n');
    expect(f).toEqual({ kind: 'data', name: 'FETCH', number: 1, values: [list(atom('UID'), num(5))] });
    expect(f).not.toEqual({ kind: 'data', name: 'FETCH', number: 1, values: [list(atom('UID'), num(6))] });
    expect(f).not.toEqual(first('* 1 FETCH (UID 6)\r\n'));
  });

  it('takes values a consumer sets, as a plain response would', () => {
    const r = first('* 1 FETCH (UID 5)\r\n');
    r.values = [atom('X')];
    expect(r.values).toEqual([atom('X')]);
  });
});
