// One connection's byte stream, whatever is under it (TCP, TLS after STARTTLS, DEFLATE after
// COMPRESS). Everything above sees plain protocol bytes; taps see them too, for raw display
// and transcripts, and the counters feed :stats.
import type { Duplex } from 'node:stream';
import type net from 'node:net';
import type tls from 'node:tls';
import { deflateDuplex } from '../net/compress.js';

export interface TransportTap {
  client?(bytes: Uint8Array): void;
  server?(bytes: Uint8Array): void;
  event?(name: string, value?: string): void;
}

export interface TransportStats {
  bytesIn: number;
  bytesOut: number;
  /** Before inflation / after deflation, when COMPRESS is active. */
  wireIn: number;
  wireOut: number;
  connectedAt: number;
}

export class Transport {
  readonly stats: TransportStats;
  private readonly taps = new Set<TransportTap>();
  /** Bytes that arrived before anyone asked for them (the greeting while sniffing). */
  private early: Uint8Array[] = [];
  private onBytes: ((bytes: Uint8Array) => void) | undefined;
  /** The protocol client's framing: how much of a chunk belongs to the current layer. */
  private cut: ((bytes: Uint8Array) => number) | undefined;
  /** Bytes read past a layer change (after STARTTLS's or COMPRESS's OK), held for the next layer. */
  private heldIn: Uint8Array | undefined;
  private peeker: ((bytes: Uint8Array) => void) | undefined;
  private onEnd: (err?: Error) => void = () => {};
  private writer: (bytes: Uint8Array) => void;
  private closed = false;
  /** We asked to close (close()): a close then is ours, not the server's (`= close client` in a recording). */
  private closing = false;
  /** Writes waiting for a TLS handshake to finish. */
  private held: Uint8Array[] | undefined;
  /** When the server's last bytes came (or the connection opened): how long it has been silent. */
  lastReadAt: number;

  constructor(
    public socket: net.Socket | tls.TLSSocket,
    private readonly now: () => number = Date.now,
  ) {
    this.stats = { bytesIn: 0, bytesOut: 0, wireIn: 0, wireOut: 0, connectedAt: now() };
    this.lastReadAt = this.stats.connectedAt;
    this.writer = (bytes) => {
      this.stats.wireOut += bytes.length;
      this.socket.write(bytes);
    };
    this.attach(socket);
  }

  get encrypted(): boolean {
    return 'encrypted' in this.socket && this.socket.encrypted === true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  addTap(tap: TransportTap): () => void {
    this.taps.add(tap);
    return () => this.taps.delete(tap);
  }

  /**
   * Where decoded server bytes go; set once by the protocol client. `cut`, called first with
   * each chunk, returns how many of its bytes belong to this layer: fewer when the chunk holds
   * the OK of a STARTTLS or COMPRESS and bytes after it. Those are held, and reading stops,
   * until compress() takes them or detach() discards them.
   */
  receive(onBytes: (bytes: Uint8Array) => void, onEnd: (err?: Error) => void, cut?: (bytes: Uint8Array) => number): void {
    this.onBytes = onBytes;
    this.onEnd = onEnd;
    this.cut = cut;
    for (const chunk of this.early.splice(0)) onBytes(chunk);
    if (this.closed) onEnd();
  }

  /** The first bytes the server sends, without consuming them. */
  peek(): Promise<Uint8Array> {
    if (this.early.length > 0) return Promise.resolve(this.early[0]);
    return new Promise((resolve) => (this.peeker = resolve));
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    // During a TLS handshake nothing may cross in clear (RFC 3501 6.2.1): hold it for the new socket.
    if (this.held) {
      this.held.push(bytes);
      return;
    }
    this.stats.bytesOut += bytes.length;
    for (const tap of this.taps) tap.client?.(bytes);
    this.writer(bytes);
  }

  event(name: string, value?: string): void {
    for (const tap of this.taps) tap.event?.(name, value);
  }

  /** STARTTLS/STLS: the caller did the handshake on our socket; read from the TLS one now. */
  replaceSocket(next: net.Socket | tls.TLSSocket): void {
    this.socket = next;
    this.writer = (bytes) => {
      this.stats.wireOut += bytes.length;
      next.write(bytes);
    };
    this.attach(next);
    const held = this.held ?? [];
    this.held = undefined;
    for (const bytes of held) this.write(bytes);
  }

  /**
   * COMPRESS=DEFLATE (RFC 4978): from the byte after the tagged OK, both ways are deflated.
   * `leftover`: bytes already delivered that came after the OK, so are compressed.
   */
  compress(leftover: Uint8Array | undefined = this.takeHeld()): void {
    this.socket.removeAllListeners('data');
    // The connection ends when the inflated stream does: the socket closes before its last
    // bytes come out of inflate (a LOGOUT's BYE and OK would be lost otherwise).
    this.socket.removeAllListeners('close');
    // Leftover bytes were counted on the wire when they arrived; deflate counts them again.
    const wireInBefore = this.stats.wireIn - (leftover?.length ?? 0);
    const wireOutBefore = this.stats.wireOut;
    const deflated = deflateDuplex(this.socket, { leftover });
    this.writer = (bytes) => deflated.write(bytes);
    // The last writes are still in deflate: ending goes through it, and it ends the socket.
    this.endOutput = () => deflated.end();
    deflated.readable.on('data', (chunk: Buffer) => this.deliver(chunk));
    deflated.readable.on('error', (err) => this.finish(err));
    deflated.readable.on('close', () => this.finish());
    this.wireStats = () => {
      const s = deflated.stats();
      return { wireIn: wireInBefore + s.wireIn, wireOut: wireOutBefore + s.wireOut };
    };
    this.compressed = true;
    this.socket.resume();
    this.readFrom(deflated.readable);
  }

  compressed = false;
  /** Where server bytes are read from now: the socket, or the inflate stream after COMPRESS. */
  private source: { pause(): unknown; resume(): unknown } | undefined;
  /** Holders of pauseReading() not yet released. */
  private readPauses = 0;

  /**
   * Stops reading server bytes until the returned function is called (each holder its own):
   * output that cannot keep up (stdout to a slow pipe) holds the server back through TCP,
   * rather than queueing the rest of a 200 MB literal in memory. Bytes held for a layer
   * change (see receive) stay held after the release.
   */
  pauseReading(): () => void {
    if (this.readPauses++ === 0) this.source?.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.readPauses === 0 && this.heldIn === undefined) this.source?.resume();
    };
  }

  /** Reads from `source` now, paused if someone holds reading. */
  private readFrom(source: { pause(): unknown; resume(): unknown }): void {
    this.source = source;
    if (this.readPauses > 0) source.pause();
  }

  private wireStats: (() => { wireIn: number; wireOut: number }) | undefined;

  /** Counters now; with compression, the wire counts come from the deflate layer. */
  snapshot(): TransportStats {
    return { ...this.stats, ...(this.wireStats?.() ?? {}) };
  }

  /**
   * Stop reading from the socket without closing it (before a TLS handshake takes it over).
   * Returns how many bytes the server sent in clear after its OK: they are discarded, since
   * a man in the middle could have put them there to be read as if TLS had protected them
   * (the response injection of Poddebniak et al., USENIX Security 2021).
   */
  detach(): number {
    const discarded = this.takeHeld()?.length ?? 0;
    this.held = [];
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    return discarded;
  }

  private takeHeld(): Uint8Array | undefined {
    const held = this.heldIn;
    this.heldIn = undefined;
    return held;
  }

  /** The connection cannot go on (a failed TLS upgrade): drop it and report why. */
  abort(err: Error): void {
    this.held = undefined;
    this.socket.destroy();
    this.finish(err);
  }

  /** Ends our side of the connection, after what was written has gone out through every layer. */
  private endOutput: () => void = () => this.socket.end();

  /** Who ended the connection, once it is ending: `client` when we asked (close()), else `server`. */
  get closedBy(): 'client' | 'server' | undefined {
    return this.closing ? 'client' : this.closed ? 'server' : undefined;
  }

  close(): void {
    this.closing = true;
    this.endOutput();
    setTimeout(() => this.socket.destroy(), 500).unref();
  }

  private attach(socket: Duplex): void {
    this.readFrom(socket);
    socket.on('data', (chunk: Buffer) => {
      this.stats.wireIn += chunk.length;
      this.deliver(chunk);
    });
    socket.on('error', (err) => this.finish(err));
    socket.on('close', () => this.finish());
  }

  private deliver(whole: Uint8Array): void {
    this.lastReadAt = this.now();
    let chunk = whole;
    const used = this.cut ? this.cut(whole) : whole.length;
    if (used < whole.length) {
      chunk = whole.subarray(0, used);
      this.heldIn = whole.subarray(used);
      this.socket.pause();
    }
    this.stats.bytesIn += chunk.length;
    for (const tap of this.taps) tap.server?.(chunk);
    if (this.onBytes) this.onBytes(chunk);
    else {
      this.early.push(chunk);
      this.peeker?.(chunk);
      this.peeker = undefined;
    }
  }

  private finish(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const tap of this.taps) tap.event?.('close', this.closing ? 'client' : 'server');
    if (this.onBytes) this.onEnd(err);
  }
}
