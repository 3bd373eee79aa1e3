// Audit item 3: serve sent the recorded greeting unchanged, so it still offered STARTTLS in its
// [CAPABILITY ...] code when the recording holds no STARTTLS upgrade, while serve's own
// CAPABILITY answer dropped it. imapflow took the offer, sent STARTTLS and got a mismatch (with
// --strict, the end of the session). The greeting's code now lists what serve can do, by the
// same rule as the stand-in CAPABILITY answer (servedCapabilities).
import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/format.js';
import { ScriptedServer, startTranscriptServer, type ServeEvent, type ServeReply } from '../../src/transcript/serve.js';

const said = (reply: ServeReply): string => Buffer.concat(reply.send).toString('latin1');

const NO_UPGRADE = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED-NOT IDLE] ready, ünïcode banner',
  '= redacted LOGIN password', 'C: a1 LOGIN alice ***redacted***', 'S: a1 OK Logged in',
  // What imapflow asks after login: the hierarchy delimiter (RFC 3501 6.3.8).
  'C: a2 LIST "" ""', 'S: * LIST (\\Noselect) "/" ""', 'S: a2 OK done',
  'C: a3 LOGOUT', 'S: * BYE bye', 'S: a3 OK done', '',
].join('\n');

const WITH_UPGRADE = [
  '# protocol: imap', '',
  'S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready',
  'C: a1 STARTTLS', 'S: a1 OK Begin TLS negotiation now', '= starttls',
  '= redacted LOGIN password', 'C: a2 LOGIN alice ***redacted***', 'S: a2 OK Logged in', '',
].join('\n');

function served(text: string): { greeting: string; ask(line: string): string } {
  const server = new ScriptedServer(parseTranscript(text), false);
  const greeting = said(server.start());
  return { greeting, ask: (line) => said(server.clientLine(Buffer.from(`${line}\r\n`))) };
}

describe('the greeting\'s capability code, sans I/O', () => {
  it('drops STARTTLS when the recording holds no upgrade, the same list as serve\'s CAPABILITY answer', () => {
    const s = served(NO_UPGRADE);
    // The banner's UTF-8 bytes go out as recorded.
    expect(Buffer.from(s.greeting, 'latin1').toString('utf8')).toBe('* OK [CAPABILITY IMAP4rev1 LOGINDISABLED-NOT IDLE] ready, ünïcode banner\r\n');
    const listed = /^\* CAPABILITY (.*)\r\n/.exec(s.ask('x1 CAPABILITY'))![1];
    expect(s.greeting).toContain(`[CAPABILITY ${listed}]`);
  });

  it('stays as recorded, byte for byte, when the recording holds the upgrade', () => {
    expect(served(WITH_UPGRADE).greeting).toBe('* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n');
  });
});

describe('imapflow', () => {
  it('sees no STARTTLS offered, logs in and out of a --strict serve without a mismatch', async () => {
    const events: ServeEvent[] = [];
    const server = await startTranscriptServer(parseTranscript(NO_UPGRADE), { port: 0, strict: true, log: (e) => events.push(e) });
    try {
      const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'alice', pass: 'pw' }, logger: false });
      await client.connect();
      expect(client.usable).toBe(true);
      await client.logout();
      expect(events.filter((e) => e.kind === 'mismatch')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
