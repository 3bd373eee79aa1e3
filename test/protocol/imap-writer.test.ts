import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/protocol/imap/tokenizer.js';
import type { ImapValue } from '../../src/protocol/imap/types.js';
import { astring, continuationLine, dataLine, quoted, serializeValue, serializeValues, statusLine } from '../../src/protocol/imap/writer.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { atom, list, lit, nil, num, q } from './values.js';

const ROUND_TRIP: ImapValue[][] = [
  [atom('\\Seen'), atom('\\*'), atom('RFC822.SIZE'), num(0), num(4294967296)],
  [q(''), q('a "b" \\c'), q('Grüße'), nil],
  [list(list(), list(atom('a'), list(q('b'))), nil)],
  [lit('line\r\nbreak'), lit('\0\x01', { binary: true }), lit('x', { nonSync: true })],
  [{ type: 'section', name: 'BODY', section: [atom('HEADER.FIELDS'), list(atom('FROM'), atom('TO'))], sectionText: 'HEADER.FIELDS (FROM TO)', partial: { origin: 0 } }],
  [{ type: 'section', name: 'BODY.PEEK', section: [], sectionText: '', partial: { origin: 10, count: 20 } }],
  [{ type: 'section', name: 'BINARY', section: [atom('1.2')], sectionText: '1.2' }],
];

describe('writer <-> tokenizer round trip', () => {
  it.each(ROUND_TRIP.map((vs) => [serializeValues(vs).toString('latin1'), vs] as const))('%j', (_wire, vs) => {
    const bytes = serializeValues(vs);
    expect(tokenize(bytes)).toEqual({ ok: true, values: vs });
  });
  it('serializeValue of one value', () => {
    expect(serializeValue(list(atom('FLAGS'), list(atom('\\Seen')))).toString()).toBe('(FLAGS (\\Seen))');
  });
});

describe('astring and quoted', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['INBOX.Sent', 'INBOX.Sent'],
    ['[Gmail]/Sent', '[Gmail]/Sent'],
    ['', '""'],
    ['NIL', '"NIL"'],
    ['two words', '"two words"'],
    ['a*b', '"a*b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['Grüße', '"Grüße"'],
    ['line\nbreak', '{10}\r\nline\nbreak'],
    ['{5}', '"{5}"'],
  ])('astring(%j) = %j', (s, wire) => {
    expect(astring(s)).toBe(wire);
    const r = tokenize(Buffer.from(wire));
    expect(r.ok && r.values.length === 1 && 'value' in r.values[0] ? r.values[0].value : r.ok && r.values[0].type === 'literal' ? Buffer.from(r.values[0].data).toString() : undefined).toBe(s);
  });
  it('quoted refuses CR/LF', () => {
    expect(() => quoted('a\r\nb')).toThrow(/cannot be quoted/);
    expect(quoted('a\\b')).toBe('"a\\\\b"');
  });
});

describe('response lines parse back', () => {
  const parse = (bytes: Buffer) => {
    const evs = new ImapResponseReader().push(bytes);
    expect(evs).toHaveLength(1);
    return evs[0].kind === 'response' ? evs[0].response : evs[0];
  };
  it('statusLine', () => {
    expect(statusLine('a1', 'OK', 'READ-WRITE', 'SELECT completed').toString()).toBe('a1 OK [READ-WRITE] SELECT completed\r\n');
    expect(parse(statusLine(undefined, 'OK', { name: 'PERMANENTFLAGS', args: [list(atom('\\*'), atom('\\Draft'))], argText: '' }, 'Limited'))).toEqual({
      kind: 'status', status: 'OK', text: 'Limited', code: { name: 'PERMANENTFLAGS', args: [list(atom('\\*'), atom('\\Draft'))], argText: '(\\* \\Draft)' },
    });
    expect(parse(statusLine('.', 'NO', undefined, 'Error in IMAP command received by server.'))).toEqual({ kind: 'status', tag: '.', status: 'NO', text: 'Error in IMAP command received by server.' });
  });
  it('dataLine and continuationLine', () => {
    const values = [list(atom('FLAGS'), list(atom('\\Seen')), atom('UID'), num(7), atom('X'), lit('ab'))];
    expect(parse(dataLine('FETCH', values, 3))).toEqual({ kind: 'data', name: 'FETCH', number: 3, values });
    expect(dataLine('SEARCH').toString()).toBe('* SEARCH\r\n');
    expect(parse(continuationLine('idling'))).toEqual({ kind: 'continuation', text: 'idling' });
  });
});
