// `mailscope explain TERM...`: explains protocol words from the registry. Exit code 0 when
// every term is known, 1 when any is not (the lead wires this into commander).
import { explainTerm, formatExplanation, type ExplainTheme } from '../registry/explain.js';
import { createTheme } from '../terminal/theme.js';
import { columnsFromEnv, layoutWidth } from '../terminal/width.js';

export async function runExplain(
  terms: string[],
  out: { write(s: string): void; isTTY?: boolean; columns?: number },
  opts: { color: boolean; env?: NodeJS.ProcessEnv },
): Promise<number> {
  const theme = explainTheme(opts.color);
  let allKnown = true;
  terms.forEach((term, i) => {
    const result = explainTerm(term);
    if (!result.known) allKnown = false;
    // On a terminal prose wraps at words; a pipe gets each explanation on one line, for grep.
    out.write((i > 0 ? '\n' : '') + formatExplanation(result, theme, out.isTTY ? layoutWidth(out, columnsFromEnv(opts.env ?? {})) : undefined));
  });
  return allKnown ? 0 : 1;
}

function explainTheme(color: boolean): ExplainTheme {
  const t = createTheme({ color });
  return { bold: t.name, dim: t.dim, accent: t.capability, warn: t.error };
}
