// A transcript as Markdown for blogs and wikis: narration as paragraphs, each exchange's
// lines in a fenced code block, written exactly as in the transcript (C:/S: prefixes and
// escapes), so a reader can paste them back into a transcript file.

import { groupExchanges, transcriptProtocol } from './exchange.js';
import { serializeEntry, type Transcript } from './format.js';

/** A fence longer than any run of backticks inside the block (CommonMark 4.5). */
function fenceFor(lines: string[]): string {
  // A loop, not Math.max(...lines): an exchange can be millions of lines (a big literal), and a
  // spread of some 120,000 values overflows V8's stack.
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(lines: string[]): string {
  const fence = fenceFor(lines);
  return `${fence}text\n${lines.join('\n')}\n${fence}\n`;
}

/** Characters that would start Markdown syntax at the beginning of a prose line. */
function escapeProse(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&').replace(/^([#+-]|\d+\.)(\s)/, '\\$1$2');
}

export function exportMarkdown(t: Transcript): string {
  const protocol = transcriptProtocol(t);
  const title = `${protocol.toUpperCase()} session${t.header.server ? ` with ${t.header.server}` : ''}`;
  const parts: string[] = [`# ${escapeProse(title)}\n`];
  const meta = Object.entries(t.header).filter(([k]) => k !== 'protocol');
  if (meta.length > 0) parts.push(meta.map(([k, v]) => `- **${escapeProse(k)}**: ${escapeProse(v.replace(/\n/g, '; '))}`).join('\n') + '\n');
  for (const exchange of groupExchanges(t)) {
    let wire: string[] = [];
    const flush = (): void => {
      if (wire.length > 0) parts.push(codeBlock(wire));
      wire = [];
    };
    for (const entry of exchange.entries) {
      if (entry.kind === 'narration') {
        flush();
        parts.push(`${escapeProse(entry.text)}\n`);
      } else {
        wire.push(serializeEntry(entry));
      }
    }
    flush();
  }
  return parts.join('\n');
}
