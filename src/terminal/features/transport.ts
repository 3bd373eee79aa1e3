// What the connection itself can do from the REPL: `:tls` (the TLS panel), STARTTLS/STLS and
// COMPRESS typed by hand or asked with `:starttls` / `:compress` (the upgrade happens when
// the server says OK), and `:record FILE` / `:record stop`.
import type net from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { startTls } from '../../client/open.js';
import { describeTls, formatTlsPanel, type TlsTheme } from '../../net/tls-info.js';
import type { SessionContext } from '../context.js';
import type { MetaCommand } from '../meta-commands.js';
import type { Theme } from '../theme.js';
import { upgradeToTls } from '../../net/connect.js';
import { clearTextAfterOk, reportCapabilityChange } from '../../client/open.js';
import { refusalInState, type StateRule } from './login.js';
import type { Protocol } from '../../protocol/name.js';

/** TLS is started before login only (RFC 3501 6.2.1, RFC 2595 4): refused here, nothing sent. */
const STARTTLS_RULE: StateRule = {
  imap: { command: 'STARTTLS', refusal: 'STARTTLS is valid only before login (RFC 3501 6.2.1)' },
  pop3: { command: 'STLS', refusal: 'STLS is valid only in the AUTHORIZATION state (RFC 2595 4)' },
};

const NO_POP3_COMPRESS = 'COMPRESS is an IMAP extension (RFC 4978); POP3 has none';

/** COMPRESS is for the authenticated and selected states (RFC 4978 3): refused before login, nothing sent. */
const COMPRESS_RULE: StateRule = {
  imap: { command: 'COMPRESS', refusal: 'COMPRESS is valid only after login, in the authenticated or selected state (RFC 4978 3)' },
  // POP3 is refused before the rule is asked (startCompression): the type wants an entry.
  pop3: { command: 'COMPRESS', refusal: NO_POP3_COMPRESS },
};

/** What was learnt in clear no longer holds once TLS is up (RFC 3501 6.2.1, RFC 2595 4). */
const ASK_AGAIN_AFTER_TLS: Record<Protocol, string> = {
  imap: 'TLS established: ask CAPABILITY again, the old list no longer holds (RFC 3501 6.2.1)',
  pop3: 'TLS established: ask CAPA again, the old list no longer holds (RFC 2595 4)',
};

export function tlsTheme(theme: Theme): TlsTheme {
  return { dim: theme.dim, bold: theme.name, green: theme.ok, red: theme.bad, yellow: theme.no };
}

/** COMPRESS DEFLATE (RFC 4978 3), then both directions deflated. */
export async function startCompression(ctx: SessionContext): Promise<boolean> {
  if (ctx.protocol !== 'imap') {
    ctx.problem('error', NO_POP3_COMPRESS);
    return false;
  }
  // Before login the server's list is no guide (COMPRESS=DEFLATE is often announced only after
  // it): the state is the cause to name, not the capability.
  const refusal = refusalInState(ctx, COMPRESS_RULE);
  if (refusal) {
    ctx.problem('warn', refusal);
    return false;
  }
  if (!ctx.client.capabilities.has('COMPRESS=DEFLATE')) ctx.display.listener.note('warn', 'the server did not announce COMPRESS=DEFLATE; asking anyway');
  // Shown as the line it went out as: nothing mailscope sends is hidden.
  const r = await ctx.ownLines(() => ctx.client.command('COMPRESS DEFLATE'));
  // A COMPRESS typed by hand is handled by afterCommand; this one too, through the same path.
  return r.ok;
}

/**
 * Called after every completion: a STARTTLS/STLS or COMPRESS that the user typed (or a
 * meta-command sent) changes the transport once the server said OK.
 */
export async function afterCommand(ctx: SessionContext, name: string, ok: boolean): Promise<void> {
  if (!ok) return;
  const verb = name.toUpperCase();
  if (verb === 'COMPRESS' && !ctx.transport.compressed) {
    ctx.transport.compress();
    ctx.transport.event('compress', 'DEFLATE');
    ctx.print(ctx.theme.dim('COMPRESS=DEFLATE active: the display shows the inflated protocol; :stats shows the ratio'));
  }
  if ((verb === 'STARTTLS' || verb === 'STLS') && !ctx.transport.encrypted && !ctx.upgrading) {
    try {
      const injected = ctx.transport.detach();
      if (injected > 0) ctx.display.listener.note('warn', clearTextAfterOk(injected, verb));
      const secure = await upgradeToTls(ctx.transport.socket as net.Socket, ctx.endpoint, ctx.settings.tls, ctx.settings.timeoutMs);
      ctx.transport.replaceSocket(secure);
      ctx.transport.event('starttls');
      ctx.tlsSocket = secure;
      ctx.print(ctx.theme.ok(ASK_AGAIN_AFTER_TLS[ctx.protocol]));
      const client = ctx.client as unknown as { conversation: { tracker?: { forgetCapabilities(): void }; forgetCapabilities?(): void } };
      (client.conversation.tracker ?? client.conversation).forgetCapabilities?.();
    } catch (err) {
      // Nothing can go back to clear text after STARTTLS's OK: the session ends here, and the
      // connection's end says why (`connection lost: TLS: ...`), once, as after `:starttls`.
      ctx.transport.abort(err as Error);
    }
  }
}

export const TRANSPORT_META_COMMANDS: MetaCommand[] = [
  {
    name: 'tls',
    usage: ':tls',
    help: 'TLS version, cipher, ALPN, the certificate chain, whether it verified and against which CA',
    run(ctx) {
      if (!ctx.tlsSocket) {
        ctx.print(ctx.theme.no('this connection is not encrypted (use --tls, --starttls, or :starttls)'));
        return;
      }
      const summary = describeTls(ctx.tlsSocket, { verified: !ctx.settings.tls.insecure, caFile: ctx.settings.tls.caFile });
      ctx.print(formatTlsPanel(summary, tlsTheme(ctx.theme)).trimEnd());
      // Node exposes no hook for the server's CertificateRequest, so say what we offered.
      const cert = ctx.settings.tls.certFile;
      ctx.print(ctx.theme.dim(cert ? `client certificate: offered from ${cert}` : 'client certificate: none offered (whether the server asked for one is not visible from Node)'));
    },
  },
  {
    name: 'starttls',
    usage: ':starttls',
    help: 'STARTTLS (IMAP) or STLS (POP3), then capabilities asked again and what changed shown',
    async run(ctx) {
      if (ctx.transport.encrypted) return ctx.print(ctx.theme.dim('already encrypted'));
      const refusal = refusalInState(ctx, STARTTLS_RULE);
      if (refusal) return ctx.problem('warn', refusal);
      ctx.upgrading = true;
      try {
        // Its commands (CAPABILITY, STARTTLS or STLS, the capabilities again) shown as sent.
        await ctx.ownLines(() =>
          startTls(ctx.client, ctx.transport, ctx.endpoint, ctx.settings, {
            listener: { serverEvent() {}, note: (level, text) => (level === 'info' ? ctx.print(ctx.theme.dim(text)) : ctx.problem(level, text)), closed() {} },
            onTls: (socket) => (ctx.tlsSocket = socket),
          }),
        );
      } catch (err) {
        // A failed handshake ends the connection, and the REPL has said why already.
        if (!ctx.transport.isClosed) ctx.problem('error', (err as Error).message);
      } finally {
        ctx.upgrading = false;
      }
    },
  },
  {
    name: 'reconnect',
    usage: ':reconnect',
    help: 'after the server closed or dropped the connection: connect again with the same options (and --login)',
    async run(ctx) {
      if (!ctx.reconnect) return ctx.problem('warn', ':reconnect works in the interactive REPL only');
      try {
        await ctx.reconnect();
      } catch (err) {
        ctx.problem('error', (err as Error).message);
      }
    },
  },
  {
    name: 'compress',
    usage: ':compress',
    help: 'COMPRESS DEFLATE (RFC 4978): the rest of the session is deflated on the wire',
    async run(ctx) {
      await startCompression(ctx);
    },
  },
  {
    name: 'record',
    usage: ':record FILE | :record stop',
    help: 'record from now on into a transcript file (secrets redacted unless --record-secrets)',
    run(ctx, [arg]) {
      if (!arg) return ctx.problem('error', ':record needs a file name, or stop');
      if (arg === 'stop') {
        if (!ctx.recording) return ctx.print(ctx.theme.dim('not recording'));
        ctx.recording.stop();
        ctx.print(ctx.theme.dim(`recording saved to ${ctx.recording.path}`));
        ctx.recording = undefined;
        return;
      }
      // A second :record switches files: the new one is opened first, so a file that cannot be
      // opened (a folder that does not exist) leaves the current recording going, said so. The
      // same file again is a new start: the current one is saved before it is opened anew.
      const previous = ctx.recording;
      const sameFile = previous !== undefined && resolvePath(previous.path) === resolvePath(arg);
      const savePrevious = (): void => {
        previous!.stop();
        ctx.print(ctx.theme.dim(`recording saved to ${previous!.path}`));
        ctx.recording = undefined;
      };
      if (sameFile) savePrevious();
      let rec: { stop(): void };
      try {
        rec = ctx.startRecording(arg, (message) => {
          ctx.problem('error', message);
          if (ctx.recording?.path === arg) ctx.recording = undefined;
        });
      } catch (err) {
        ctx.problem('error', (err as Error).message);
        if (ctx.recording) ctx.print(ctx.theme.dim(`still recording to ${ctx.recording.path}`));
        return;
      }
      if (previous && !sameFile) savePrevious();
      ctx.recording = { path: arg, stop: rec.stop };
      ctx.print(ctx.theme.dim(`recording to ${arg}`));
    },
  },
];

export { reportCapabilityChange };
