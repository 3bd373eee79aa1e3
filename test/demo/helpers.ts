// Shared harness for the demo server tests. Every IMAP client (raw sockets, imapflow,
// Python's imaplib) reaches the server through a loopback proxy that feeds each byte the
// server writes into the strict response reader; `malformed` collects what did not parse,
// and response codes or untagged names the registry does not know, and
// `expectWellFormed()` (called by every IMAP test) fails on any.

import { createInflateRaw } from 'node:zlib';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ImapFlow } from 'imapflow';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ImapResponse, ReaderEvent } from '../../src/protocol/imap/types.js';
import { responseCode, untaggedResponse } from '../../src/registry/index.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/server.js';

export const USER = 'test77@example.com';
export const PASSWORD = 'qwe123#$';
/** A fixed clock, so APPEND dates are known. */
export const FIXED_NOW = new Date('2026-11-26T10:00:00Z');

/**
 * The demo's untagged answer to SELECT INBOX on the seed, in order: RFC 3501 6.3.1's lines, then
 * MAILBOXID (RFC 8474 4.2) and HIGHESTMODSEQ (RFC 7162 3.1.2.1).
 */
export const SEEDED_INBOX_SELECTED: readonly unknown[] = [
  '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
  '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited',
  '* 3 EXISTS',
  '* 0 RECENT',
  '* OK [UNSEEN 2] First unseen',
  expect.stringMatching(/^\* OK \[UIDVALIDITY \d+\] UIDs valid$/),
  '* OK [UIDNEXT 4] Predicted next UID',
  '* OK [MAILBOXID (F1)] Ok',
  '* OK [HIGHESTMODSEQ 4] Highest',
];

export interface CheckedDemo {
  server: DemoServer;
  /** The proxy's port: use it for IMAP. */
  imapPort: number;
  pop3Port: number;
  host: string;
  /** Server lines the strict reader refused, with the reason. */
  malformed: string[];
  expectWellFormed(): void;
  close(): Promise<void>;
}

/** Names in a response that the registry cannot explain. */
export function unknownNames(r: ImapResponse): string[] {
  if (r.kind === 'data' && !untaggedResponse(r.name)) return [`unknown untagged response ${r.name}`];
  if (r.kind !== 'data' && r.code && !responseCode(r.code.name)) return [`unknown response code ${r.code.name}`];
  return [];
}

export async function startCheckedDemo(opts: DemoServerOptions = {}): Promise<CheckedDemo> {
  const server = await startDemoServer({ now: () => FIXED_NOW, ...opts });
  const malformed: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const upstream = connect(server.imapPort, server.host);
    sockets.add(client).add(upstream);
    const reader = new ImapResponseReader();
    let checking = true;
    // After COMPRESS DEFLATE's OK (RFC 4978) the server's bytes are inflated before checking;
    // the OK line and the first deflated bytes may share one chunk, so the chunk is split.
    let compressTag: string | undefined;
    let inflate: ReturnType<typeof createInflateRaw> | undefined;
    const check = (chunk: Buffer) => {
      for (const e of reader.push(chunk)) {
        if (e.kind === 'malformed') malformed.push(`${e.reason}: ${Buffer.from(e.raw).toString('latin1').slice(0, 200)}`);
        if (e.kind === 'response') malformed.push(...unknownNames(e.response));
      }
    };
    const startInflating = () => {
      inflate = createInflateRaw();
      inflate.on('data', check);
      inflate.on('error', (err) => malformed.push(`deflate stream: ${err.message}`));
    };
    client.on('data', (chunk) => {
      // A TLS ClientHello (record type 0x16) after STARTTLS: from here on the bytes are
      // encrypted and the reader can no longer look at them.
      if (chunk[0] === 0x16) checking = false;
      if (!inflate) compressTag ??= /^(\S+) COMPRESS DEFLATE\r\n/im.exec(chunk.toString('latin1'))?.[1];
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (checking) {
        if (inflate) inflate.write(chunk);
        else {
          const ok = compressTag === undefined ? -1 : chunk.toString('latin1').search(new RegExp(`(^|\\n)${compressTag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} OK[^\\n]*\\n`));
          if (ok < 0) check(chunk);
          else {
            const end = chunk.indexOf(0x0a, ok + 1) + 1;
            check(chunk.subarray(0, end));
            startInflating();
            if (end < chunk.length) inflate!.write(chunk.subarray(end));
          }
        }
      }
      client.write(chunk);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    server,
    imapPort: (proxy.address() as AddressInfo).port,
    pop3Port: server.pop3Port,
    host: '127.0.0.1',
    malformed,
    expectWellFormed: () => expect(malformed).toEqual([]),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
    },
  };
}

/** One response as a line of text (literal bodies inlined), for assertions. */
export interface SeenResponse {
  response: ImapResponse;
  text: string;
}

/**
 * A raw IMAP client over a socket: sends exact lines, reads responses with the strict
 * reader. `command` resolves with everything up to the tagged response for its tag.
 */
export class RawImap {
  private readonly reader = new ImapResponseReader();
  private readonly seen: SeenResponse[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const e of this.reader.push(chunk)) this.take(e);
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  static async open(port: number, host = '127.0.0.1'): Promise<RawImap> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawImap(socket);
    await client.until((r) => r.response.kind === 'status' && r.response.tag === undefined);
    return client;
  }

  /** Responses received so far and not yet taken. */
  drain(): SeenResponse[] {
    return this.seen.splice(0);
  }

  write(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** Sends `tag text` and returns the responses up to and including the tagged one. */
  async command(line: string): Promise<SeenResponse[]> {
    const tag = line.split(' ')[0];
    this.write(`${line}\r\n`);
    return this.untilTagged(tag);
  }

  async untilTagged(tag: string): Promise<SeenResponse[]> {
    return this.until((r) => r.response.kind === 'status' && r.response.tag === tag);
  }

  /** Waits for a response matching `done`; returns all responses up to it. */
  async until(done: (r: SeenResponse) => boolean, timeoutMs = 5000): Promise<SeenResponse[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.seen.findIndex(done);
      if (i >= 0) return this.seen.splice(0, i + 1);
      if (this.closed) throw new Error(`connection closed; got: ${this.seen.map((r) => r.text).join(' | ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got: ${this.seen.map((r) => r.text).join(' | ')}`);
      await nextNotice(this.waiters, left);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private take(e: ReaderEvent): void {
    if (e.kind === 'response') this.seen.push({ response: e.response, text: Buffer.from(e.raw).toString('latin1').replace(/\r\n$/, '') });
    if (e.kind === 'malformed') this.seen.push({ response: { kind: 'status', status: 'BAD', text: `MALFORMED ${e.reason}` }, text: `MALFORMED ${e.reason}` });
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** The tagged status of a command's responses. */
export function tagged(responses: SeenResponse[]): { status: string; code?: string; text: string } {
  const last = responses[responses.length - 1].response;
  if (last.kind !== 'status') throw new Error('no tagged status');
  return { status: last.status, code: last.code?.name, text: last.text };
}

export function texts(responses: SeenResponse[]): string[] {
  return responses.map((r) => r.text);
}

/** A raw POP3 client: line-based; multi-line answers end with "." (RFC 1939 3). */
export class RawPop3 {
  private buffer = '';
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  static async open(port: number, host = '127.0.0.1'): Promise<{ client: RawPop3; greeting: string }> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawPop3(socket);
    const greeting = await client.line();
    return { client, greeting };
  }

  /** Sends a line, returns the status line (and, if `multiline` and +OK, the body lines, unstuffed). */
  async command(line: string, multiline = false): Promise<{ status: string; body: string[] }> {
    this.socket.write(`${line}\r\n`);
    const status = await this.line();
    if (!multiline || !status.startsWith('+OK')) return { status, body: [] };
    const body: string[] = [];
    for (;;) {
      const l = await this.line();
      if (l === '.') break;
      body.push(l.startsWith('.') ? l.slice(1) : l);
    }
    return { status, body };
  }

  async line(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buffer.indexOf('\r\n');
      if (i >= 0) {
        const l = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        return l;
      }
      if (this.closed) throw new Error(`connection closed; buffer: ${this.buffer}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; buffer: ${this.buffer}`);
      await nextNotice(this.waiters, left);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Resolves at the next notify() of a test client (bytes or a close arrived), or after `ms`. */
function nextNotice(waiters: Array<() => void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    waiters.push(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** The seed user's LOGIN line, tag l1. */
const SEED_LOGIN = `l1 LOGIN ${USER} ${PASSWORD}`;

/**
 * Per test: a fresh checked demo server and a raw client logged in as the seed user (tag l1),
 * handed to `use`; afterwards the client closes and every server line is checked well-formed.
 */
export function withLoggedInDemo(use: (demo: CheckedDemo, client: RawImap) => void, loginLine = SEED_LOGIN): void {
  loggedInDemoPerTest(use, loginLine, []);
}

/** withLoggedInDemo, also closing the clients in `extras` (added during a test) before the checks. */
function loggedInDemoPerTest(use: (demo: CheckedDemo, client: RawImap) => void, loginLine: string, extras: RawImap[]): void {
  let demo: CheckedDemo | undefined;
  let client: RawImap | undefined;
  beforeEach(async () => {
    demo = await startCheckedDemo();
    client = await RawImap.open(demo.imapPort);
    await client.command(loginLine);
    use(demo, client);
  });
  afterEach(async () => {
    client?.close();
    for (const e of extras.splice(0)) e.close();
    demo?.expectWellFormed();
    await demo?.close();
  });
}

/** A test file's checked demo server (checkedDemo): the current one. */
export interface DemoSession {
  readonly demo: CheckedDemo;
  /** Checks and closes the current demo and starts one with `opts` in its place (checked and closed in turn). */
  restart(opts: DemoServerOptions): Promise<CheckedDemo>;
}

/**
 * A fresh checked demo server per test (or, with 'file', one for the whole file); afterwards
 * every server line is checked well-formed and the server closes.
 */
export function checkedDemo(scope: 'test' | 'file' = 'test'): DemoSession {
  let demo: CheckedDemo | undefined;
  const [before, after] = scope === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  const finish = async () => {
    try {
      demo?.expectWellFormed();
    } finally {
      await demo?.close();
    }
  };
  before(async () => {
    demo = await startCheckedDemo();
  });
  after(finish);
  return {
    get demo() {
      return demo!;
    },
    restart: async (opts) => {
      await finish();
      demo = await startCheckedDemo(opts);
      return demo;
    },
  };
}

/** An imapflow client for the seed user over plain TCP, not yet connected; its 'error' events are caught. */
export function imapflowFor(server: { host: string; imapPort: number }, extra: Record<string, unknown> = {}): ImapFlow {
  const client = new ImapFlow({
    host: server.host, port: server.imapPort, secure: false, doSTARTTLS: false,
    auth: { user: USER, pass: PASSWORD }, logger: false, ...extra,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  client.on('error', () => {});
  return client;
}

/** One response line (without its CRLF) as the client's reader parses it. */
export function parsedLine(line: string): ImapResponse {
  const [ev] = new ImapResponseReader().push(Buffer.from(`${line}\r\n`));
  if (ev?.kind !== 'response') throw new Error(`not a response: ${line}`);
  return ev.response;
}

/**
 * Within a describe block: a function that connects a fresh imapflow client (see imapflowFor)
 * to the server `server()` names; each test's clients log out after it.
 */
export function connectedImapflow(server: () => { host: string; imapPort: number }, extra: Record<string, unknown> = {}): () => Promise<ImapFlow> {
  const clients: ImapFlow[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.logout().catch(() => c.close());
  });
  return async () => {
    const c = imapflowFor(server(), extra);
    clients.push(c);
    await c.connect();
    return c;
  };
}

/** SEARCH RETURN (options) ALL, then what `$` holds as a plain SEARCH answer (RFC 5182 2.4). */
export async function savedBy(run: (line: string) => Promise<string[]>, options: string): Promise<string | undefined> {
  await run(`v SEARCH RETURN (${options}) ALL`);
  return (await run('w SEARCH $'))[0];
}

/** A test file's logged-in raw session (withLoggedInDemo): the current test's demo and client, and `run`. */
export interface RawSession {
  readonly demo: CheckedDemo;
  readonly c: RawImap;
  /** Sends one command line on the current test's client (or on `client`); its response lines as text. */
  run(line: string, client?: RawImap): Promise<string[]>;
  /** Another raw client on the current test's demo, logged in with the same line; closed after the test. */
  other(): Promise<RawImap>;
  /** Another raw client on the current test's demo, greeted but not logged in; closed after the test. */
  greeted(): Promise<RawImap>;
}

export function rawSession(loginLine = SEED_LOGIN): RawSession {
  let demo: CheckedDemo | undefined;
  let c: RawImap | undefined;
  const extras: RawImap[] = [];
  loggedInDemoPerTest((d, client) => {
    demo = d;
    c = client;
  }, loginLine, extras);
  const greeted = async () => {
    const client = await RawImap.open(demo!.imapPort);
    extras.push(client);
    return client;
  };
  return {
    get demo() {
      return demo!;
    },
    get c() {
      return c!;
    },
    run: async (line, client = c!) => texts(await client.command(line)),
    greeted,
    other: async () => {
      const client = await greeted();
      await client.command(loginLine);
      return client;
    },
  };
}

/**
 * test77 (who owns the mailboxes) and student (whom it grants rights), each logged in on its
 * own connection to one demo server the file's tests share; `cleanup` runs as the owner after
 * each test, and every line the server sent is checked well-formed.
 */
export function ownerAndGrantee(cleanup?: (owner: RawImap) => Promise<void>): { readonly owner: RawImap; readonly grantee: RawImap } {
  let demo: CheckedDemo;
  let owner: RawImap;
  let grantee: RawImap;
  beforeAll(async () => {
    demo = await startCheckedDemo();
  });
  afterAll(async () => {
    await demo.close();
  });
  beforeEach(async () => {
    owner = await RawImap.open(demo.imapPort);
    grantee = await RawImap.open(demo.imapPort);
    expect(tagged(await owner.command('o1 LOGIN test77@example.com "qwe123#$"')).status).toBe('OK');
    expect(tagged(await grantee.command('g1 LOGIN student@example.com student')).status).toBe('OK');
  });
  afterEach(async () => {
    await cleanup?.(owner);
    owner.close();
    grantee.close();
    demo.expectWellFormed();
  });
  return {
    get owner() {
      return owner;
    },
    get grantee() {
      return grantee;
    },
  };
}
