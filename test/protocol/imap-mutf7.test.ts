import { describe, expect, it } from 'vitest';
import { decodeMailboxName, encodeMailboxName } from '../../src/protocol/imap/mutf7.js';

describe('modified UTF-7 (RFC 3501 section 5.1.3)', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['~peter/mail/&U,BTFw-/&ZeVnLIqe-', '~peter/mail/台北/日本語'], // the RFC's example
    ['&-', '&'],
    ['Entw&APw-rfe', 'Entwürfe'],
    ['&AMQ-rger &- Co', 'Ärger & Co'],
    ['&2D3eAA-', '😀'],
    ['&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-', 'Отправленные'],
  ])('%j <-> %j', (wire, name) => {
    expect(decodeMailboxName(wire)).toBe(name);
    expect(encodeMailboxName(name)).toBe(wire);
  });
  it.each([
    ['&', 'unterminated shift'],
    ['&Jjo', 'no "-"'],
    ['&AGE-', 'encodes the printable "a"'],
    ['&A-', 'leftover bits'],
    ['&2D3-', 'lone surrogate'],
    ['&U/BTFw-', '"/" is not in the modified alphabet'],
    ['Grüße', 'raw 8-bit'],
  ])('invalid %j (%s) is returned unchanged', (wire) => {
    expect(decodeMailboxName(wire)).toBe(wire);
  });
});

describe('a very long name', () => {
  it('decodes 200,000 UTF-16 units (a spread of that many overflowed the stack)', () => {
    const name = 'ä'.repeat(200_000);
    expect(decodeMailboxName(encodeMailboxName(name))).toBe(name);
  });
});
