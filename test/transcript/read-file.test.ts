// Transcripts read as a stream (play): the same header and entries as parseTranscript, whatever
// falls on the megabyte boundaries of the reads; errors name the file and the line; the exchange
// tracker cuts a stream where groupExchanges cuts the whole.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp.js';
import { ExchangeTracker, groupExchanges, transcriptProtocol } from '../../src/transcript/exchange.js';
import { parseTranscript, type Entry } from '../../src/transcript/format.js';
import { openTranscriptStream } from '../../src/transcript/read-file.js';
import { runCli } from '../support/cli-harness.js';

const dir = tempDirs()('mailscope-read-file-');

const fileWith = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const transcripts = [
  ...readdirSync(new URL('../../transcripts/', import.meta.url)).filter((f) => f.endsWith('.txt')).map((f) => new URL(`../../transcripts/${f}`, import.meta.url)),
  // (the tutorial's text beside them is the import's input, not a transcript)
  ...['imap-basic.txt', 'imap-starttls.txt'].map((f) => new URL(`../fixtures/transcript/${f}`, import.meta.url)),
];

describe('openTranscriptStream', () => {
  it('gives what parseTranscript gives, for every transcript kept in the repo', () => {
    expect(transcripts.length).toBeGreaterThan(3);
    for (const url of transcripts) {
      const whole = parseTranscript(readFileSync(url, 'utf8'));
      const stream = openTranscriptStream(url.pathname);
      expect(stream.header).toEqual(whole.header);
      expect([...stream.entries]).toEqual(whole.entries);
    }
  });

  it('joins lines and UTF-8 characters that a megabyte read cuts in two, and CRLF line ends', () => {
    // 3-byte characters so that some fall across the 1 MiB boundaries, then a last line without LF.
    const lines = Array.from({ length: 60_000 }, (_, i) => `S: * ${i} FETCH (ENVELOPE ("${'€'.repeat(10)} ${'ä'.repeat(i % 7)}"))`);
    const body = `${lines.join('\r\n')}\r\n# the end`;
    // Padded until the first read ends inside a character (a UTF-8 continuation byte follows it).
    let text = '';
    for (let pad = 0; pad < 8 && !((Buffer.from(text)[1 << 20] & 0xc0) === 0x80); pad++) text = `# protocol: imap\r\n\r\n#${' '.repeat(pad)}\r\n${body}`;
    expect(Buffer.from(text)[1 << 20] & 0xc0).toBe(0x80);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    const stream = openTranscriptStream(fileWith('big.txt', text));
    expect(stream.header).toEqual({ protocol: 'imap' });
    const entries = [...stream.entries];
    // Compared as text: toEqual on 60,000 byte arrays takes seconds.
    const shown = (list: Entry[]) => list.map((e) => ('bytes' in e ? `${e.kind} ${Buffer.from(e.bytes).toString('hex')}` : JSON.stringify(e))).join('\n');
    expect(shown(entries)).toBe(shown(parseTranscript(text).entries));
    expect(entries).toHaveLength(60_002);
    expect(entries[60_000]).toEqual({ kind: 'server', bytes: Buffer.from(`${lines[59_999].slice(3)}\r\n`) });
    expect(entries[60_001]).toEqual({ kind: 'narration', text: 'the end' });
  });

  it('hands out entries before a bad line further on, then names the file and the line', () => {
    const path = fileWith('bad.txt', '# protocol: imap\n\nS: * OK hi\nC: a1 NOOP\nthis is no entry\n');
    const stream = openTranscriptStream(path);
    const it = stream.entries[Symbol.iterator]();
    expect(it.next().value).toMatchObject({ kind: 'server' });
    expect(it.next().value).toMatchObject({ kind: 'client' });
    expect(() => it.next()).toThrow(`${path}: line 5: expected "C: ", "S: ", "# " or "= " at the start`);
  });

  it('a file that cannot be read is one error naming it and why', () => {
    expect(() => openTranscriptStream(join(dir, 'missing.txt'))).toThrow(/cannot read .*missing\.txt: .*(no such file|ENOENT)/i);
  });
});

describe('ExchangeTracker', () => {
  it('starts an exchange at the entry where groupExchanges starts one, for every transcript kept in the repo', () => {
    for (const url of transcripts) {
      const t = parseTranscript(readFileSync(url, 'utf8'));
      const tracker = new ExchangeTracker(transcriptProtocol(t));
      const starts: Array<{ kind: string; command?: string; first: Entry }> = [];
      for (const entry of t.entries) {
        const started = tracker.next(entry);
        if (started) starts.push({ kind: started.kind, command: started.command, first: entry });
      }
      const expected = groupExchanges(t).map((x) => ({ kind: x.kind, command: x.command, first: x.entries.find((e) => e.kind === 'client' || e.kind === 'server')! }));
      expect(starts, url.pathname).toEqual(expected);
    }
  });
});

describe('mailscope play, reading as it plays', () => {
  it('tells POP3 from a headerless file by its greeting, and a bad line further on ends it after what came before', async () => {
    const path = fileWith('pop3.txt', 'S: +OK ready\nC: RETR 1\nS: +OK 12 octets\nS: ..dot-stuffed\nS: .\nC: QUIT\nnot an entry\n');
    const run = runCli(['play', path, '--no-color']);
    expect(await run.code).toBe(2);
    // POP3: the body is shown unstuffed (IMAP would have shown the line as it is).
    expect(run.stdout()).toMatch(/C: RETR 1\n\+OK 12 octets\n\.dot-stuffed\n/);
    expect(run.stdout()).toContain('C: QUIT');
    expect(run.stderr().trim()).toBe(`mailscope: ${path}: line 7: expected "C: ", "S: ", "# " or "= " at the start, got "not an entry"`);
  });
});
