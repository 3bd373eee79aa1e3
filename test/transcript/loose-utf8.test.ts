// Audit item 5: `replay --loose` reported identical UTF-8 mailbox names as differences. A
// session `enable IMAP4rev2`, `list "" "INBOX.E*"`, `status "INBOX.Entwürfe" (MESSAGES)`,
// `select "INBOX.Entwürfe"` replayed 7/7 matched without --loose, but with it LIST, STATUS and
// SELECT (whose rev2 answer holds a LIST line) differed on lines that look the same: the loose
// LIST/STATUS rules compared the file's text (ü, one character) with the received line read one
// char per byte (its two UTF-8 bytes). Loose accepts at least what exact accepts now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { looseLine } from '../../src/transcript/loose.js';
import { compilePattern, matchLine } from '../../src/transcript/match.js';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const utf8 = (s: string): Buffer => Buffer.from(`${s}\r\n`, 'utf8');
const exact = (text: string, received: Buffer): boolean => matchLine(compilePattern(text), received);
const loose = (text: string, received: Buffer): boolean => matchLine(looseLine(text, 'imap', true).pattern, received);

describe('loose LIST and STATUS lines with UTF-8 mailbox names (RFC 9051, RFC 6855)', () => {
  const same = [
    '* LIST (\\HasNoChildren \\Drafts) "." "INBOX.Entwürfe"',
    '* LIST () "." INBOX.Entwürfe',
    // à is C3 A0 in UTF-8: its second byte read one char per byte is U+00A0, which \s takes for a space.
    '* LIST () "." INBOX.Voilà',
    '* LSUB () "/" "Données/Reçus"',
    '* STATUS "INBOX.Entwürfe" (MESSAGES 1)',
    '* STATUS INBOX.Voilà (MESSAGES 0)',
  ];
  for (const line of same) {
    it(`the same line matches, exact and loose: ${line}`, () => {
      expect(exact(line, utf8(line))).toBe(true);
      expect(loose(line, utf8(line))).toBe(true);
    });
  }

  it('the loose rules still hold: an atom for the quoted name, attributes told apart, another name differs', () => {
    expect(loose('* LIST () "." "INBOX.Entwürfe"', utf8('* LIST () "." INBOX.Entwürfe'))).toBe(true);
    expect(loose('* LIST (\\HasNoChildren) "." "INBOX.Entwürfe"', utf8('* LIST () "." "INBOX.Entwürfe"'))).toBe(true);
    expect(loose('* LIST (\\Drafts) "." "INBOX.Entwürfe"', utf8('* LIST () "." "INBOX.Entwürfe"'))).toBe(false);
    expect(loose('* LIST () "." "INBOX.Entwürfe"', utf8('* LIST () "." "INBOX.Entwurfe"'))).toBe(false);
    expect(loose('* STATUS "INBOX.Entwürfe" (MESSAGES 1)', utf8('* STATUS INBOX.Entwürfe (MESSAGES 1)'))).toBe(true);
    expect(loose('* STATUS "INBOX.Entwürfe" (MESSAGES 1)', utf8('* STATUS "INBOX.Entwürfe" (MESSAGES 2)'))).toBe(false);
  });

  it('a name written with \\x escapes in the file is the same bytes', () => {
    expect(loose('* LIST () "." "INBOX.Entw\\xc3\\xbcrfe"', utf8('* LIST () "." "INBOX.Entwürfe"'))).toBe(true);
  });
});

describe('replay of a recording against the demo server, with and without --loose', () => {
  const dir = tempDirs()('mailscope-loose-utf8-');
  let demo: DemoServer;
  beforeAll(async () => { demo = await startDemoServer(); });
  afterAll(async () => { await demo?.close(); });

  it('every exchange matches both ways', async () => {
    const file = join(dir, 'entwuerfe.txt');
    const target = `127.0.0.1:${demo.imapPort}`;
    const recorded = runCli([target, '--imap', '--record', file, '-c', '. login test77@example.com qwe123#$', '-c', 'enable IMAP4rev2',
      '-c', 'list "" "INBOX.E*"', '-c', 'status "INBOX.Entwürfe" (MESSAGES)', '-c', 'select "INBOX.Entwürfe"']);
    expect(await recorded.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('S: * STATUS "INBOX.Entwürfe"');
    for (const extra of [[], ['--loose']]) {
      const run = runCli(['replay', file, target, '--password-env', 'PW', ...extra], { env: { NO_COLOR: '1', PW: 'qwe123#$' } });
      expect(await run.code, `${extra.join(' ')}\n${run.stdout()}${run.stderr()}`).toBe(0);
      expect(run.stdout()).toMatch(/(\d+) exchanges: \1 matched, 0 differed\n$/);
    }
  });
});
