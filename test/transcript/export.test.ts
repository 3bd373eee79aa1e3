import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseTranscript, serializeEntry } from '../../src/transcript/format.js';
import { exportHtml } from '../../src/transcript/export-html.js';
import { exportMarkdown } from '../../src/transcript/export-markdown.js';
import { highlightLine } from '../../src/transcript/highlight.js';
import { runExport } from '../../src/cli/export.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const FIXTURE = new URL('../fixtures/transcript/imap-basic.txt', import.meta.url);
const TOUR = new URL('../../transcripts/imap-tour.txt', import.meta.url);
const POP3 = new URL('../../transcripts/pop3-tour.txt', import.meta.url);

/** The page's visible text: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function wireLines(text: string): string[] {
  return parseTranscript(text).entries.filter((e) => e.kind === 'client' || e.kind === 'server').map(serializeEntry);
}

describe('exportHtml', () => {
  for (const url of [FIXTURE, TOUR, POP3]) {
    const text = readFileSync(url, 'utf8');
    const html = exportHtml(parseTranscript(text));

    it(`shows every wire line of ${url.pathname.split('/').pop()} as one page line`, () => {
      const lines = visibleText(html).split('\n');
      for (const line of wireLines(text)) expect(lines, line).toContain(line);
    });

    it(`references nothing outside the page (${url.pathname.split('/').pop()})`, () => {
      expect(html).not.toMatch(/<link/i);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/(src|href)\s*=/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).not.toMatch(/@import/i);
    });
  }

  it('shows narration as prose and escapes HTML in the session', () => {
    const html = exportHtml(parseTranscript('# protocol: imap\n\n# Is <b> bold?\nS: * OK <script>alert(1)</script>\n'));
    expect(html).toContain('<p class="narration">Is &lt;b&gt; bold?</p>');
    expect(html).not.toContain('<script>alert');
  });

  it('explains capabilities, codes and flags on hover, and colours status words', () => {
    const html = exportHtml(parseTranscript(readFileSync(TOUR, 'utf8')));
    expect(html).toMatch(/<span class="t-capability" title="[^"]+">IDLE<\/span>/);
    expect(html).toMatch(/<span class="t-code" title="[^"]+">UIDVALIDITY<\/span>/);
    expect(html).toMatch(/<span class="t-flag" title="[^"]+">\\Seen<\/span>/);
    expect(html).toMatch(/<span class="t-ok">OK<\/span>/);
    expect(html).toMatch(/<span class="t-client" title="[^"]+">select<\/span>/);
  });
});

describe('highlightLine', () => {
  it('keeps the line text exactly, token by token', () => {
    for (const line of ['* OK [PERMANENTFLAGS (\\Seen \\*)] Limited', 'a1 UID FETCH 1:* (FLAGS)', '* 1 FETCH (BODY[] {12}', 'a "unbalanced', '+\\x20']) {
      expect(highlightLine(line, 'server', 'imap', false).map((t) => t.text).join('')).toBe(line);
      expect(highlightLine(line, 'client', 'imap', false).map((t) => t.text).join('')).toBe(line);
    }
  });
});

describe('exportMarkdown', () => {
  it('writes narration as paragraphs and every wire line inside code blocks', () => {
    const text = readFileSync(TOUR, 'utf8');
    const md = exportMarkdown(parseTranscript(text));
    expect(md).toContain('\nLogin using e-mail and password.\n');
    for (const line of wireLines(text)) expect(md.split('\n'), line).toContain(line);
    expect(md.match(/^```text$/gm)?.length).toBe(md.match(/^```$/gm)?.length);
  });

  it('uses a longer fence when a line holds backticks', () => {
    const md = exportMarkdown(parseTranscript('S: * OK ```ready```\n'));
    expect(md).toContain('````text\nS: * OK ```ready```\n````');
  });
});

describe('runExport', () => {
  it('writes the page to -o, or to standard output; refuses both formats at once', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d) => { printed += d; });
    const io = { stdin: new PassThrough(), stdout: out, stderr: new PassThrough(), env: {}, home: tmpdir() };
    const target = join(tempDir('mailscope-export-'), 'page.html');
    expect(await runExport(FIXTURE.pathname, { html: true, output: target }, io)).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(await runExport(FIXTURE.pathname, { markdown: true }, io)).toBe(0);
    expect(printed).toContain('```text');
    expect(await runExport(FIXTURE.pathname, { html: true, markdown: true }, io)).toBe(2);
  });
});

describe('a big exchange (a 200 MB literal is millions of lines)', () => {
  it('exports to Markdown and HTML: Math.max(...lines) overflowed the stack at 120,000', () => {
    const body = Array.from({ length: 150_000 }, (_, i) => `S: line ${i} with a \`tick\``).join('\n');
    const t = parseTranscript(`# protocol: imap\n\nS: * OK hi\nC: a1 FETCH 1 BODY[]\nS: * 1 FETCH (BODY[] {9999999}\n${body}\nS: )\nS: a1 OK done\n`);
    const md = exportMarkdown(t);
    expect(md).toContain('```text\nC: a1 FETCH 1 BODY[]\n');
    expect(md).toContain('S: line 149999 with a `tick`\nS: )\nS: a1 OK done\n```');
    expect(exportHtml(t)).toContain('line 149999');
  });
});
