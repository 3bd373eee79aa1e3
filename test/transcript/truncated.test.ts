// A transcript cut off while it was written (a crash, a full disk, a copy taken while recording)
// is said in one line naming the file, the line and what was cut, by the file reader that play,
// replay, serve and export share; play shows everything before the cut first, then exits 2.
// The recordings are made here from the demo server, then cut at chosen places.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMailscopeError } from '../../src/errors.js';
import { parseTranscript, type Entry } from '../../src/transcript/format.js';
import { openTranscriptStream } from '../../src/transcript/read-file.js';
import { tempDirs } from '../support/temp.js';
import { runCli } from '../support/cli-harness.js';

const dir = tempDirs()('mailscope-truncated-');
const LOGIN = 'login test77@example.com qwe123#$';

/** The recorded file's lines, each with its LF. */
let lines: string[] = [];
/** 1-based number of the `* 1 FETCH (BODY[] {N}` line, and N. */
let announcedAt = 0;
let literalSize = 0;
/** 1-based number of the `)` line that ends the FETCH response after the literal. */
let closingAt = 0;

let fileCount = 0;
function fileWith(text: string): string {
  const path = join(dir, `cut-${++fileCount}.txt`);
  writeFileSync(path, text);
  return path;
}

/** The first `count` lines, whole. */
const firstLines = (count: number): string => lines.slice(0, count).join('');
const lineNumberOf = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l)) + 1;

/** Wire bytes of the server lines after the announcement in `text`: what of the literal the file holds. */
function serverBytesAfterAnnouncement(text: string): number {
  const entries = parseTranscript(text).entries;
  const at = entries.findIndex((e) => e.kind === 'server' && Buffer.from(e.bytes).toString('latin1').includes(`{${literalSize}}`));
  return entries.slice(at + 1).reduce((n, e: Entry) => n + (e.kind === 'server' ? e.bytes.length : 0), 0);
}

async function play(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = runCli(['play', path]);
  const code = await run.code;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Reads the file as play, replay, serve and export do; returns the error at its end, if any. */
function readError(path: string): string | undefined {
  try {
    const stream = openTranscriptStream(path);
    for (const _ of stream.entries) { /* to the end */ }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

beforeAll(async () => {
  const recorded = join(dir, 'fetch.txt');
  const run = runCli(['demo', '--record', recorded, '-c', LOGIN, '-c', 'select INBOX', '-c', 'fetch 1 body[]', '-c', 'logout']);
  expect(await run.code).toBe(0);
  lines = readFileSync(recorded, 'utf8').split(/(?<=\n)/);
  announcedAt = lineNumberOf(/^S: \* 1 FETCH \(BODY\[\] \{\d+\}\n$/);
  literalSize = Number(/\{(\d+)\}/.exec(lines[announcedAt - 1])![1]);
  closingAt = lineNumberOf(/^S: \)\n$/);
  expect(announcedAt).toBeGreaterThan(10);
  expect(closingAt - announcedAt).toBeGreaterThan(20); // the body is many lines
  expect(lines.join('')).toContain('# mailscope: '); // the recorder's header key
});

describe('a recording cut while it was written', () => {
  it('the whole recording plays, exit 0, nothing on stderr', async () => {
    const { code, stdout, stderr } = await play(fileWith(lines.join('')));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Return-path: <examplesupport@gmail.com>');
    expect(stdout).toContain('a003 OK FETCH completed');
    expect(stdout).toContain('a004 OK LOGOUT completed');
  });

  it('inside the literal: play shows what came before, then one line naming file, line and sizes, exit 2', async () => {
    const text = firstLines(announcedAt + 10);
    const path = fileWith(text);
    const present = serverBytesAfterAnnouncement(text);
    expect(present).toBeGreaterThan(0);
    expect(present).toBeLessThan(literalSize);
    const { code, stdout, stderr } = await play(path);
    expect(stderr).toBe(`mailscope: ${path}: line ${announcedAt}: the file ends inside a ${literalSize}-byte literal (${present} bytes present)\n`);
    expect(code).toBe(2);
    expect(stdout).toContain('a002 OK [READ-WRITE] SELECT completed');
    // What was recorded of the cut response: its first line, and how much of it follows.
    expect(stdout).toContain(`C: a003 fetch 1 body[]\n* 1 FETCH (BODY[] {${literalSize}}\n    … 10 more lines: the file ends before this response does\n`);
  });

  it('right after the {N} announcement', async () => {
    const path = fileWith(firstLines(announcedAt));
    const { code, stdout, stderr } = await play(path);
    expect(stderr).toBe(`mailscope: ${path}: line ${announcedAt}: the file ends right after the announcement of a ${literalSize}-byte literal (none of its bytes present)\n`);
    expect(code).toBe(2);
    expect(stdout).toMatch(new RegExp(`\\* 1 FETCH \\(BODY\\[\\] \\{${literalSize}\\}\n    the file ends before this response does\n$`));
  });

  it('in the middle of a body line: the bytes of whole lines are counted', async () => {
    const half = lines[announcedAt + 5 - 1];
    const path = fileWith(firstLines(announcedAt + 4) + half.slice(0, half.length >> 1));
    const present = serverBytesAfterAnnouncement(firstLines(announcedAt + 4));
    const { code, stderr } = await play(path);
    expect(stderr).toBe(`mailscope: ${path}: line ${announcedAt}: the file ends inside a ${literalSize}-byte literal (${present} bytes present)\n`);
    expect(code).toBe(2);
  });

  it('in the middle of an escape (`\\x0` of `\\x09`) inside the literal', async () => {
    const at = lines.findIndex((l, i) => i >= announcedAt && l.startsWith('S: \\x09')) + 1;
    expect(at).toBeGreaterThan(announcedAt);
    const path = fileWith(firstLines(at - 1) + 'S: \\x0');
    const { code, stderr } = await play(path);
    expect(stderr).toMatch(new RegExp(`^mailscope: .*: line ${announcedAt}: the file ends inside a ${literalSize}-byte literal \\(\\d+ bytes present\\)\n$`));
    expect(code).toBe(2);
  });

  it('after the whole literal, before the `)` that ends its response', async () => {
    const path = fileWith(firstLines(closingAt - 1));
    expect(serverBytesAfterAnnouncement(firstLines(closingAt - 1))).toBe(literalSize);
    const { code, stderr } = await play(path);
    expect(stderr).toBe(`mailscope: ${path}: line ${announcedAt}: the file ends after the ${literalSize}-byte literal announced on this line, before the rest of its response\n`);
    expect(code).toBe(2);
  });

  it('in the middle of a line outside any literal, even one cut to a lone "C"', async () => {
    const selectDone = lineNumberOf(/^S: a002 OK /);
    for (const cut of [lines[selectDone - 1].slice(0, 12), 'C']) {
      const path = fileWith(firstLines(selectDone - 1) + cut);
      const { code, stdout, stderr } = await play(path);
      expect(stderr).toBe(`mailscope: ${path}: line ${selectDone}: the file ends in the middle of this line (no line feed after it)\n`);
      expect(code).toBe(2);
      expect(stdout).toContain('* 3 EXISTS');
    }
  });

  it('cut after every line: an error exactly from the announcement to the line before `)`', () => {
    const cutAt: number[] = [];
    for (let count = 1; count <= lines.length; count++) {
      if (readError(fileWith(firstLines(count))) !== undefined) cutAt.push(count);
    }
    expect(cutAt).toEqual(Array.from({ length: closingAt - announcedAt }, (_, i) => announcedAt + i));
  });

  it('the reader hands out every entry before the cut, then throws TRANSCRIPT_TRUNCATED', () => {
    const text = firstLines(announcedAt + 3);
    const stream = openTranscriptStream(fileWith(text));
    const seen: Entry[] = [];
    let error: unknown;
    try {
      for (const entry of stream.entries) seen.push(entry);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual(parseTranscript(text).entries);
    expect(isMailscopeError(error) && error.code).toBe('TRANSCRIPT_TRUNCATED');
  });
});

describe('replay, serve and export get the same line from the shared reader', () => {
  let path = '';
  let expected = '';
  beforeAll(() => {
    const text = firstLines(announcedAt + 10);
    path = fileWith(text);
    expected = `mailscope: ${path}: line ${announcedAt}: the file ends inside a ${literalSize}-byte literal (${serverBytesAfterAnnouncement(text)} bytes present)\n`;
  });

  it('replay: before connecting (port 9 on loopback is never reached), exit 2', async () => {
    const run = runCli(['replay', path, '127.0.0.1:9'], { env: { NO_COLOR: '1', MAILSCOPE_PASSWORD: 'x' } });
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(expected);
  });

  it('serve: before listening, exit 2', async () => {
    const run = runCli(['serve', path, '--port', '0']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(expected);
    expect(run.stdout()).not.toContain('Serving');
  });

  it('export to stdout: exit 2, the same line', async () => {
    const run = runCli(['export', path, '--markdown']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(expected);
    expect(run.stdout()).toBe(''); // export reads the whole file once before it writes
  });

  it('export: exit 2, and no output file is made', async () => {
    const out = join(dir, 'cut.html');
    const run = runCli(['export', path, '--html', '-o', out]);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(expected);
    expect(existsSync(out)).toBe(false);
  });
});

describe('what is no cut', () => {
  it('a file written by hand (no `# mailscope:` header key) may lack the last line feed', async () => {
    const { code, stderr } = await play(fileWith('# protocol: imap\n\nS: * OK hi\nC: a1 NOOP\nS: a1 OK done'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a connection closed inside a literal, recorded with its `= close` event', async () => {
    const { code, stderr } = await play(fileWith(`${firstLines(announcedAt + 3)}= close server\n`));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a client literal `{N}` the server refused with a tagged NO (RFC 3501 7.5): the next line is a command', async () => {
    const text = '# protocol: imap\n# mailscope: 0.1.0\n\nS: * OK hi\nC: a1 APPEND INBOX {99999}\nS: a1 NO [TOOBIG] too big\n\nC: a2 NOOP\nS: a2 OK done\n';
    const { code, stderr } = await play(fileWith(text));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a client literal `{N}` still waiting for the server\'s `+` when the file ends: all that passed is there', () => {
    expect(readError(fileWith('# protocol: imap\n\nS: * OK hi\nC: a1 APPEND INBOX {100}\n'))).toBeUndefined();
  });

  it('a client literal cut after the server said `+` is a cut', () => {
    const text = '# protocol: imap\n\nS: * OK hi\nC: a1 APPEND INBOX {100}\nS: + go ahead\nC: From: a@example.com\n'; // 19 bytes and CRLF
    expect(readError(fileWith(text))).toMatch(/: line 4: the file ends inside a 100-byte literal \(21 bytes present\)$/);
  });
});

describe('POP3', () => {
  it('a file that ends inside a multi-line answer (no "." line) is a cut; the whole one plays', async () => {
    const recorded = join(dir, 'pop3.txt');
    const run = runCli(['demo', '--pop3', '--record', recorded, '-c', 'USER test77@example.com', '-c', 'PASS qwe123#$', '-c', 'RETR 1', '-c', 'QUIT']);
    expect(await run.code).toBe(0);
    const pop3 = readFileSync(recorded, 'utf8').split(/(?<=\n)/);
    expect((await play(recorded)).code).toBe(0);
    const okAt = pop3.findIndex((l, i) => i > 0 && pop3[i - 1] === 'C: RETR 1\n') + 1;
    expect(pop3[okAt - 1]).toMatch(/^S: \+OK/);
    const path = fileWith(pop3.slice(0, okAt + 5).join(''));
    const { code, stdout, stderr } = await play(path);
    expect(stderr).toBe(`mailscope: ${path}: line ${okAt}: the file ends inside the multi-line answer to RETR 1 (no "." line ends it)\n`);
    expect(code).toBe(2);
    expect(stdout).toMatch(/C: RETR 1\n\+OK \d+ octets\n    … 5 more lines: the file ends before this response does\n$/);
  });
});
