// The tutorial's IMAP and POP3 sessions, typed as written over a raw socket, give the
// tutorial's outcomes against the demo server.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkedDemo, RawImap, RawPop3, tagged, texts } from './helpers.js';

function session(file: string): string[][] {
  return readFileSync(new URL(`../fixtures/demo/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

const harness = checkedDemo();

describe('tutorial IMAP session', () => {
  it('gives the tutorial outcome for every line', async () => {
    const imap = await RawImap.open(harness.demo.imapPort);
    const log: Record<string, string[]> = {};
    for (const [line, expected] of session('tutorial-imap-session.txt')) {
      const [status, code] = expected.split(' ');
      if (status === 'IDLE') {
        imap.write(`${line}\r\n`);
        const [cont] = await imap.until((r) => r.response.kind === 'continuation');
        expect(cont.response.kind).toBe('continuation');
        continue;
      }
      const responses = await imap.command(line);
      log[line] = [...(log[line] ?? []), ...texts(responses)];
      const result = tagged(responses);
      expect({ line, status: result.status }).toEqual({ line, status });
      if (code) expect({ line, code: result.code }).toEqual({ line, code });
    }
    // LIST shows the tutorial's folders (and test3, then test_imap, once created).
    const lists = log['. list "" "*"'].filter((t) => t.startsWith('* LIST'));
    for (const folder of ['INBOX', 'INBOX.Trash', 'INBOX.Junk', 'INBOX.Sent', 'INBOX.Drafts', 'INBOX.test3', 'INBOX.test_imap']) {
      expect(lists.some((t) => t.endsWith(` "${folder}"`))).toBe(true);
    }
    expect(lists).toContain('* LIST (\\Unmarked \\HasNoChildren \\Sent) "." "INBOX.Sent"');
    expect(lists).toContain('* LIST (\\Unmarked \\HasChildren) "." "INBOX"');
    // As in the tutorial: a new keyword is announced in FLAGS before the FETCH that shows it.
    expect(log['. store 1 +flags NonJunk']).toEqual([
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft NonJunk)',
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft NonJunk \\*)] Limited',
      '* 1 FETCH (FLAGS (\\Deleted NonJunk))',
      '. OK STORE completed.',
    ]);
    expect(log['. status INBOX (messages)']).toContain('* STATUS "INBOX" (MESSAGES 3)');
    expect(log['. examine INBOX.Drafts']).toContain('* 2 EXISTS');
    expect(log['. copy 1 INBOX.test_imap'].at(-1)).toMatch(/^\. OK \[COPYUID \d+ 1 1\]/);
    expect(log['. fetch 2 (body[header.fields (from to subject date)])'].at(-1)).toMatch(/^\. OK \[CLIENTBUG\]/);
    // Messages 1 and 2 were \Deleted: after the first goes, the second is number 1 (RFC 3501 7.4.1).
    expect(log['. expunge']).toEqual(['* 1 EXPUNGE', '* 1 EXPUNGE', '. OK EXPUNGE completed']);
    expect(log['. fetch 1 all'].filter((t) => t.startsWith('. NO'))).toHaveLength(1);
    expect(log['. logout'][0]).toMatch(/^\* BYE /);
  });
});

describe('tutorial POP3 session', () => {
  it('answers +OK to every line, with multi-line bodies where RFC 1939 says', async () => {
    const { client, greeting } = await RawPop3.open(harness.demo.pop3Port);
    expect(greeting).toMatch(/^\+OK .*<[^<>@]+@[^<>]+>$/);
    const bodies: Record<string, string[]> = {};
    for (const [line, status, multi] of session('tutorial-pop3-session.txt')) {
      const r = await client.command(line, multi === 'multi');
      expect({ line, status: r.status.slice(0, status.length) }).toEqual({ line, status });
      bodies[line] = r.body;
    }
    expect(bodies['LIST']).toHaveLength(3);
    expect(bodies['LIST'][0]).toMatch(/^1 \d+$/);
    expect(bodies['RETR 1'].join('\n')).toContain('Subject: Test Message');
    expect(bodies['TOP 1 0'].at(-1)).toBe('');
    expect(bodies['TOP 1 0'].some((l) => l.startsWith('Subject:'))).toBe(true);
  });
});
