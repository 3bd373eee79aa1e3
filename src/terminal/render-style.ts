// Styling for the pretty printer, per theme and fast. A chalk style is a wrapper: for text
// without ESC or LF, style(text) is open + text + close (chalk only rewrites text holding its
// own escape codes or line breaks). The pretty printer styles only such text (escapeControls
// has turned every control character into `\xHH`, numbers are digits), so each theme function
// is probed once and, when it wraps, its two codes are written around the text instead of a
// chalk call (and two string concatenations) per token. Themes stay what they are (a chalk
// instance each, no global state); what the probe learnt is kept beside them in a WeakMap.

import { encode, type Encoded } from './render-text-buffer.js';
import { COLOUR_SCHEME, type Style, type Theme, type TokenKind } from './theme.js';

/** One token kind's style: `open` text `close`, or, when the theme's function is no plain
 * wrapper, that function itself (`call`). Empty text always goes to the function. */
export class Wrap {
  /** `open` and `close` encoded, for text written as bytes (render-text-buffer.ts). */
  readonly openBytes: Encoded;
  readonly closeBytes: Encoded;

  constructor(
    readonly style: Style,
    readonly open: string,
    readonly close: string,
    readonly call: boolean,
  ) {
    this.openBytes = encode(open);
    this.closeBytes = encode(close);
  }

  /** The styled text as one string (for text written once, not on every line). */
  apply(text: string): string {
    return this.call || text === '' ? this.style(text) : this.open + text + this.close;
  }
}

export type Wraps = Readonly<Record<TokenKind, Wrap>>;

/** The style that leaves text as it is (unstyled segments: brackets, spaces, words of text). */
export const UNSTYLED = new Wrap((text) => text, '', '', false);

const MARK = '\u0001';

/** Texts a wrapping style must wrap alike before we trust it to (shapes the printer styles). */
const PROBES = ['a', 'NIL', '"x \\" y"', '12345', '\\Seen', 'caf\u00e9 \u263a', ' ', '(ab)', '[CODE ', '{12}'];

function wrapOf(style: Style): Wrap {
  const marked = style(MARK);
  const at = marked.indexOf(MARK);
  if (at < 0 || marked.indexOf(MARK, at + 1) >= 0) return new Wrap(style, '', '', true);
  const open = marked.slice(0, at);
  const close = marked.slice(at + 1);
  for (const probe of PROBES) if (style(probe) !== open + probe + close) return new Wrap(style, '', '', true);
  return new Wrap(style, open, close, false);
}

const wrapsByTheme = new WeakMap<Theme, Wraps>();

/**
 * How to write each of `theme`'s styles, for text without ESC or LF only (text from the
 * server that is not escaped, such as a tag, goes through the theme itself).
 */
export function wrapsOf(theme: Theme): Wraps {
  let wraps = wrapsByTheme.get(theme);
  if (wraps === undefined) {
    const entries = COLOUR_SCHEME.map((e) => [e.kind, wrapOf(theme[e.kind])] as const);
    wraps = Object.freeze(Object.fromEntries(entries) as Record<TokenKind, Wrap>);
    wrapsByTheme.set(theme, wraps);
  }
  return wraps;
}
