// Tab completion: table cases per protocol and state.
import { describe, expect, it } from 'vitest';
import { complete, type CompletionContext } from '../../src/registry/completion.js';

const CAPS = new Set(['IMAP4REV1', 'IDLE', 'UIDPLUS', 'AUTH=PLAIN', 'AUTH=XOAUTH2', 'THREAD=REFERENCES', 'CONDSTORE']);
const MAILBOXES = ['INBOX', 'INBOX.Trash', 'INBOX.Sent', 'INBOX.Drafts', 'Old Mail', 'Archive'];

function ctx(over: Partial<CompletionContext> = {}): CompletionContext {
  return { protocol: 'imap', state: 'selected', capabilities: CAPS, mailboxes: MAILBOXES, metaCommands: ['help', 'quit', 'raw'], ...over };
}

describe('IMAP command names', () => {
  it.each<[string, CompletionContext['state'], string[]]>([
    ['sel', 'authenticated', ['select']],
    ['SEL', 'authenticated', ['SELECT']],
    ['. sel', 'authenticated', ['select']],
    ['a1 EX', 'selected', ['EXAMINE', 'EXPUNGE']],
    ['EX', 'authenticated', ['EXAMINE']],
    ['LOG', 'not-authenticated', ['LOGIN', 'LOGOUT']],
    ['LOG', 'authenticated', ['LOGOUT']],
    ['FET', 'authenticated', []],
    ['FET', 'selected', ['FETCH']],
    ['mo', 'selected', []], // MOVE not announced
    ['ID', 'selected', ['IDLE']], // ID not announced
    ['uid ', 'selected', ['COPY', 'EXPUNGE', 'FETCH', 'SEARCH', 'STORE', 'THREAD']],
    ['UID F', 'selected', ['FETCH']],
    ['x', 'logout', []],
  ])('%j in %s -> %j', (line, state, expected) => {
    expect(complete(line, ctx({ state })).candidates).toEqual(expected);
  });

  it('replaces only the word being typed', () => {
    expect(complete('. sel', ctx()).replaceFrom).toBe(2);
    expect(complete('sel', ctx()).replaceFrom).toBe(0);
  });

  it('offers everything legal when capabilities are not known yet', () => {
    expect(complete('MO', ctx({ capabilities: new Set() })).candidates).toEqual(['MOVE']);
  });
});

describe('IMAP arguments by kind', () => {
  it.each<[string, string[]]>([
    ['SELECT INBOX.', ['INBOX.Trash', 'INBOX.Sent', 'INBOX.Drafts']],
    ['. examine inbox.t', ['INBOX.Trash']],
    ['STATUS Ol', ['"Old Mail"']],
    ['SELECT "Ol', ['"Old Mail"']],
    ['COPY 1:3 Ar', ['Archive']],
    ['STATUS INBOX (UID', ['UIDNEXT', 'UIDVALIDITY']],
    ['STATUS INBOX (MESSAGES H', ['HIGHESTMODSEQ']],
    ['STORE 1 +FL', ['+FLAGS', '+FLAGS.SILENT']],
    ['STORE 1 +FLAGS (\\Se', ['\\Seen']],
    ['store 1 +flags (\\Seen \\D', ['\\Deleted', '\\Draft']],
    ['FETCH 1 (FLAGS BODY.P', ['BODY.PEEK[]']],
    ['fetch 1:* (flags rfc822.s', ['rfc822.size']],
    ['FETCH 1 MOD', ['MODSEQ']],
    ['UID FETCH 1:* (ENV', ['ENVELOPE']],
    ['SEARCH UNS', ['UNSEEN']],
    ['SEARCH FROM ', []],
    ['SEARCH FROM bob UNS', ['UNSEEN']],
    ['SEARCH OR UNSEEN FLA', ['FLAGGED']],
    ['THREAD ', ['REFERENCES']],
    ['THREAD REFERENCES ', ['US-ASCII', 'UTF-8']],
    ['thread references u', ['us-ascii', 'utf-8']],
    ['SORT (REVERSE D', ['DATE']],
    ['sort (s', ['size', 'subject']],
    ['SORT (DATE) ', ['US-ASCII', 'UTF-8']],
    ['SORT (DATE) UTF-8 UNS', ['UNSEEN']],
  ])('%j -> %j', (line, expected) => {
    expect(complete(line, ctx()).candidates).toEqual(expected);
  });

  it('offers DISPLAYFROM and DISPLAYTO only where SORT=DISPLAY is announced (RFC 5957)', () => {
    expect(complete('SORT (DISPL', ctx()).candidates).toEqual([]);
    expect(complete('SORT (DISPL', ctx({ capabilities: new Set([...CAPS, 'SORT', 'SORT=DISPLAY']) })).candidates).toEqual(['DISPLAYFROM', 'DISPLAYTO']);
  });

  it('offers the announced SASL mechanisms after AUTHENTICATE', () => {
    expect(complete('AUTHENTICATE ', ctx({ state: 'not-authenticated' })).candidates).toEqual(['PLAIN', 'XOAUTH2']);
    expect(complete('. authenticate x', ctx({ state: 'not-authenticated' })).candidates).toEqual(['xoauth2']);
  });

  it('offers ENABLE-able capabilities the server announced', () => {
    expect(complete('ENABLE ', ctx({ state: 'authenticated', capabilities: new Set(['ENABLE', 'CONDSTORE', 'QRESYNC', 'IDLE']) })).candidates).toEqual(['CONDSTORE', 'QRESYNC']);
  });

  it('SEARCH and SORT: RETURN first once ESEARCH/ESORT is announced, its options inside, then the usual arguments', () => {
    const extended = ctx({ capabilities: new Set(['IMAP4REV1', 'ESEARCH', 'ESORT', 'SORT', 'SEARCHRES', 'PARTIAL']) });
    expect(complete('search re', extended).candidates).toEqual(['recent', 'return']);
    expect(complete('search re', ctx()).candidates).toEqual(['recent']); // no ESEARCH: no RETURN
    expect(complete('sort re', extended).candidates).toEqual(['return', 'reverse']);
    expect(complete('search return (m', extended).candidates).toEqual(['max', 'min']);
    expect(complete('uid search return (min p', extended).candidates).toEqual(['partial']);
    expect(complete('search return (sa', ctx()).candidates).toEqual([]); // SAVE needs SEARCHRES
    expect(complete('search return (min) unse', extended).candidates).toEqual(['unseen']);
    expect(complete('sort return (count) (rev', extended).candidates).toEqual(['reverse']);
    expect(complete('sort return (count) (date) u', extended).candidates).toEqual(['us-ascii', 'utf-8']);
    expect(complete('sort (rev', extended).candidates).toEqual(['reverse']);
  });

  it('offers nothing for free-form arguments', () => {
    expect(complete('LOGIN bob ', ctx({ state: 'not-authenticated' })).candidates).toEqual([]);
    expect(complete('a1 NOSUCH ', ctx()).candidates).toEqual([]);
  });

  it('replaces from inside parentheses', () => {
    const line = 'FETCH 1 (FLAGS BODY.P';
    expect(complete(line, ctx()).replaceFrom).toBe(line.length - 'BODY.P'.length);
  });
});

describe('POP3 and meta-commands', () => {
  const pop3 = (state: 'authorization' | 'transaction', caps: string[] = ['TOP', 'UIDL', 'USER', 'SASL PLAIN XOAUTH2', 'STLS']) =>
    ctx({ protocol: 'pop3', state, capabilities: new Set(caps), mailboxes: [] });

  it.each<[string, 'authorization' | 'transaction', string[]]>([
    ['', 'authorization', ['AUTH', 'CAPA', 'PASS', 'QUIT', 'STLS', 'USER', 'APOP'].sort()],
    ['re', 'transaction', ['retr']],
    ['R', 'transaction', ['RETR', 'RSET']],
    ['U', 'transaction', ['UIDL']],
    ['T', 'transaction', ['TOP']],
    ['AUTH ', 'authorization', ['PLAIN', 'XOAUTH2']],
  ])('%j in %s -> %j', (line, state, expected) => {
    expect(complete(line, pop3(state)).candidates).toEqual(expected);
  });

  it('hides commands whose CAPA tag was not announced', () => {
    expect(complete('T', pop3('transaction', ['USER'])).candidates).toEqual([]);
  });

  it('completes meta-commands after a colon', () => {
    expect(complete(':h', ctx())).toEqual({ candidates: ['help'], replaceFrom: 1 });
    expect(complete(':', ctx({ metaCommands: [':quit', ':help'] })).candidates).toEqual(['help', 'quit']);
    expect(complete(':help x', ctx()).candidates).toEqual([]);
  });
});

describe('many mailboxes', () => {
  // Timing is measured outside the tests (see the report): this machine's load makes
  // wall-clock bounds flaky. Here: right answers from the cached index, and a rebuilt index
  // when the session's mailbox list grows.
  it('finds the matches among 5,000 mailboxes', () => {
    const mailboxes = Array.from({ length: 5000 }, (_, i) => `INBOX.folder${i}`);
    const result = complete('SELECT INBOX.folder49', ctx({ mailboxes }));
    expect(result.candidates).toHaveLength(111); // 49, 490-499, 4900-4999
    expect(result.candidates[0]).toBe('INBOX.folder49');
    expect(complete('SELECT ', ctx({ mailboxes })).candidates).toHaveLength(5000);
  });

  it('sees mailboxes added to the same list', () => {
    const mailboxes = ['INBOX', 'Work'];
    expect(complete('SELECT W', ctx({ mailboxes })).candidates).toEqual(['Work']);
    mailboxes.push('Wish list');
    expect(complete('SELECT W', ctx({ mailboxes })).candidates).toEqual(['Work', '"Wish list"']);
  });
});
