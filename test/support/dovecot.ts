// Real-server test harness: one private Dovecot 2.3 (Debian's dovecot-imapd/dovecot-pop3d)
// per call, on 127.0.0.1, configured from test/dovecot/dovecot.conf.template and seeded with
// the demo server's seed (src/demo/seed-messages.ts, written by test/dovecot/maildir.ts). No system service and
// nothing under /etc/dovecot is used: config, sockets, state, log and mail live in one temp dir.
//
// In a test file (the run's shared instance comes from global-setup.ts; treat it as read-only,
// since test files run in parallel):
//   const dovecot = inject('dovecot');            // DovecotCoordinates | null
//   describe.skipIf(!dovecot)(`... ${inject('dovecotSkipReason')}`, () => { ... });
// A test that changes mail starts its own instance and resets it between tests:
//   let server: DovecotServer;
//   beforeAll(async () => { server = (await startDovecot()) as DovecotServer; });
//   beforeEach(() => resetMailbox(server));       // no client may be logged in meanwhile
//   afterAll(() => server?.stop());
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { seedUser, specialUseConfig, writeSeededMaildir } from '../dovecot/maildir.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE = path.join(REPO, 'test/dovecot/dovecot.conf.template');
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

export const DOVECOT_MISSING = 'Dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d)';

/**
 * Absolute path of the dovecot binary, or undefined. $DOVECOT_BIN, when set, is the only
 * candidate (another install, or a missing one to try the skip path); otherwise PATH and the
 * sbin dirs, which a non-root user's PATH may lack.
 */
export function findDovecotBinary(): string | undefined {
  const chosen = process.env.DOVECOT_BIN;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
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
  await writeSeededMaildir(server.maildir, { uid: server.mailUid, gid: server.mailGid });
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

interface Ports { imapPort: number; pop3Port: number; imapsPort: number; pop3sPort: number }

async function startIn(dir: string, binary: string): Promise<DovecotServer> {
  // The mail and auth processes run as other uids and must reach files inside.
  await chmod(dir, 0o755);
  const accounts = pickAccounts();
  const [imapPort, pop3Port, imapsPort, pop3sPort] = await freePorts(4);
  const ports: Ports = { imapPort, pop3Port, imapsPort, pop3sPort };
  const compress = existsSync(path.join(MODULES_DIR, 'lib30_imap_zlib_plugin.so'));
  const configFile = await writeConfig(dir, accounts, ports, compress);
  const server: DovecotCoordinates = {
    host: '127.0.0.1', ...ports,
    user: seedUser.user, password: seedUser.password,
    caFile: path.join(TLS_FIXTURES, 'ca-cert.pem'),
    compress,
    maildir: await writeAccount(dir, accounts),
    mailUid: accounts.uid, mailGid: accounts.gid,
    logFile: path.join(dir, 'dovecot.log'),
  };
  // Its own process group (detached), so stop() can wait for every Dovecot child, not just the master.
  const master = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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

async function writeConfig(dir: string, accounts: Accounts, ports: Ports, compress: boolean): Promise<string> {
  const config = fillTemplate(await readFile(TEMPLATE, 'utf8'), {
    DIR: dir,
    INSTANCE: path.basename(dir),
    INTERNAL_USER: accounts.internalUser,
    INTERNAL_GROUP: accounts.internalGroup,
    LOGIN_USER: accounts.loginUser,
    MAIL_UID: String(accounts.uid),
    MAIL_GID: String(accounts.gid),
    IMAP_PORT: String(ports.imapPort),
    POP3_PORT: String(ports.pop3Port),
    IMAPS_PORT: String(ports.imapsPort),
    POP3S_PORT: String(ports.pop3sPort),
    SSL_CERT: path.join(TLS_FIXTURES, 'server-cert.pem'),
    SSL_KEY: path.join(TLS_FIXTURES, 'server-key.pem'),
    MAIL_PLUGINS: compress ? 'zlib' : '',
    IMAP_PLUGINS: compress ? 'imap_zlib' : '',
    SPECIAL_USE_MAILBOXES: specialUseConfig(),
  });
  const configFile = path.join(dir, 'dovecot.conf');
  await writeFile(configFile, config);
  return configFile;
}

/** The passwd-file entry, the home dir and the seeded maildir; returns the maildir. */
async function writeAccount(dir: string, accounts: Accounts): Promise<string> {
  // user:{scheme}password:uid:gid:gecos:home:shell:extra. The password is public (the
  // tutorial's), so the file may be world-readable for the auth process.
  await writeFile(path.join(dir, 'passwd'), `${seedUser.user}:{PLAIN}${seedUser.password}::::::\n`, { mode: 0o644 });
  const home = path.join(dir, 'home', seedUser.user);
  await mkdir(home, { recursive: true });
  for (const owned of [path.join(dir, 'home'), home]) await chown(owned, accounts.uid, accounts.gid);
  const maildir = path.join(home, 'Maildir');
  await writeSeededMaildir(maildir, accounts);
  return maildir;
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
 * Ties the instance's life to ours. stop() sends SIGTERM to the master (which ends its
 * children, shutdown_clients = yes by default), waits until no process of its group is left
 * (children serving a client can outlive the master briefly), SIGKILLs the group if that takes
 * too long, and removes the temp dir.
 */
function supervise(master: ChildProcess, dir: string): () => Promise<void> {
  const group = master.pid ?? 0;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let output = '';
  master.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  master.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  master.once('exit', (code, signal) => {
    if (!stopping && output) console.warn(`[dovecot] master exited (${code ?? signal}): ${output.trim()}`);
  });
  const killOnExit = (): void => { signalGroup(group, 'SIGTERM'); };
  process.once('exit', killOnExit);
  return () => {
    stopped ??= (async () => {
      stopping = true;
      process.off('exit', killOnExit);
      signalGroup(group, 'SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (signalGroup(group, 0)) {
        if (Date.now() > deadline) signalGroup(group, 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
}

/** Signals our own Dovecot's process group; false once no process of it is left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  if (group <= 0) return false;
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
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
