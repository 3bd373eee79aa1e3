// Turns what the client reports into text for the terminal or a pipe: pretty (coloured
// token by token), raw (exact bytes with C:/S: prefixes) or JSON (one object per response).
// Output goes through one injected `print`, so the REPL can print above its prompt.
import { wrapped } from '../registry/format.js';
import type { Transport } from '../client/transport.js';
import type { ClientListener } from '../client/types.js';
import type { Protocol } from '../protocol/name.js';
import type { ReaderEvent } from '../protocol/imap/types.js';
import type { Pop3Event } from '../protocol/pop3/types.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { imapEventLine, renderImapEvent, renderLiteralProgress } from './render-imap.js';
import type { WrittenLine } from './byte-batch.js';
import { renderJson } from './render-json.js';
import { renderPop3Event } from './render-pop3.js';
import { renderRaw } from './render-raw.js';
import { BodyKeeper } from './bodies.js';
import type { Theme } from './theme.js';

export type DisplayMode = 'pretty' | 'raw' | 'json';

export interface DisplayOptions {
  print(text: string): void;
  /**
   * Where the IMAP pretty printer's text goes as a line that writes itself into the output's
   * bytes, before the call returns (imapEventLine): no string is made, joined and encoded
   * again, and nothing is copied. Without it, that text goes to print.
   */
  printLine?(line: WrittenLine): void;
  /** Where JSON objects go (`--json`): stdout for a script, whose other text goes to stderr; default print. */
  printData?(text: string): void;
  /** Where warning and error notes go: stderr for a script (see SessionContext.problem); default print. */
  printProblem?(text: string): void;
  theme: Theme;
  /** Known after the greeting when it was sniffed. */
  protocol(): Protocol;
  mode: DisplayMode;
  width?: number;
  /** The POP3 command whose response is shown next (LIST lines differ from RETR bodies). */
  pop3Command?(): string | undefined;
  /** Hides secrets in client lines shown in raw mode. */
  redactClientLine(line: Uint8Array): Uint8Array;
  /** Extra lines under a response (explanations, hints); may return undefined. */
  annotate?(ev: ReaderEvent | Pop3Event): string | undefined;
  /** Mailbox names are UTF-8 on this connection now (IMAP4rev2 or UTF8=ACCEPT enabled). */
  utf8MailboxNames?(): boolean;
}

export interface Display {
  listener: Omit<ClientListener, 'closed'>;
  attach(transport: Transport): void;
  setMode(mode: DisplayMode): void;
  readonly mode: DisplayMode;
  /** The last mode other than JSON (`:json off` goes back to it: raw in a --raw session). */
  readonly textMode: Exclude<DisplayMode, 'json'>;
  /** Columns of the terminal, when known (explanations wrap to it). */
  readonly width?: number;
  /** The last literal or POP3 body, and the next one's file (:show, :save). */
  readonly bodies: BodyKeeper;
  lastEvent(): ReaderEvent | Pop3Event | undefined;
  /** Ctrl-C: stop showing responses until the next completion; the connection stays open. */
  interrupt(): void;
  /** A command completed: show responses again. */
  resume(): void;
}

export function createDisplay(opts: DisplayOptions): Display {
  const printData = opts.printData ?? opts.print;
  const printProblem = opts.printProblem ?? opts.print;
  let mode = opts.mode;
  let textMode: Exclude<DisplayMode, 'json'> = mode === 'json' ? 'pretty' : mode;
  let muted = false;
  let last: ReaderEvent | Pop3Event | undefined;
  const bodies = new BodyKeeper();
  let streamed = 0;
  let streamSize = 0;
  let clientLines = new LineSplitter();
  let serverLines = new LineSplitter();

  const pretty = (ev: ReaderEvent | Pop3Event): string => {
    if (opts.protocol() === 'pop3') {
      return renderPop3Event(ev as Pop3Event, opts.theme, { command: opts.pop3Command?.(), width: opts.width });
    }
    return renderImapEvent(ev as ReaderEvent, opts.theme, { width: opts.width, utf8MailboxNames: opts.utf8MailboxNames?.() });
  };

  const printLines = (lines: string[]): void => {
    if (lines.length > 0) opts.print(lines.join('\n'));
  };

  /** Progress of a streamed literal, for the line shown at its end. */
  const trackLiteral = (ev: ReaderEvent | Pop3Event): void => {
    if (ev.kind === 'literal-start') {
      streamed = 0;
      streamSize = ev.size;
    } else if (ev.kind === 'literal-chunk') {
      streamed += ev.data.length;
    }
  };

  const show = (ev: ReaderEvent | Pop3Event): void => {
    if (ev.kind === 'literal-chunk' || ev.kind === 'body-chunk') return;
    if (ev.kind !== 'literal-start' && ev.kind !== 'literal-end') last = ev;
    if (mode === 'raw') return;
    if (mode === 'json') {
      if (ev.kind !== 'literal-start' && ev.kind !== 'literal-end') printData(renderJson(ev as never, 'S'));
      return;
    }
    if (ev.kind === 'literal-end') {
      opts.print(opts.theme.dim(renderLiteralProgress(streamed, streamSize)));
      return;
    }
    if (ev.kind === 'literal-start') return;
    if (muted && 'response' in ev && ev.response.kind === 'status' && ev.response.tag !== undefined) muted = false;
    if (muted) return;
    if (opts.printLine !== undefined && opts.protocol() === 'imap') {
      const line = imapEventLine(ev as ReaderEvent, opts.theme, { width: opts.width, utf8MailboxNames: opts.utf8MailboxNames?.() });
      if (line !== undefined) opts.printLine(line);
    } else {
      const text = pretty(ev);
      if (text) opts.print(text);
    }
    const extra = opts.annotate?.(ev);
    if (extra) opts.print(extra);
  };

  const listener: Display['listener'] = {
    serverEvent(raw: unknown) {
      const ev = raw as ReaderEvent | Pop3Event;
      trackLiteral(ev);
      show(ev);
      // After showing: a `:save next` reports under the response it saved from.
      bodies.event(ev);
    },
    clientLine(text: string) {
      if (mode === 'pretty') opts.print(text);
    },
    note(level, text) {
      const style = level === 'info' ? opts.theme.dim : level === 'warn' ? opts.theme.no : opts.theme.problem;
      if (mode === 'json') printData(JSON.stringify({ type: 'note', level, text }));
      // Wrapped at the terminal's width, the lines after the first under the text.
      else (level === 'info' ? opts.print : printProblem)(wrapped(`${level === 'info' ? '·' : level === 'warn' ? '!' : '✗'} ${text}`, '', opts.width, style, '  ').trimEnd());
    },
  };

  return {
    get width() {
      return opts.width;
    },
    listener,
    get mode() {
      return mode;
    },
    get textMode() {
      return textMode;
    },
    setMode(next) {
      mode = next;
      if (next !== 'json') textMode = next;
    },
    attach(transport) {
      // A new connection (:reconnect) starts on a line boundary whatever the old one ended with.
      clientLines = new LineSplitter();
      serverLines = new LineSplitter();
      transport.addTap({
        // One print per chunk, not per line: a 200 MB literal is 2.7 million lines, and a
        // write each kept raw mode at 17 MB/s (two thirds of the time in the write calls).
        client(bytes) {
          if (mode === 'json') {
            // What was sent, as `"direction":"C"` objects between the answers: POP3 has no tags,
            // and a script pairs each answer with the command before it.
            for (const line of clientLines.push(bytes)) printData(renderJson({ kind: 'client', raw: opts.redactClientLine(line) }, 'C'));
            return;
          }
          if (mode !== 'raw') return;
          printLines(clientLines.push(bytes).map((line) => renderRaw('C', opts.redactClientLine(line), opts.theme)));
        },
        server(bytes) {
          if (mode !== 'raw') return;
          // Ctrl-C stops the display here too: lines are cut (so a line split across chunks stays
          // whole) but not shown, except IMAP completions, which pretty mode shows as well.
          const lines = serverLines.push(bytes);
          const shown = muted ? lines.filter((line) => opts.protocol() === 'imap' && isTaggedStatus(line)) : lines;
          printLines(shown.map((line) => renderRaw('S', line, opts.theme)));
        },
      });
    },
    bodies,
    interrupt() {
      muted = true;
    },
    resume() {
      muted = false;
    },
    lastEvent: () => last,
  };
}

/** `tag OK|NO|BAD ...` (RFC 3501 7.1): not `*` or `+`. A literal's line can look alike; shown then, harmless. */
function isTaggedStatus(line: Uint8Array): boolean {
  return /^[^*+ \r\n][^ \r\n]* (OK|NO|BAD)\b/i.test(Buffer.from(line.subarray(0, 64)).toString('latin1'));
}
