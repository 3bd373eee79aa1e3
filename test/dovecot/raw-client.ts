// A deliberately tiny line client for checking the harness with raw sockets, independent of
// mailscope's own protocol code (which these tests must not rely on). It reads CRLF lines,
// follows IMAP literals ({n} at a line end, RFC 9051 §4.3), and can switch its transport
// for STARTTLS (RFC 9051 §6.2.1) and COMPRESS=DEFLATE (RFC 4978).
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

const READ_TIMEOUT_MS = 10_000;
const CRLF = Buffer.from('\r\n');

export interface TaggedResult { untagged: string[]; tagged: string }

export class RawClient {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;
  private detach: () => void = () => {};
  private write: (bytes: Buffer) => void = () => {};

  private constructor(private socket: net.Socket) {
    // A reset after a test is done must not crash the worker; a read in progress still ends
    // with "connection closed" through the 'close' event.
    socket.on('error', () => {});
    this.attach(socket, (bytes) => socket.write(bytes));
  }

  static async connect(host: string, port: number, tlsOptions?: tls.ConnectionOptions): Promise<RawClient> {
    const socket = tlsOptions ? tls.connect({ host, port, ...tlsOptions }) : net.connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tlsOptions ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  get secure(): boolean {
    return this.socket instanceof tls.TLSSocket && this.socket.authorized;
  }

  send(line: string): void {
    this.write(Buffer.from(`${line}\r\n`, 'latin1'));
  }

  /** One logical line, with any literals inlined (as `{n}\r\n<bytes>`). */
  async readLine(): Promise<string> {
    let line = await this.readRawLine();
    for (let literal = /\{(\d+)\}$/.exec(line); literal; literal = /\{(\d+)\}$/.exec(line)) {
      const bytes = await this.readBytes(Number(literal[1]));
      line += `\r\n${bytes.toString('latin1')}${await this.readRawLine()}`;
    }
    return line;
  }

  /** Sends `tag command` and collects lines up to the tagged completion. */
  async command(tag: string, command: string): Promise<TaggedResult> {
    this.send(`${tag} ${command}`);
    return this.readUntilTagged(tag);
  }

  async readUntilTagged(tag: string): Promise<TaggedResult> {
    const untagged: string[] = [];
    for (;;) {
      const line = await this.readLine();
      if (line.startsWith(`${tag} `)) return { untagged, tagged: line };
      untagged.push(line);
    }
  }

  /** RFC 9051 §6.2.1: after the tagged OK to STARTTLS the TLS handshake starts on the same socket. */
  async startTls(caFile: string, servername = 'localhost'): Promise<void> {
    this.detach();
    const secured = tls.connect({ socket: this.socket, ca: readFileSync(caFile), servername });
    await new Promise<void>((resolve, reject) => {
      secured.once('secureConnect', () => resolve());
      secured.once('error', reject);
    });
    this.socket = secured;
    this.attach(secured, (bytes) => secured.write(bytes));
  }

  /** RFC 4978 §3: raw DEFLATE both ways from the octet after the tagged OK; every write is flushed. */
  startDeflate(): void {
    this.detach();
    const inflate = zlib.createInflateRaw();
    const deflate = zlib.createDeflateRaw();
    this.socket.pipe(inflate);
    deflate.pipe(this.socket);
    this.attach(inflate, (bytes) => {
      deflate.write(bytes);
      deflate.flush(zlib.constants.Z_SYNC_FLUSH);
    });
  }

  close(): void {
    this.detach();
    this.socket.destroy();
  }

  private attach(input: Readable, write: (bytes: Buffer) => void): void {
    const onData = (chunk: Buffer): void => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    };
    const onEnd = (): void => {
      this.ended = true;
      this.wake?.();
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('close', onEnd);
    input.on('error', onEnd);
    this.write = write;
    this.detach = () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('close', onEnd);
      input.off('error', onEnd);
    };
  }

  private async readRawLine(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf(CRLF);
      if (end >= 0) {
        const line = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 2);
        return line;
      }
      await this.more();
    }
  }

  private async readBytes(count: number): Promise<Buffer> {
    while (this.buffer.length < count) await this.more();
    const bytes = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return bytes;
  }

  private more(): Promise<void> {
    if (this.ended) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('read timeout')), READ_TIMEOUT_MS);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
