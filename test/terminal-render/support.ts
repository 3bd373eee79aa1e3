// Test helpers: fixture files to reader events (the real reader), events to display text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import type { ReaderEvent } from '../../src/protocol/imap/types.js';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/render/${name}`, import.meta.url));
}

export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** LF-terminated lines as CRLF wire bytes. */
export function wire(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'));
}

export function readImap(text: string): ReaderEvent[] {
  const reader = new ImapResponseReader();
  return [...reader.push(wire(text)), ...reader.end()];
}
