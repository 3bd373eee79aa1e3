// RFC 2177 3: a client should end IDLE and issue it again at least every 29 minutes, since a
// server may log out a client inactive for 30 (RFC 3501 5.4), IDLE or not. Scripts do it in
// runLines; at the prompt, an IDLE typed by hand and left to watch a mailbox gets the same,
// shown as it happens (DONE, the IDLE's completion, IDLE, the new "+").
import { IDLE_RENEW_MS, type Progress } from '../client/runner.js';
import type { SessionContext } from '../terminal/context.js';

export function renewIdleAtPrompt(session: SessionContext, progress: Progress, renewMs = IDLE_RENEW_MS): { stop(): void } {
  let since: number | undefined;
  let renewing = false;
  const check = () => {
    if (renewing || session.transport.isClosed) return;
    if (!session.client.idling) {
      since = undefined;
      return;
    }
    since ??= Date.now();
    if (Date.now() - since < renewMs) return;
    renewing = true;
    since = undefined;
    void renew(session, progress).finally(() => (renewing = false));
  };
  const timer = setInterval(check, Math.min(60_000, renewMs / 4)).unref();
  return { stop: () => clearInterval(timer) };
}

async function renew(session: SessionContext, progress: Progress): Promise<void> {
  session.print(session.theme.dim('renewing IDLE: RFC 2177 asks for it at least every 29 minutes (a server may log out a client quiet for 30)'));
  // Shown as the wire has them (the new IDLE with its tag), as every line mailscope sends by itself.
  session.ownLines(() => session.client.interrupt());
  try {
    await progress.until(() => progress.closed || !session.client.busy, session.settings.timeoutMs, () => 'IDLE');
  } catch (err) {
    session.problem('error', `renewing IDLE: ${(err as Error).message}`);
    return;
  }
  if (progress.closed) return;
  session.ownLines(() => session.client.submit('IDLE'));
  progress.sent();
}
