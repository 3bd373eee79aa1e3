// The tutorial annotates its telnet lines with `// comments`
// (`. login test77@example.com qwe123#$    // Login using E-mail and Password`). No RFC allows
// comments on the wire, so the REPL strips a `//` that follows whitespace outside quotes and
// shows the comment dimmed instead of sending it.

export interface CommentSplit {
  text: string;
  comment?: string;
}

export function splitComment(line: string): CommentSplit {
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuote) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuote = false;
    } else if (ch === '"') {
      inQuote = true;
    } else if (ch === '/' && line[i + 1] === '/' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return { text: line.slice(0, i).trimEnd(), comment: line.slice(i + 2).trim() };
    }
  }
  return { text: line };
}
