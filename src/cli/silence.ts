// At the prompt nothing times out: a command may rightly take long, and the user decides. But a
// server that stops answering should not look like one that is thinking: after --timeout
// without a byte while commands wait (IDLE aside, where silence is normal, RFC 2177), one note
// says so, once per silence.
import type { Progress } from '../client/runner.js';
import type { SessionContext } from '../terminal/context.js';

export function watchSilence(session: SessionContext, progress: Progress, timeoutMs: number): { stop(): void } {
  let waiting = '';
  let since = Date.now();
  let told = false;
  const check = () => {
    const info = session.client.promptInfo();
    const now = info.waiting.join(', ');
    // A new set of waiting commands, or a byte from the server, starts the silence again.
    if (now !== waiting || progress.lastActivity > since) {
      waiting = now;
      since = Math.max(Date.now(), progress.lastActivity);
      told = false;
    }
    if (told || waiting === '' || session.client.idling || session.transport.isClosed) return;
    if (Date.now() - since < timeoutMs) return;
    told = true;
    session.display.listener.note('warn', `no answer to ${waiting} for ${Math.round(timeoutMs / 1000)}s (--timeout): still waiting; :quit leaves, Ctrl-C stops the display`);
  };
  const timer = setInterval(check, Math.min(1000, timeoutMs / 4)).unref();
  return { stop: () => clearInterval(timer) };
}
