import { describe, it, expect, afterEach } from 'vitest';
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { replay, type ReplaySummary } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { recordSession, type TutorialSession } from './support/tutorial-sessions.js';
import { asServed } from './support/as-served.js';
import { createSaslClient } from '../../src/protocol/sasl/index.js';

const USER = 'test77@example.com';
const PASSWORD = 'qwe123#$';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** IMAP AUTHENTICATE without SASL-IR, each answer computed from the live challenge. */
function saslSession(file: string, mech: string, answers: number): TutorialSession {
  let client: ReturnType<typeof createSaslClient> | undefined;
  const answer = ({ last }: { last: string }): string => {
    client ??= createSaslClient(mech, { user: USER, password: PASSWORD });
    const challenge = Buffer.from(last.replace(/^\+ ?/, '').trim(), 'base64');
    return Buffer.from(client.respond(challenge)).toString('base64');
  };
  const steps = Array.from({ length: answers }, (_, i) => ({ send: answer, tag: 'a1', untilContinuation: i < answers - 1 }));
  return { file, protocol: 'imap', intro: [], steps: [{ send: `a1 AUTHENTICATE ${mech}`, untilContinuation: true }, ...steps, { send: 'a2 LOGOUT' }] };
}

/** Sessions whose secrets take every form the recorder masks; each is recorded, then replayed. */
const SESSIONS: TutorialSession[] = [
  {
    file: 'literal-login', protocol: 'imap', intro: [],
    steps: [
      { send: `a1 LOGIN ${USER} {${PASSWORD.length}}`, untilContinuation: true },
      { send: PASSWORD, tag: 'a1' },
      { send: 'a2 LOGOUT' },
    ],
  },
  {
    file: 'authenticate-plain', protocol: 'imap', intro: [],
    steps: [{ send: `a1 AUTHENTICATE PLAIN ${b64(`\0${USER}\0${PASSWORD}`)}` }, { send: 'a2 LOGOUT' }],
  },
  {
    file: 'authenticate-login', protocol: 'imap', intro: [],
    steps: [
      { send: 'a1 AUTHENTICATE LOGIN', untilContinuation: true },
      { send: b64(USER), untilContinuation: true, tag: 'a1' },
      { send: b64(PASSWORD), tag: 'a1' },
      { send: 'a2 LOGOUT' },
    ],
  },
  saslSession('authenticate-cram-md5', 'CRAM-MD5', 2),
  saslSession('authenticate-scram-sha-256', 'SCRAM-SHA-256', 3),
  {
    file: 'pop3-apop', protocol: 'pop3', intro: [],
    steps: [
      { send: ({ greeting }) => `APOP ${USER} ${createHash('md5').update(/<[^>]*>/.exec(greeting)![0] + PASSWORD).digest('hex')}` },
      { send: 'QUIT' },
    ],
  },
  {
    file: 'pop3-auth-plain', protocol: 'pop3', intro: [],
    steps: [{ send: 'AUTH PLAIN' }, { send: b64(`\0${USER}\0${PASSWORD}`) }, { send: 'QUIT' }],
  },
];

let demo: DemoServer | undefined;
afterEach(async () => { await demo?.close(); demo = undefined; });

async function replayOnFreshDemo(text: string, protocol: 'imap' | 'pop3', credentials: { user?: string; password?: string }): Promise<ReplaySummary> {
  await demo?.close();
  demo = await startDemoServer();
  const socket = connect(protocol === 'imap' ? demo.imapPort : demo.pop3Port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  try {
    return await replay(parseTranscript(text), replayConnection(socket), {
      // Loose: CRAM-MD5 and SCRAM challenges carry fresh nonces (the point here is the secrets).
      loose: true, renumberTags: true, credentials, timeoutMs: 5000, quietMs: 200,
    });
  } finally {
    socket.destroy();
  }
}

describe('recorded secrets are masked, and replay fills them in again', () => {
  for (const session of SESSIONS) {
    it(session.file, async () => {
      demo = await startDemoServer();
      const text = (await recordSession(session, session.protocol === 'imap' ? demo.imapPort : demo.pop3Port))
        // The APOP timestamp changes per connection (RFC 1939 section 7).
        .replace(/^(S: \+OK .*)\{\*\}/m, '$1{*}');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(b64(`\0${USER}\0${PASSWORD}`));
      expect(text).not.toContain(b64(PASSWORD));
      expect(text).toContain('= redacted');
      expect(text).not.toMatch(/S: (a\d )?(NO|-ERR)|S: a\d NO/);

      const summary = await replayOnFreshDemo(text, session.protocol, { user: USER, password: PASSWORD });
      expect(summary.results.filter((r) => !r.ok)).toEqual([]);

      const wrong = await replayOnFreshDemo(text, session.protocol, { user: USER, password: 'wrong' });
      expect(wrong.differed).toBeGreaterThan(0);
    });
  }

  it('refuses to replay a redacted transcript without a password, before sending anything', async () => {
    const text = 'S: * OK hi\n= redacted LOGIN password\nC: a1 LOGIN alice ***redacted***\nS: a1 OK\n';
    let wrote = false;
    await expect(replay(parseTranscript(text), { write: () => { wrote = true; }, receive: () => {}, close: () => {} }, {
      loose: false, renumberTags: false, credentials: {},
    })).rejects.toMatchObject({ code: 'NO_SECRET' });
    expect(wrote).toBe(false);
  });

  it('serve plays a recorded literal LOGIN to a client whose password has another length', async () => {
    demo = await startDemoServer();
    const text = await recordSession(SESSIONS[0], demo.imapPort);
    const t = parseTranscript(text);
    const server = await startTranscriptServer(t, { port: 0, strict: true });
    try {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const summary = await replay(asServed(t), replayConnection(socket), {
        loose: false, renumberTags: true, credentials: { user: USER, password: 'a much longer password' }, timeoutMs: 3000,
      });
      socket.destroy();
      expect(summary.results.filter((r) => !r.ok)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

