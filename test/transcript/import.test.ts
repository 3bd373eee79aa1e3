import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { importPaste } from '../../src/transcript/import.js';
import { serializeTranscript, type Entry, type Transcript } from '../../src/transcript/format.js';
import { groupExchanges } from '../../src/transcript/exchange.js';

const TUTORIAL = readFileSync(new URL('../fixtures/transcript/imap-pop3-telnet-tutorial.txt', import.meta.url), 'utf8');
const PASSWORD = 'qwe123#$';

function kindOf(t: Transcript, text: string): Entry['kind'] | undefined {
  for (const e of t.entries) {
    if ((e.kind === 'client' || e.kind === 'server') && Buffer.from(e.bytes).toString('utf8') === `${text}\r\n`) return e.kind;
  }
  return undefined;
}

describe('importPaste on the tutorial', () => {
  const result = importPaste(TUTORIAL, { keepSecrets: false });
  const [snippet, imap, pop3] = result.sessions;

  it('finds three sessions: the opening snippet, the IMAP telnet session, the POP3 one', () => {
    expect(result.sessions).toHaveLength(3);
    expect(imap.header).toMatchObject({ protocol: 'imap', server: 'example.com:143' });
    expect(pop3.header).toMatchObject({ protocol: 'pop3', server: 'example.com:110' });
    expect(kindOf(snippet, 'a list "" "*"')).toBe('client');
    expect(kindOf(snippet, 'a OK LIST completed')).toBe('server');
  });

  it('tells IMAP client lines from server lines', () => {
    const table: Array<[string, Entry['kind']]> = [
      ['* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS] Courier-IMAP ready. Copyright 1998-2008 Double Precision, Inc.\u00a0 See COPYING for distribution information.', 'server'],
      ['. list "" "*"', 'client'],
      ['* LIST (\\HasNoChildren) "." "INBOX.Trash"', 'server'],
      ['. OK LIST completed', 'server'],
      ['. status INBOX (messages)', 'client'],
      ['. select INBOX', 'client'],
      ['. fetch 1 BODY[]', 'client'],
      ['Return-path:', 'server'],
      ['--90e6ba53a4f47aa2e40499e0b764--', 'server'],
      ['* 1 FETCH (BODY[HEADER.FIELDS ("from" "to" "subject" "date")] {102}', 'server'],
      ['+ entering idle mode', 'server'],
      ['DONE', 'client'], // typed as ". done"; recorded as RFC 2177's untagged DONE
      ['. store 1:2 flags \\Deleted', 'client'],
      ['<pre>examplesupport</pre>', 'server'],
      ['. NO Error in IMAP command received by server.', 'server'],
      ['. logout', 'client'],
    ];
    for (const [line, kind] of table) expect(kindOf(imap, line), line).toBe(kind);
  });

  it('turns // comments into narration before their command, and telnet chatter into narration and events', () => {
    const i = imap.entries.findIndex((e) => e.kind === 'client' && Buffer.from(e.bytes).toString().startsWith('. select INBOX'));
    expect(imap.entries[i - 1]).toEqual({ kind: 'narration', text: 'Selecting Inbox' });
    expect(imap.entries).toContainEqual({ kind: 'narration', text: "telnet: Escape character is '^]'." });
    expect(imap.entries.at(-1)).toEqual({ kind: 'event', name: 'close', value: 'server' });
  });

  it('tells POP3 commands from headings with the same word', () => {
    for (const line of ['USER test77@example.com', 'STAT', 'LIST', 'QUIT']) expect(kindOf(pop3, line), line).toBe('client');
    for (const line of ['+OK Hello there.', '+OK 2 4994', '1 2103', '2 2891', '+OK Bye-bye.']) expect(kindOf(pop3, line), line).toBe('server');
    expect(pop3.entries.filter((e) => e.kind === 'client')).toHaveLength(5);
  });

  it('reports the prose it could not place, with line numbers', () => {
    const texts = result.unplaced.map((u) => u.text);
    expect(texts).toContain('Fetch command is used to access E-mails. It has many options based upon what we choose to see. The avaialble options are to see Headers, Message Flags, Body Text.');
    expect(texts.some((t) => t.startsWith('The List command displays all mailboxes'))).toBe(true);
    expect(texts.some((t) => t.startsWith('It responds with the OK message'))).toBe(true);
    const stat = result.unplaced.find((u) => u.text === 'STAT');
    expect(TUTORIAL.split('\n')[stat!.line - 1]).toBe('STAT');
    expect(texts.some((t) => t.startsWith('* ') || t.startsWith('. '))).toBe(false);
  });

  it('redacts the LOGIN and PASS passwords unless keepSecrets', () => {
    const text = result.sessions.map(serializeTranscript).join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('C: . login test77@example.com ***redacted***');
    expect(text).toContain('= redacted PASS password\nC: PASS ***redacted***');
    const kept = importPaste(TUTORIAL, { keepSecrets: true }).sessions.map(serializeTranscript).join('\n');
    expect(kept).toContain(`C: . login test77@example.com ${PASSWORD}`);
    expect(kept).toContain(`C: PASS ${PASSWORD}`);
  });

  it('groups the imported IMAP session into exchanges ending in their completions', () => {
    const exchanges = groupExchanges(imap);
    const fetchBody = exchanges.find((x) => x.entries.some((e) => e.kind === 'client' && Buffer.from(e.bytes).toString() === '. fetch 1 BODY[]\r\n'));
    expect(fetchBody?.complete).toBe(true);
    const last = fetchBody!.entries.filter((e) => e.kind === 'server').at(-1)!;
    expect(Buffer.from((last as { bytes: Uint8Array }).bytes).toString()).toBe('. OK FETCH completed.\r\n');
    // The paste shows no answer to LOGIN, so the first LIST's completion ends that exchange too.
    expect(exchanges[1].command).toBe('LOGIN');
    expect(exchanges[1].complete).toBe(true);
  });
});

describe('importPaste on small pastes', () => {
  it('takes a paste without telnet lines, protocol from the first lines', () => {
    const r = importPaste('+OK ready\nUSER bob\n+OK\nPASS hunter2\n-ERR no\n', { keepSecrets: false });
    expect(r.sessions[0].header.protocol).toBe('pop3');
    expect(r.sessions.map(serializeTranscript).join('')).not.toContain('hunter2');
    expect(r.unplaced).toEqual([]);
  });

  it('keeps a multi-line POP3 body up to its dot, blank lines included', () => {
    const r = importPaste('+OK hi\nRETR 1\n+OK\nSubject: x\n\nbody\n.\nQUIT\n+OK bye\n', { keepSecrets: false });
    expect(r.sessions[0].entries.filter((e) => e.kind === 'server')).toHaveLength(7);
  });

  it('starts sessions at nc and openssl s_client lines too', () => {
    const r = importPaste('$ openssl s_client -connect imap.example.com:993 -crlf -quiet\n* OK ready\na1 NOOP\na1 OK\n$ nc 127.0.0.1 110\n+OK hi\nQUIT\n+OK bye\n', { keepSecrets: false });
    expect(r.sessions.map((s) => [s.header.protocol, s.header.server, s.header.tls])).toEqual([
      ['imap', 'imap.example.com:993', 'yes'],
      ['pop3', '127.0.0.1:110', undefined],
    ]);
  });
});


describe('gaps in a paste', () => {
  const { sessions } = importPaste(TUTORIAL, { keepSecrets: false });
  const text = serializeTranscript(sessions[1]);

  it('a command the paste shows no answer to gets a wildcard completion, so replay does not shift', () => {
    expect(text).toMatch(/C: \. login test77@example\.com \*\*\*redacted\*\*\*\n# the paste shows no answer to this command\nS: \. \{\*\} \{\.\.\.\}/);
  });

  it('the tutorial\'s `. done` becomes the untagged DONE of RFC 2177, inside the IDLE exchange', () => {
    expect(text).toMatch(/C: DONE\n/);
    const idle = groupExchanges(sessions[1]).find((x) => x.command === 'IDLE');
    const lines = idle!.entries.filter((e) => e.kind === 'client').map((e) => Buffer.from((e as { bytes: Uint8Array }).bytes).toString());
    expect(lines).toEqual(['. idle\r\n', 'DONE\r\n']);
  });
});
