// `mailscope explain TERM...` (src/cli/explain.ts): output and exit code.
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/explain.js';

async function run(terms: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await runExplain(terms, { write: (s) => { text += s; } }, { color: false });
  return { code, text };
}

describe('runExplain', () => {
  it('explains known terms in plain text and exits 0', async () => {
    const { code, text } = await run(['IDLE', 'acdilrsw']);
    expect(code).toBe(0);
    expect(text).toContain('IDLE: IMAP command (RFC 2177; RFC 9051 6.3.13)');
    expect(text).toContain('acdilrsw: ACL rights string');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('exits 1 when any term is unknown, still explaining the others', async () => {
    const { code, text } = await run(['NOOP', 'frobnicate']);
    expect(code).toBe(1);
    expect(text).toContain('NOOP: IMAP command');
    expect(text).toContain('frobnicate: unknown');
  });

  it('colours when asked', async () => {
    let text = '';
    await runExplain(['NOOP'], { write: (s) => { text += s; } }, { color: true });
    expect(text).toMatch(/\u001b\[/);
  });

  it('wraps prose at words to a terminal\'s width, and keeps one line per paragraph in a pipe', async () => {
    let onTerminal = '';
    await runExplain(['PERMANENTFLAGS'], { write: (s) => { onTerminal += s; }, isTTY: true, columns: 50 }, { color: false });
    const { text: piped } = await run(['PERMANENTFLAGS']);
    const lines = onTerminal.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(piped.trimEnd().split('\n').length);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(50);
    // Same words, same order: only the line breaks moved, each continuation under the indent.
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words(onTerminal)).toEqual(words(piped));
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
  });
});
