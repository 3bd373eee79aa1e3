// ~/.netrc parsing the way curl reads it (lib/netrc.c): whitespace-separated tokens,
// `machine NAME` or `default` start an entry, `login` and `password` fill it, `account` is
// read and ignored, `macdef NAME` skips its body up to the next empty line, '#' starts a
// comment, and "double quoted" values may hold spaces with \" \\ \n \r \t escapes.
// Pure: the caller reads the file.

export interface NetrcEntry {
  /** undefined = the `default` entry, which matches any host. */
  machine?: string;
  login?: string;
  password?: string;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

interface Token { value: string; line: number }

/** Splits into tokens; quoted tokens keep their spaces; macdef bodies are removed. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    let at = 0;
    while (at < line.length) {
      const char = line[at]!;
      if (/\s/.test(char)) { at++; continue; }
      if (char === '#') break;
      let value = '';
      if (char === '"') {
        for (at++; at < line.length && line[at] !== '"'; at++) {
          const c = line[at]!;
          value += c === '\\' && at + 1 < line.length ? ESCAPES[line[++at]!] ?? line[at]! : c;
        }
        at++;
      } else {
        while (at < line.length && !/\s/.test(line[at]!)) value += line[at++];
      }
      tokens.push({ value, line: index });
    }
    // macdef NAME: the macro body runs from the next line to the first empty line.
    const last = tokens.at(-1);
    const beforeLast = tokens.at(-2);
    if (beforeLast?.value === 'macdef' && beforeLast.line === index && last?.line === index) {
      while (index + 1 < lines.length && lines[index + 1]!.trim() !== '') index++;
    }
  }
  return tokens;
}

export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  const tokens = tokenize(text);
  let current: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const keyword = tokens[i]!.value;
    const argument = () => tokens[++i]?.value;
    switch (keyword) {
      case 'machine': {
        const machine = argument();
        current = machine === undefined ? undefined : { machine };
        if (current) entries.push(current);
        break;
      }
      case 'default':
        current = {};
        entries.push(current);
        break;
      case 'login':
      case 'password': {
        const value = argument();
        if (current && value !== undefined) current[keyword] = value;
        break;
      }
      case 'account':
      case 'macdef':
        argument();
        break;
      default:
        // Unknown token: ignored, as curl does.
        break;
    }
  }
  return entries;
}

/**
 * The entry for `host` (case-insensitive), else the `default` entry. With `user`, only
 * entries whose login is that user (or that have no login) match, as curl does for
 * user@host URLs.
 */
export function netrcLookup(text: string, host: string, user?: string): { login?: string; password?: string } | undefined {
  const entries = parseNetrc(text);
  const fits = (entry: NetrcEntry) => user === undefined || entry.login === undefined || entry.login === user;
  const wanted = host.toLowerCase();
  const entry =
    entries.find((e) => e.machine?.toLowerCase() === wanted && fits(e)) ??
    entries.find((e) => e.machine === undefined && fits(e));
  if (!entry) return undefined;
  const login = entry.login ?? user;
  return { ...(login !== undefined ? { login } : {}), ...(entry.password !== undefined ? { password: entry.password } : {}) };
}
