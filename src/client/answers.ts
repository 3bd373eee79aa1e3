// Bounds on the answers to what mailscope sends on its own. The login's CAPABILITY and
// AUTHENTICATE/LOGIN, STARTTLS/STLS and the capabilities around it, COMPRESS: each gets --timeout,
// as a script's lines do, so a server that greets and then goes silent cannot hang the run. The
// LOGOUT/QUIT on leaving gets a few seconds, and when it gets no answer we say that it was us
// who gave up and closed, not the server.
import { MailscopeError } from '../errors.js';
import type { Transport } from './transport.js';
import type { ProtocolClient } from './types.js';

/**
 * `work` (which sends commands and awaits their answers), failed with READ_TIMEOUT once a command
 * waits and the server has sent nothing for `timeoutMs`. The time counts from the server's last
 * byte or from when the waiting commands changed, so a SASL exchange that keeps talking is not cut.
 */
export function answeredInTime<T>(
  client: Pick<ProtocolClient, 'awaited'>,
  transport: Pick<Transport, 'lastReadAt'>,
  timeoutMs: number,
  work: Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let waiting = '';
    let since = now();
    const check = () => {
      const names = client.awaited().join(', ');
      if (names !== waiting) {
        waiting = names;
        since = now();
      }
      since = Math.max(since, transport.lastReadAt);
      if (waiting === '' || now() - since < timeoutMs) return;
      clearInterval(timer);
      reject(new MailscopeError('READ_TIMEOUT', `no answer to ${waiting} after ${timeoutMs / 1000}s (--timeout)`));
    };
    // Unref'd: the socket keeps the process alive while there is something to wait for; a
    // setup abandoned on a signal must not hold the exit.
    const timer = setInterval(check, Math.min(250, timeoutMs / 4)).unref();
    work.then(
      (value) => {
        clearInterval(timer);
        resolve(value);
      },
      (err) => {
        clearInterval(timer);
        reject(err);
      },
    );
  });
}

/** How long the LOGOUT/QUIT sent on leaving may take: the user (or a signal) wants out. */
export const FAREWELL_MS = 3000;

/** Sends LOGOUT/QUIT; true once it is answered (or the server closed), false after FAREWELL_MS without. */
export async function bidFarewell(client: Pick<ProtocolClient, 'command'>, farewell: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), FAREWELL_MS)));
  try {
    return await Promise.race([client.command(farewell).then(() => true), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `client`'s command() with each line shown as it is sent (a script's echo: `show` sends it
 * and prints it with its tag), for the lines mailscope sends by itself, such as the farewell.
 */
export function showingCommands(client: Pick<ProtocolClient, 'command'>, show: (line: string, send: () => void) => void): Pick<ProtocolClient, 'command'> {
  return {
    command(line) {
      let answer: ReturnType<ProtocolClient['command']> | undefined;
      show(line, () => (answer = client.command(line)));
      return answer ?? client.command(line); // a show that did not send it
    },
  };
}

/** What is said when the farewell got no answer: the connection is closed by us, not the server. */
export function farewellUnanswered(farewell: string): string {
  return `no answer to ${farewell} after ${FAREWELL_MS / 1000}s: closing the connection`;
}
