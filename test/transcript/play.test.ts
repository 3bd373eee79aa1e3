import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseTranscript } from '../../src/transcript/format.js';
import { playTranscript } from '../../src/transcript/play.js';
import { plainTheme } from '../../src/terminal/theme.js';

const TOUR = readFileSync(new URL('../../transcripts/imap-tour.txt', import.meta.url), 'utf8');
const POP3 = readFileSync(new URL('../../transcripts/pop3-tour.txt', import.meta.url), 'utf8');

async function play(text: string, opts: { step?: boolean; explain?: boolean } = {}): Promise<{ out: string; waits: number }> {
  let out = '';
  let waits = 0;
  await playTranscript(parseTranscript(text), {
    theme: plainTheme, step: opts.step ?? false, explain: opts.explain ?? false,
    write: (s) => { out += s; },
    waitForEnter: async () => { waits++; out += '<ENTER>'; },
  });
  return { out, waits };
}

describe('playTranscript', () => {
  it('shows narration as prose, client lines echoed, server responses pretty printed', async () => {
    const { out } = await play(TOUR);
    expect(out).toContain('\nLogin using e-mail and password.\n');
    expect(out).toContain('C: . login test77@example.com ***redacted***\n');
    expect(out).toContain('C: . select INBOX');
    expect(out).toMatch(/\* 3 EXISTS/);
    expect(out).toMatch(/\. OK \[READ-WRITE\] SELECT completed/);
    expect(out).toContain('    this draft is saved in INBOX.Drafts'); // the literal body, indented
    expect(out).toContain('= close server');
  });

  it('--step waits for Enter before each command, not before the greeting', async () => {
    const { out, waits } = await play(TOUR, { step: true });
    const commands = parseTranscript(TOUR).entries.filter((e) => e.kind === 'client').length;
    expect(waits).toBe(commands - 1); // DONE continues the IDLE command
    expect(out.indexOf('<ENTER>')).toBeGreaterThan(out.indexOf('mailscope demo server ready'));
    expect(out.indexOf('<ENTER>')).toBeLessThan(out.indexOf('C: . login'));
  });

  it('--explain adds what codes and capabilities mean', async () => {
    const plain = await play(TOUR);
    const explained = await play(TOUR, { explain: true });
    expect(explained.out.length).toBeGreaterThan(plain.out.length);
    expect(explained.out).toMatch(/UIDVALIDITY/);
    expect(explained.out).toMatch(/RFC 3501/);
  });

  it('plays POP3 with multi-line bodies and explanations', async () => {
    const { out } = await play(POP3, { explain: true });
    expect(out).toContain('C: LIST');
    expect(out).toMatch(/1 2127/);
    expect(out).toMatch(/\+OK/);
    expect(out).toContain('Subject: Test Message');
  });
});
