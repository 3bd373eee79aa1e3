// Where the tag ends and the command starts in a line the user typed. The first word is a
// tag when it is not a command name (the tutorial types `. login ...`, `a list "" "*"`), with
// one exception: when neither word is a command and the first is a near miss of one
// (`selct INBOX`), it is a misspelt command, tagged automatically so the server's BAD and our
// "did you mean SELECT?" come back under a tag of ours.
import { splitCommandLine, type SplitCommandLine } from '../protocol/imap/command-line.js';
import { isImapCommandName, isMisspeltImapCommand } from '../registry/index.js';
import type { Protocol } from '../protocol/name.js';

export function splitTypedLine(protocol: Protocol, line: string): SplitCommandLine {
  if (protocol === 'pop3') {
    const name = /^\s*(\S*)/.exec(line)![1];
    return { name, args: line.replace(/^\s*\S*\s?/, '') };
  }
  const parts = splitCommandLine(line, isImapCommandName);
  if (parts.tag === undefined || isImapCommandName(parts.name)) return parts;
  if (isMisspeltImapCommand(parts.tag) && !isMisspeltImapCommand(parts.name)) {
    return { name: parts.tag, args: line.replace(/^\s*\S+\s?/, '') };
  }
  return parts;
}
