// COMPRESS=DEFLATE (RFC 4978): after the tagged OK, both directions are raw DEFLATE
// (RFC 1951, no zlib header: windowBits -15, §4), and each side flushes with Z_SYNC_FLUSH
// after every command or response so the peer can act on it at once (§6).
// The same helper serves the client and the demo server: it inflates what arrives and
// deflates what is written.
import type { Duplex, Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { constants, createDeflateRaw, createInflateRaw } from 'node:zlib';

export interface CompressStats {
  /** Compressed bytes received and sent on the socket. */
  wireIn: number;
  wireOut: number;
  /** Bytes after inflating / before deflating. */
  plainIn: number;
  plainOut: number;
}

export interface DeflateDuplex {
  /** The peer's bytes, inflated. Ends after the socket ends and its last bytes are out; errors on corrupt input. */
  readable: Readable;
  /** Deflates and sends, then Z_SYNC_FLUSH so the peer gets the whole message now. */
  write(bytes: Uint8Array): void;
  /** Flushes the last block and ends the socket's writing side. */
  end(): void;
  stats(): CompressStats;
}

/**
 * Wraps `socket` for RFC 4978. The caller must have stopped reading the socket itself
 * (removed its 'data' listeners); bytes it had already read after the tagged OK belong to
 * the compressed stream and go in `leftover`.
 */
export function deflateDuplex(socket: Duplex, opts: { leftover?: Uint8Array } = {}): DeflateDuplex {
  const stats: CompressStats = { wireIn: 0, wireOut: 0, plainIn: 0, plainOut: 0 };
  const inflate = createInflateRaw();
  const deflate = createDeflateRaw();
  const readable = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stats.plainIn += chunk.length;
      done(null, chunk);
    },
  });

  inflate.pipe(readable);
  inflate.on('error', (error: Error & { code?: string }) => {
    // A connection that closes mid-stream leaves inflate without a final block (RFC 4978
    // streams are only ever sync-flushed): "unexpected end of file" is a normal end there.
    if (error.code === 'Z_BUF_ERROR') readable.end();
    else readable.destroy(error);
  });
  socket.on('error', (error) => readable.destroy(error));
  const receive = (chunk: Buffer) => {
    stats.wireIn += chunk.length;
    inflate.write(chunk);
  };
  if (opts.leftover?.length) receive(Buffer.from(opts.leftover));
  socket.on('data', receive);
  // Inflating runs off the main thread: the socket's end comes before the last bytes are
  // inflated, so the peer's end is passed on through inflate and `readable` ends after them.
  let inflateEnded = false;
  const endInflate = () => {
    if (inflateEnded) return;
    inflateEnded = true;
    inflate.end();
  };
  socket.on('end', endInflate);
  socket.on('close', endInflate);

  deflate.on('data', (chunk: Buffer) => {
    stats.wireOut += chunk.length;
    socket.write(chunk);
  });
  deflate.on('end', () => socket.end());

  return {
    readable,
    write(bytes) {
      stats.plainOut += bytes.length;
      deflate.write(bytes);
      deflate.flush(constants.Z_SYNC_FLUSH);
    },
    end: () => deflate.end(),
    stats: () => ({ ...stats }),
  };
}
