import { LazyDataResponse } from '../../src/protocol/imap/lazy-response.js';

// Runs one byte stream through a reader several ways: whole, byte by byte, and split in two
// at every offset. Readers must give the same events whichever way the bytes arrive.

export interface Feeding {
  name: string;
  chunks: Buffer[];
}

export function feedings(bytes: Buffer, opts: { everyOffset?: boolean } = {}): Feeding[] {
  const out: Feeding[] = [{ name: 'whole', chunks: [bytes] }];
  out.push({ name: 'byte by byte', chunks: [...bytes].map((b) => Buffer.from([b])) });
  if (opts.everyOffset ?? true) {
    for (let i = 1; i < bytes.length; i++) {
      out.push({ name: `split at ${i}`, chunks: [bytes.subarray(0, i), bytes.subarray(i)] });
    }
  }
  return out;
}

/** Feeds the chunks (copied, so views of one chunk cannot mask a bug) and collects events. */
export function run<E>(reader: { push(c: Uint8Array): E[]; end?(): E[] }, chunks: Buffer[]): E[] {
  const events: E[] = [];
  for (const c of chunks) events.push(...reader.push(Buffer.from(c)));
  if (reader.end) events.push(...reader.end());
  return events;
}

type Chunky = { kind: string; data?: Uint8Array };

/**
 * Merges consecutive data chunks (how a literal or body is cut depends on the feeding) and
 * turns bytes into `bytes:<latin1>` strings so deep equality compares content, not views.
 */
export function normalize<E extends Chunky>(events: E[], chunkKind: string): unknown[] {
  const merged: Chunky[] = [];
  for (const e of events) {
    const last = merged[merged.length - 1];
    if (e.kind === chunkKind && last?.kind === chunkKind) {
      merged[merged.length - 1] = { ...last, data: Buffer.concat([last.data!, e.data!]) };
    } else {
      merged.push(e);
    }
  }
  return merged.map(plain);
}

export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('latin1')}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof LazyDataResponse) return plain({ kind: v.kind, name: v.name, number: v.number, values: v.values });
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export const crlf = (lines: string[]): Buffer => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');

/**
 * Feeds chunks until the reader stops after a response `stopAfter` accepts; returns the events
 * and the bytes it did not read (its unread rest of that chunk, then the chunks never pushed).
 */
export function runUntil<E, R>(
  reader: { push(c: Uint8Array, stopAfter: (r: R) => boolean): E[]; takeUnread(): Uint8Array },
  chunks: Buffer[],
  stopAfter: (r: R) => boolean,
): { events: E[]; unread: Buffer } {
  const events: E[] = [];
  let stopped = false;
  const watch = (r: R): boolean => (stopped = stopAfter(r));
  for (let i = 0; i < chunks.length; i++) {
    events.push(...reader.push(Buffer.from(chunks[i]), watch));
    if (stopped) return { events, unread: Buffer.concat([reader.takeUnread(), ...chunks.slice(i + 1)]) };
  }
  return { events, unread: Buffer.alloc(0) };
}
