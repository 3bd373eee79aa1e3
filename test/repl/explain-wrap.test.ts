// `:caps` and `:explain on` at a terminal's width: whole sentences, the server's spelling of
// capability names, and lines broken between words, never inside one.
import { describe, expect, it } from 'vitest';
import { firstSentence } from '../../src/terminal/features/explain.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();
const WIDTH = 80;

/** A REPL on an 80-column terminal, logged in. */
async function loggedIn() {
  const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--no-history'], { terminal: true });
  run.resize(WIDTH);
  await run.waitFor('not authenticated >');
  run.type('. login test77@example.com qwe123#$\r');
  await run.waitFor('. OK');
  return run;
}

/** The output from the line after the one typed (`typed`) on, without the prompts drawn between prints. */
function after(out: string, typed: string): string[] {
  let rest = out.slice(out.lastIndexOf(typed) + typed.length);
  rest = rest.slice(rest.indexOf('\n') + 1);
  return rest.replace(/imap 127\.0\.0\.1:\d+ plain · [^>]*> /g, '').split(/\r?\n/);
}

describe('the first sentence of an explanation', () => {
  it.each([
    ['Family: RIGHTS=<letters> lists the extra rights (e.g. RIGHTS=texk). More here.', 'Family: RIGHTS=<letters> lists the extra rights (e.g. RIGHTS=texk).'],
    ['Read it, i.e. open it. Then more.', 'Read it, i.e. open it.'],
    ['One. Two.', 'One.'],
    ['Flags, keywords etc. are kept. More.', 'Flags, keywords etc. are kept.'],
    ['A version (4.1. or later) is needed. More.', 'A version (4.1. or later) is needed.'],
    ['No full stop at all', 'No full stop at all'],
  ])('%j -> %j', (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });
});

describe(':caps at 80 columns', () => {
  it('shows whole first sentences, the server\'s spelling, and changes broken between names', async () => {
    const run = await loggedIn();
    run.type(':caps\r');
    await run.waitFor('changed since the previous list');
    await run.waitFor(/changed since[^]*authenticated >/);
    const lines = after(run.stdout(), ':caps');
    const text = lines.join('\n');
    // The demo announces IMAP4rev1 and RIGHTS=texk in mixed case (RFC 3501 9: case-insensitive, shown as sent).
    expect(text).toMatch(/^IMAP4rev1 /m);
    expect(text).toMatch(/^RIGHTS=texk /m);
    expect(text).not.toMatch(/IMAP4REV1|RIGHTS=TEXK/);
    // The sentence goes on past "(e.g." to its end.
    expect(text.replace(/\n\s+/g, ' ')).toMatch(/beyond the base set \(e\.g\. RIGHTS=texk\)\./);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(WIDTH);
    const changes = text.slice(text.indexOf('changed since the previous list:')).replace(/\n\s+/g, ' ');
    const words = changes.slice('changed since the previous list:'.length).trim().split(' ');
    // Every name whole on its line: the joined lines give back real names.
    expect(words).toEqual(expect.arrayContaining(['+COMPRESS=DEFLATE', '-STARTTLS', '-AUTH=LOGIN', '-AUTH=XOAUTH2']));
    run.type('\x04');
    expect(await run.code).toBe(0);
  });
});

describe(':explain on at 80 columns', () => {
  it('wraps each note between words, under its text, with RFC numbers kept whole', async () => {
    const run = await loggedIn();
    run.type(':explain on\r');
    await run.waitFor('explanations on');
    run.type('select INBOX\r');
    await run.waitFor(/a001 OK[^]*READ-WRITE: /);
    await run.waitFor(/READ-WRITE: [^]*INBOX read-write >/);
    const lines = after(run.stdout(), 'select INBOX');
    const notes = lines.filter((l) => /^ {2}↳ /.test(l) || /^ {4}\S/.test(l));
    expect(notes.length).toBeGreaterThan(5);
    for (const line of notes) expect(line.length).toBeLessThanOrEqual(WIDTH);
    const text = lines.join('\n');
    // HIGHESTMODSEQ's note is longer than a line: it goes on under its text.
    expect(text).toMatch(/ {2}↳ HIGHESTMODSEQ: [^\n]+\n {4}\S/);
    expect(text).toMatch(/\(RFC 7162 3\.1\.2\.1/);
    expect(text).not.toMatch(/RFC\n/);
    run.type('\x04');
    expect(await run.code).toBe(0);
  });
});

describe(':caps in raw and JSON mode', () => {
  it.each([['--raw'], ['--json']])('%s keeps the server\'s spelling (the session keeps it, not the pretty display)', async (mode) => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', mode, '-c', 'capability', '-c', ':caps']);
    expect(await run.code).toBe(0);
    // In JSON mode the meta-command's text goes to stderr, keeping stdout to JSON.
    const text = mode === '--json' ? run.stderr() : run.stdout();
    expect(text).toMatch(/^IMAP4rev1 /m);
    expect(text).not.toMatch(/^IMAP4REV1 /m);
  });
});
