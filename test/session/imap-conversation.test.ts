import { describe, expect, it } from 'vitest';
import { ImapConversation, type Effect } from '../../src/session/imap-conversation.js';
import type { ImapResponse } from '../../src/protocol/imap/types.js';

const sent = (effects: Effect[]) =>
  effects.filter((e) => e.kind === 'send').map((e) => (e.kind === 'send' ? e.bytes.toString() : '')).join('');
const notes = (effects: Effect[]) => effects.filter((e) => e.kind === 'note').map((e) => (e.kind === 'note' ? e.text : ''));
const ok = (tag: string, code?: string): ImapResponse => ({
  kind: 'status',
  tag,
  status: 'OK',
  text: 'done',
  code: code ? { name: code, args: [], argText: '' } : undefined,
});
const plus: ImapResponse = { kind: 'continuation', text: 'go ahead' };

describe('tagging', () => {
  it('tags commands automatically with the prefix and a counter', () => {
    const c = new ImapConversation({ tagPrefix: 'x' });
    expect(sent(c.submit('capability'))).toBe('x001 capability\r\n');
    expect(sent(c.submit('noop'))).toBe('x002 noop\r\n');
    expect(c.pendingTags).toEqual(['x001', 'x002']);
  });

  it('a tag typed in the automatic form is not given out again (audit item: `a003 noop` then an auto-tagged a003)', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('noop'))).toBe('a001 noop\r\n');
    expect(sent(c.submit('a003 noop'))).toBe('a003 noop\r\n');
    expect(sent(c.submit('noop'))).toBe('a004 noop\r\n');
    expect(sent(c.submit('a9 noop'))).toBe('a9 noop\r\n'); // not a009: no tag next() gives
    expect(sent(c.submit('x9 noop'))).toBe('x9 noop\r\n');
    expect(sent(c.submit('noop'))).toBe('a005 noop\r\n');
  });

  it("keeps the tutorial's own tags: `. login` and `a list`", () => {
    const c = new ImapConversation();
    expect(sent(c.submit('. login test77@example.com qwe123#$'))).toBe('. login test77@example.com qwe123#$\r\n');
    expect(sent(c.submit('a list "" "*"'))).toBe('a list "" "*"\r\n');
    expect(c.pendingTags).toEqual(['.', 'a']);
  });

  it('strips the tutorial\'s `// comments` and says so', () => {
    const c = new ImapConversation();
    const effects = c.submit('. select INBOX                        // Selecting Inbox');
    expect(sent(effects)).toBe('. select INBOX\r\n');
    expect(notes(effects)).toEqual(['comment not sent: Selecting Inbox']);
  });

  it('keeps // inside quoted strings', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('list "" "a //b"'))).toBe('a001 list "" "a //b"\r\n');
  });

  it('sends nothing for an empty line', () => {
    const c = new ImapConversation();
    expect(c.submit('   ')).toEqual([]);
    expect(c.pendingTags).toEqual([]);
  });
});

describe('state', () => {
  it('follows LOGIN, SELECT, EXAMINE, CLOSE and LOGOUT completions', () => {
    const c = new ImapConversation();
    c.submit('. login u p');
    c.onResponse(ok('.'));
    expect(c.tracker.state).toBe('authenticated');
    c.submit('select "INBOX.Sent"');
    c.onResponse(ok('a001', 'READ-WRITE'));
    expect(c.tracker.selected).toEqual({ name: 'INBOX.Sent', readOnly: false });
    c.submit('examine INBOX.Drafts');
    c.onResponse(ok('a002', 'READ-ONLY'));
    expect(c.tracker.selected).toEqual({ name: 'INBOX.Drafts', readOnly: true });
    c.submit('close');
    c.onResponse(ok('a003'));
    expect(c.tracker.state).toBe('authenticated');
    c.submit('logout');
    c.onResponse(ok('a004'));
    expect(c.tracker.state).toBe('logout');
  });

  it.each([
    ['NO', 'no such mailbox', 'select Nope', 'authenticated', undefined],
    // BAD: not carried out at all (a syntax error); servers keep the mailbox selected.
    ['BAD', 'Syntax error', 'select "INBOX', 'selected', { name: 'INBOX', readOnly: false }],
  ] as const)('a SELECT answered %s: RFC 3501 6.3.1 deselects only on a failed (NO) SELECT', (status, text, line, state, selected) => {
    const c = new ImapConversation();
    c.tracker.state = 'selected';
    c.tracker.selected = { name: 'INBOX', readOnly: false };
    c.submit(line);
    c.onResponse({ kind: 'status', tag: 'a001', status, text });
    expect(c.tracker.state).toBe(state);
    expect(c.tracker.selected).toEqual(selected);
  });

  it.each(['select INBOX', 'examine INBOX'])('%s refused before login leaves the state not authenticated', (line) => {
    const c = new ImapConversation();
    c.submit(line);
    c.onResponse({ kind: 'status', tag: 'a001', status: 'NO', text: 'SELECT is not valid in the not-authenticated state' });
    expect(c.tracker.state).toBe('not-authenticated');
    expect(c.tracker.selected).toBeUndefined();
  });

  it('a SELECT refused in the authenticated state stays there', () => {
    const c = new ImapConversation();
    c.tracker.state = 'authenticated';
    c.submit('select Nope');
    c.onResponse({ kind: 'status', tag: 'a001', status: 'NO', text: 'no such mailbox' });
    expect(c.tracker.state).toBe('authenticated');
  });

  it('knows the selected mailbox\'s count (EXISTS, EXPUNGE, VANISHED) and UIDVALIDITY until it is closed', () => {
    const c = new ImapConversation();
    c.tracker.state = 'authenticated';
    c.submit('select INBOX');
    c.onResponse({ kind: 'data', name: 'EXISTS', number: 172, values: [] });
    c.onResponse({ kind: 'status', status: 'OK', text: 'UIDs valid', code: { name: 'UIDVALIDITY', args: [{ type: 'number', value: 3857529045 }], argText: '3857529045' } });
    c.onResponse(ok('a001', 'READ-WRITE'));
    expect([c.tracker.exists, c.tracker.uidValidity]).toEqual([172, 3857529045]);
    c.onResponse({ kind: 'data', name: 'EXPUNGE', number: 3, values: [] });
    expect(c.tracker.exists).toBe(171);
    // RFC 7162 3.2.10: VANISHED of UIDs 41, 43 to 116 is 75 messages gone; EARLIER ones are not counted.
    c.onResponse({ kind: 'data', name: 'VANISHED', values: [{ type: 'atom', value: '41,43:116' }] });
    expect(c.tracker.exists).toBe(96);
    c.onResponse({ kind: 'data', name: 'VANISHED', values: [{ type: 'list', items: [{ type: 'atom', value: 'EARLIER' }] }, { type: 'atom', value: '1:5' }] });
    expect(c.tracker.exists).toBe(96);
    c.submit('close');
    c.onResponse(ok('a002'));
    expect([c.tracker.exists, c.tracker.uidValidity]).toEqual([undefined, undefined]);
  });

  it('learns capabilities from the greeting code and from CAPABILITY data', () => {
    const c = new ImapConversation();
    c.onResponse({ kind: 'status', status: 'OK', text: 'ready', code: { name: 'CAPABILITY', args: [], argText: 'IMAP4rev1 IDLE LITERAL+' } });
    expect([...c.tracker.capabilities]).toEqual(['IMAP4REV1', 'IDLE', 'LITERAL+']);
    c.onResponse({ kind: 'data', name: 'CAPABILITY', values: [{ type: 'atom', value: 'IMAP4rev1' }, { type: 'atom', value: 'AUTH=PLAIN' }] });
    expect(c.tracker.capabilities.has('AUTH=PLAIN')).toBe(true);
    expect(c.tracker.previousCapabilities?.has('IDLE')).toBe(true);
  });

  it('mailbox names are UTF-8 once the server ENABLED IMAP4rev2 or UTF8=ACCEPT, not before', () => {
    const enabled = (name: string): ImapConversation => {
      const c = new ImapConversation();
      c.onResponse({ kind: 'data', name: 'ENABLED', values: name ? [{ type: 'atom', value: name }] : [] });
      return c;
    };
    expect(enabled('').tracker.utf8MailboxNames).toBe(false);
    expect(enabled('CONDSTORE').tracker.utf8MailboxNames).toBe(false);
    expect(enabled('IMAP4rev2').tracker.utf8MailboxNames).toBe(true);
    expect(enabled('utf8=accept').tracker.utf8MailboxNames).toBe(true);
  });

  it('remembers mailbox names from the last LIST for completion', () => {
    const c = new ImapConversation();
    c.submit('list "" "*"');
    c.onResponse({ kind: 'data', name: 'LIST', values: [{ type: 'list', items: [] }, { type: 'quoted', value: '.' }, { type: 'quoted', value: 'INBOX.Trash' }] });
    c.onResponse({ kind: 'data', name: 'LIST', values: [{ type: 'list', items: [] }, { type: 'quoted', value: '.' }, { type: 'atom', value: 'INBOX' }] });
    c.onResponse(ok('a001'));
    expect(c.tracker.mailboxes).toEqual(['INBOX.Trash', 'INBOX']);
  });
});

describe('continuations', () => {
  it('IDLE: waits for +, then `. done` sends the untagged DONE', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('. idle'))).toBe('. idle\r\n');
    expect(c.mode).toBe('idle-wait');
    c.onResponse(plus);
    expect(c.mode).toBe('idle');
    expect(sent(c.submit('. done'))).toBe('DONE\r\n');
    expect(c.mode).toBe('ready');
    expect(c.pendingTags).toEqual(['.']);
  });

  it('IDLE: DONE in any case, and Ctrl-C sends DONE', () => {
    const c = new ImapConversation();
    c.submit('idle');
    c.onResponse(plus);
    expect(sent(c.interrupt())).toBe('DONE\r\n');
    c.submit('idle');
    c.onResponse(plus);
    expect(sent(c.submit('DoNe'))).toBe('DONE\r\n');
  });

  it('IDLE: another line ends the IDLE at the server, which never answers its tag: forgotten at the IDLE\'s completion', () => {
    const c = new ImapConversation();
    c.submit('a select INBOX');
    c.onResponse(ok('a'));
    c.submit('idle');
    c.onResponse(plus);
    expect(sent(c.submit('noop'))).toBe('a002 noop\r\n');
    expect(c.pendingTags).toEqual(['a001', 'a002']);
    const bad: ImapResponse = { kind: 'status', tag: 'a001', status: 'BAD', text: 'Expected DONE.' };
    const completion = c.onResponse(bad);
    expect(completion?.command?.name).toBe('IDLE');
    expect(completion?.endedIdle?.map((p) => p.tag)).toEqual(['a002']);
    expect(c.pendingTags).toEqual([]);
    expect(c.mode).toBe('ready');
    // A command sent before the IDLE (pipelined) is not the IDLE's to end.
    c.submit('noop');
    c.submit('idle');
    c.onResponse(plus);
    c.submit('. done');
    expect(c.onResponse(ok('a004'))?.endedIdle).toBeUndefined();
    expect(c.pendingTags).toEqual(['a003']);
  });

  it('a command line goes without trailing blanks (Tab completion leaves one); a literal body keeps them', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('select INBOX  \t'))).toBe('a001 select INBOX\r\n');
    expect(sent(c.submit('. login u "pass "'))).toBe('. login u "pass "\r\n');
    c.submit('append INBOX {4}');
    c.onResponse(plus);
    expect(sent(c.submit('ab '))).toBe('ab \r\n');
  });

  it('a synchronizing literal waits for +, then the typed lines are its bytes, CRLF counted', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('. login test77@example.com {8}'))).toBe('. login test77@example.com {8}\r\n');
    expect(c.mode).toBe('literal-wait');
    expect(c.submit('too early').some((e) => e.kind === 'send')).toBe(false);
    c.onResponse(plus);
    expect(c.mode).toBe('literal-body');
    // "qwe123#$" is 8 bytes: its CRLF ends the command line.
    expect(sent(c.submit('qwe123#$'))).toBe('qwe123#$\r\n');
    expect(c.mode).toBe('ready');
  });

  it('a literal whose body spans lines: CRLFs count toward N', () => {
    const c = new ImapConversation();
    c.submit('append INBOX {11}');
    c.onResponse(plus);
    expect(sent(c.submit('abc'))).toBe('abc\r\n'); // 5 of 11
    expect(c.mode).toBe('literal-body');
    expect(sent(c.submit('defg'))).toBe('defg\r\n'); // 11 of 11: the command continues
    expect(c.mode).toBe('continue-line');
    expect(sent(c.submit(''))).toBe('\r\n');
    expect(c.mode).toBe('ready');
  });

  it('a line longer than the literal: sent as typed, the rest goes on as the command, and a note says so by size only', () => {
    const c = new ImapConversation();
    c.submit('. login test77@example.com {6}');
    c.onResponse(plus);
    const effects = c.submit('qwe123#$'); // 10 bytes with CRLF: the literal takes "qwe123"
    expect(sent(effects)).toBe('qwe123#$\r\n');
    const notes = effects.filter((e) => e.kind === 'note').map((e) => (e as { text: string }).text);
    expect(notes).toEqual(['the literal ended 6 bytes into this line; its other 2 bytes go on as the rest of the command (RFC 3501 4.3: {N} counts CRLF too)']);
    expect(notes.join('')).not.toContain('#$'); // may be the end of a password
  });

  it('a second literal announced after the first waits for + again', () => {
    const c = new ImapConversation();
    c.submit('login {4}');
    c.onResponse(plus);
    expect(sent(c.submit('user {4}'))).toBe('user {4}\r\n');
    expect(c.mode).toBe('literal-wait');
    c.onResponse(plus);
    // "pass" fills the 4 bytes; the CRLF after it ends the command line.
    expect(sent(c.submit('pass'))).toBe('pass\r\n');
    expect(c.mode).toBe('ready');
  });

  it('{N+} goes on at once when LITERAL+ was announced, and warns and waits otherwise', () => {
    const withPlus = new ImapConversation();
    withPlus.tracker.capabilities = new Set(['LITERAL+']);
    withPlus.submit('append INBOX {3+}');
    expect(withPlus.mode).toBe('literal-body');
    const without = new ImapConversation();
    const effects = without.submit('append INBOX {3+}');
    expect(without.mode).toBe('literal-wait');
    expect(notes(effects).join()).toMatch(/LITERAL\+/);
  });

  it('a rejected literal (tagged NO instead of +) returns to ready', () => {
    const c = new ImapConversation();
    c.submit('append INBOX {99999999}');
    c.onResponse({ kind: 'status', tag: 'a001', status: 'NO', text: 'too big' });
    expect(c.mode).toBe('ready');
    expect(c.pendingTags).toEqual([]);
  });

  it('AUTHENTICATE: lines after the challenge go out untagged until the completion', () => {
    const c = new ImapConversation();
    c.submit('authenticate PLAIN');
    c.onResponse({ kind: 'continuation', text: '' });
    expect(sent(c.submit('AHRlc3QAcGFzcw=='))).toBe('AHRlc3QAcGFzcw==\r\n');
    c.onResponse(ok('a001'));
    expect(c.mode).toBe('ready');
    expect(c.tracker.state).toBe('authenticated');
  });
});

describe('misspelt commands are not taken for tags', () => {
  it('`selct INBOX` is a (misspelt) command, tagged automatically', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('selct INBOX'))).toBe('a001 selct INBOX\r\n');
  });

  it('`. selct INBOX` keeps the tag', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('. selct INBOX'))).toBe('. selct INBOX\r\n');
    expect(c.pendingTags).toEqual(['.']);
  });

  it('short tags stay tags even before an unknown word', () => {
    const c = new ImapConversation();
    expect(sent(c.submit('a1 frobnicate'))).toBe('a1 frobnicate\r\n');
    expect(c.pendingTags).toEqual(['a1']);
  });
});
