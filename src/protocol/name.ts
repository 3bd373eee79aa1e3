// The two protocols mailscope speaks, named once for every layer.
export type Protocol = 'imap' | 'pop3';

/**
 * How each protocol's server greets, which tells them apart: IMAP `* OK`, `* PREAUTH` or
 * `* BYE` (RFC 3501 section 7.1), POP3 `+OK` (RFC 1939 section 4; `-ERR` from a server that
 * turns the connection away).
 */
const GREETINGS: ReadonlyArray<readonly [Protocol, RegExp]> = [
  ['imap', /^\* (?:OK|PREAUTH|BYE)(?:[ \r\n]|$)/i],
  ['pop3', /^(?:\+OK|-ERR)(?:[ \r\n]|$)/i],
];

/** The protocol a greeting speaks, or undefined for neither (an SMTP or HTTP server, say). */
export function greetingProtocol(line: Uint8Array): Protocol | undefined {
  let text = '';
  for (let i = 0; i < line.length && i < 16; i++) text += String.fromCharCode(line[i]);
  return GREETINGS.find(([, greeting]) => greeting.test(text))?.[0];
}
