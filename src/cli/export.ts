// `mailscope export FILE --html|--markdown [-o OUT]`: a transcript as one self-contained web
// page, or as Markdown for blogs and wikis. Without -o the result goes to standard output.
// Written as the transcript is read (a recording of a 200 MB literal is 2.7 million lines):
// a first pass reads it whole without keeping it, so a file that does not parse writes nothing.

import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { MailscopeError, fileError } from '../errors.js';
import { htmlPieces } from '../transcript/export-html.js';
import { markdownPieces } from '../transcript/export-markdown.js';
import { openTranscriptSource, type TranscriptSource } from '../transcript/read-file.js';
import { writeOrWait, type OutputStream } from './backpressure.js';
import { errorLine } from './exit.js';
import type { CliIO } from './io.js';

export interface ExportCliOptions {
  html?: boolean;
  markdown?: boolean;
  output?: string;
}

/** Pieces are written in chunks of about this many characters. */
const CHUNK = 64 * 1024;

/** The export's text in pieces, from a first pass that checks the whole file and a second that writes. */
function pieces(source: TranscriptSource, html: boolean): Iterable<string> {
  if (!html) return markdownPieces(source); // its first pass finds the code blocks' fences
  for (const _ of source.entries()) { /* the first pass: checks the whole file */ }
  return htmlPieces({ header: source.header, protocol: source.protocol, entries: source.entries() });
}

/** Joins pieces into chunks of about CHUNK characters for `write`. */
async function pour(from: Iterable<string>, write: (chunk: string) => Promise<void> | undefined): Promise<void> {
  let chunk = '';
  for (const piece of from) {
    chunk += piece;
    if (chunk.length >= CHUNK) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await write(chunk);
}

/** Writing the export over the transcript it reads would cut the file short under the reader. */
function refuseSameFile(file: string, output: string): void {
  let a;
  let b;
  try {
    a = statSync(file);
    b = statSync(output);
  } catch {
    return; // the output does not exist yet
  }
  if (a.dev === b.dev && a.ino === b.ino) throw new MailscopeError('BAD_ARGUMENT', `-o ${output} is the transcript being exported: choose another file`);
}

async function exportToFile(text: Iterable<string>, output: string): Promise<void> {
  const pending = text[Symbol.iterator]();
  // The first piece comes after the first pass: a transcript that does not parse creates no file.
  const head = pending.next();
  let fd: number;
  try {
    fd = openSync(output, 'w');
  } catch (e) {
    throw fileError('FILE_UNWRITABLE', output, e);
  }
  function* all(): Generator<string> {
    if (head.done) return;
    yield head.value;
    for (let next = pending.next(); !next.done; next = pending.next()) yield next.value;
  }
  try {
    await pour(all(), (chunk) => {
      writeAll(fd, chunk, output);
      return undefined;
    });
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, chunk: string, output: string): void {
  try {
    writeSync(fd, chunk);
  } catch (e) {
    throw fileError('FILE_UNWRITABLE', output, e);
  }
}

export async function runExport(file: string, opts: ExportCliOptions, io: CliIO): Promise<number> {
  let source: TranscriptSource | undefined;
  try {
    if (opts.html === opts.markdown) throw new MailscopeError('BAD_ARGUMENT', 'export needs exactly one of --html and --markdown');
    const toStdout = opts.output === undefined || opts.output === '-';
    if (!toStdout) refuseSameFile(file, opts.output!);
    source = openTranscriptSource(file);
    const text = pieces(source, opts.html === true);
    if (toStdout) {
      // A pipe that is full (`| less`) holds the export back rather than queueing it all in memory.
      await pour(text, (chunk) => writeOrWait(io.stdout as OutputStream, chunk));
      return 0;
    }
    await exportToFile(text, opts.output!);
    io.stdout.write(`Wrote ${opts.output}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(`${errorLine(e)}\n`);
    return 2;
  } finally {
    source?.close();
  }
}
