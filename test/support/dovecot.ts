// Real-server test harness: one private Dovecot 2.3 (Debian's dovecot-imapd/dovecot-pop3d)
// per call, on 127.0.0.1, configured from test/dovecot/dovecot.conf.template and seeded with
// the tutorial's account and folders from test/fixtures/dovecot/. No system service and
// nothing under /etc/dovecot is used: config, sockets, state, log and mail live in one temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE = path.join(REPO, 'test/dovecot/dovecot.conf.template');
const FIXTURES = path.join(REPO, 'test/fixtures/dovecot');
const TLS_FIXTURES = path.join(REPO, 'test/fixtures/tls');
const MODULES_DIR = '/usr/lib/dovecot/modules';
const BINARY_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/** What a test needs to reach the server and restore its mail; plain data, so vitest can `provide` it. */
export interface DovecotCoordinates {
  host: '127.0.0.1';
  imapPort: number;
  pop3Port: number;
  imapsPort: number;
  pop3sPort: number;
  user: string;
  password: string;
  /** PEM of the CA that signed the server certificate (subject localhost, SAN 127.0.0.1). */
  caFile: string;
  /** COMPRESS=DEFLATE is offered after login (Debian ships the imap_zlib plugin). */
  compress: boolean;
  /** The user's maildir, its owner, and the server log: for resetMailbox and diagnostics. */
  maildir: string;
  mailUid: number;
  mailGid: number;
  logFile: string;
}

export interface DovecotServer extends DovecotCoordinates {
  stop(): Promise<void>;
}

interface SeedMessage { file: string; flags: string[]; internalDate: string }
interface SeedMailbox { name: string; uidValidity: number; messages: SeedMessage[] }
interface Seed { user: string; password: string; mailboxes: SeedMailbox[] }

// Maildir info letters (cr.yp.to/proto/maildir.html), kept in ASCII order as the spec requires.
const MAILDIR_FLAG_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

const seed: Seed = JSON.parse(readFileSync(path.join(FIXTURES, 'seed.json'), 'utf8'));

export const DOVECOT_MISSING = 'Dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d)';

/** Absolute path of the dovecot binary, or undefined (root's PATH has /usr/sbin, a user's may not). */
export function findDovecotBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...BINARY_DIRS];
  return dirs.map((dir) => path.join(dir, 'dovecot')).find((file) => existsSync(file));
}

/**
 * Starts a fresh, seeded Dovecot. Returns undefined (after printing why) when Dovecot is not
 * installed; with CI=true a missing Dovecot is an error, so CI cannot silently skip.
 */
export async function startDovecot(): Promise<DovecotServer | undefined> {
  const binary = findDovecotBinary();
  if (!binary) {
    if (process.env.CI === 'true') throw new Error(`CI=true but ${DOVECOT_MISSING}`);
    console.warn(`[dovecot] ${DOVECOT_MISSING}: real-server tests are skipped`);
    return undefined;
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(binary);
    } catch (error) {
      lastError = error; // most often a free port taken between probing and binding; try new ones
    }
  }
  throw lastError;
}

/** Puts the maildir back into the seeded state. Call with no client logged in as the user. */
export async function resetMailbox(server: DovecotCoordinates): Promise<void> {
  await rm(server.maildir, { recursive: true, force: true });
  await writeMaildir(server.maildir, { uid: server.mailUid, gid: server.mailGid });
}

interface Accounts { internalUser: string; internalGroup: string; loginUser: string; uid: number; gid: number }

async function startOnce(binary: string): Promise<DovecotServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailscope-dovecot-'));
  try {
    return await startIn(dir, binary);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(dir: string, binary: string): Promise<DovecotServer> {
  // The mail and auth processes run as other uids and must reach files inside.
  await chmod(dir, 0o755);
  const accounts = pickAccounts();
  const ports = await freePorts(4);
  const [imapPort, pop3Port, imapsPort, pop3sPort] = ports;
  const compress = existsSync(path.join(MODULES_DIR, 'lib30_imap_zlib_plugin.so'));
  const config = fillTemplate(await readFile(TEMPLATE, 'utf8'), {
    DIR: dir,
    INSTANCE: path.basename(dir),
    INTERNAL_USER: accounts.internalUser,
    INTERNAL_GROUP: accounts.internalGroup,
    LOGIN_USER: accounts.loginUser,
    MAIL_UID: String(accounts.uid),
    MAIL_GID: String(accounts.gid),
    IMAP_PORT: String(imapPort),
    POP3_PORT: String(pop3Port),
    IMAPS_PORT: String(imapsPort),
    POP3S_PORT: String(pop3sPort),
    SSL_CERT: path.join(TLS_FIXTURES, 'server-cert.pem'),
    SSL_KEY: path.join(TLS_FIXTURES, 'server-key.pem'),
    MAIL_PLUGINS: compress ? 'zlib' : '',
    IMAP_PLUGINS: compress ? 'imap_zlib' : '',
  });
  const configFile = path.join(dir, 'dovecot.conf');
  await writeFile(configFile, config);
  // A passwd-file line: user:{scheme}password:uid:gid:gecos:home:shell:extra. The test password
  // is public (it is the tutorial's), so the file may be world-readable for the auth process.
  await writeFile(path.join(dir, 'passwd'), `${seed.user}:{PLAIN}${seed.password}::::::\n`, { mode: 0o644 });
  const home = path.join(dir, 'home', seed.user);
  await mkdir(home, { recursive: true });
  for (const owned of [path.join(dir, 'home'), home]) await chown(owned, accounts.uid, accounts.gid);
  const maildir = path.join(home, 'Maildir');
  await writeMaildir(maildir, accounts);

  const server: DovecotCoordinates = {
    host: '127.0.0.1', imapPort, pop3Port, imapsPort, pop3sPort,
    user: seed.user, password: seed.password,
    caFile: path.join(TLS_FIXTURES, 'ca-cert.pem'),
    compress, maildir, mailUid: accounts.uid, mailGid: accounts.gid,
    logFile: path.join(dir, 'dovecot.log'),
  };
  const master = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = supervise(master, dir);
  try {
    await waitUntilReady(server, master);
  } catch (error) {
    const log = await readFile(server.logFile, 'utf8').catch(() => '');
    await stop();
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${log.slice(-2000)}`);
  }
  return { ...server, stop };
}

/** Which accounts run what. As root: Debian's dovecot/dovenull users and `mail` owning the mail. */
function pickAccounts(): Accounts {
  if (process.getuid?.() !== 0) {
    // Dovecot started by an ordinary user runs every process as that user.
    const me = os.userInfo();
    const group = groupName(me.gid) ?? String(me.gid);
    return { internalUser: me.username, internalGroup: group, loginUser: me.username, uid: me.uid, gid: me.gid };
  }
  const mail = passwdEntry('mail') ?? passwdEntry('nobody');
  if (!mail) throw new Error('no `mail` or `nobody` user to own the test maildir');
  for (const needed of ['dovecot', 'dovenull']) {
    if (!passwdEntry(needed)) throw new Error(`user ${needed} missing: is dovecot-core installed?`);
  }
  return { internalUser: 'dovecot', internalGroup: 'dovecot', loginUser: 'dovenull', uid: mail.uid, gid: mail.gid };
}

function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function groupName(gid: number): string | undefined {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

function fillTemplate(template: string, values: Record<string, string>): string {
  const filled = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`dovecot.conf.template: no value for ${whole}`);
    return values[name];
  });
  return filled;
}

/** Distinct ports the kernel considers free right now (held together so none repeats). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * Writes the seeded Maildir++ tree: INBOX in the root, INBOX.<name> in ".<name>" (the
 * namespace prefix "INBOX." is not part of the on-disk name). A dovecot-uidlist per folder
 * fixes UIDVALIDITY and UIDs, so runs are reproducible and match the tutorial's numbers.
 */
async function writeMaildir(maildir: string, owner: { uid: number; gid: number }): Promise<void> {
  const created: string[] = [maildir];
  await mkdir(maildir, { recursive: true, mode: 0o700 });
  for (const mailbox of seed.mailboxes) {
    const folder = mailbox.name === 'INBOX' ? maildir : path.join(maildir, `.${mailbox.name.slice('INBOX.'.length)}`);
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(folder, sub), { recursive: true, mode: 0o700 });
    created.push(folder, ...['cur', 'new', 'tmp'].map((sub) => path.join(folder, sub)));
    if (folder !== maildir) {
      await writeFile(path.join(folder, 'maildirfolder'), ''); // Maildir++ marks subfolders so
      created.push(path.join(folder, 'maildirfolder'));
    }
    const uidlist = [`3 V${mailbox.uidValidity} N${mailbox.messages.length + 1}`];
    for (const [index, message] of mailbox.messages.entries()) {
      const when = new Date(message.internalDate);
      const base = `${Math.floor(when.getTime() / 1000)}.M${index + 1}P0.mailscope`;
      const file = path.join(folder, 'cur', `${base}:2,${maildirFlags(message.flags)}`);
      await writeFile(file, await readFile(path.join(FIXTURES, 'messages', message.file)));
      await utimes(file, when, when); // the maildir file's mtime is the IMAP INTERNALDATE
      uidlist.push(`${index + 1} :${base}`);
      created.push(file);
    }
    await writeFile(path.join(folder, 'dovecot-uidlist'), `${uidlist.join('\n')}\n`);
    created.push(path.join(folder, 'dovecot-uidlist'));
  }
  // Subscribed like the tutorial's account; names are relative to the namespace prefix.
  const subscribed = seed.mailboxes.filter((m) => m.name !== 'INBOX').map((m) => m.name.slice('INBOX.'.length));
  await writeFile(path.join(maildir, 'subscriptions'), `${subscribed.join('\n')}\n`);
  created.push(path.join(maildir, 'subscriptions'));
  for (const entry of created) await chown(entry, owner.uid, owner.gid);
}

function maildirFlags(flags: string[]): string {
  return flags.map((flag) => {
    const letter = MAILDIR_FLAG_LETTERS[flag];
    if (!letter) throw new Error(`seed.json: no maildir letter for flag ${flag}`);
    return letter;
  }).sort().join('');
}

/**
 * Ties the master's life to ours: stop() sends SIGTERM (the master then ends every child,
 * shutdown_clients = yes by default), waits for it to exit, and removes the temp dir.
 */
function supervise(master: ChildProcess, dir: string): () => Promise<void> {
  const exited = new Promise<void>((resolve) => master.once('exit', () => resolve()));
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let output = '';
  master.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  master.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  master.once('exit', (code, signal) => {
    if (!stopping && output) console.warn(`[dovecot] master exited (${code ?? signal}): ${output.trim()}`);
  });
  const killOnExit = (): void => { master.kill('SIGTERM'); };
  process.once('exit', killOnExit);
  return () => {
    stopped ??= (async () => {
      stopping = true;
      process.off('exit', killOnExit);
      if (master.exitCode === null && master.signalCode === null) {
        master.kill('SIGTERM');
        const timer = setTimeout(() => master.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
}

/** Resolves once every listener accepts a connection and sends its greeting. */
async function waitUntilReady(server: DovecotCoordinates, master: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const checks: Array<[number, boolean, string]> = [
    [server.imapPort, false, '* OK'],
    [server.pop3Port, false, '+OK'],
    [server.imapsPort, true, '* OK'],
    [server.pop3sPort, true, '+OK'],
  ];
  for (const [port, implicitTls, greeting] of checks) {
    for (;;) {
      if (master.exitCode !== null || master.signalCode !== null) throw new Error('master process exited');
      const got = await readGreeting(server, port, implicitTls).catch(() => undefined);
      if (got?.startsWith(greeting)) break;
      if (Date.now() > deadline) throw new Error(`port ${port} gave no "${greeting}" greeting in time`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function readGreeting(server: DovecotCoordinates, port: number, implicitTls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = implicitTls
      ? tls.connect({ host: server.host, port, ca: readFileSync(server.caFile), servername: 'localhost' })
      : net.connect({ host: server.host, port });
    let text = '';
    const finish = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error); else resolve(text);
    };
    socket.setTimeout(2_000, () => finish(new Error('greeting timeout')));
    socket.on('error', finish);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) finish();
    });
    socket.on('close', () => finish(new Error('closed before greeting')));
  });
}
