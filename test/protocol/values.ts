// Short builders for expected ImapValues in tests.
import type { ImapValue } from '../../src/protocol/imap/types.js';

export const atom = (value: string): ImapValue => ({ type: 'atom', value });
export const num = (value: number): ImapValue => ({ type: 'number', value });
export const q = (value: string): ImapValue => ({ type: 'quoted', value });
export const nil: ImapValue = { type: 'nil' };
export const list = (...items: ImapValue[]): ImapValue => ({ type: 'list', items });
export const lit = (data: string, extra: { binary?: boolean; nonSync?: boolean } = {}): ImapValue => ({
  type: 'literal',
  size: Buffer.byteLength(data),
  binary: extra.binary ?? false,
  ...(extra.nonSync ? { nonSync: true } : {}),
  data: Buffer.from(data),
  complete: true,
});
