// A transcript as one self-contained web page: inline CSS only, no scripts, images, fonts or
// links to fetch, so it can be mailed, attached to a ticket or opened offline. The session
// is coloured with the terminal's scheme (COLOUR_SCHEME), narration becomes prose, and
// capabilities, codes, flags and command names carry their explanation in a title attribute.

import { COLOUR_SCHEME, type TokenKind } from '../terminal/theme.js';
import { groupExchanges, transcriptProtocol, type Exchange, type Protocol } from './exchange.js';
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

/** Which wire lines are body text (an IMAP literal, a POP3 multi-line answer): shown as is. */
export function bodyLines(exchange: Exchange, protocol: Protocol): Set<Entry> {
  const body = new Set<Entry>();
  if (protocol === 'pop3') {
    const servers = exchange.entries.filter((e) => e.kind === 'server');
    if (exchange.kind === 'command') for (const e of servers.slice(1)) body.add(e);
    return body;
  }
  const framers = { client: new LiteralFramer(), server: new LiteralFramer() };
  for (const e of exchange.entries) {
    if (e.kind !== 'client' && e.kind !== 'server') continue;
    const framed = framers[e.kind].next(e.bytes);
    if (!framed.starts) body.add(e);
  }
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

function exchangeHtml(exchange: Exchange, protocol: Protocol): string {
  const body = bodyLines(exchange, protocol);
  let html = '';
  let wire: string[] = [];
  const flush = (): void => {
    if (wire.length > 0) html += `<pre class="wire">${wire.join('\n')}</pre>\n`;
    wire = [];
  };
  for (const entry of exchange.entries) {
    if (entry.kind === 'narration') {
      flush();
      html += `<p class="narration">${escapeHtml(entry.text)}</p>\n`;
    } else if (entry.kind === 'event') {
      wire.push(`<span class="event">${escapeHtml(serializeEntry(entry))}</span>`);
    } else {
      wire.push(wireLineHtml(entry, protocol, body.has(entry)));
    }
  }
  flush();
  return `<section class="exchange">\n${html}</section>\n`;
}

export interface HtmlExportOptions {
  /** The page title; default from the header. */
  title?: string;
}

/** The whole page. Every wire line of the transcript appears, as its transcript text. */
export function exportHtml(t: Transcript, opts: HtmlExportOptions = {}): string {
  const protocol = transcriptProtocol(t);
  const title = opts.title ?? `${protocol.toUpperCase()} session${t.header.server ? ` with ${t.header.server}` : ''}`;
  const header = Object.entries(t.header)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v).replace(/\n/g, '<br>')}</dd>`)
    .join('');
  const exchanges = groupExchanges(t).map((x) => exchangeHtml(x, protocol)).join('');
  return [
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
    exchanges,
    '<footer>C: lines were sent by the client, S: lines by the server. Dotted words explain themselves on hover. Written by mailscope export.</footer>',
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
