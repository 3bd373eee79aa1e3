// MULTIAPPEND (RFC 3502) and APPENDLIMIT (RFC 7889) on the demo server: raw sessions that
// append two or three messages in one command (synchronizing literals, each with its own "+",
// and LITERAL+), APPENDUID with a uid-set (RFC 3502 with UIDPLUS), all or nothing when one
// message is bad, the limit refused before "+", STATUS and LIST-STATUS APPENDLIMIT; then
// imapflow and Python's imaplib. INBOX holds the three seed messages (UIDs 1-3, UIDVALIDITY
// 1294991877), so the first appended message gets UID 4.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PASSWORD, USER, connectedImapflow, rawSession, tagged, texts, type RawImap, type SeenResponse } from './helpers.js';
import { APPEND_LIMIT, APPENDLIMIT_CAPABILITY, tooBig } from '../../src/demo/imap/commands/appendlimit.js';
import { IMAP_LIMITS } from '../../src/protocol/imap/limits.js';
import { capability, statusItem } from '../../src/registry/index.js';

const UIDVALIDITY = 1294991877;

/** A small message; `subject` tells them apart. */
const message = (subject: string, body = 'hello'): string => `From: a@example.com\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;

interface Group {
  /** What goes before the literal: `(\Seen) "date" ` or ''. */
  prefix: string;
  body: string;
  /** Send `{N+}` (RFC 7888) instead of waiting for "+". */
  nonSync?: boolean;
}

const octets = (s: string) => Buffer.byteLength(s);
const announce = (g: Group) => `${g.prefix}{${octets(g.body)}${g.nonSync ? '+' : ''}}\r\n`;
const isContinuation = (r: SeenResponse) => r.response.kind === 'continuation';

/**
 * Sends `tag APPEND mailbox group...`, waiting for "+" before each synchronizing literal as a
 * client must (RFC 3501 4.3). Returns how many "+" came and every response up to the tagged one.
 */
async function append(c: RawImap, tag: string, mailbox: string, groups: Group[]): Promise<{ continuations: number; responses: SeenResponse[] }> {
  let continuations = 0;
  const responses: SeenResponse[] = [];
  let pending = `${tag} APPEND ${mailbox} `;
  for (const g of groups) {
    c.write(pending + announce(g));
    if (!g.nonSync) {
      const got = await c.until((r) => isContinuation(r) || (r.response.kind === 'status' && r.response.tag === tag));
      responses.push(...got.filter((r) => !isContinuation(r)));
      if (!isContinuation(got[got.length - 1])) return { continuations, responses };
      continuations++;
    }
    pending = `${g.body} `;
  }
  c.write(`${pending.slice(0, -1)}\r\n`);
  responses.push(...(await c.untilTagged(tag)));
  return { continuations, responses };
}

const session = rawSession();

/** MESSAGES and UIDNEXT of INBOX, to show an APPEND changed nothing. */
const inboxCounts = async () => (await session.run('s STATUS INBOX (MESSAGES UIDNEXT)'))[0];

describe('MULTIAPPEND (RFC 3502)', () => {
  it('is announced with APPENDLIMIT=<n> and PREVIEW, each a capability the registry explains', async () => {
    const caps = (await session.run('c CAPABILITY'))[0].split(' ');
    expect(caps).toEqual(expect.arrayContaining(['MULTIAPPEND', 'PREVIEW', `APPENDLIMIT=${APPEND_LIMIT}`]));
    expect(capability('MULTIAPPEND')?.entry.rfc).toMatch(/RFC 3502/);
    expect(capability(APPENDLIMIT_CAPABILITY)).toMatchObject({ familyOnly: true, value: String(APPEND_LIMIT), entry: { name: 'APPENDLIMIT=' } });
  });

  it('appends three messages with synchronizing literals, a "+" for each, and answers one APPENDUID uid-set', async () => {
    const { continuations, responses } = await append(session.c, 'a', 'INBOX', [
      { prefix: '(\\Seen) "14-Jan-2011 13:33:25 +0530" ', body: message('one') },
      { prefix: '', body: message('two') },
      { prefix: '(\\Flagged $Work) ', body: message('three') },
    ]);
    expect(continuations).toBe(3);
    expect(texts(responses)).toEqual([`a OK [APPENDUID ${UIDVALIDITY} 4:6] APPEND completed.`]);
    await session.run('x EXAMINE INBOX');
    expect(await session.run('f UID FETCH 4:* (FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])')).toEqual([
      '* 4 FETCH (UID 4 FLAGS (\\Seen \\Recent) INTERNALDATE "14-Jan-2011 13:33:25 +0530" BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: one\r\n\r\n)',
      '* 5 FETCH (UID 5 FLAGS (\\Recent) INTERNALDATE "26-Nov-2026 10:00:00 +0000" BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: two\r\n\r\n)',
      '* 6 FETCH (UID 6 FLAGS (\\Flagged $Work \\Recent) INTERNALDATE "26-Nov-2026 10:00:00 +0000" BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: three\r\n\r\n)',
      'f OK UID FETCH completed.',
    ]);
  });

  it('takes LITERAL+ literals in one write, and mixes them with synchronizing ones', async () => {
    const plus = await append(session.c, 'p', 'INBOX.Drafts', [
      { prefix: '(\\Draft) ', body: message('plus one'), nonSync: true },
      { prefix: '', body: message('plus two'), nonSync: true },
    ]);
    expect(plus.continuations).toBe(0);
    // INBOX.Drafts holds two seed drafts.
    expect(texts(plus.responses)).toEqual([expect.stringMatching(/^p OK \[APPENDUID \d+ 3:4\] APPEND completed\.$/)]);
    const mixed = await append(session.c, 'm', 'INBOX.Drafts', [
      { prefix: '', body: message('mixed one'), nonSync: true },
      { prefix: '', body: message('mixed two') },
    ]);
    expect(mixed.continuations).toBe(1);
    expect(tagged(mixed.responses)).toMatchObject({ status: 'OK', code: 'APPENDUID' });
    expect(mixed.responses.at(-1)!.text).toMatch(/ 5:6\] APPEND completed\.$/);
    expect(await session.run('s STATUS INBOX.Drafts (MESSAGES)')).toEqual(['* STATUS "INBOX.Drafts" (MESSAGES 6)', 's OK STATUS completed']);
  });

  it('a single message still gets a single UID', async () => {
    const { responses } = await append(session.c, 'a', 'INBOX', [{ prefix: '', body: message('alone') }]);
    expect(texts(responses)).toEqual([`a OK [APPENDUID ${UIDVALIDITY} 4] APPEND completed.`]);
  });

  describe('all or nothing: one bad message and none is appended', () => {
    const before = '* STATUS "INBOX" (MESSAGES 3 UIDNEXT 4)';

    it.each([
      ['a flag that cannot be stored, in the second message', [{ prefix: '', body: message('ok') }, { prefix: '(\\Recent) ', body: message('bad') }], 'BAD', /^message 2: \\Recent cannot be stored/],
      ['a broken date-time, in the third message', [{ prefix: '', body: message('1') }, { prefix: '', body: message('2') }, { prefix: '"32-Jan-2011 00:00:00 +0000" ', body: message('3') }], 'BAD', /^message 3: "32-Jan-2011 00:00:00 \+0000" is not a date-time like/],
      ['a NUL in a {N} literal', [{ prefix: '', body: message('1') }, { prefix: '', body: message('nul\0here') }], 'BAD', /^message 2: a NUL byte is not allowed/],
    ] as Array<[string, Group[], string, RegExp]>)('%s: %s', async (_what, groups, status, text) => {
      expect(await inboxCounts()).toBe(before);
      const { continuations, responses } = await append(session.c, 'b', 'INBOX', groups);
      expect(continuations).toBe(groups.length);
      expect(tagged(responses)).toMatchObject({ status, text: expect.stringMatching(text) });
      expect(await inboxCounts()).toBe(before);
    });

    it('an empty literal cancels the whole APPEND with NO (RFC 3502 6.3.11)', async () => {
      session.c.write(`z APPEND INBOX {${octets(message('first'))}+}\r\n${message('first')} {0+}\r\n\r\n`);
      expect(tagged(await session.c.untilTagged('z'))).toEqual({ status: 'NO', code: 'CANNOT', text: 'message 2 is empty: APPEND cancelled, nothing appended' });
      expect(await inboxCounts()).toBe(before);
    });

    it('a mailbox that does not exist is NO [TRYCREATE], whatever the number of messages', async () => {
      const { responses } = await append(session.c, 't', 'INBOX.Nowhere', [{ prefix: '', body: message('1'), nonSync: true }, { prefix: '', body: message('2'), nonSync: true }]);
      expect(tagged(responses)).toMatchObject({ status: 'NO', code: 'TRYCREATE' });
    });

    it('without a literal after flags or date the command is BAD, naming the grammar', async () => {
      expect(await session.run('q APPEND INBOX (\\Seen) "hello"')).toEqual([
        expect.stringMatching(/^q BAD message 1 must be sent as a literal \{size\}; expected: APPEND mailbox \[\(flags\)\] \[date-time\] message-literal \[\[\(flags\)\] \[date-time\] message-literal \.\.\.\]$/),
      ]);
    });
  });
});

describe('APPENDLIMIT (RFC 7889)', () => {
  it('is the command reader\'s literal limit, the one size the demo refused before, written once', () => {
    expect(APPEND_LIMIT).toBe(IMAP_LIMITS.commandMaxLiteral);
    expect(APPENDLIMIT_CAPABILITY).toBe(`APPENDLIMIT=${IMAP_LIMITS.commandMaxLiteral}`);
  });

  it('refuses a synchronizing literal one octet over the limit with [TOOBIG] before sending "+"', async () => {
    session.c.write(`t APPEND INBOX {${APPEND_LIMIT + 1}}\r\n`);
    const got = await session.c.untilTagged('t');
    expect(got.some(isContinuation)).toBe(false);
    // NO, as Dovecot answers a message over its limit: the command was fine, the message too big.
    expect(tagged(got)).toMatchObject({ status: 'NO', code: 'TOOBIG' });
    expect(await session.run('n NOOP')).toEqual(['n OK NOOP completed']);
    expect(await inboxCounts()).toBe('* STATUS "INBOX" (MESSAGES 3 UIDNEXT 4)');
  });

  it('refuses the second message of a MULTIAPPEND over the limit before its "+", and appends none', async () => {
    session.c.write('u APPEND INBOX {5}\r\n');
    await session.c.until(isContinuation);
    session.c.write(`hello {${APPEND_LIMIT + 1}}\r\n`);
    const got = await session.c.untilTagged('u');
    expect(got.some(isContinuation)).toBe(false);
    expect(tagged(got)).toMatchObject({ status: 'NO', code: 'TOOBIG' });
    expect(await inboxCounts()).toBe('* STATUS "INBOX" (MESSAGES 3 UIDNEXT 4)');
  });

  it('asks for a literal of exactly the limit with "+" (the limit is inclusive)', async () => {
    session.c.write(`t APPEND INBOX {${APPEND_LIMIT}}\r\n`);
    expect((await session.c.until(isContinuation)).map((r) => r.response.kind)).toEqual(['continuation']);
  });

  it('the handler refuses a message over the limit with NO [TOOBIG] (RFC 7889 4, RFC 4469 4.2)', () => {
    expect(tooBig(APPEND_LIMIT)).toBeUndefined();
    expect(tooBig(APPEND_LIMIT + 1)).toEqual({ status: 'NO', code: 'TOOBIG', text: `a message of ${APPEND_LIMIT + 1} octets is over the APPENDLIMIT of ${APPEND_LIMIT} octets` });
  });

  it('STATUS reports APPENDLIMIT per mailbox, in the order asked (RFC 7889 3.1)', async () => {
    expect(await session.run('s STATUS INBOX (MESSAGES APPENDLIMIT)')).toEqual([`* STATUS "INBOX" (MESSAGES 3 APPENDLIMIT ${APPEND_LIMIT})`, 's OK STATUS completed']);
    expect(statusItem('APPENDLIMIT')?.requires).toEqual(['APPENDLIMIT', 'APPENDLIMIT=']);
  });

  it('LIST-STATUS returns it for each listed mailbox (RFC 7889 3.2)', async () => {
    const lines = await session.run('l LIST "" "INBOX.%" RETURN (STATUS (APPENDLIMIT))');
    const statuses = lines.filter((l) => l.startsWith('* STATUS'));
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    for (const s of statuses) expect(s).toMatch(new RegExp(`^\\* STATUS \\S+ \\(APPENDLIMIT ${APPEND_LIMIT}\\)$`));
    expect(lines.at(-1)).toMatch(/^l OK /);
  });
});

describe('real clients', () => {
  const imapflow = connectedImapflow(() => session.demo);

  it('imapflow reads APPENDLIMIT from the capabilities and appends under it', async () => {
    const c = await imapflow();
    expect(c.capabilities.get('APPENDLIMIT')).toBe(APPEND_LIMIT);
    expect(c.capabilities.has('MULTIAPPEND')).toBe(true);
    const res = await c.append('INBOX', message('from imapflow'), ['\\Seen']);
    expect(res && res.uid).toBe(4);
    // imapflow checks the limit itself and does not upload a bigger message (RFC 7889 1).
    await expect(c.append('INBOX', Buffer.alloc(APPEND_LIMIT + 1, 0x61))).rejects.toThrow(`APPENDLIMIT=${APPEND_LIMIT}`);
    expect(await c.status('INBOX', { messages: true })).toMatchObject({ messages: 4 });
  });

  it('Python imaplib appends with a synchronizing literal and gets APPENDUID', async () => {
    const script = [
      'import imaplib, json, sys',
      'c = imaplib.IMAP4(sys.argv[1], int(sys.argv[2]))',
      'c.login(sys.argv[3], sys.argv[4])',
      'typ, data = c.append("INBOX", "(\\\\Flagged)", None, b"From: py@example.com\\r\\nSubject: from imaplib\\r\\n\\r\\nhi\\r\\n")',
      'caps = [x.decode() if isinstance(x, bytes) else x for x in c.capabilities]',
      'c.logout()',
      'print(json.dumps({"typ": typ, "data": [d.decode() for d in data], "caps": caps}))',
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, session.demo.host, String(session.demo.imapPort), USER, PASSWORD], { timeout: 20_000 });
    const r = JSON.parse(stdout) as { typ: string; data: string[]; caps: string[] };
    expect(r.typ).toBe('OK');
    expect(r.data).toEqual([`[APPENDUID ${UIDVALIDITY} 4] APPEND completed.`]);
    expect(r.caps).toEqual(expect.arrayContaining(['MULTIAPPEND', `APPENDLIMIT=${APPEND_LIMIT}`]));
    expect(await session.run('f EXAMINE INBOX')).toContain('* 4 EXISTS');
    expect(await session.run('g FETCH 4 (FLAGS)')).toEqual(['* 4 FETCH (FLAGS (\\Flagged \\Recent))', 'g OK FETCH completed.']);
  });
});
