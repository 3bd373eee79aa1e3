// A transcript as one self-contained web page: inline CSS only, no scripts, images, fonts or
// links to fetch, so it can be mailed, attached to a ticket or opened offline. The session
// is coloured with the terminal's scheme (COLOUR_SCHEME), narration becomes prose, and
// capabilities, codes, flags and command names carry their explanation in a title attribute.

import { COLOUR_SCHEME, type TokenKind } from '../terminal/theme.js';
import { exchangeSteps, transcriptProtocol, type Exchange, type Protocol } from './exchange.js';
import { entryText } from './match.js';
import { serializeEntry, type Entry, type Transcript } from './format.js';
import { highlightLine, type Token } from './highlight.js';
import { LiteralFramer } from './wire.js';

/** chalk style names of COLOUR_SCHEME as CSS, for a dark terminal-like background. */
const CSS_BY_STYLE: Readonly<Record<string, string>> = {
  bold: 'font-weight:bold',
  dim: 'opacity:.6',
  italic: 'font-style:italic',
  underline: 'text-decoration:underline',
  inverse: 'background:#f85149;color:#0d1117',
  gray: 'color:#8b949e',
  red: 'color:#f85149',
  redBright: 'color:#ff7b72',
  green: 'color:#3fb950',
  greenBright: 'color:#7ee787',
  yellow: 'color:#d29922',
  yellowBright: 'color:#e3b341',
  blue: 'color:#58a6ff',
  blueBright: 'color:#79c0ff',
  magenta: 'color:#bc8cff',
  magentaBright: 'color:#d2a8ff',
  cyan: 'color:#39c5cf',
  cyanBright: 'color:#56d4dd',
  white: 'color:#c9d1d9',
  whiteBright: 'color:#f0f6fc',
};

const PAGE_CSS = `
body{margin:0;background:#0d1117;color:#c9d1d9;font:16px/1.5 system-ui,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.3rem;margin:0 0 .5rem}
dl.header{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;color:#8b949e;margin:0 0 1.5rem}
dl.header dt{font-weight:bold}dl.header dd{margin:0}
p.narration{margin:1.2rem 0 .4rem;max-width:45rem}
pre.wire{background:#161b22;border:1px solid #30363d;border-radius:6px;padding:.6rem .8rem;overflow-x:auto;margin:0;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.prefix{color:#6e7681;user-select:none}
.line-client{color:#58a6ff}
.event{color:#8b949e;font-style:italic}
.body{color:#8b949e}
span[title]{border-bottom:1px dotted #6e7681;cursor:help}
footer{margin-top:2rem;color:#6e7681;font-size:.85rem}
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function schemeCss(): string {
  return COLOUR_SCHEME.map((e) => `.t-${e.kind}{${e.styles.map((s) => CSS_BY_STYLE[s] ?? '').filter(Boolean).join(';')}}`).join('\n');
}

function tokenHtml(token: Token): string {
  const text = escapeHtml(token.text);
  if (!token.kind && !token.explain) return text;
  const cls = token.kind ? ` class="t-${token.kind as TokenKind}"` : '';
  const title = token.explain ? ` title="${escapeHtml(token.explain)}"` : '';
  return `<span${cls}${title}>${text}</span>`;
}

/** Which wire lines of one exchange are body text, told a line at a time (as bodyLines tells them). */
class BodyTeller {
  private readonly framers = { client: new LiteralFramer(), server: new LiteralFramer() };
  private serverLines = 0;

  constructor(private readonly exchange: Exchange, private readonly protocol: Protocol) {}

  isBody(entry: Entry & { kind: 'client' | 'server' }): boolean {
    if (this.protocol === 'pop3') return entry.kind === 'server' && this.serverLines++ > 0 && this.exchange.kind === 'command';
    return !this.framers[entry.kind].next(entry.bytes).starts;
  }
}

/** Which wire lines are body text (an IMAP literal, a POP3 multi-line answer): shown as is. */
export function bodyLines(exchange: Exchange, protocol: Protocol): Set<Entry> {
  const teller = new BodyTeller(exchange, protocol);
  const body = new Set<Entry>();
  for (const e of exchange.entries) if ((e.kind === 'client' || e.kind === 'server') && teller.isBody(e)) body.add(e);
  return body;
}

function wireLineHtml(entry: Entry & { kind: 'client' | 'server' }, protocol: Protocol, isBody: boolean): string {
  const text = entryText(entry);
  // As in the file: an empty wire line is `S:` with no trailing space.
  const prefix = (entry.kind === 'client' ? 'C:' : 'S:') + (text === '' ? '' : ' ');
  const tokens = highlightLine(text, entry.kind, protocol, isBody);
  const cls = isBody ? 'body' : `line-${entry.kind}`;
  return `<span class="${cls}"><span class="prefix">${prefix}</span>${tokens.map(tokenHtml).join('')}</span>`;
}

/** The exchanges' sections, a piece at a time, as the entries stream by. */
function* exchangePieces(protocol: Protocol, entries: Iterable<Entry>): Generator<string> {
  let body: BodyTeller | undefined;
  let inPre = false;
  function* flush(): Generator<string> {
    if (inPre) yield '</pre>\n';
    inPre = false;
  }
  const wire = (html: string): string => {
    const piece = inPre ? `\n${html}` : `<pre class="wire">${html}`;
    inPre = true;
    return piece;
  };
  for (const { entry, exchange, first } of exchangeSteps(protocol, entries)) {
    if (first) {
      if (body) {
        yield* flush();
        yield '</section>\n';
      }
      body = new BodyTeller(exchange, protocol);
      yield '<section class="exchange">\n';
    }
    if (entry.kind === 'narration') {
      yield* flush();
      yield `<p class="narration">${escapeHtml(entry.text)}</p>\n`;
    } else if (entry.kind === 'event') {
      yield wire(`<span class="event">${escapeHtml(serializeEntry(entry))}</span>`);
    } else {
      yield wire(wireLineHtml(entry, protocol, body!.isBody(entry)));
    }
  }
  if (body) {
    yield* flush();
    yield '</section>\n';
  }
}

export interface HtmlExportOptions {
  /** The page title; default from the header. */
  title?: string;
}

export interface HtmlSource {
  header: Record<string, string>;
  protocol: Protocol;
  entries: Iterable<Entry>;
}

/** The whole page in pieces, in order, read in one pass. Every wire line appears, as its transcript text. */
export function* htmlPieces(source: HtmlSource, opts: HtmlExportOptions = {}): Generator<string> {
  const { header: fields, protocol } = source;
  const title = opts.title ?? `${protocol.toUpperCase()} session${fields.server ? ` with ${fields.server}` : ''}`;
  const header = Object.entries(fields)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v).replace(/\n/g, '<br>')}</dd>`)
    .join('');
  yield [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}${schemeCss()}\n</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    header ? `<dl class="header">${header}</dl>` : '',
    '',
  ].join('\n');
  yield* exchangePieces(protocol, source.entries);
  yield [
    '',
    '<footer>C: lines were sent by the client, S: lines by the server. Dotted words explain themselves on hover. Written by mailscope export.</footer>',
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

/** The whole page. Every wire line of the transcript appears, as its transcript text. */
export function exportHtml(t: Transcript, opts: HtmlExportOptions = {}): string {
  return [...htmlPieces({ header: t.header, protocol: transcriptProtocol(t), entries: t.entries }, opts)].join('');
}
