// Typed secrets off the screen. readline echoes what is typed; a LOGIN password, a PASS
// argument, an AUTHENTICATE initial response stayed in the terminal's scrollback as typed. The
// line holding one is written again masked after Enter, and a SASL response or a LOGIN password
// sent as a literal, known to be secret before its first key, is masked as it is typed.
// Which arguments are secret comes from the registry, through maskSecrets (as for history).
// A command cut by a literal before its secret (`login {18}`, then `user password`) is judged
// as one line: the literal stands for its argument, so the password after it is found.
import type readline from 'node:readline';
import { trailingLiteral } from '../protocol/imap/command-line.js';
import { secretArgIndexes } from '../registry/index.js';
import { MASK, maskSecrets, SASL_COMMAND } from '../session/secrets.js';
import { splitTypedLine } from '../session/typed-line.js';
import { erasePromptEscapes } from './print-batch.js';
import type { ImapClient } from '../client/imap-client.js';
import type { Pop3Client } from '../client/pop3-client.js';
import type { ProtocolClient } from '../client/types.js';
import type { Protocol } from '../protocol/name.js';

/** What the session says a line typed now is part of. */
export interface LineSituation {
  /** Part of a command in progress, not a new command. */
  continuing: boolean;
  /** A SASL response: after AUTHENTICATE (IMAP, RFC 3501 6.2.2) or AUTH (POP3, RFC 5034 4). */
  sasl: boolean;
  /** A literal's bytes (IMAP, RFC 3501 4.3), typed before or after the server's `+`. */
  literal: boolean;
}

export function situationOf(client: ProtocolClient): LineSituation {
  if (client.protocol === 'pop3') {
    const conversation = (client as Pop3Client).conversation;
    return { continuing: client.continuing, sasl: conversation?.authenticating === true, literal: false };
  }
  const mode = (client as ImapClient).conversation?.mode;
  return { continuing: client.continuing, sasl: mode === 'authenticate', literal: mode === 'literal-body' || mode === 'literal-wait' };
}

/** What the lines typed so far say the next ones are, for lines pasted ahead of the session. */
type Ahead = 'sasl' | 'secret-literal' | 'cut-command' | undefined;

/**
 * A command with a secret argument still to come, cut by a literal that is not the secret
 * (`a login {18}`, the user name as a literal, RFC 3501 4.3): the command so far as typed, its
 * `{N}` standing for that argument, and the literal's bytes still to come (CRLF counted, as
 * the session counts them). At 0 the next line goes on with the command.
 */
interface CutCommand {
  sofar: string;
  literalLeft: number;
}

/** A literal announcement alone, as `{N}`, `{N+}` or `~{N}` (RFC 3501 4.3, RFC 7888, RFC 3516). */
const LITERAL_WORD = /^~?\{\d+\+?\}$/;

/**
 * Follows the typed lines and says how each may stay on screen. A line typed while earlier
 * ones still wait for their turn (a paste) meets a session that has not seen them yet: the
 * lines before it tell what it is instead.
 */
export class SecretEcho {
  private ahead: Ahead;
  private cut: CutCommand | undefined;

  constructor(private readonly protocol: Protocol) {}

  /** Whether the whole line typed now is a secret, to be masked as it is typed. */
  typingSecret(live: LineSituation): boolean {
    return live.sasl || (live.literal && this.ahead === 'secret-literal');
  }

  /**
   * The line as it may stay on screen, or undefined when it holds no secret. `live` is the
   * session's situation when no line typed before this one waits, else undefined.
   */
  shown(line: string, live: LineSituation | undefined): string | undefined {
    const continuing = live ? live.continuing : this.ahead !== undefined;
    if (!continuing) return this.commandLine(line);
    if (this.cut && !live?.sasl) return this.cutLine(this.cut, line);
    const secret = live ? this.typingSecret(live) : true;
    // A password literal is one line as typed (`{8}`, then the password and Enter).
    if (this.ahead === 'secret-literal' && !live?.sasl) this.ahead = undefined;
    return secret && line.length > 0 ? MASK : undefined;
  }

  private commandLine(line: string): string | undefined {
    const name = splitTypedLine(this.protocol, line).name.toUpperCase();
    this.ahead = name === SASL_COMMAND[this.protocol] ? 'sasl' : undefined;
    this.cut = undefined;
    return this.judged(line, undefined);
  }

  /**
   * A line of a command cut by a literal: the literal's bytes (no secret), then what goes on
   * with the command, on the same line (the literal ended inside it) or the next.
   */
  private cutLine(cut: CutCommand, line: string): string | undefined {
    const bytes = Buffer.from(line);
    if (cut.literalLeft === 0) {
      this.cut = undefined;
      this.ahead = undefined;
      return this.judged(line, cut.sofar);
    }
    if (bytes.length + 2 <= cut.literalLeft) {
      cut.literalLeft -= bytes.length + 2;
      return undefined;
    }
    this.cut = undefined;
    this.ahead = undefined;
    // The literal ends inside the line; the rest goes on with the command (an empty rest ends it).
    const rest = bytes.subarray(cut.literalLeft).toString();
    const shown = rest === '' ? undefined : this.judged(rest, cut.sofar);
    return shown === undefined ? undefined : bytes.subarray(0, cut.literalLeft).toString() + shown;
  }

  /**
   * `text` as it may stay on screen, judged as the end of the command typed so far (`before`,
   * its literals as `{N}`), or undefined when it holds no secret. Notes what the next line is.
   */
  private judged(text: string, before: string | undefined): string | undefined {
    // A literal's end and what follows are two words, however they were typed.
    const line = before === undefined ? text : `${before} ${text}`;
    const from = line.length - text.length;
    const literal = this.protocol === 'imap' ? trailingLiteral(line) : undefined;
    const { hasSecret, safePrefix } = maskSecrets(this.protocol, line);
    if (!hasSecret) {
      const name = splitTypedLine(this.protocol, line).name.toUpperCase();
      if (literal && secretArgIndexes(this.protocol, name).length > 0) {
        this.cut = { sofar: line, literalLeft: literal.size };
        this.ahead = 'cut-command';
      }
      return undefined;
    }
    // `login user {8}`: the secret argument is the literal, typed on the next line; the size is no secret.
    const rest = line.slice(safePrefix.length).trim();
    if (literal && LITERAL_WORD.test(rest)) {
      this.ahead = 'secret-literal';
      return undefined;
    }
    // Everything from the first secret on: POP3's PASS runs to the line's end, spaces included (RFC 1939 7).
    const secretAt = line.length - line.slice(safePrefix.length).trimStart().length;
    return text.slice(0, secretAt - from) + MASK;
  }
}

/** readline's internals used here (Node 12 on; Node keeps the `_` names for code that overrides them). */
interface ReadlineInternals {
  line: string;
  _writeToOutput(text: string): void;
  _getDisplayPos(text: string): { cols: number; rows: number };
}

export interface EchoControl {
  /**
   * What writes the line entered just now again with `shown` in place: up the rows the prompt
   * and the line took (a long line wraps; Enter left the cursor on the row below), the screen
   * below erased, the prompt and `shown`. `prompt` is '' when the line was typed ahead, without one.
   */
  rewrite(prompt: string, typed: string, shown: string): string;
}

/**
 * Masks what readline echoes while `secret()` says the line typed is a secret: each character
 * shows as `*` (two for a wide one), so readline's cursor arithmetic still holds and editing
 * keys work. readline writes through `_writeToOutput` a redraw (the prompt and the line), the
 * characters inserted at the end, the space that makes the terminal open a row when the line
 * ends at the last column, and Enter's CRLF; its cursor moves and erasures go to the output
 * directly.
 */
export function controlEcho(rl: readline.Interface, secret: () => boolean): EchoControl {
  const internal = rl as unknown as ReadlineInternals;
  const write = internal._writeToOutput.bind(rl);
  const width = (text: string) => internal._getDisplayPos(text);
  const stars = (text: string) => text.replace(/[^\r\n]/gu, (ch) => '*'.repeat(Math.max(1, width(ch).cols)));
  // A line ending at the last column leaves the cursor on that row (the terminal wraps at the
  // next character), unless readline wrote its space to open the row below: one row more.
  let rowOpened = false;
  internal._writeToOutput = (text: string) => {
    const prompt = rl.getPrompt();
    const opens = text === ' ' && width(prompt + internal.line).cols === 0;
    if (text !== '\r\n') rowOpened = opens;
    if (!secret() || opens || text === '\r\n') return write(text);
    if (text.startsWith(prompt)) return write(prompt + stars(text.slice(prompt.length)));
    return write(stars(text));
  };
  return {
    rewrite(prompt, typed, shown) {
      const { rows, cols } = width(prompt + typed);
      const above = cols > 0 || (rowOpened && prompt !== '') ? rows + 1 : rows;
      return `${erasePromptEscapes(above)}${prompt}${shown}\n`;
    },
  };
}
