// Malformed and hostile input: the server answers BAD (or NO with the RFC 5530 code) and
// the session goes on; over-long lines and huge literal announcements are refused; a client
// that vanishes mid-APPEND leaves no message behind; idle clients are logged out.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkedDemo, RawImap, tagged, texts, USER } from './helpers.js';

const session = checkedDemo();

function unescapeBytes(s: string): Buffer {
  return Buffer.from(s.replace(/\\r\\n/g, '\r\n').replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
}

const CASES = readFileSync(new URL('../fixtures/demo/malformed-imap.tsv', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

async function loggedIn(): Promise<RawImap> {
  const c = await RawImap.open(session.demo.imapPort);
  expect(tagged(await c.command('l1 LOGIN test77@example.com qwe123#$')).status).toBe('OK');
  expect(tagged(await c.command('l2 SELECT INBOX')).status).toBe('OK');
  return c;
}

function inboxCount(): number {
  return session.demo.server.store.account(USER)!.find('INBOX')!.messages.length;
}

describe('malformed input table', () => {
  it.each(CASES)('%s -> %s %s', async (line, status, code) => {
    const c = await loggedIn();
    const tag = line.split(' ')[0];
    c.write(Buffer.concat([unescapeBytes(line), Buffer.from('\r\n')]));
    const r = await c.until((x) => x.response.kind === 'status' && (x.response.tag === tag || x.response.status === 'BAD'));
    const last = r.at(-1)!.response;
    expect(last.kind === 'status' && last.status).toBe(status);
    if (code) expect(last.kind === 'status' && last.code?.name).toBe(code);
    expect(texts(await c.command('z1 NOOP')).at(-1)).toBe('z1 OK NOOP completed');
    expect(inboxCount()).toBe(3);
    c.close();
  });
});

describe('limits', () => {
  it('refuses an over-long line with BAD [TOOBIG] and goes on', async () => {
    const c = await loggedIn();
    c.write(`x1 NOOP ${'a'.repeat(200_000)}\r\n`);
    const r = await c.until((x) => x.response.kind === 'status' && x.response.status === 'BAD');
    const last = r.at(-1)!.response;
    expect(last.kind === 'status' && last.code?.name).toBe('TOOBIG');
    expect(tagged(await c.command('x2 NOOP')).status).toBe('OK');
    c.close();
  });

  it('refuses a huge synchronizing literal without asking for it', async () => {
    const c = await loggedIn();
    c.write('h1 APPEND INBOX {4000000000}\r\n');
    const r = await c.until((x) => x.response.kind === 'status' && x.response.tag === 'h1');
    expect(r.some((x) => x.response.kind === 'continuation')).toBe(false);
    const last = r.at(-1)!.response;
    // NO for a message over APPENDLIMIT (Dovecot's answer); BAD for a literal in any other command.
    expect(last.kind === 'status' && [last.status, last.code?.name]).toEqual(['NO', 'TOOBIG']);
    expect(tagged(await c.command('h2 NOOP')).status).toBe('OK');
    c.write('h3 SEARCH TEXT {4000000000}\r\n');
    const s = await c.until((x) => x.response.kind === 'status' && x.response.tag === 'h3');
    expect(s.some((x) => x.response.kind === 'continuation')).toBe(false);
    const searchEnd = s.at(-1)!.response;
    expect(searchEnd.kind === 'status' && [searchEnd.status, searchEnd.code?.name]).toEqual(['BAD', 'TOOBIG']);
    c.close();
  });

  it('leaves no message when the client vanishes mid-APPEND', async () => {
    const c = await loggedIn();
    c.write('v1 APPEND INBOX {100}\r\n');
    await c.until((x) => x.response.kind === 'continuation');
    c.write('Subject: half\r\n\r\nonly part of the');
    await new Promise((r) => setTimeout(r, 50));
    c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(inboxCount()).toBe(3);
    const d = await loggedIn();
    expect(texts(await d.command('v2 STATUS INBOX (MESSAGES UIDNEXT)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 3 UIDNEXT 4)');
    d.close();
  });

  it('logs out an idle client with BYE', async () => {
    await session.restart({ idleTimeoutMs: 200 });
    const c = await RawImap.open(session.demo.imapPort);
    const r = await c.until((x) => x.response.kind === 'status' && x.response.status === 'BYE', 3000);
    expect(r.at(-1)!.text).toMatch(/^\* BYE /);
  });
});
