// Audit item 4: transcripts with nothing in them were accepted. An empty or comment-only file
// made `mailscope replay FILE HOST:PORT` print `0 exchanges: 0 matched, 0 differed` and exit 0
// (a truncated file passed CI); `# protocol: smtp` was taken for IMAP; a file starting with a
// UTF-8 byte-order mark failed with an error quoting the invisible mark. Now replay, serve,
// play and export of a file without an exchange fail in one line naming the file (exit 2), an unknown
// protocol is an error naming it and the known ones, and a leading BOM is skipped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { openTranscriptSource } from '../../src/transcript/read-file.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-empty-');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The commands that read a transcript, each given FILE (replay: to a port nothing listens on; the file is read first). */
const COMMANDS: Array<[string, (path: string) => string[]]> = [
  ['replay', (path) => ['replay', path, '127.0.0.1:1']],
  ['serve', (path) => ['serve', path, '--port', '0']],
  ['play', (path) => ['play', path]],
  ['export', (path) => ['export', path, '--markdown']],
];

describe('a transcript without an exchange', () => {
  const cases: Array<[string, string]> = [
    ['empty.txt', ''],
    ['comments.txt', '# protocol: imap\n# server: 127.0.0.1:143\n\n# only narration here\n= +12ms\n'],
  ];
  for (const [name, text] of cases) {
    for (const [command, args] of COMMANDS) {
      it(`${command} ${name}: one line naming the file and why, exit 2`, async () => {
        const path = file(name, text);
        // serve listening on would be the bug: it is stopped after a while rather than left running.
        const run = runCli(args(path), { signal: AbortSignal.timeout(5000) });
        expect(await run.code).toBe(2);
        expect(run.stderr()).toBe(`mailscope: ${path}: no exchange in this transcript (not one "C:" or "S:" line): empty, or only comments\n`);
        expect(run.stdout()).not.toMatch(/0 exchanges|Serving/);
      });
    }
  }

  it('a file with one server line is a transcript (a greeting alone plays)', async () => {
    const run = runCli(['play', file('greeting.txt', 'S: * OK ready\n')]);
    expect(await run.code).toBe(0);
  });
});

describe('the header\'s protocol', () => {
  it('an unknown one is an error naming it and the protocols mailscope knows', async () => {
    const path = file('smtp.txt', '# protocol: smtp\n\nS: 220 mail.example.com ESMTP\nC: EHLO me\nS: 250 ok\n');
    for (const [, args] of COMMANDS) {
      const run = runCli(args(path), { signal: AbortSignal.timeout(5000) });
      expect(await run.code).toBe(2);
      expect(run.stderr()).toBe(`mailscope: ${path}: line 1: unknown protocol "smtp" in the header (mailscope knows imap and pop3)\n`);
    }
    expect(() => parseTranscript('# protocol: smtp\n')).toThrow(/unknown protocol "smtp"/);
  });

  it('imap and pop3 in any case are known', () => {
    expect(parseTranscript('# protocol: POP3\n\nS: +OK hi\n').header.protocol).toBe('POP3');
    expect(openTranscriptSource(file('pop3.txt', '# protocol: Pop3\n\nS: +OK hi\nC: QUIT\nS: +OK bye\n')).protocol).toBe('pop3');
  });
});

describe('a UTF-8 byte-order mark at the start', () => {
  const text = '\uFEFF# protocol: pop3\n# server: 127.0.0.1:110\n\nS: +OK ready\nC: QUIT\nS: +OK bye\n';

  it('is skipped: the header is read as the header', () => {
    const t = parseTranscript(text);
    expect(t.header).toEqual({ protocol: 'pop3', server: '127.0.0.1:110' });
    const source = openTranscriptSource(file('bom.txt', text));
    try {
      expect(source.protocol).toBe('pop3');
      expect([...source.entries()].filter((e) => e.kind === 'server')).toHaveLength(2);
    } finally {
      source.close();
    }
  });

  it('play shows the file', async () => {
    const run = runCli(['play', file('bom-play.txt', text)]);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toContain('QUIT');
  });

  it('is text anywhere else: a BOM that starts a later line is still an error', () => {
    expect(() => parseTranscript('S: +OK ready\n\uFEFFC: QUIT\n')).toThrow(/line 2/);
  });
});
