// A real client against the demo server: imapflow logs in, lists, selects, fetches, stores,
// copies, moves, expunges, appends and idles, and the test checks what imapflow got back.

import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USER, startCheckedDemo, type CheckedDemo, imapflowFor } from './helpers.js';

/** imapflow answers `false` when a command fails; fail the test there. */
function must<T>(value: T | false): T {
  if (value === false) throw new Error('imapflow reported a failed command');
  return value;
}

let demo: CheckedDemo;
const clients: ImapFlow[] = [];

function client(extra: Record<string, unknown> = {}): ImapFlow {
  const c = imapflowFor(demo, extra);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  // The server's clock is the real one, as imapflow's is: it turns search({ since }) into
  // WITHIN's YOUNGER <seconds before its own now>, which a fixed server clock would skew.
  demo = await startCheckedDemo({ now: () => new Date() });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.logout().catch(() => c.close());
  demo.expectWellFormed();
  await demo.close();
});

describe('imapflow against the demo server', () => {
  it('logs in and lists the folders with special-use attributes', async () => {
    const c = client();
    await c.connect();
    const list = await c.list();
    const byPath = new Map(list.map((m) => [m.path, m]));
    expect([...byPath.keys()]).toEqual(expect.arrayContaining(['INBOX', 'INBOX.Sent', 'INBOX.Drafts', 'INBOX.Trash', 'INBOX.Junk']));
    expect(byPath.get('INBOX.Sent')?.specialUse).toBe('\\Sent');
    expect(byPath.get('INBOX.Trash')?.specialUse).toBe('\\Trash');
    expect(byPath.get('INBOX.Sent')?.delimiter).toBe('.');
    expect(c.capabilities.has('IDLE')).toBe(true);
  });

  it('reads the quota (RFC 9208) as imapflow understands it', async () => {
    const c = client();
    await c.connect();
    const quota = must(await c.getQuota('INBOX'));
    const account = demo.server.store.account(USER)!;
    // imapflow turns STORAGE's KiB into bytes.
    expect(quota.storage).toEqual({ usage: Math.ceil(account.storageUsed() / 1024) * 1024, limit: account.storageLimitKiB * 1024, status: expect.any(String) });
  });

  it('selects INBOX and fetches envelopes, structure and bodies', async () => {
    const c = client();
    await c.connect();
    const box = await c.mailboxOpen('INBOX');
    expect(box.exists).toBe(3);
    expect(box.uidValidity).toBeGreaterThan(0n);
    const seen: Array<{ uid: number; subject?: string; size?: number; source?: Buffer }> = [];
    for await (const m of c.fetch('1:*', { uid: true, envelope: true, size: true, source: true, bodyStructure: true, flags: true })) {
      seen.push({ uid: m.uid, subject: m.envelope?.subject, size: m.size, source: m.source });
      expect(m.bodyStructure?.type).toBeTruthy();
    }
    expect(seen.map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(seen[0].subject).toBe('Test Message');
    expect(seen[0].size).toBe(2127);
    expect(seen[0].source?.length).toBe(2127);
    expect(seen[1].subject).toBe('Linux Terminal');
    const part = must(await c.fetchOne('2', { bodyParts: ['1'] }));
    expect(Buffer.from(part.bodyParts!.get('1')!).toString()).toContain('Terminal');
  });

  it('stores flags, copies, moves and expunges', async () => {
    const c = client();
    await c.connect();
    await c.mailboxOpen('INBOX');
    expect(await c.messageFlagsAdd('1', ['\\Flagged', 'NonJunk'])).toBe(true);
    const one = must(await c.fetchOne('1', { flags: true }));
    expect([...one.flags!]).toEqual(expect.arrayContaining(['\\Flagged', 'NonJunk', '\\Seen']));
    await c.messageFlagsRemove('1', ['\\Flagged']);
    expect([...must(await c.fetchOne('1', { flags: true })).flags!]).not.toContain('\\Flagged');

    const copied = must(await c.messageCopy('1:2', 'INBOX.Trash'));
    expect(copied.destination).toBe('INBOX.Trash');
    expect([...copied.uidMap!.entries()]).toEqual([[1, 1], [2, 2]]);

    const moved = must(await c.messageMove('3', 'INBOX.Junk'));
    expect([...moved.uidMap!.entries()]).toEqual([[3, 1]]);
    expect(c.mailbox && c.mailbox.exists).toBe(2);

    expect(await c.messageDelete('1')).toBe(true);
    expect(c.mailbox && c.mailbox.exists).toBe(1);
    const status = must(await c.status('INBOX.Trash', { messages: true, uidNext: true }));
    expect(status.messages).toBe(2);
    expect(status.uidNext).toBe(3);
  });

  it('appends with flags and a date, and gets APPENDUID', async () => {
    const c = client();
    await c.connect();
    const raw = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: appended\r\n\r\nhello\r\n';
    const res = must(await c.append('INBOX.Drafts', raw, ['\\Draft'], new Date('2011-01-20T10:00:00Z')));
    expect(res.uid).toBe(3);
    expect(res.uidValidity).toBeGreaterThan(0n);
    await c.mailboxOpen('INBOX.Drafts');
    const m = must(await c.fetchOne('3', { envelope: true, flags: true, internalDate: true, source: true }));
    expect(m.envelope?.subject).toBe('appended');
    expect([...m.flags!]).toContain('\\Draft');
    expect((m.internalDate as Date).toISOString()).toBe('2011-01-20T10:00:00.000Z');
    expect(m.source?.toString()).toBe(raw);
  });

  it('creates, renames and deletes mailboxes', async () => {
    const c = client();
    await c.connect();
    await c.mailboxCreate('INBOX.Projects.2026');
    let paths = (await c.list()).map((m) => m.path);
    expect(paths).toEqual(expect.arrayContaining(['INBOX.Projects', 'INBOX.Projects.2026']));
    await c.mailboxRename('INBOX.Projects', 'INBOX.Archive');
    paths = (await c.list()).map((m) => m.path);
    expect(paths).toEqual(expect.arrayContaining(['INBOX.Archive', 'INBOX.Archive.2026']));
    expect(paths).not.toContain('INBOX.Projects');
    await c.mailboxDelete('INBOX.Archive.2026');
    expect((await c.list()).map((m) => m.path)).not.toContain('INBOX.Archive.2026');
  });

  it('searches', async () => {
    const c = client();
    await c.connect();
    await c.mailboxOpen('INBOX');
    expect(await c.search({ subject: 'terminal' })).toEqual([2]);
    expect(await c.search({ seen: false })).toEqual([2, 3]);
    expect(await c.search({ since: new Date('2011-01-16T00:00:00Z') })).toEqual([3]);
    expect(await c.search({ or: [{ subject: 'Test Message' }, { subject: 'Linux' }] })).toEqual([1, 2]);
    expect(await c.search({ uid: '2:*' }, { uid: true })).toEqual([2, 3]);
  });

  it('sees another session append while idling', async () => {
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    await a.mailboxOpen('INBOX');
    const exists = new Promise<number>((resolve) => a.on('exists', (e: { count: number }) => resolve(e.count)));
    const idling = a.idle();
    await new Promise((r) => setTimeout(r, 100));
    await b.append('INBOX', 'Subject: new\r\n\r\nnew mail\r\n');
    expect(await exists).toBe(4);
    await a.noop();
    await idling.catch(() => {});
  });

  it('upgrades with STARTTLS using the demo certificate', async () => {
    const ca = readFileSync(new URL('../../src/demo/certs/demo-cert.pem', import.meta.url));
    const c = client({ doSTARTTLS: true, tls: { ca, servername: 'localhost' } });
    await c.connect();
    // imapflow sets secureConnection once the STARTTLS handshake has succeeded.
    expect((c as unknown as { secureConnection: boolean }).secureConnection).toBe(true);
    const box = await c.mailboxOpen('INBOX');
    expect(box.exists).toBe(3);
  });
});
