import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { transcriptProtocol } from '../../src/transcript/exchange.js';
import { replay } from '../../src/transcript/replay.js';
import { replayConnection } from '../../src/transcript/replay-connection.js';
import { startTranscriptServer } from '../../src/transcript/serve.js';
import { asServed } from './support/as-served.js';
import { TUTORIAL_SESSIONS, recordSession } from './support/tutorial-sessions.js';

const DIR = new URL('../../transcripts/', import.meta.url);
const USER = { user: 'test77@example.com', password: 'qwe123#$' };

if (process.env.MAILSCOPE_RECORD_TRANSCRIPTS === '1') {
  describe('recording the tutorial transcripts', () => {
    for (const session of TUTORIAL_SESSIONS) {
      it(`records ${session.file}`, async () => {
        const demo = await startDemoServer();
        try {
          const text = await recordSession(session, session.protocol === 'imap' ? demo.imapPort : demo.pop3Port);
          writeFileSync(new URL(session.file, DIR), text);
        } finally {
          await demo.close();
        }
      });
    }
  });
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

describe('every transcript in transcripts/ replays green against a fresh demo server', () => {
  it('finds the tutorial transcripts', () => {
    expect(files).toEqual(expect.arrayContaining(TUTORIAL_SESSIONS.map((s) => s.file)));
  });

  let demo: DemoServer;
  beforeAll(async () => { demo = await startDemoServer(); });
  afterAll(async () => { await demo.close(); });

  for (const file of files) {
    it(file, async () => {
      // A fresh server per file: each transcript starts from the seed.
      await demo.close();
      demo = await startDemoServer();
      const t = parseTranscript(readFileSync(new URL(file, DIR), 'utf8'));
      const socket = connect(transcriptProtocol(t) === 'imap' ? demo.imapPort : demo.pop3Port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
      try {
        const summary = await replay(t, replayConnection(socket), {
          loose: false, renumberTags: false, credentials: USER, timeoutMs: 5000, quietMs: 300,
        });
        const failures = summary.results.filter((r) => !r.ok).map((r) => ({ command: r.command, problem: r.problem, diff: r.diff.filter((d) => d.op !== 'same') }));
        expect(failures).toEqual([]);
        expect(summary.matched).toBe(summary.exchanges);
      } finally {
        socket.destroy();
      }
    });
  }
});

describe('every transcript in transcripts/ replays green against mailscope serve of itself', () => {
  for (const file of files) {
    it(file, async () => {
      const t = parseTranscript(readFileSync(new URL(file, DIR), 'utf8'));
      const server = await startTranscriptServer(t, { port: 0, strict: true });
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
      try {
        const summary = await replay(asServed(t), replayConnection(socket), {
          loose: false, renumberTags: true, credentials: USER, timeoutMs: 5000, quietMs: 300,
        });
        expect(summary.results.filter((r) => !r.ok)).toEqual([]);
      } finally {
        socket.destroy();
        await server.close();
      }
    });
  }
});

