// A server's bytes never drive the terminal, and binary is not shown as text: `:show` escapes
// controls as the pretty printer does, and a literal that is not text (a NUL, or controls past
// what text has) is shown as the first rows of a hex dump.
import { describe, expect, it, afterEach } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { hexRows, looksBinary } from '../../src/terminal/binary-preview.js';
import { renderImapEvent } from '../../src/terminal/render-imap.js';
import { createTheme } from '../../src/terminal/theme.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { runCli } from '../support/cli-harness.js';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const plain = createTheme({ color: false });

function shown(wire: string): string {
  const [ev] = new ImapResponseReader().push(Buffer.from(wire, 'latin1'));
  return renderImapEvent(ev, plain);
}

describe('looksBinary', () => {
  it('a NUL, or controls in more than 5% of the bytes, is binary; text with tabs, CRLF or ISO-2022-JP escapes is not', () => {
    expect(looksBinary(Buffer.from('PNG\x00\x01'))).toBe(true);
    expect(looksBinary(Buffer.from('\x01\x02\x03 mostly text'))).toBe(true);
    expect(looksBinary(Buffer.from('Subject: hi\r\n\r\n\tindented\x0cpage\r\n'))).toBe(false);
    expect(looksBinary(Buffer.from('\x1b$B$3$s$K$A$O\x1b(B\r\n', 'latin1'))).toBe(false);
    expect(looksBinary(Buffer.from('caf\xe9 na\xefve', 'latin1'))).toBe(false);
  });

  it('hexRows is `hexdump -C` (checked against it): offset, two groups of eight, the printable bytes between bars', () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR and more', 'latin1');
    expect(hexRows(bytes, 2)).toEqual([
      '00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|',
      '00000010  20 61 6e 64 20 6d 6f 72  65                       | and more|',
    ]);
    expect(hexRows(bytes, 1)).toHaveLength(1);
  });
});

describe('a binary literal in the pretty printer', () => {
  it('is its size, two hex rows and a note, not lines of escapes', () => {
    const body = Buffer.alloc(300, 'PK\x03\x04\x14\x00\x06\x00');
    const text = shown(`* 4 FETCH (BINARY[2] ~{300}\r\n${body.toString('latin1')})\r\n`);
    expect(text).toContain('BINARY[2] ~{300}');
    expect(text).toContain('00000000  50 4b 03 04 14 00 06 00  50 4b 03 04 14 00 06 00  |PK......PK......|');
    expect(text).toContain('00000010  ');
    expect(text).not.toContain('00000020');
    expect(text).toContain('… binary, 300 bytes: the first 32 shown (:save FILE keeps them all)');
    expect(text).not.toContain('\\x00');
  });

  it('a short one is shown whole, without a note; a text literal is shown as lines, as before', () => {
    expect(shown('* 1 FETCH (BINARY[1] ~{3}\r\n\x00\x01\x02)\r\n')).toContain('00000000  00 01 02 ');
    expect(shown('* 1 FETCH (BINARY[1] ~{3}\r\n\x00\x01\x02)\r\n')).not.toContain('binary,');
    expect(shown('* 1 FETCH (BODY[1] {10}\r\nhello\r\nyou)\r\n')).toMatch(/\{10\}\n +hello\n +you/);
  });
});

describe(':show', () => {
  it('escapes the controls of the last literal: an ESC sequence from the server reaches the terminal as text', async () => {
    const evil = 'title\x1b]0;pwned\x07 red \x1b[31mRED\x1b[0m';
    const script = ['# protocol: imap', 'S: * OK ready', 'C: a1 FETCH 1 BODY[TEXT]', `S: * 1 FETCH (BODY[TEXT] {${evil.length}}`, `S: ${evil.replace(/\x1b/g, '\\x1b').replace(/\x07/g, '\\x07')})`, 'S: a1 OK done'].join('\n');
    const server = await startTranscriptServer(parseTranscript(script), { port: 0, host: '127.0.0.1', strict: false });
    servers.push(server);
    const run = runCli([`127.0.0.1:${server.port}`, '--imap', '-c', 'fetch 1 body[text]', '-c', ':show']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    expect(out).not.toContain('\x1b');
    expect(out).not.toContain('\x07');
    // Once by the printer, once by :show.
    expect(out.match(/title\\x1b\]0;pwned\\x07 red \\x1b\[31mRED\\x1b\[0m/g)).toHaveLength(2);
  });
});
