// Shared by the mime tests: wire text of an ImapValue (through the real writer), message
// bytes from text, and the tutorial facts kept in test/fixtures/mime.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImapValue } from '../../src/protocol/imap/types.js';
import { serializeValue } from '../../src/protocol/imap/writer.js';
import { parseMessage, type MimePart } from '../../src/mime/message.js';

export function wire(value: ImapValue): string {
  return serializeValue(value).toString('utf8');
}

/** Parses message text given with "\n" line ends, turned into CRLF. */
export function crlfMessage(text: string): MimePart {
  return parseMessage(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'));
}

export function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

const FIXTURES = fileURLToPath(new URL('../fixtures/mime/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

/** The "key<TAB>value" facts of tutorial-fetch.txt. */
export function tutorialFact(key: string): string {
  for (const line of fixture('tutorial-fetch.txt').split('\n')) {
    const [k, v] = line.split('\t');
    if (k === key) return v;
  }
  throw new Error(`no tutorial fact ${key}`);
}
