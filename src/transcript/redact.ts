// Masking secrets in client lines before they reach a transcript. Which argument is secret
// comes from the registry (`secret: true` in the command tables); SASL responses are decoded,
// masked and re-encoded by the SASL layer, so the user name stays readable.
// The mask is the SASL layer's `***redacted***`, so replay can find the spot again.

import { secretArgIndexes } from '../registry/index.js';
import { redactSaslChallenge, redactSaslResponse } from '../protocol/sasl/index.js';
import { REDACTED } from '../protocol/sasl/bytes.js';
import type { Protocol } from './exchange.js';
import {
  LiteralFramer, contentEnd, imapCommandHead, imapCompletionStatus, pop3Status, scanImapWords, scanPop3Words, wordText,
  type Word,
} from './wire.js';

export { REDACTED };

export { SASL_COMMAND } from '../session/secrets.js';
import { SASL_COMMAND } from '../session/secrets.js';

export interface RedactedLine {
  bytes: Uint8Array;
  /** What was masked, for the `= redacted` event and the summary (`LOGIN password`). */
  redacted?: string;
}

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

interface SaslState {
  mech: string;
  step: number;
  /** IMAP: the AUTHENTICATE tag, whose completion ends the exchange. */
  tag?: string;
}

function replaceRange(line: Uint8Array, start: number, end: number, by: Uint8Array): Uint8Array {
  return Buffer.concat([line.subarray(0, start), by, line.subarray(end)]);
}

/** The masked SASL response text, or undefined when nothing was secret (`*`, `=`). */
function saslMask(state: SaslState, response: string): string | undefined {
  const masked = redactSaslResponse(state.mech, response, state.step++);
  return masked === response ? undefined : masked;
}

/**
 * A server line during a SASL exchange: a `+ ` challenge (RFC 3501 6.2.2, RFC 5034 4) with what
 * would verify a password guess masked (SCRAM's server signature), else as it is.
 */
function maskChallenge(state: SaslState, line: Uint8Array, command: string): RedactedLine {
  const end = contentEnd(line);
  if (end < 2 || line[0] !== PLUS || line[1] !== SPACE) return { bytes: line };
  const masked = redactSaslChallenge(state.mech, wordText(line, { start: 2, end, kind: 'atom' }));
  if (masked === undefined) return { bytes: line };
  return { bytes: replaceRange(line, 2, end, enc(masked)), redacted: `${command} ${state.mech.toUpperCase()} server signature` };
}

const PLUS = 0x2b;
const SPACE = 0x20;

function maskSasl(state: SaslState, line: Uint8Array, start: number, end: number, command: string): RedactedLine {
  const masked = saslMask(state, wordText(line, { start, end, kind: 'atom' }));
  if (masked === undefined) return { bytes: line };
  return { bytes: replaceRange(line, start, end, enc(masked)), redacted: `${command} ${state.mech.toUpperCase()} response` };
}

interface ImapCommandState {
  name: string;
  argIndex: number;
  secrets: readonly number[];
  /** A secret argument was sent as a literal: its body lines are masked. */
  secretLiteral: 'none' | 'announced' | 'masking';
}

/** Per-connection redaction for IMAP: LOGIN (atom, quoted, literal), AUTHENTICATE. */
export class ImapRedactor {
  private readonly framer = new LiteralFramer();
  private sasl: SaslState | undefined;
  private command: ImapCommandState | undefined;

  client(line: Uint8Array): RedactedLine {
    const framed = this.framer.next(line);
    if (framed.starts && this.sasl) return maskSasl(this.sasl, line, 0, contentEnd(line), SASL_COMMAND.imap);
    const notes: string[] = [];
    const literal = this.maskLiteral(framed.literal, notes);
    const text = this.maskText(framed.text, framed.starts, notes);
    const bytes = literal === framed.literal && text === framed.text ? line : Buffer.concat([literal, text]);
    return notes.length > 0 ? { bytes, redacted: notes.join(', ') } : { bytes };
  }

  /** The literal body part of a line: the first line of a secret literal shows the mask, later ones nothing. */
  private maskLiteral(literal: Uint8Array, notes: string[]): Uint8Array {
    const command = this.command;
    if (!command || command.secretLiteral === 'none' || literal.length === 0) return literal;
    const first = command.secretLiteral === 'announced';
    command.secretLiteral = 'masking';
    if (first) notes.push(`${command.name} password (literal)`);
    return first ? enc(REDACTED) : new Uint8Array(0);
  }

  private maskText(text: Uint8Array, starts: boolean, notes: string[]): Uint8Array {
    let words = scanImapWords(text);
    if (starts) {
      const head = imapCommandHead(text);
      this.command = head && { name: head.name, argIndex: 0, secrets: secretArgIndexes('imap', head.name), secretLiteral: 'none' };
      if (!head) return text;
      words = words.slice(head.argsFrom);
      if (head.name === SASL_COMMAND.imap && words[0]) this.sasl = { mech: wordText(text, words[0]), step: 0, tag: head.tag };
    }
    const command = this.command;
    if (!command) return text;
    if (text.length > 0) command.secretLiteral = 'none';
    const masks: Array<{ word: Word; by: string }> = [];
    for (const word of words) {
      if (!command.secrets.includes(command.argIndex++)) continue;
      if (command.name === SASL_COMMAND.imap && this.sasl) {
        const masked = saslMask(this.sasl, wordText(text, word));
        if (masked !== undefined) masks.push({ word, by: masked });
        if (masked !== undefined) notes.push(`${command.name} ${this.sasl.mech.toUpperCase()} initial response`);
      } else if (word.kind === 'literal') {
        command.secretLiteral = 'announced';
      } else {
        masks.push({ word, by: REDACTED });
        notes.push(`${command.name} password`);
      }
    }
    let result = text;
    // From the last word back, so the earlier words' offsets stay valid.
    for (const m of masks.reverse()) result = replaceRange(result, m.word.start, m.word.end, enc(m.by));
    return result;
  }

  server(line: Uint8Array): RedactedLine {
    if (!this.sasl) return { bytes: line };
    if (this.sasl.tag && imapCompletionStatus(line, this.sasl.tag)) {
      this.sasl = undefined;
      return { bytes: line };
    }
    return maskChallenge(this.sasl, line, SASL_COMMAND.imap);
  }
}

/** Per-connection redaction for POP3: PASS, APOP digest, AUTH. */
export class Pop3Redactor {
  private sasl: SaslState | undefined;

  client(line: Uint8Array): RedactedLine {
    if (this.sasl) return maskSasl(this.sasl, line, 0, contentEnd(line), SASL_COMMAND.pop3);
    const words = scanPop3Words(line);
    if (words.length === 0) return { bytes: line };
    const name = wordText(line, words[0]).toUpperCase();
    const args = words.slice(1);
    if (name === SASL_COMMAND.pop3 && args[0]) {
      this.sasl = { mech: wordText(line, args[0]), step: 0 };
      if (args[1]) return maskSasl(this.sasl, line, args[1].start, contentEnd(line), SASL_COMMAND.pop3);
      return { bytes: line };
    }
    const secrets = secretArgIndexes('pop3', name);
    const first = args.findIndex((_, i) => secrets.includes(i));
    if (first < 0) return { bytes: line };
    // RFC 1939 section 7: a PASS argument may contain spaces, so the secret runs to the line end.
    return { bytes: replaceRange(line, args[first].start, contentEnd(line), enc(REDACTED)), redacted: name === 'APOP' ? 'APOP digest' : `${name} password` };
  }

  server(line: Uint8Array): RedactedLine {
    if (!this.sasl) return { bytes: line };
    const status = pop3Status(line);
    if (status === '+OK' || status === '-ERR') {
      this.sasl = undefined;
      return { bytes: line };
    }
    return maskChallenge(this.sasl, line, SASL_COMMAND.pop3);
  }
}

export function createRedactor(protocol: Protocol): ImapRedactor | Pop3Redactor {
  return protocol === 'pop3' ? new Pop3Redactor() : new ImapRedactor();
}
