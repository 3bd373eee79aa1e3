// `mailscope export FILE --html|--markdown [-o OUT]`: a transcript as one self-contained web
// page, or as Markdown for blogs and wikis. Without -o the result goes to standard output.

import { writeFileSync } from 'node:fs';
import { MailscopeError, fileError } from '../errors.js';
import { exportHtml } from '../transcript/export-html.js';
import { exportMarkdown } from '../transcript/export-markdown.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';
import { readTranscriptFile } from './replay.js';

export interface ExportCliOptions {
  html?: boolean;
  markdown?: boolean;
  output?: string;
}

export async function runExport(file: string, opts: ExportCliOptions, io: CliIO): Promise<number> {
  try {
    if (opts.html === opts.markdown) throw new MailscopeError('BAD_ARGUMENT', 'export needs exactly one of --html and --markdown');
    const t = readTranscriptFile(file);
    const text = opts.html ? exportHtml(t) : exportMarkdown(t);
    if (opts.output === undefined || opts.output === '-') {
      io.stdout.write(text);
      return 0;
    }
    try {
      writeFileSync(opts.output, text);
    } catch (e) {
      throw fileError('FILE_UNWRITABLE', opts.output, e);
    }
    io.stdout.write(`Wrote ${opts.output}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
}
