// RFC 5322 section 3.4 address lists, with the obsolete forms of section 4.4 (routes,
// phrases with dots, missing commas): `"Name" <local@domain>`, `local@domain (Name)`,
// `Group: a@b, c@d;`, `<@route1,@route2:local@domain>`. Tolerant: junk yields fewer
// addresses, never an error. Display names stay as written (encoded words undecoded),
// since IMAP ENVELOPE carries them raw (RFC 3501 section 7.4.2).

export interface Mailbox {
  name?: string;
  /** The obsolete source route, `@route1,@route2` (RFC 3501 addr-adl). */
  route?: string;
  mailbox: string;
  /** Empty when the address has no `@domain`. */
  host: string;
}

export type AddressItem =
  | { kind: 'mailbox'; mailbox: Mailbox }
  | { kind: 'group'; name: string; members: Mailbox[] };

interface Token {
  kind: 'word' | 'quoted' | 'special' | 'comment' | 'literal';
  text: string;
  /** Whitespace (or a comment) came before this token. */
  spaced: boolean;
}

const SPECIALS = '()<>[]:;@\\,."';

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = false;
  const push = (kind: Token['kind'], value: string) => {
    tokens.push({ kind, text: value, spaced });
    spaced = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      spaced = true;
      i++;
    } else if (c === '"') {
      const [value, next] = readDelimited(text, i + 1, '"');
      push('quoted', value);
      i = next;
    } else if (c === '(') {
      const [value, next] = readComment(text, i);
      push('comment', value);
      spaced = true;
      i = next;
    } else if (c === '[') {
      const [value, next] = readDelimited(text, i + 1, ']');
      push('literal', `[${value}]`);
      i = next;
    } else if (SPECIALS.includes(c)) {
      push('special', c);
      i++;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]) && !SPECIALS.includes(text[j])) j++;
      push('word', text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function readDelimited(text: string, start: number, close: string): [string, number] {
  let out = '';
  let i = start;
  for (; i < text.length && text[i] !== close; i++) {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    out += text[i];
  }
  return [out, i + 1];
}

function readComment(text: string, start: number): [string, number] {
  let depth = 0;
  let out = '';
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth === 0) break;
    if (!(c === '(' && depth === 1)) out += c;
  }
  return [out.trim(), i + 1];
}

export function parseAddressList(text: string): AddressItem[] {
  const parser = new AddressParser(tokenize(text));
  return parser.list();
}

/** Recursive-descent over the tokens; comments are kept aside as name fallbacks. */
class AddressParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  list(): AddressItem[] {
    const items: AddressItem[] = [];
    while (this.pos < this.tokens.length) {
      if (this.isSpecial(',') || this.isSpecial(';') || this.isSpecial('>')) {
        this.pos++;
        continue;
      }
      const start = this.pos;
      const item = this.address(false);
      if (item) items.push(item);
      if (this.pos === start) this.pos++; // never loop on a token nothing consumes
    }
    return items;
  }

  private address(inGroup: boolean): AddressItem | undefined {
    const phrase = this.collect(['<', ':', ',', ';', '@']);
    const stop = this.peekSpecial();
    if (stop === ':' && !inGroup) {
      this.pos++;
      return { kind: 'group', name: joinPhrase(phrase), members: this.groupMembers() };
    }
    if (stop === '<') return this.mailboxItem(this.angleAddr(joinPhrase(phrase)));
    if (stop === '@') return this.mailboxItem(this.addrSpec(phrase));
    const bare = phrase.filter((t) => t.kind !== 'comment');
    if (bare.length === 0) return undefined;
    // A word without "@domain": Dovecot and Courier show it with an empty host.
    return this.mailboxItem({ mailbox: joinLocal(bare), host: '', name: commentName(phrase) });
  }

  /** An address with no name, local part or domain (`<>`) is no address. */
  private mailboxItem(mailbox: Mailbox): AddressItem | undefined {
    if (!mailbox.name && !mailbox.mailbox && !mailbox.host) return undefined;
    return { kind: 'mailbox', mailbox };
  }

  private groupMembers(): Mailbox[] {
    const members: Mailbox[] = [];
    while (this.pos < this.tokens.length && !this.isSpecial(';')) {
      if (this.isSpecial(',')) {
        this.pos++;
        continue;
      }
      const start = this.pos;
      const item = this.address(true);
      if (item?.kind === 'mailbox') members.push(item.mailbox);
      if (this.pos === start) this.pos++;
    }
    if (this.isSpecial(';')) this.pos++;
    return members;
  }

  /** `<` [route ":"] addr-spec `>`, the `<` is next. */
  private angleAddr(name: string): Mailbox {
    this.pos++;
    let route: string | undefined;
    if (this.isSpecial('@')) {
      const routeTokens = this.collect([':', '>']);
      if (this.isSpecial(':')) {
        this.pos++;
        route = routeTokens.filter((t) => t.kind !== 'comment').map(tokenText).join('');
      }
    }
    const local = this.collect(['@', '>', ',', ';']);
    let host = '';
    if (this.isSpecial('@')) {
      this.pos++;
      host = joinLocal(this.collect(['>', ',', ';']));
    }
    if (this.isSpecial('>')) this.pos++;
    const mailbox: Mailbox = { mailbox: joinLocal(local), host };
    if (name) mailbox.name = name;
    if (route) mailbox.route = route;
    return mailbox;
  }

  /** local-part "@" domain, where `phrase` was the local part; a trailing comment names it. */
  private addrSpec(local: Token[]): Mailbox {
    this.pos++;
    const domain = this.collect([',', ';', '<']);
    const mailbox: Mailbox = { mailbox: joinLocal(local), host: joinLocal(domain) };
    const name = commentName(domain) ?? commentName(local);
    if (name) mailbox.name = name;
    return mailbox;
  }

  private collect(stops: string[]): Token[] {
    const out: Token[] = [];
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos];
      if (t.kind === 'special' && stops.includes(t.text)) break;
      out.push(t);
      this.pos++;
    }
    return out;
  }

  private peekSpecial(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === 'special' ? t.text : undefined;
  }

  private isSpecial(text: string): boolean {
    return this.peekSpecial() === text;
  }
}

function tokenText(t: Token): string {
  return t.kind === 'quoted' ? quoteLocal(t.text) : t.text;
}

/** A display name: words joined by one space where the source had whitespace. */
function joinPhrase(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    out += (out && t.spaced ? ' ' : '') + t.text;
  }
  return out;
}

/** A local part or domain: tokens joined without whitespace, quoted parts re-quoted. */
function joinLocal(tokens: Token[]): string {
  return tokens.filter((t) => t.kind !== 'comment').map(tokenText).join('');
}

function quoteLocal(text: string): string {
  return /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/.test(text) ? text : `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

function commentName(tokens: Token[]): string | undefined {
  const comment = tokens.filter((t) => t.kind === 'comment' && t.text).pop();
  return comment?.text;
}
