// HOST[:PORT] as users type it, with IPv6 literals in brackets (`[::1]:143`, RFC 3986 style).
import { isIPv6 } from 'node:net';
import { MailscopeError } from '../errors.js';

import type { Protocol } from '../protocol/name.js';

export type { Protocol };

export interface Target {
  host: string;
  port?: number;
}

/** Well-known ports (IANA): 143/993 IMAP (RFC 3501, RFC 8314), 110/995 POP3 (RFC 1939, RFC 8314). */
export const WELL_KNOWN_PORTS: ReadonlyArray<{ port: number; protocol: Protocol; implicitTls: boolean }> = [
  { port: 143, protocol: 'imap', implicitTls: false },
  { port: 993, protocol: 'imap', implicitTls: true },
  { port: 110, protocol: 'pop3', implicitTls: false },
  { port: 995, protocol: 'pop3', implicitTls: true },
];

export function parseTarget(text: string): Target {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], port: parsePort(bracketed[2], text) };
  if (text.includes('[') || text.includes(']')) {
    throw new MailscopeError('BAD_ARGUMENT', `bad target "${text}": an IPv6 address goes in brackets, [::1] or [::1]:143`);
  }
  const colons = text.split(':').length - 1;
  if (colons > 1) {
    // A bare IPv6 address without a port; anything else with two colons is a typo
    // (`::1:47006`, `127.0.0.1:143:1`) that a name lookup would only call "not found".
    if (isIPv6(text)) return { host: text };
    throw new MailscopeError('BAD_ARGUMENT', `bad target "${text}": expected HOST[:PORT]; an IPv6 address with a port goes in brackets, [::1]:143`);
  }
  const [host, port] = text.split(':');
  if (!host) throw new MailscopeError('BAD_ARGUMENT', `bad target "${text}": expected HOST[:PORT] or [IPv6]:PORT`);
  return { host, port: parsePort(port, text) };
}

function parsePort(port: string | undefined, text: string): number | undefined {
  if (port === undefined) return undefined;
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) {
    throw new MailscopeError('BAD_ARGUMENT', `bad port in "${text}": expected a number from 1 to 65535`);
  }
  return n;
}

export function portInfo(port: number | undefined): (typeof WELL_KNOWN_PORTS)[number] | undefined {
  return WELL_KNOWN_PORTS.find((p) => p.port === port);
}

export function defaultPort(protocol: Protocol, implicitTls: boolean): number {
  return WELL_KNOWN_PORTS.find((p) => p.protocol === protocol && p.implicitTls === implicitTls)!.port;
}

/** Loopback hosts: secrets sent in clear to them never leave the machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '::ffff:127.0.0.1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(host);
}
