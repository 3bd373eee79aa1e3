// Base64 lines of SASL exchanges in IMAP AUTHENTICATE (RFC 3501 6.2.2, RFC 4959) and POP3
// AUTH (RFC 5034 4): "=" stands for an empty initial response; anything not base64 is refused.

export function decodeSaslLine(line: string): Uint8Array | undefined {
  if (line === '' || line === '=') return new Uint8Array(0);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line) || line.length % 4 !== 0) return undefined;
  return Buffer.from(line, 'base64');
}

export function encodeSaslLine(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}
