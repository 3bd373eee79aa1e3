// Checks that the real-server harness gives what the later tests rely on: the demo server's
// seed (src/demo/seed-messages.ts: the tutorial's account, its folders and messages), every port, TLS with our CA, the SASL mechanisms and
// COMPRESS, and a way back to the seeded state. Uses raw sockets and Python's imaplib/poplib
// so a fault is in the harness, not in mailscope's own code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMailbox, startDovecot, type DovecotCoordinates, type DovecotServer } from '../support/dovecot.js';
import { SEED_MAILBOXES, SEED_MESSAGES, seedBytes } from '../../src/demo/seed-messages.js';
import { parseImapDateTime } from './maildir.js';
import { RawClient } from './raw-client.js';
import { cramMd5Response, plainResponse, ScramSha256Client } from './sasl.js';

const dovecot = inject('dovecot');
const skipReason = inject('dovecotSkipReason');
const startError = inject('dovecotError');
// The demo's folders: the tutorial's five and INBOX.Entw&APw-rfe (modified UTF-7, RFC 3501 5.1.3).
const SEED_FOLDERS = SEED_MAILBOXES.map((m) => m.name);
const INBOX_MESSAGES = SEED_MESSAGES.filter((m) => m.mailbox === 'INBOX');
const python = spawnSync('python3', ['--version']).status === 0;
if (!dovecot) console.warn(`[dovecot] harness tests skipped: ${skipReason}`);

async function loggedIn(server: DovecotCoordinates): Promise<RawClient> {
  const client = await RawClient.connect(server.host, server.imapPort);
  expect(await client.readLine()).toMatch(/^\* OK/);
  // Unquoted, as typed in the tutorial: "#" and "$" are ATOM-CHARs (RFC 9051 §9).
  const login = await client.command('L', `LOGIN ${server.user} ${server.password}`);
  expect(login.tagged).toMatch(/^L OK/);
  return client;
}

function listedNames(untagged: string[]): string[] {
  return untagged.flatMap((line) => /^\* LIST \([^)]*\) "\." "?([^"]+)"?$/.exec(line)?.[1] ?? []);
}

/** Octets of a seed message (CRLF line ends already), as IMAP RFC822.SIZE and POP3 STAT count them. */
function seedSize(message: (typeof SEED_MESSAGES)[number]): number {
  return seedBytes(message).length;
}

/** Runs a Python 3 snippet with the server coordinates in $DOVECOT (kept out of argv), returns its JSON. */
function runPython(server: DovecotCoordinates, script: string): unknown {
  const result = spawnSync('python3', ['-c', script], {
    env: { ...process.env, DOVECOT: JSON.stringify(server) },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// Skipping is allowed only when Dovecot is absent and CI is not set; any other failure to
// start (global-setup.ts) fails here, so it shows in the run's summary line.
it('Dovecot started for the run, or is absent outside CI', () => {
  expect(startError, startError).toBe('');
});

describe.skipIf(!dovecot)(`Dovecot harness${dovecot ? '' : ` (skipped: ${skipReason})`}`, () => {
  const server = dovecot as DovecotCoordinates;

  it('greets on plain IMAP, offers STARTTLS and the SASL mechanisms before login', async () => {
    const client = await RawClient.connect(server.host, server.imapPort);
    expect(await client.readLine()).toMatch(/^\* OK /);
    const { untagged, tagged } = await client.command('a', 'CAPABILITY');
    expect(tagged).toMatch(/^a OK/);
    const caps = untagged[0].split(' ');
    for (const cap of ['STARTTLS', 'AUTH=PLAIN', 'AUTH=LOGIN', 'AUTH=CRAM-MD5', 'AUTH=SCRAM-SHA-256', 'SASL-IR']) {
      expect(caps).toContain(cap);
    }
    client.close();
  });

  it('logs the tutorial user in over plain IMAP and lists exactly the seed folders, with their special use', async () => {
    const client = await loggedIn(server);
    const { untagged, tagged } = await client.command('a', 'LIST "" "*"');
    expect(tagged).toMatch(/^a OK/);
    expect(listedNames(untagged).sort()).toEqual([...SEED_FOLDERS].sort());
    expect(untagged).toContain('* LIST (\\HasChildren) "." INBOX');
    expect(untagged).toContain('* LIST (\\HasNoChildren) "." INBOX.Entw&APw-rfe');
    // RFC 6154 attributes from the conf template, as SEED_MAILBOXES gives them to the demo.
    for (const { name, specialUse } of SEED_MAILBOXES.filter((m) => m.specialUse)) {
      expect(untagged).toContain(`* LIST (\\HasNoChildren ${specialUse}) "." ${name}`);
    }
    const lsub = await client.command('b', 'LSUB "" "*"');
    expect(lsub.untagged.map((line) => line.replace(/^\* LSUB \([^)]*\) "\." /, '')).sort())
      .toEqual(SEED_FOLDERS.filter((name) => name !== 'INBOX').sort());
    client.close();
  });

  it('has the seeded messages with the demo UIDVALIDITY, flags, sizes and internal dates', async () => {
    const client = await loggedIn(server);
    const inbox = await client.command('a', 'EXAMINE INBOX');
    expect(inbox.untagged).toContain(`* ${INBOX_MESSAGES.length} EXISTS`);
    expect(inbox.untagged).toContain('* OK [UIDVALIDITY 1294991877] UIDs valid');
    // The first message is \Seen, the second not: the demo's (and the tutorial's) UNSEEN 2.
    expect(inbox.untagged).toContain('* OK [UNSEEN 2] First unseen.');
    const subjects = await client.command('b', 'FETCH 1:3 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    expect(subjects.untagged.join('\n')).toMatch(/Subject: Test Message[\s\S]*Subject: Linux Terminal[\s\S]*Subject: =\?UTF-8\?B\?R3LDvMOfZSBhdXMgS8O2bG4=\?=/);
    const structure = await client.command('c', 'FETCH 2 BODYSTRUCTURE');
    expect(structure.untagged[0]).toMatch(/"ALTERNATIVE" \("BOUNDARY" "90e6ba53a4f47aa2e40499e0b764"\)/i);
    const sizes = await client.command('d', 'FETCH 1:3 RFC822.SIZE');
    expect(sizes.untagged).toEqual(INBOX_MESSAGES.map((m, i) => `* ${i + 1} FETCH (RFC822.SIZE ${seedSize(m)})`));
    expect(seedSize(INBOX_MESSAGES[0])).toBe(2127); // the tutorial's "Test Message"

    const drafts = await client.command('e', 'EXAMINE INBOX.Drafts');
    expect(drafts.untagged).toContain('* 2 EXISTS');
    expect(drafts.untagged).toContain('* OK [UIDVALIDITY 1294991881] UIDs valid');
    const fetched = await client.command('f', 'FETCH 1:2 (UID FLAGS INTERNALDATE ENVELOPE)');
    expect(fetched.untagged).toHaveLength(2);
    const draftFlags = /FLAGS \(([^)]*)\)/.exec(fetched.untagged[0])?.[1].split(' ').sort();
    expect(draftFlags).toEqual(['\\Draft', '\\Seen']);
    expect(fetched.untagged[1]).toContain('"TESTING IMAP COMMANDS TELNET"');
    const internal = /INTERNALDATE "([^"]+)"/.exec(fetched.untagged[0])?.[1] ?? '';
    expect(parseImapDateTime(internal).getTime()).toBe(Date.parse('2011-01-14T13:33:25+05:30'));

    const sent = await client.command('g', 'STATUS INBOX.Sent (MESSAGES UIDVALIDITY)');
    expect(sent.untagged).toContain('* STATUS INBOX.Sent (MESSAGES 1 UIDVALIDITY 1294991880)');
    const entwurf = await client.command('h', 'STATUS INBOX.Entw&APw-rfe (MESSAGES UNSEEN)');
    expect(entwurf.untagged).toContain('* STATUS INBOX.Entw&APw-rfe (MESSAGES 1 UNSEEN 0)');
    client.close();
  });

  it('upgrades with STARTTLS to a certificate our CA verifies, then logs in', async () => {
    const client = await RawClient.connect(server.host, server.imapPort);
    await client.readLine();
    expect((await client.command('a', 'STARTTLS')).tagged).toMatch(/^a OK/);
    await client.startTls(server.caFile);
    expect(client.secure).toBe(true);
    const caps = await client.command('b', 'CAPABILITY');
    expect(caps.untagged[0]).not.toContain('STARTTLS');
    expect((await client.command('c', `LOGIN ${server.user} "${server.password}"`)).tagged).toMatch(/^c OK/);
    client.close();
  });

  it('upgrades POP3 with STLS (RFC 2595 §4) and then counts the INBOX with STAT', async () => {
    const client = await RawClient.connect(server.host, server.pop3Port);
    expect(await client.readLine()).toMatch(/^\+OK/);
    client.send('CAPA');
    const capa: string[] = [];
    for (let line = await client.readLine(); line !== '.'; line = await client.readLine()) capa.push(line);
    expect(capa).toContain('STLS');
    expect(capa.find((line) => line.startsWith('SASL '))?.split(' ')).toEqual(
      expect.arrayContaining(['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256']),
    );
    client.send('STLS');
    expect(await client.readLine()).toMatch(/^\+OK/);
    await client.startTls(server.caFile);
    expect(client.secure).toBe(true);
    client.send(`USER ${server.user}`);
    expect(await client.readLine()).toMatch(/^\+OK/);
    client.send(`PASS ${server.password}`);
    expect(await client.readLine()).toMatch(/^\+OK/);
    client.send('STAT');
    expect(await client.readLine()).toMatch(/^\+OK 3 \d+$/);
    client.close();
  });

  it('accepts AUTHENTICATE PLAIN (with SASL-IR) and LOGIN, and refuses a wrong password', async () => {
    const plain = await RawClient.connect(server.host, server.imapPort);
    await plain.readLine();
    const ok = await plain.command('a', `AUTHENTICATE PLAIN ${plainResponse(server.user, server.password)}`);
    expect(ok.tagged).toMatch(/^a OK/);
    plain.close();

    const login = await RawClient.connect(server.host, server.imapPort);
    await login.readLine();
    login.send('a AUTHENTICATE LOGIN');
    expect(await login.readLine()).toMatch(/^\+ /);
    login.send(Buffer.from(server.user).toString('base64'));
    expect(await login.readLine()).toMatch(/^\+ /);
    login.send(Buffer.from(server.password).toString('base64'));
    expect((await login.readUntilTagged('a')).tagged).toMatch(/^a OK/);
    login.close();

    const wrong = await RawClient.connect(server.host, server.imapPort);
    await wrong.readLine();
    const refused = await wrong.command('a', `AUTHENTICATE PLAIN ${plainResponse(server.user, 'not-the-password')}`);
    expect(refused.tagged).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
    wrong.close();
  });

  it('accepts AUTHENTICATE CRAM-MD5', async () => {
    const client = await RawClient.connect(server.host, server.imapPort);
    await client.readLine();
    client.send('a AUTHENTICATE CRAM-MD5');
    const challenge = (await client.readLine()).slice(2);
    expect(Buffer.from(challenge, 'base64').toString()).toMatch(/^<.+@.+>$/); // RFC 2195 msg-id form
    client.send(cramMd5Response(server.user, server.password, challenge));
    expect((await client.readUntilTagged('a')).tagged).toMatch(/^a OK/);
    client.close();
  });

  it('accepts AUTHENTICATE SCRAM-SHA-256 and proves the server side too', async () => {
    const client = await RawClient.connect(server.host, server.imapPort);
    await client.readLine();
    const scram = new ScramSha256Client(server.user, server.password);
    client.send(`a AUTHENTICATE SCRAM-SHA-256 ${scram.first()}`);
    client.send(scram.final((await client.readLine()).slice(2)));
    const serverFinal = await client.readLine();
    expect(scram.verifies(serverFinal.slice(2))).toBe(true);
    client.send('');
    expect((await client.readUntilTagged('a')).tagged).toMatch(/^a OK/);
    client.close();
  });

  // Debian 12 ships imap_zlib; elsewhere the plugin may be missing, which CI does not accept.
  it.skipIf(!server?.compress && process.env.CI !== 'true')('offers COMPRESS=DEFLATE after login and keeps talking compressed', async () => {
    const client = await loggedIn(server);
    const caps = await client.command('a', 'CAPABILITY');
    expect(caps.untagged[0].split(' ')).toContain('COMPRESS=DEFLATE');
    expect((await client.command('b', 'COMPRESS DEFLATE')).tagged).toMatch(/^b OK/);
    client.startDeflate();
    const status = await client.command('c', 'STATUS INBOX (MESSAGES)');
    expect(status.untagged).toEqual(['* STATUS INBOX (MESSAGES 3)']);
    client.close();
  });

  describe.skipIf(!python && process.env.CI !== 'true')(`Python clients${python ? '' : ' (skipped: python3 not found)'}`, () => {
    it('imaplib logs in over IMAP and IMAP4_SSL (verifying with the CA) and sees 3 messages in INBOX', () => {
      const result = runPython(server, `
import imaplib, json, os, ssl
d = json.loads(os.environ['DOVECOT'])
out = {}
m = imaplib.IMAP4(d['host'], d['imapPort'])
m.login(d['user'], d['password'])
out['plain'] = m.select('INBOX', readonly=True)[1][0].decode()
m.logout()
ctx = ssl.create_default_context(cafile=d['caFile'])
s = imaplib.IMAP4_SSL(d['host'], d['imapsPort'], ssl_context=ctx)
s.login(d['user'], d['password'])
out['tls'] = s.select('INBOX', readonly=True)[1][0].decode()
out['tlsVersion'] = s.sock.version()
s.logout()
print(json.dumps(out))
`);
      expect(result).toMatchObject({ plain: '3', tls: '3' });
      expect((result as { tlsVersion: string }).tlsVersion).toMatch(/^TLSv1\.[23]$/);
    });

    it('poplib STAT over POP3 and POP3_SSL counts the INBOX messages and their CRLF size', () => {
      const result = runPython(server, `
import poplib, json, os, ssl
d = json.loads(os.environ['DOVECOT'])
out = {}
p = poplib.POP3(d['host'], d['pop3Port'])
p.user(d['user']); p.pass_(d['password'])
out['plain'] = list(p.stat())
p.quit()
ctx = ssl.create_default_context(cafile=d['caFile'])
s = poplib.POP3_SSL(d['host'], d['pop3sPort'], context=ctx)
s.user(d['user']); s.pass_(d['password'])
out['tls'] = list(s.stat())
s.quit()
print(json.dumps(out))
`);
      const size = INBOX_MESSAGES.reduce((sum, m) => sum + seedSize(m), 0);
      expect(result).toEqual({ plain: [3, size], tls: [3, size] });
    });
  });
});

describe.skipIf(!dovecot)('Dovecot harness: private instance and resetMailbox', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = (await startDovecot()) as DovecotServer;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('restores the seeded state after the tutorial session changed folders and messages', async () => {
    const client = await loggedIn(server);
    expect((await client.command('a', 'CREATE INBOX.test3')).tagged).toMatch(/^a OK/);
    expect((await client.command('b', 'RENAME INBOX.test3 INBOX.test_imap')).tagged).toMatch(/^b OK/);
    await client.command('c', 'SELECT INBOX');
    expect((await client.command('d', 'STORE 1:2 +FLAGS (\\Deleted)')).tagged).toMatch(/^d OK/);
    const expunge = await client.command('e', 'EXPUNGE');
    expect(expunge.untagged.filter((line) => line.endsWith(' EXPUNGE'))).toHaveLength(2);
    await client.command('f', 'LOGOUT');
    client.close();

    await resetMailbox(server);

    const after = await loggedIn(server);
    const list = await after.command('a', 'LIST "" "*"');
    expect(listedNames(list.untagged).sort()).toEqual([...SEED_FOLDERS].sort());
    const inbox = await after.command('b', 'SELECT INBOX');
    expect(inbox.untagged).toContain('* 3 EXISTS');
    expect(inbox.untagged).toContain('* OK [UIDVALIDITY 1294991877] UIDs valid');
    const flags = await after.command('c', 'FETCH 1:3 FLAGS');
    expect(flags.untagged.join('\n')).not.toContain('\\Deleted');
    after.close();
  });

  it('stop() ends every Dovecot process of the instance, frees the ports and removes its files', async () => {
    const instance = path.basename(path.resolve(server.logFile, '..'));
    expect(processesNamed(instance).length).toBeGreaterThan(0);
    await server.stop();
    expect(processesNamed(instance)).toEqual([]);
    expect(existsSync(server.logFile)).toBe(false);
    for (const port of [server.imapPort, server.pop3Port, server.imapsPort, server.pop3sPort]) {
      await expect(connectOnce(server.host, port)).rejects.toThrow(/ECONNREFUSED/);
    }
  });
});

/** Dovecot titles its processes "dovecot-<instance_name>/<service>" and the master's argv holds the config path. */
function processesNamed(fragment: string): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
      return cmdline.includes(fragment) ? [cmdline] : [];
    } catch {
      return []; // the process ended while we looked
    }
  });
}

function connectOnce(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(); });
    socket.once('error', reject);
  });
}
