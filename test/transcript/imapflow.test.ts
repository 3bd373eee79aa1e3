import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:net';
import { ImapFlow } from 'imapflow';
import { TranscriptRecorder } from '../../src/transcript/recorder.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';

const PASSWORD = 'Tr0ub4dor&3 horse';

/**
 * A tiny scripted IMAP server for recording: a fixed answer per command name. Every byte it
 * sends and receives goes through a TranscriptRecorder, as the REPL's --record does.
 */
function recordingFakeServer(record: TranscriptRecorder): Server {
  const answers: Record<string, string[]> = {
    CAPABILITY: ['* CAPABILITY IMAP4rev1 UIDPLUS'],
    LIST: ['* LIST (\\HasNoChildren) "/" INBOX'],
    LSUB: ['* LSUB () "/" INBOX'],
    SELECT: ['* FLAGS (\\Seen \\Deleted)', '* 2 EXISTS', '* OK [UIDVALIDITY 42] ok', '* OK [UIDNEXT 3] ok'],
    FETCH: ['* 1 FETCH (UID 1 FLAGS (\\Seen))', '* 2 FETCH (UID 2 FLAGS ())'],
    LOGOUT: ['* BYE see you'],
  };
  return createServer((socket) => {
    const send = (text: string): void => { const b = Buffer.from(text); record.server(b); socket.write(b); };
    send('* OK [CAPABILITY IMAP4rev1 UIDPLUS] recording fake ready\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      record.client(chunk);
      buffered += chunk.toString('latin1');
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        const [tag, name] = buffered.slice(0, i).trim().split(' ');
        buffered = buffered.slice(i + 1);
        const command = (name ?? '').toUpperCase();
        for (const line of answers[command] ?? []) send(`${line}\r\n`);
        send(`${tag} OK ${command} completed\r\n`);
        if (command === 'LOGOUT') { record.event('close', 'server'); socket.end(); }
      }
    });
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** What imapflow does in both runs: log in, open INBOX, fetch flags, log out. */
async function session(port: number): Promise<Array<[number, string[]]>> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'alice', pass: PASSWORD }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const seen: Array<[number, string[]]> = [];
  try {
    for await (const message of client.fetch('1:*', { flags: true })) seen.push([message.uid, [...(message.flags ?? [])]]);
  } finally {
    lock.release();
  }
  await client.logout();
  return seen;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

describe('serve driven by imapflow', () => {
  it('plays a session recorded from imapflow back to imapflow, secrets redacted', async () => {
    let text = '';
    const recorder = new TranscriptRecorder({ write: (s) => { text += s; } }, { server: 'recording fake' }, { protocol: 'imap', keepSecrets: false });
    const fake = recordingFakeServer(recorder);
    closers.push(() => new Promise((r) => fake.close(() => r())));
    const recorded = await session(await listen(fake));
    await new Promise((r) => setTimeout(r, 50));
    recorder.close();
    expect(recorded).toEqual([[1, ['\\Seen']], [2, []]]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('Tr0ub4dor');
    expect(text).toMatch(/C: \S+ LOGIN .*\*\*\*redacted\*\*\*/);

    const server = await startTranscriptServer(parseTranscript(text), { port: 0, strict: true });
    closers.push(server.close);
    expect(await session(server.port)).toEqual(recorded);
  });
});
