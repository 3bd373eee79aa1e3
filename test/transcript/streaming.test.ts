// The pieces that let replay, serve and export read a transcript as a stream: exchanges told
// entry by entry as groupExchanges cuts them, output made as entries are taken, diffs cut to
// their context as they are made, expected lines read as they are compared, long answers sent in parts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeWireLine } from '../../src/protocol/wire-escape.js';
import { ContextDiff, diffLines, withContext, type DiffLine } from '../../src/transcript/diff.js';
import { exchangeSteps, groupExchanges, transcriptProtocol } from '../../src/transcript/exchange.js';
import { htmlPieces } from '../../src/transcript/export-html.js';
import { markdownPieces } from '../../src/transcript/export-markdown.js';
import { parseTranscript, protectWildcards, type Entry } from '../../src/transcript/format.js';
import { LineReader } from '../../src/transcript/line-reader.js';
import { compilePattern, matchLine } from '../../src/transcript/match.js';
import { AnswerCheck, WholeDiff } from '../../src/transcript/replay-compare.js';
import { ServerLines, replayExchanges, type ReplayExchange } from '../../src/transcript/replay-exchange.js';
import { ScriptedServer } from '../../src/transcript/serve.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const TRANSCRIPTS = [
  read('../fixtures/transcript/imap-basic.txt'),
  read('../fixtures/transcript/imap-starttls.txt'),
  read('../../transcripts/imap-tour.txt'),
  read('../../transcripts/pop3-tour.txt'),
  read('../../transcripts/imap-store-copy-expunge.txt'),
  // Narration and events before the first line, between exchanges and after the last.
  '# protocol: imap\n\n# intro\n= time +1ms\nS: * OK hi\n= time +2ms\nC: a1 NOOP\nS: a1 OK ```x``\n= close server\n# bye\n',
  '# note\n= foo\n',
  'C: a1 LOGIN x y\n# mid\nS: a1 OK\n# trailing\n= close client\n',
  'S: +OK pop\nC: RETR 1\nS: +OK\nS: line `` `\nS: .\n# n\nC: QUIT\nS: +OK\n',
];

/** Entries that throw once `limit` have been taken: output made before then was made as they came. */
function* limited(entries: Iterable<Entry>, limit: number): Generator<Entry> {
  let taken = 0;
  for (const entry of entries) {
    if (taken++ === limit) throw new Error('read too far');
    yield entry;
  }
}

/** A greeting, then a FETCH answered by `lines` untagged lines: one exchange that never completes. */
function* endlessFetch(lines = Infinity): Generator<Entry> {
  yield { kind: 'server', bytes: Buffer.from('* OK ready\r\n') };
  yield { kind: 'client', bytes: Buffer.from('a1 FETCH 1:* FLAGS\r\n') };
  for (let i = 1; i <= lines; i++) yield { kind: 'server', bytes: Buffer.from(`* ${i} FETCH (FLAGS (\\Seen))\r\n`) };
}

describe('exchangeSteps', () => {
  it('cuts the exchanges as groupExchanges does, narration and events included', () => {
    for (const text of TRANSCRIPTS) {
      const t = parseTranscript(text);
      const regrouped: Array<{ kind: string; tags: string[]; command?: string; entries: Entry[] }> = [];
      for (const { entry, exchange, first } of exchangeSteps(transcriptProtocol(t), t.entries)) {
        if (first) regrouped.push({ kind: exchange.kind, tags: exchange.tags, command: exchange.command, entries: [] });
        regrouped[regrouped.length - 1].entries.push(entry);
      }
      const expected = groupExchanges(t).map(({ kind, tags, command, entries }) => ({ kind, tags, command, entries }));
      expect(regrouped).toEqual(expected);
    }
  });
});

describe('export pieces', () => {
  it('HTML is written as the entries are taken: the first 1,000 lines come out before the 1,001st is read', () => {
    const pieces: string[] = [];
    expect(() => {
      for (const piece of htmlPieces({ header: {}, protocol: 'imap', entries: limited(endlessFetch(), 1000) })) pieces.push(piece);
    }).toThrow('read too far');
    // The page's text, its markup aside.
    expect(pieces.join('').replace(/<[^>]+>/g, '')).toContain('S: * 998 FETCH (FLAGS (\\Seen))');
  });

  it('Markdown reads the entries twice, and writes during the second pass', () => {
    let pass = 0;
    const pieces: string[] = [];
    const entries = (): Iterable<Entry> => (pass++ === 0 ? endlessFetch(5000) : limited(endlessFetch(5000), 1000));
    expect(() => {
      for (const piece of markdownPieces({ header: {}, protocol: 'imap', entries })) pieces.push(piece);
    }).toThrow('read too far');
    expect(pass).toBe(2);
    expect(pieces.join('')).toContain('S: * 998 FETCH');
  });

  it('Markdown writes nothing when the first pass fails (a syntax error found late)', () => {
    const pieces: string[] = [];
    expect(() => {
      for (const piece of markdownPieces({ header: {}, protocol: 'imap', entries: () => limited(endlessFetch(5000), 1000) })) pieces.push(piece);
    }).toThrow('read too far');
    expect(pieces).toEqual([]);
  });
});

/** A random diff: runs of matching lines, with changes between. */
function randomDiff(seed: number): DiffLine[] {
  let x = seed;
  const random = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const diff: DiffLine[] = [];
  const length = random(40);
  for (let i = 0; i < length; i++) {
    const op = random(3) === 0 ? (random(2) === 0 ? 'expected' : 'actual') : 'same';
    diff.push({ op, text: `line ${i}${op === 'same' ? '' : ` ${op}`}` });
  }
  return diff;
}

describe('ContextDiff', () => {
  it('makes, line by line, what withContext cuts from the whole diff; cutting again changes nothing', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const diff = randomDiff(seed);
      const cut = new ContextDiff();
      for (const d of diff) {
        // Matching lines come as bytes (replay's received lines) or as diff lines (loose mode).
        if (d.op === 'same' && seed % 2 === 0) cut.same(Buffer.from(`${d.text}\r\n`));
        else cut.push(d);
      }
      const made = cut.finish();
      expect(made, `seed ${seed}`).toEqual(withContext(diff));
      expect(withContext(made)).toEqual(made);
    }
  });
});

describe('replayExchanges', () => {
  it('gives each run of expected server lines from a second reading, taken only as they are compared', () => {
    const t = parseTranscript(read('../../transcripts/imap-tour.txt'));
    let taken = 0;
    function* counted(): Generator<Entry> {
      for (const entry of t.entries) {
        taken++;
        yield entry;
      }
    }
    const lines = new ServerLines(counted());
    const runs: string[][] = [];
    for (const { segments } of replayExchanges('imap', t.entries, lines)) {
      for (const segment of segments) {
        if (segment.kind !== 'server') continue;
        const run: string[] = [];
        for (let i = 0; i < segment.lines.length; i++) run.push(escapeWireLine(segment.lines.bytes(i)));
        runs.push(run);
      }
      // The second reading is at most an exchange behind the first, never ahead of what was compared.
      expect(taken).toBeLessThanOrEqual(t.entries.length);
    }
    const expected = groupExchanges(t).flatMap((x) => {
      const out: string[][] = [];
      let last: string | undefined;
      for (const e of x.entries) {
        if (e.kind === 'event' && (e.name === 'starttls' || e.name === 'compress')) last = e.name;
        if (e.kind !== 'client' && e.kind !== 'server') continue;
        if (e.kind === 'server' && last !== 'server') out.push([]);
        if (e.kind === 'server') out[out.length - 1].push(escapeWireLine(e.bytes));
        last = e.kind;
      }
      return out;
    });
    expect(runs).toEqual(expected);
  });

  it('does not read a run of server lines before it is compared', () => {
    let taken = 0;
    function* counted(): Generator<Entry> {
      for (const entry of endlessFetch(100_000)) {
        taken++;
        yield entry;
      }
    }
    const lines = new ServerLines(counted());
    const exchanges = replayExchanges('imap', endlessFetch(100_000), lines);
    exchanges.next(); // the greeting, given once the FETCH began
    const fetch = exchanges.next().value as ReplayExchange;
    const answer = fetch.segments.find((s) => s.kind === 'server');
    expect(answer?.kind === 'server' && answer.lines.length).toBe(100_000);
    expect(taken).toBe(0);
    expect(answer?.kind === 'server' && Buffer.from(answer.lines.bytes(9)).toString()).toBe('* 10 FETCH (FLAGS (\\Seen))\r\n');
    expect(taken).toBe(12); // the greeting, the command and ten lines
  });
});

describe('AnswerCheck', () => {
  // Lines a byte comparison could get wrong: escapes, no CRLF, a lone LF, a trailing space, braces, 8-bit bytes.
  const tricky = [
    '* OK ready\r\n', '* OK ready', '* OK ready\n', '* OK ready \r\n', 'a\\b\r\n', '\\x41\r\n', 'A\r\n', '{*}\r\n', '{...}\r\n',
    '* 1 FETCH (BODY[] {5}\r\n', 'caf\xe9\r\n', 'café\r\n', '\r\n', '', '\t\r\n', 'a1 OK done\r\n',
  ].map((s, i) => Buffer.from(s, i === 10 ? 'latin1' : 'utf8'));

  function check(expected: Buffer[], actual: Buffer[], patterns: Map<number, string> = new Map()): DiffLine[] {
    const store = { length: expected.length, bytes: (i: number) => expected[i], pattern: (i: number) => patterns.get(i) };
    const sink = new WholeDiff();
    const answer = new AnswerCheck(store, new Map(), 'imap', false, sink);
    for (const line of actual) answer.take(line);
    answer.finish();
    return sink.lines;
  }

  it('matches line for line as diffLines matches through patterns', () => {
    for (const e of tricky) {
      for (const a of tricky) {
        const text = protectWildcards(escapeWireLine(e));
        expect(check([e], [a]), `${JSON.stringify(e.toString('latin1'))} vs ${JSON.stringify(a.toString('latin1'))}`)
          .toEqual(diffLines([{ text, pattern: compilePattern(text) }], [a], matchLine));
      }
    }
  });

  it('gives the diff of the whole answer: lines alike, one changed, one extra, wildcards', () => {
    const lines = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`* ${i + 1} FETCH (UID ${i + 1})\r\n`));
    const expected = lines(200);
    const actual = lines(200);
    actual[120] = Buffer.from('* 121 FETCH (UID 999)\r\n');
    actual.splice(150, 0, Buffer.from('* 3 EXPUNGE\r\n'));
    const patterns = new Map([[10, '* {*} FETCH (UID 11)']]);
    const diff = check(expected, actual, patterns);
    const texts = expected.map((line, i) => patterns.get(i) ?? protectWildcards(escapeWireLine(line)));
    expect(diff).toEqual(diffLines(texts.map((text) => ({ text, pattern: compilePattern(text) })), actual, matchLine));
    expect(diff.filter((d) => d.op !== 'same').map((d) => d.text)).toEqual(['* 121 FETCH (UID 121)', '* 121 FETCH (UID 999)', '* 3 EXPUNGE']);
  });
});

describe('LineReader flow control', () => {
  it('stops reading above 8 MB waiting and goes on once the lines are read', async () => {
    const calls: string[] = [];
    const reader = new LineReader(() => {
      calls.push('pause');
      return () => calls.push('resume');
    });
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    chunk[chunk.length - 1] = 0x0a;
    for (let i = 0; i < 9; i++) reader.push(chunk);
    expect(calls).toEqual(['pause']);
    for (let i = 0; i < 7; i++) await reader.readLine(10);
    expect(calls).toEqual(['pause']); // 2 MB still waiting
    await reader.readLine(10);
    expect(calls).toEqual(['pause', 'resume']);
  });
});

const asText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('ScriptedServer', () => {
  it('sends a long answer in parts of about a megabyte, the same bytes in the same order', () => {
    const body = 'S: ' + 'z'.repeat(1000);
    const text = ['# protocol: imap', 'S: * OK ready', 'C: a1 NOOP', ...new Array<string>(3000).fill(body), 'S: a1 OK done', 'C: a2 LOGOUT', 'S: a2 OK bye'].join('\n');
    const server = new ScriptedServer(parseTranscript(text), false);
    expect(server.start().send.map(asText)).toEqual(['* OK ready\r\n']);
    const parts = [server.clientLine(Buffer.from('x7 NOOP\r\n'))];
    while (parts[parts.length - 1].more) parts.push(server.more());
    expect(parts.length).toBe(3);
    const sent = Buffer.concat(parts.flatMap((p) => p.send)).toString('latin1');
    expect(sent).toBe(`${'z'.repeat(1000)}\r\n`.repeat(3000) + 'x7 OK done\r\n');
    expect(parts.every((p) => !p.close)).toBe(true);
    const logout = server.clientLine(Buffer.from('x8 LOGOUT\r\n'));
    expect([logout.send.map(asText), logout.close]).toEqual([['x8 OK bye\r\n'], true]);
  });

  it('takes any size for a redacted literal password, told by an event after the continuation', () => {
    const text = ['# protocol: imap', 'S: * OK ready', 'C: a1 LOGIN bob {8}', 'S: + Ready', '= redacted LOGIN password (literal)', 'C: ***redacted***', 'S: a1 OK logged in'].join('\n');
    const server = new ScriptedServer(parseTranscript(text), true);
    server.start();
    expect(server.clientLine(Buffer.from('t1 LOGIN bob {13}\r\n')).send.map(asText)).toEqual(['+ Ready\r\n']);
    expect(server.clientLine(Buffer.from('a much longer\r\n')).send.map(asText)).toEqual(['t1 OK logged in\r\n']);
  });
});
