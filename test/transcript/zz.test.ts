import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importPaste } from '../../src/transcript/import.js';
import { serializeTranscript } from '../../src/transcript/format.js';
it('x', () => {
  const r = importPaste(readFileSync(new URL('../fixtures/transcript/imap-pop3-telnet-tutorial.txt', import.meta.url), 'utf8'), { keepSecrets: false });
  for (const s of r.sessions) console.log(serializeTranscript(s));
  console.log(r.unplaced.map((u) => `${u.line}: ${u.text.slice(0, 60)}`).join('\n'));
});
