// Python's imaplib and poplib run a session each against the demo server (the scripts are
// in test/fixtures/demo); the test checks what those clients got back.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkedDemo, PASSWORD, USER } from './helpers.js';

const run = promisify(execFile);
const script = (name: string) => fileURLToPath(new URL(`../fixtures/demo/${name}`, import.meta.url));

const session = checkedDemo();

async function python(name: string, port: number): Promise<Record<string, unknown>> {
  const { stdout } = await run('python3', [script(name), '127.0.0.1', String(port), USER, PASSWORD], { timeout: 20_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('Python clients', () => {
  it('imaplib runs a whole session', async () => {
    const r = await python('imaplib_session.py', session.demo.imapPort);
    expect(r.capabilities).toEqual(expect.arrayContaining(['IMAP4REV1', 'IDLE', 'UIDPLUS', 'STARTTLS']));
    expect(r.login).toBe('OK');
    expect(r.list).toContain('(\\Unmarked \\HasNoChildren \\Sent) "." "INBOX.Sent"');
    expect(r.select).toEqual(['OK', '3']);
    expect(r.unseen).toBe('2 3');
    expect(r.subject).toBe('Subject: Test Message');
    expect(r.uid_fetch).toBe('2 (UID 2 RFC822.SIZE 2095)');
    expect(r.store).toBe('3 (FLAGS (\\Flagged))');
    expect((r.append as string[])[0]).toBe('OK');
    expect((r.append as string[])[1]).toMatch(/^\[APPENDUID \d+ 3\] APPEND completed\.$/);
    expect((r.copy as string[])[1]).toMatch(/^\[COPYUID \d+ 1 1\] COPY completed\.$/);
    expect(r.status).toBe('"INBOX.Trash" (MESSAGES 1)');
    expect(r.expunge).toEqual(['1']);
    expect(r.close).toBe('OK');
    expect(r.logout).toBe('BYE');
  });

  it('imaplib\'s ACL and QUOTA calls get what RFC 4314 and RFC 9208 say', async () => {
    const r = await python('imaplib_acl_quota.py', session.demo.imapPort);
    expect(r.capabilities).toEqual(expect.arrayContaining(['ACL', 'RIGHTS=TEXK', 'QUOTA', 'QUOTA=RES-STORAGE']));
    expect(r.myrights).toEqual(['OK', '"INBOX" lrswipkxtea']);
    expect(r.setacl).toBe('OK');
    expect(r.getacl).toEqual(['OK', '"INBOX.Sent" test77@example.com lrswipkxtea anne lrs']);
    expect(r.deleteacl).toBe('OK');
    const [typ, [roots, quotas]] = r.getquotaroot as [string, [string[], string[]]];
    expect(typ).toBe('OK');
    expect(roots).toEqual(['"INBOX" ""']);
    expect(quotas[0]).toMatch(/^"" \(STORAGE \d+ \d+\)$/);
    expect(r.getquota).toEqual(['OK', quotas[0]]);
    expect(r.logout).toBe('BYE');
  });

  it('poplib runs a whole session, with APOP', async () => {
    const r = await python('poplib_session.py', session.demo.pop3Port);
    expect(r.welcome).toMatch(/^\+OK .*<.+@.+>$/);
    expect(r.capa).toEqual(expect.arrayContaining(['TOP', 'UIDL', 'USER', 'SASL', 'STLS']));
    expect(r.apop).toBe('+OK logged in.');
    expect(r.stat).toEqual([3, 4791]);
    expect(r.list).toEqual(['1 2127', '2 2095', '3 569']);
    expect(r.retr).toEqual({ resp: '+OK 2095 octets', subject: ['Subject: Linux Terminal'], octets: expect.any(Number) });
    expect(r.top_lines).toBeGreaterThan(5);
    expect((r.uidl as string[]).map((u) => u.split(' ')[0])).toEqual(['1', '2', '3']);
    expect(r.dele).toBe('+OK message 3 deleted');
    expect(r.quit).toMatch(/^\+OK Bye-bye/);
    expect(session.demo.server.store.account(USER)!.find('INBOX')!.messages.length).toBe(2);
  });
});
