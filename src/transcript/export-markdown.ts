// A transcript as Markdown for blogs and wikis: narration as paragraphs, each exchange's
// lines in a fenced code block, written exactly as in the transcript (C:/S: prefixes and
// escapes), so a reader can paste them back into a transcript file.
//
// Written as it is read, in two passes over the entries: the first finds each block's fence
// (it must be longer than any run of backticks inside the block), the second writes. A block
// can be a 200 MB literal's 2.7 million lines, so it is never held.

import { exchangeSteps, transcriptProtocol, type Protocol } from './exchange.js';
import { serializeEntry, type Entry, type Transcript } from './format.js';

/** The longest run of backticks in `line`. */
function longestBacktickRun(line: string): number {
  let longest = 0;
  for (let i = line.indexOf('`'); i >= 0; i = line.indexOf('`', i)) {
    let end = i;
    while (line.charCodeAt(end) === 0x60) end++;
    longest = Math.max(longest, end - i);
    i = end;
  }
  return longest;
}

/** A fence longer than any run of backticks inside the block (CommonMark 4.5). */
function fence(longestRun: number): string {
  return '`'.repeat(Math.max(3, longestRun + 1));
}

/** Characters that would start Markdown syntax at the beginning of a prose line. */
function escapeProse(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&').replace(/^([#+-]|\d+\.)(\s)/, '\\$1$2');
}

type BlockEvent = { kind: 'line'; text: string } | { kind: 'end' } | { kind: 'narration'; text: string };

/** The code blocks and paragraphs: a block is an exchange's lines between narration; `end` ends the one under way. */
function* blockEvents(protocol: Protocol, entries: Iterable<Entry>): Generator<BlockEvent> {
  for (const { entry, first } of exchangeSteps(protocol, entries)) {
    if (first) yield { kind: 'end' };
    if (entry.kind === 'narration') {
      yield { kind: 'end' };
      yield { kind: 'narration', text: entry.text };
    } else yield { kind: 'line', text: serializeEntry(entry) };
  }
  yield { kind: 'end' };
}

/** First pass: the longest backtick run of each code block, in order. */
function blockRuns(protocol: Protocol, entries: Iterable<Entry>): number[] {
  const runs: number[] = [];
  let open = false;
  let longest = 0;
  for (const event of blockEvents(protocol, entries)) {
    if (event.kind === 'line') {
      open = true;
      if (event.text.includes('`')) longest = Math.max(longest, longestBacktickRun(event.text));
    } else if (event.kind === 'end') {
      if (open) runs.push(longest);
      open = false;
      longest = 0;
    }
  }
  return runs;
}

export interface MarkdownSource {
  header: Record<string, string>;
  protocol: Protocol;
  /** The entries from the start; called once per pass (twice), each time reading them anew. */
  entries: () => Iterable<Entry>;
}

/**
 * The Markdown text in pieces, in order. The first pass over the entries runs before the first
 * piece is given, so a transcript that does not parse gives none.
 */
export function* markdownPieces(source: MarkdownSource): Generator<string> {
  const runs = blockRuns(source.protocol, source.entries());
  const { header } = source;
  const title = `${source.protocol.toUpperCase()} session${header.server ? ` with ${header.server}` : ''}`;
  // The parts (title, header list, blocks, paragraphs) are joined by a blank line's LF.
  yield `# ${escapeProse(title)}\n`;
  const meta = Object.entries(header).filter(([k]) => k !== 'protocol');
  if (meta.length > 0) yield '\n' + meta.map(([k, v]) => `- **${escapeProse(k)}**: ${escapeProse(v.replace(/\n/g, '; '))}`).join('\n') + '\n';
  let block = 0;
  let open: string | undefined;
  for (const event of blockEvents(source.protocol, source.entries())) {
    if (event.kind === 'narration') yield `\n${escapeProse(event.text)}\n`;
    else if (event.kind === 'end') {
      if (open !== undefined) yield `\n${open}\n`;
      open = undefined;
    } else if (open === undefined) {
      open = fence(runs[block++] ?? longestBacktickRun(event.text));
      yield `\n${open}text\n${event.text}`;
    } else yield `\n${event.text}`;
  }
}

export function exportMarkdown(t: Transcript): string {
  return [...markdownPieces({ header: t.header, protocol: transcriptProtocol(t), entries: () => t.entries })].join('');
}
