import { describe, it, expect } from 'vitest';
import { parseTranscript, serializeTranscript, sideBytes, type Transcript } from '../../src/transcript/format.js';
import { MailscopeError } from '../../src/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const sample = [
  '# protocol: imap',
  '# server: 127.0.0.1:1143',
  '',
  '# The server greets first.',
  'S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready',
  '',
  'C: a1 STARTTLS',
  'S: a1 OK begin TLS',
  '= starttls',
  '',
  'C: a2 LOGIN alice "pass word"',
  'S: a2 OK done',
  '= +120ms',
  '',
  'C: a3 FETCH 1 BODY[]',
  'S: * 1 FETCH (BODY[] {5}',
  'S: abc\\x0a\\',
  'S: )',
  'S: +\\x20',
  'S: a3 OK caf\u00e9',
  '= close server',
  '',
].join('\n');

describe('parseTranscript', () => {
  const t = parseTranscript(sample);

  it('reads the header block up to the first blank line', () => {
    expect(t.header).toEqual({ protocol: 'imap', server: '127.0.0.1:1143' });
  });

  it('reads narration, wire lines and events in order', () => {
    expect(t.entries.map((e) => e.kind)).toEqual([
      'narration', 'server', 'client', 'server', 'event', 'client', 'server', 'event',
      'client', 'server', 'server', 'server', 'server', 'server', 'event',
    ]);
    expect(t.entries[0]).toEqual({ kind: 'narration', text: 'The server greets first.' });
    expect(t.entries[4]).toEqual({ kind: 'event', name: 'starttls' });
    expect(t.entries[7]).toEqual({ kind: 'event', name: 'time', value: '+120ms' });
    expect(t.entries[14]).toEqual({ kind: 'event', name: 'close', value: 'server' });
  });

  it('rebuilds the wire bytes exactly: CRLF implied, bare LF marker, escaped space, UTF-8', () => {
    expect(Buffer.from(sideBytes(t, 'server')).toString('latin1')).toBe(Buffer.from(
      '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\na1 OK begin TLS\r\na2 OK done\r\n* 1 FETCH (BODY[] {5}\r\nabc\n)\r\n+ \r\na3 OK caf\u00e9\r\n', 'utf8').toString('latin1'));
    expect(Buffer.from(sideBytes(t, 'client')).toString()).toBe('a1 STARTTLS\r\na2 LOGIN alice "pass word"\r\na3 FETCH 1 BODY[]\r\n');
  });

  it('serializes back to the same text', () => {
    expect(serializeTranscript(t)).toBe(sample);
  });

  it('accepts a file saved with CRLF line ends', () => {
    expect(parseTranscript(sample.replace(/\n/g, '\r\n'))).toEqual(t);
  });

  it('names the line number of a syntax error', () => {
    const bad = 'S: * OK hi\n\nX: what\n';
    expect(() => parseTranscript(bad)).toThrow(MailscopeError);
    try { parseTranscript(bad); } catch (e) {
      expect((e as MailscopeError).code).toBe('TRANSCRIPT_SYNTAX');
      expect((e as Error).message).toMatch(/^line 3:/);
    }
    expect(() => parseTranscript('C:x\n')).toThrow(/line 1: "C:" must be followed by a space/);
  });

  it('keeps a narration line that looks like a header after the blank line', () => {
    const t2 = parseTranscript('# protocol: pop3\n\n# Note: this is prose\nS: +OK\n');
    expect(t2.header).toEqual({ protocol: 'pop3' });
    expect(t2.entries[0]).toEqual({ kind: 'narration', text: 'Note: this is prose' });
  });
});

describe('serializeTranscript', () => {
  it('round-trips arbitrary wire bytes byte-exactly, including recorded {*} text', () => {
    const lines = ['* OK {*} and {...} literally\r\n', '\x00\xff\\x41\r\n', 'no end', '+ \r\n', 'x\n', '\r\n'];
    const t: Transcript = {
      header: { protocol: 'imap', redacted: 'LOGIN password (line 5)\nPASS password (line 9)' },
      entries: lines.map((l, i) => ({ kind: i % 2 === 0 ? 'server' : 'client', bytes: Buffer.from(l, 'latin1') }) as const),
    };
    const text = serializeTranscript(t);
    expect(text).toContain('S: * OK \\x7b*} and \\x7b...} literally');
    const back = parseTranscript(text);
    expect(back.header).toEqual(t.header);
    expect(back.entries.map((e) => Buffer.from((e as { bytes: Uint8Array }).bytes).toString('latin1'))).toEqual(lines);
  });

  it('writes multi-line narration as several # lines and puts no trailing spaces anywhere', () => {
    const t: Transcript = { header: {}, entries: [{ kind: 'narration', text: 'one\n\ntwo' }, { kind: 'client', bytes: enc('\r\n') }] };
    const text = serializeTranscript(t);
    expect(text).toBe('\n# one\n#\n# two\nC:\n');
    expect(text).not.toMatch(/[ \t]\n/);
  });
});
