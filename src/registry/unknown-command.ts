// What to say of a command name the protocol does not have, written once for the guard-rails
// (before sending) and the hints (after a BAD): the other protocol's command (CAPA typed to
// IMAP, SELECT to POP3), HELP (the first word a newcomer tries: neither protocol has it), or a
// near miss of a real one.
import { nearestNames } from './distance.js';
import { IMAP_COMMANDS, POP3_COMMANDS, imapCommand, pop3Command } from './index.js';

export function unknownCommandText(name: string, protocol: 'imap' | 'pop3'): string {
  const upper = name.toUpperCase();
  const session = protocol === 'imap' ? 'an IMAP' : 'a POP3';
  const other = protocol === 'imap' ? pop3Command(upper) : imapCommand(upper);
  if (other) return `${upper} is ${protocol === 'imap' ? 'a POP3' : 'an IMAP'} command; this is ${session} session.`;
  if (upper === 'HELP') return `HELP is not ${session} command; mailscope's own help is :help.`;
  const names = protocol === 'imap' ? IMAP_COMMANDS.filter((c) => !c.pattern).map((c) => c.name) : POP3_COMMANDS.map((c) => c.name);
  const near = nearestNames(upper, names, 1);
  return `${upper} is not ${session} command${near.length ? `; did you mean ${near[0]}?` : '.'}`;
}
