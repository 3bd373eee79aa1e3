// Audit item: `serve` of an imported paste sent `. {*} {...}` (the wildcard text) as bytes,
// and `play` marked that line malformed. Serve sends a stand-in, play shows the pattern.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseTranscript, type Transcript } from '../../src/transcript/format.js';
import { importPaste } from '../../src/transcript/import.js';
import { ScriptedServer } from '../../src/transcript/serve.js';
import { NOT_RECORDED, servedText } from '../../src/transcript/serve-pattern.js';
import { playTranscript, PATTERN_NOTE } from '../../src/transcript/play.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { plainTheme } from '../../src/terminal/theme.js';

const TUTORIAL = readFileSync(new URL('../fixtures/transcript/imap-pop3-telnet-tutorial.txt', import.meta.url), 'utf8');

function tutorialImap(): Transcript {
  const session = importPaste(TUTORIAL, { keepSecrets: false }).sessions[1];
  expect(session.header.server).toBe('example.com:143');
  return session;
}

const text = (parts: Uint8Array[]): string => Buffer.concat(parts).toString('latin1');

describe('serve: server lines with wildcards', () => {
  it('answers the login the paste shows no answer to with a tagged OK, not the pattern', () => {
    const server = new ScriptedServer(tutorialImap(), false);
    expect(text(server.start().send)).toMatch(/^\* OK \[CAPABILITY /);
    const reply = text(server.clientLine(Buffer.from('x1 login test77@example.com qwe123#$\r\n')).send);
    expect(reply).toBe(`x1 OK ${NOT_RECORDED}\r\n`);
    expect(reply).not.toContain('{');
    const events = new ImapResponseReader().push(Buffer.from(reply));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'response', response: { kind: 'status', tag: 'x1', status: 'OK' } });
    // And the session goes on: the next command gets its recorded answer.
    const list = text(server.clientLine(Buffer.from('x2 list "" "*"\r\n')).send);
    expect(list).toContain('* LIST (\\HasNoChildren) "." "INBOX.Trash"\r\n');
    expect(list.endsWith('x2 OK LIST completed\r\n')).toBe(true);
  });

  it('never sends braces: each wildcard gets a stand-in valid where it stands', () => {
    expect(servedText('. {*} {...}', 'imap')).toBe(`. OK ${NOT_RECORDED}`);
    expect(servedText('a1 {*}', 'imap')).toBe(`a1 OK ${NOT_RECORDED}`);
    expect(servedText('a1 {*} [READ-WRITE] {...}', 'imap')).toBe(`a1 OK [READ-WRITE] ${NOT_RECORDED}`);
    expect(servedText('* {*} EXPUNGE', 'imap')).toBe('* 1 EXPUNGE');
    expect(servedText('* OK [UIDVALIDITY {*}] {...}', 'imap')).toBe(`* OK [UIDVALIDITY 1] ${NOT_RECORDED}`);
    expect(servedText('* 1 FETCH (FLAGS {*} INTERNALDATE {*})', 'imap')).toBe('* 1 FETCH (FLAGS () INTERNALDATE "01-Jan-1970 00:00:00 +0000")');
    expect(servedText('* OK [PERMANENTFLAGS {*}] ok', 'imap')).toBe('* OK [PERMANENTFLAGS ()] ok');
    expect(servedText('{*} {...}', 'pop3')).toBe(`+OK ${NOT_RECORDED}`);
    expect(servedText('+OK ready {*}', 'pop3')).toBe('+OK ready 1');
    // `*` and `+` are no tags: their status is not made up.
    expect(servedText('* {*} EXISTS', 'imap')).toBe('* 1 EXISTS');
  });

  it('sends a hand-written wildcard line of a recorded transcript as parseable IMAP', () => {
    const t = parseTranscript([
      '# protocol: imap', '',
      'S: * OK ready',
      'C: a1 NOOP',
      'S: * {*} EXPUNGE',
      'S: a1 OK done', '',
    ].join('\n'));
    const server = new ScriptedServer(t, false);
    server.start();
    expect(text(server.clientLine(Buffer.from('b1 NOOP\r\n')).send)).toBe('* 1 EXPUNGE\r\nb1 OK done\r\n');
  });
});

describe('play: server lines with wildcards', () => {
  it('shows the pattern as a pattern, not as a malformed response', async () => {
    let out = '';
    await playTranscript(tutorialImap(), { theme: plainTheme, step: false, explain: false, write: (s) => { out += s; } });
    expect(out).toContain(`. {*} {...}  ${PATTERN_NOTE}\n`);
    const login = out.slice(out.indexOf('C: . login'), out.indexOf('C: . list'));
    expect(login).not.toContain('malformed');
  });
});
