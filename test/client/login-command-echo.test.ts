// The commands a login sends are shown as a script's lines are: with the tag they went out
// with, each secret argument masked by the table that masks a typed LOGIN (maskSecrets), and
// the secret itself never handed to the display, whichever hook shows them.
import { describe, expect, it } from 'vitest';
import { learnCapabilities, login, type LoginRequest } from '../../src/client/authenticate.js';
import type { ProtocolClient } from '../../src/client/types.js';

const USER = 'alice@example.com';
const PASSWORD = 'S3cret pw!';

/** Enough of an IMAP client for a login: it tags each command a001, a002... and answers OK. */
function imapClient(capabilities: string[]) {
  const waiting: string[] = [];
  const sent: string[] = [];
  const client = {
    protocol: 'imap',
    capabilities: new Set(capabilities),
    continuationHook: undefined,
    submit() {},
    promptInfo: () => ({ protocol: 'imap', state: 'not authenticated', waiting: [...waiting] }),
    command(line: string) {
      sent.push(line);
      const tag = `a00${sent.length}`;
      waiting.push(tag);
      return Promise.resolve().then(() => {
        waiting.splice(waiting.indexOf(tag), 1);
        return { ok: true, status: 'OK' };
      });
    },
  };
  return { client: client as unknown as ProtocolClient, sent };
}

function shown(hooks: 'onStep' | 'onCommand') {
  const lines: string[] = [];
  const request = (mechanism: string): LoginRequest => ({
    user: USER,
    password: PASSWORD,
    mechanism,
    clientCert: false,
    host: '127.0.0.1',
    port: 143,
    onStep: (direction, text) => lines.push(`${direction}: ${text}`),
    ...(hooks === 'onCommand' ? { onCommand: (masked: string, hasSecret: boolean) => lines.push(`command: ${masked}${hasSecret ? ' [hidden]' : ''}`) } : {}),
  });
  return { lines, request };
}

describe('a login command shown', () => {
  it('LOGIN through onStep: tag, user, the password masked with its note', async () => {
    const { client, sent } = imapClient(['IMAP4rev1']);
    const { lines, request } = shown('onStep');
    await login(client, request('LOGIN-COMMAND'));
    expect(sent).toEqual([`LOGIN "${USER}" "${PASSWORD}"`]);
    expect(lines).toEqual([`client: a001 LOGIN "${USER}" ***  (secret hidden)`]);
  });

  it('AUTHENTICATE PLAIN (SASL-IR) through onCommand: the command first, then the decoded step', async () => {
    const { client } = imapClient(['IMAP4rev1', 'SASL-IR', 'AUTH=PLAIN']);
    const { lines, request } = shown('onCommand');
    await login(client, request('PLAIN'));
    expect(lines[0]).toBe('command: a001 AUTHENTICATE PLAIN *** [hidden]');
    expect(lines[1]).toMatch(/^client: .*passwd=<redacted>/);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64').slice(0, 12));
  });

  it('the CAPABILITY asked first, when a display is given', async () => {
    const { client, sent } = imapClient([]);
    const { lines, request } = shown('onCommand');
    await learnCapabilities(client, request('PLAIN'));
    expect(sent).toEqual(['CAPABILITY']);
    expect(lines).toEqual(['command: a001 CAPABILITY']);
  });
});
