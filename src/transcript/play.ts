// Showing a transcript as the REPL would have shown the session: server lines through the
// same reader and pretty printer, client lines echoed, narration as prose between the
// exchanges. With `step`, each command waits for Enter; with `explain`, each response is
// followed by what its parts mean.

import { isMailscopeError } from '../errors.js';
import { ImapResponseReader } from '../protocol/imap/response-reader.js';
import { escapeWireLine } from '../protocol/wire-escape.js';
import { Pop3ResponseReader } from '../protocol/pop3/response-reader.js';
import type { Pop3Event } from '../protocol/pop3/types.js';
import type { ReaderEvent } from '../protocol/imap/types.js';
import { explainPop3, explainResponse, formatLines, type ExplainTheme } from '../registry/explain.js';
import { pop3ExpectsMultiline } from '../registry/index.js';
import { renderClientLine, renderImapEvent } from '../terminal/render-imap.js';
import { renderPop3Event } from '../terminal/render-pop3.js';
import type { Theme } from '../terminal/theme.js';
import { ExchangeTracker, transcriptProtocol, type Protocol } from './exchange.js';
import { serializeEntry, type Entry, type Transcript } from './format.js';
import { entryText } from './match.js';
import { REDACTED } from './redact.js';
import { contentEnd, scanPop3Words, wordText } from './wire.js';

/** Shown after a server line written as a pattern (transcripts/README.md, "Matching"). */
export const PATTERN_NOTE = '(pattern: replay accepts any line of this form)';

/** The user's answer at a --step pause: a line (`q` quits), or the end of input (Ctrl-D). */
export type StepAnswer = 'next' | 'quit' | 'eof';

/** What --step writes while it waits and once answered. */
export interface StepPrompt {
  /** Written before waiting ('' for none). */
  hint: string;
  /** Written once answered: erases the hint, or ends its line. */
  done(answer: StepAnswer): string;
}

export const STEP_HINT = '(Enter: next command, q: quit)';

/** The hint left in place, its line ended: for output that is no terminal and for tests. */
export function plainStepPrompt(theme: Theme): StepPrompt {
  return { hint: theme.dim(STEP_HINT), done: () => '\n' };
}

export interface PlayOptions {
  theme: Theme;
  /** Wait for Enter before each command. */
  step: boolean;
  /** Explain each response (capabilities, codes, flags...). */
  explain: boolean;
  /** Shows text; a promise holds the play back until the output takes more. */
  write(text: string): void | Promise<void>;
  /** Resolves when the user asks for the next command (--step); 'quit' and 'eof' end the play. */
  waitForEnter?: () => Promise<StepAnswer | void>;
  /** The hint shown while --step waits, and what erases it; the default ends the hint's line. */
  stepPrompt?: StepPrompt;
  width?: number;
}

function explainTheme(theme: Theme): ExplainTheme {
  return { bold: theme.name, dim: theme.dim, accent: theme.code, warn: theme.error };
}

function indented(text: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
}

/** The server side of a played session: bytes in, rendered text out. */
interface ServerView {
  /** A command starts (POP3 must know whether its answer has a body). */
  command(line: Uint8Array): void;
  server(bytes: Uint8Array): string[];
  /** The response the lines so far have begun and not ended (the reader holds it, unshown). */
  unfinished(): Unfinished | undefined;
}

/** A response under way: its first line, and how many lines came after it. */
interface Unfinished {
  first: Uint8Array;
  more: number;
}

/** Follows which server lines ended a response, for ServerView.unfinished. */
class UnfinishedResponse {
  private held: Unfinished | undefined;

  /** `bytes` was pushed; `ended` whether a response (or a malformed line) came out of it. */
  line(bytes: Uint8Array, ended: boolean): void {
    if (ended) this.held = undefined;
    else if (this.held) this.held.more++;
    else this.held = { first: bytes, more: 0 };
  }

  get current(): Unfinished | undefined {
    return this.held;
  }
}

function imapView(opts: PlayOptions): ServerView {
  const reader = new ImapResponseReader();
  const unfinished = new UnfinishedResponse();
  const render = (ev: ReaderEvent): string[] => {
    const shown = renderImapEvent(ev, opts.theme, opts.width === undefined ? {} : { width: opts.width });
    const out = shown === '' ? [] : [shown];
    if (opts.explain && ev.kind === 'response') {
      const lines = explainResponse(ev.response);
      if (lines.length > 0) out.push(opts.theme.dim(indented(formatLines(lines, explainTheme(opts.theme)))));
    }
    return out;
  };
  return {
    command: () => {},
    server: (bytes) => {
      // A loop, not flatMap: this runs once per recorded line, millions of times for a big literal.
      const out: string[] = [];
      let ended = false;
      for (const ev of reader.push(bytes)) {
        if (ev.kind === 'response' || ev.kind === 'malformed') ended = true;
        for (const shown of render(ev)) out.push(shown);
      }
      unfinished.line(bytes, ended);
      return out;
    },
    unfinished: () => unfinished.current,
  };
}

function pop3View(opts: PlayOptions): ServerView {
  const reader = new Pop3ResponseReader();
  const unfinished = new UnfinishedResponse();
  reader.expectGreeting();
  let lastCommand: string | undefined;
  const render = (ev: Pop3Event): string[] => {
    const shown = renderPop3Event(ev, opts.theme, lastCommand === undefined ? {} : { command: lastCommand });
    const out = shown === '' ? [] : [shown];
    if (opts.explain && ev.kind === 'response') {
      const explained = explainPop3({
        ok: ev.ok,
        text: ev.text,
        ...(ev.code === undefined ? {} : { code: ev.code }),
        ...(ev.lines === undefined ? {} : { lines: ev.lines.map((l) => Buffer.from(l).toString('utf8')) }),
      }, lastCommand);
      if (explained.length > 0) out.push(opts.theme.dim(indented(formatLines(explained, explainTheme(opts.theme)))));
    }
    return out;
  };
  return {
    command: (line) => {
      const words = scanPop3Words(line).map((w) => wordText(line, w));
      lastCommand = words.join(' ');
      reader.expect(pop3ExpectsMultiline((words[0] ?? '').toUpperCase(), words.slice(1)));
    },
    server: (bytes) => {
      const events = reader.push(bytes);
      unfinished.line(bytes, events.some((ev) => ev.kind !== 'body-chunk'));
      return events.flatMap(render);
    },
    unfinished: () => unfinished.current,
  };
}

/**
 * Plays entries as they come, so a transcript read as a stream is shown in bounded memory: the
 * exchanges (where a command starts: --step waits there, POP3 learns whether a body follows)
 * are followed, not kept.
 */
export async function playEntries(protocol: Protocol, entries: Iterable<Entry>, opts: PlayOptions): Promise<void> {
  const view = protocol === 'pop3' ? pop3View(opts) : imapView(opts);
  try {
    await playThrough(protocol, view, entries, opts);
  } catch (e) {
    // A file cut off while it was written (read-file.ts): what was recorded of the response it
    // cuts is shown before the error, for whoever looks into the crash that cut it.
    if (isMailscopeError(e) && e.code === 'TRANSCRIPT_TRUNCATED') await showUnfinished(view.unfinished(), opts);
    throw e;
  }
}

async function showUnfinished(held: Unfinished | undefined, opts: PlayOptions): Promise<void> {
  if (!held) return;
  await opts.write(escapeWireLine(held.first) + '\n');
  const more = held.more === 0 ? '' : `… ${held.more} more line${held.more === 1 ? '' : 's'}: `;
  await opts.write(opts.theme.dim(`    ${more}the file ends before this response does`) + '\n');
}

async function playThrough(protocol: Protocol, view: ServerView, entries: Iterable<Entry>, opts: PlayOptions): Promise<void> {
  const exchanges = new ExchangeTracker(protocol);
  let redacted = false;
  for (const entry of entries) {
    const started = exchanges.next(entry);
    if (entry.kind === 'narration') {
      await opts.write(`\n${entry.text}\n`);
    } else if (entry.kind === 'event') {
      if (entry.name === 'redacted') redacted = true;
      else await opts.write(opts.theme.dim(serializeEntry(entry)) + '\n');
    } else if (entry.kind === 'client') {
      if (started?.kind === 'command') {
        if (opts.step && opts.waitForEnter) {
          const prompt = opts.stepPrompt ?? plainStepPrompt(opts.theme);
          if (prompt.hint !== '') await opts.write(prompt.hint);
          const answer = (await opts.waitForEnter()) ?? 'next';
          const erase = prompt.done(answer);
          if (erase !== '') await opts.write(erase);
          if (answer !== 'next') return;
        }
        view.command(entry.bytes.subarray(0, contentEnd(entry.bytes)));
      }
      const text = entryText(entry);
      await opts.write(renderClientLine(text, opts.theme, { redacted: redacted && maskUnreadable(text) }) + '\n');
      redacted = false;
    } else if (entry.pattern !== undefined) {
      // A wildcard line stands for what the server may send; its braces are no IMAP or POP3.
      await opts.write(opts.theme.dim(`${entry.pattern}  ${PATTERN_NOTE}`) + '\n');
    } else {
      for (const shown of view.server(entry.bytes)) await opts.write(shown + '\n');
    }
  }
}

/**
 * The recorder's mask is in the line, but base64-encoded (a SASL response): the line then says
 * a secret was hidden. A readable ***redacted*** is its own marker, and a line with no mask in
 * it (the rest of a secret literal) had nothing hidden.
 */
function maskUnreadable(text: string): boolean {
  const word = text.trim().split(/\s+/).pop() ?? '';
  return !text.includes(REDACTED) && /^[A-Za-z0-9+/]+={0,2}$/.test(word) && Buffer.from(word, 'base64').toString('latin1').includes(REDACTED);
}

/** Play the whole transcript through `opts.write`. */
export async function playTranscript(t: Transcript, opts: PlayOptions): Promise<void> {
  await playEntries(transcriptProtocol(t), t.entries, opts);
}
