// A transcript as `mailscope serve` plays it, for tests that replay a recording against serve
// of itself: the greeting's capability code lists what serve can do (no STARTTLS where the
// recording holds no upgrade: transcripts/README.md, "Serving"); all else is as recorded.
import { transcriptProtocol } from '../../../src/transcript/exchange.js';
import type { Transcript } from '../../../src/transcript/format.js';
import { recordedCapabilities, servedGreeting } from '../../../src/transcript/serve-login.js';

export function asServed(t: Transcript): Transcript {
  if (transcriptProtocol(t) !== 'imap') return t;
  const recorded = recordedCapabilities('imap', t.entries);
  const first = t.entries.findIndex((e) => e.kind === 'server');
  const entries = t.entries.map((e, i) => (i === first && e.kind === 'server' && e.pattern === undefined ? { ...e, bytes: servedGreeting(e.bytes, recorded, false) } : e));
  return { ...t, entries };
}
