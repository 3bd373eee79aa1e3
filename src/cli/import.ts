// `mailscope import PASTE -o FILE [--keep-secrets] [--imap|--pop3]`: a telnet paste
// (a blog post, a terminal scroll-back) into transcript files, with a report of the lines
// that could not be placed. PASTE `-` reads standard input.

import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { MailscopeError, fileError } from '../errors.js';
import { serializeTranscript, type Transcript } from '../transcript/format.js';
import { importPaste } from '../transcript/import.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';

export interface ImportCliOptions {
  output: string;
  keepSecrets?: boolean;
  imap?: boolean;
  pop3?: boolean;
}

/** Longest piece of an unplaced line shown in the report. */
const REPORT_WIDTH = 100;

async function readPaste(paste: string, io: CliIO): Promise<string> {
  if (paste === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(paste, 'utf8');
  } catch (e) {
    throw fileError('FILE_UNREADABLE', paste, e);
  }
}

/** FILE for one session; FILE-1.txt, FILE-2.txt... (before the extension) for several. */
export function outputNames(output: string, count: number): string[] {
  if (count === 1) return [output];
  const ext = extname(output);
  const base = ext ? output.slice(0, -ext.length) : output;
  return Array.from({ length: count }, (_, i) => `${base}-${i + 1}${ext}`);
}

function describe(t: Transcript): string {
  const clients = t.entries.filter((e) => e.kind === 'client').length;
  const servers = t.entries.filter((e) => e.kind === 'server').length;
  const where = t.header.server ? ` ${t.header.server}` : '';
  return `${t.header.protocol?.toUpperCase() ?? ''}${where}: ${clients} client lines, ${servers} server lines`;
}

export async function runImport(paste: string, opts: ImportCliOptions, io: CliIO): Promise<number> {
  try {
    if (opts.imap && opts.pop3) throw new MailscopeError('BAD_ARGUMENT', '--imap and --pop3 exclude each other: pick one');
    const text = await readPaste(paste, io);
    const importOpts = { keepSecrets: opts.keepSecrets === true, ...(opts.imap ? { protocol: 'imap' as const } : opts.pop3 ? { protocol: 'pop3' as const } : {}) };
    const result = importPaste(text, importOpts);
    if (result.sessions.length === 0) {
      io.stderr.write(`mailscope: no IMAP or POP3 lines found in ${paste}\n`);
      return 1;
    }
    const names = outputNames(opts.output, result.sessions.length);
    result.sessions.forEach((session, i) => {
      try {
        writeFileSync(names[i], serializeTranscript(session), { mode: opts.keepSecrets ? 0o600 : 0o644 });
      } catch (e) {
        throw fileError('FILE_UNWRITABLE', names[i], e);
      }
      io.stdout.write(`Wrote ${names[i]} (${describe(session)})\n`);
    });
    if (result.unplaced.length > 0) {
      io.stdout.write(`\n${result.unplaced.length} lines could not be placed (prose, headings) and were left out:\n`);
      for (const u of result.unplaced) {
        const shown = u.text.length > REPORT_WIDTH ? `${u.text.slice(0, REPORT_WIDTH)}…` : u.text;
        io.stdout.write(`  ${String(u.line).padStart(4)}: ${shown}\n`);
      }
    }
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
}
