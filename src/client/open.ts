// From HOST[:PORT] and flags to a greeted protocol client: pick the port and protocol
// (flag, else well-known port, else the greeting), connect plain or with implicit TLS, and
// run STARTTLS/STLS when asked, refusing a silent downgrade.
import type net from 'node:net';
import type tls from 'node:tls';
import { MailscopeError } from '../errors.js';
import { connectPlain, connectTls, upgradeToTls, where, type Endpoint, type TlsSettings } from '../net/connect.js';
import { defaultPort, portInfo, type Protocol, type Target } from '../net/target.js';
import { greetingProtocol } from '../protocol/name.js';
import { readTlsFiles } from '../net/tls-files.js';
import { firstLine, ImapClient } from './imap-client.js';
import { Pop3Client } from './pop3-client.js';
import { Transport } from './transport.js';
import { answeredInTime } from './answers.js';
import type { ClientListener, ProtocolClient } from './types.js';

export type Security = 'tls' | 'starttls' | 'plain';

export interface OpenSettings {
  target: Target;
  protocol?: Protocol;
  /** Undefined: implicit TLS on 993/995, plain elsewhere. */
  security?: Security;
  tls: TlsSettings;
  timeoutMs: number;
  tagPrefix?: string;
}

export interface OpenHooks {
  listener: ClientListener;
  /** Called once the transport exists, before any byte is read (taps for raw mode, recording). */
  onTransport?(transport: Transport): void;
  /** Called once the protocol is known (from a flag, the port, or the greeting), before any response is shown. */
  onProtocol?(protocol: Protocol): void;
  /** Called after a TLS handshake (implicit or STARTTLS) with the TLS socket. */
  onTls?(socket: tls.TLSSocket): void;
}

export interface OpenClient {
  client: ProtocolClient;
  transport: Transport;
  endpoint: Endpoint;
  protocol: Protocol;
  security: Security;
}

export function resolveEndpoint(settings: OpenSettings): { endpoint: Endpoint; implicitTls: boolean; protocol?: Protocol } {
  const known = portInfo(settings.target.port);
  const protocol = settings.protocol ?? known?.protocol;
  const implicitTls = settings.security === 'tls' || (settings.security === undefined && known?.implicitTls === true);
  const port = settings.target.port ?? defaultPort(protocol ?? 'imap', implicitTls);
  return { endpoint: { host: settings.target.host, port }, implicitTls, protocol: protocol ?? portInfo(port)?.protocol };
}

export async function openClient(settings: OpenSettings, hooks: OpenHooks): Promise<OpenClient> {
  const { endpoint, implicitTls, protocol: known } = resolveEndpoint(settings);
  // A wrong --ca/--cert/--key file is named before connecting, whatever the mode: not after the
  // server's STARTTLS OK, nor ignored on a plain connection (where `:starttls` would meet it later).
  if (!implicitTls) readTlsFiles(settings.tls);
  const socket: net.Socket | tls.TLSSocket = implicitTls
    ? await connectTls(endpoint, settings.tls, settings.timeoutMs)
    : await connectPlain(endpoint, settings.timeoutMs);
  if (implicitTls) hooks.onTls?.(socket as tls.TLSSocket);
  const transport = new Transport(socket);
  try {
    return await greet(transport, settings, hooks, { endpoint, implicitTls, known });
  } catch (err) {
    // Whatever went wrong (no greeting, an unknown protocol, STARTTLS refused), the socket must
    // not stay open: it would keep the process alive after the error was reported.
    socket.destroy();
    throw err;
  }
}

/** From the connected socket to a greeted client (and through STARTTLS when asked). */
async function greet(
  transport: Transport,
  settings: OpenSettings,
  hooks: OpenHooks,
  { endpoint, implicitTls, known }: { endpoint: Endpoint; implicitTls: boolean; known: Protocol | undefined },
): Promise<OpenClient> {
  hooks.onTransport?.(transport);
  const protocol = known ?? (await sniffProtocol(transport, endpoint, settings.timeoutMs));
  hooks.onProtocol?.(protocol);
  const client =
    protocol === 'imap'
      ? new ImapClient(transport, hooks.listener, { tagPrefix: settings.tagPrefix })
      : new Pop3Client(transport, hooks.listener);
  const greeted = await withTimeout(client.greeting, settings.timeoutMs, endpoint, 'greeting', tlsHint(transport));
  if (!greeted && client.unexpectedGreeting !== undefined) {
    const line = client.unexpectedGreeting;
    const other = protocol === 'imap' ? 'pop3' : 'imap';
    const advice = otherService(line).includes(other.toUpperCase()) ? `use --${other}` : 'check the host and port';
    throw new MailscopeError(
      'PROTOCOL_UNKNOWN',
      `${where(endpoint)} did not greet like ${protocol === 'imap' ? 'an IMAP' : 'a POP3'} server: "${line}"${otherService(line)}; ${advice}`,
    );
  }
  if (!greeted && transport.isClosed) {
    throw new MailscopeError('CONNECTION_CLOSED', `${where(endpoint)} closed the connection before greeting`);
  }
  const security: Security = implicitTls ? 'tls' : settings.security === 'starttls' ? 'starttls' : 'plain';
  if (security === 'starttls') await startTls(client, transport, endpoint, settings, hooks);
  return { client, transport, endpoint, protocol, security };
}

/** STARTTLS (RFC 3501 section 6.2.1) or STLS (RFC 2595 section 4), then capabilities again. */
export async function startTls(
  client: ProtocolClient,
  transport: Transport,
  endpoint: Endpoint,
  settings: OpenSettings,
  hooks: Pick<OpenHooks, 'onTls' | 'listener'>,
): Promise<void> {
  const isImap = client.protocol === 'imap';
  const [askCaps, verb, capName] = isImap ? ['CAPABILITY', 'STARTTLS', 'STARTTLS'] : ['CAPA', 'STLS', 'STLS'];
  // Each answer within --timeout: a server that greets and then goes silent must not hang here.
  const ask = (line: string) => answeredInTime(client, transport, settings.timeoutMs, client.command(line));
  if (!client.capabilities.has(capName)) await ask(askCaps);
  if (!client.capabilities.has(capName)) {
    throw new MailscopeError(
      'STARTTLS_UNAVAILABLE',
      `${where(endpoint)} does not offer ${capName}: refusing to continue in clear (use --plain to talk without TLS)`,
    );
  }
  const reply = await ask(verb);
  if (!reply.ok) throw new MailscopeError('STARTTLS_UNAVAILABLE', `${where(endpoint)} refused ${verb} (${reply.status})`);
  const injected = transport.detach();
  if (injected > 0) hooks.listener.note('warn', clearTextAfterOk(injected, verb));
  let secure: tls.TLSSocket;
  try {
    secure = await upgradeToTls(transport.socket as net.Socket, endpoint, settings.tls, settings.timeoutMs);
  } catch (err) {
    // After the OK nothing can go back to clear text (RFC 9051 6.2.1): the connection ends here.
    transport.abort(err as Error);
    throw err;
  }
  transport.replaceSocket(secure);
  transport.event('starttls');
  hooks.onTls?.(secure);
  forgetCapabilities(client);
  await ask(askCaps);
  reportCapabilityChange(client, hooks.listener, `after ${verb}`);
}

/**
 * A server sends nothing between its STARTTLS/STLS OK and the TLS handshake; bytes there are
 * what a man in the middle injects to be read as if TLS had protected them (Poddebniak et al.,
 * "Why TLS is better without STARTTLS", USENIX Security 2021). They are dropped unread.
 */
export function clearTextAfterOk(bytes: number, verb: string): string {
  return `the server sent ${bytes} byte${bytes === 1 ? '' : 's'} in clear text after its ${verb} OK, before TLS: discarded unread (only what comes over TLS is trusted)`;
}

function forgetCapabilities(client: ProtocolClient): void {
  if (client instanceof ImapClient) client.conversation.tracker.forgetCapabilities();
  else if (client instanceof Pop3Client) client.conversation.forgetCapabilities();
}

/** Says which capabilities appeared or went away (e.g. AUTH=PLAIN after STARTTLS). */
export function reportCapabilityChange(client: ProtocolClient, listener: ClientListener, when: string): void {
  const before = client.previousCapabilities;
  if (!before) return;
  const now = client.capabilities;
  const added = [...now].filter((c) => !before.has(c));
  const removed = [...before].filter((c) => !now.has(c));
  if (added.length === 0 && removed.length === 0) {
    listener.note('info', `capabilities unchanged ${when}`);
    return;
  }
  const spelt = (names: string[]) => names.map((c) => client.spelt(c)).join(' ');
  const parts = [added.length ? `+ ${spelt(added)}` : '', removed.length ? `- ${spelt(removed)}` : ''].filter(Boolean);
  listener.note('info', `capabilities ${when}: ${parts.join('  ')}`);
  if (now.has('STARTTLS') || now.has('STLS')) listener.note('warn', `the server still announces ${now.has('STLS') ? 'STLS' : 'STARTTLS'} ${when}`);
}

/** No protocol from flags or port: read the greeting (`* OK`/`* PREAUTH` is IMAP, `+OK` POP3). */
async function sniffProtocol(transport: Transport, endpoint: Endpoint, timeoutMs: number): Promise<Protocol> {
  const first = await withTimeout(transport.peek(), timeoutMs, endpoint, 'greeting', tlsHint(transport));
  const protocol = greetingProtocol(first);
  if (protocol) return protocol;
  const line = firstLine(first);
  throw new MailscopeError('PROTOCOL_UNKNOWN', `cannot tell the protocol of ${where(endpoint)} from its greeting "${line}"${otherService(line)}: use --imap or --pop3`);
}

/**
 * Why a greeting may not come, for the timeout's message. A server on an implicit-TLS port says nothing
 * until it gets a TLS hello, so silence in clear text is most likely that (a port number that
 * is not 993 or 995 gives no hint of it).
 */
function tlsHint(transport: Transport): string {
  return transport.encrypted ? '' : '; a port that speaks TLS from the first byte needs --tls';
}

/** What a greeting that is not the expected protocol's most likely is, to say so. */
function otherService(line: string): string {
  if (/^220[ -]/.test(line)) return ' (that is an SMTP greeting)';
  if (/^SSH-/.test(line)) return ' (that is an SSH server)';
  if (/^\* (OK|PREAUTH|BYE)/i.test(line)) return ' (that is an IMAP greeting)';
  if (/^\+OK/i.test(line)) return ' (that is a POP3 greeting)';
  return '';
}

function withTimeout<T>(promise: Promise<T>, ms: number, ep: Endpoint, what: string, hint = ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new MailscopeError('READ_TIMEOUT', `no ${what} from ${where(ep)} after ${ms / 1000}s (--timeout)${hint}`)),
      ms,
    );
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
