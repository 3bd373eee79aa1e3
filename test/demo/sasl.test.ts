// Every SASL mechanism the demo server announces works end to end with mailscope's own SASL
// client, over IMAP AUTHENTICATE (with and without SASL-IR) and POP3 AUTH.

import { describe, expect, it } from 'vitest';
import { SASL_MECHANISMS_OFFERED } from '../../src/demo/imap/capabilities.js';
import { DEMO_OAUTH_TOKEN, createSaslClient } from '../../src/protocol/sasl/index.js';
import { checkedDemo, PASSWORD, RawImap, RawPop3, USER } from './helpers.js';

const session = checkedDemo('file');

const creds = (password: string) => ({ user: USER, password, token: DEMO_OAUTH_TOKEN, host: '127.0.0.1', port: 143 });
const b64 = (b: Uint8Array | undefined) => (b === undefined ? undefined : b.length === 0 ? '=' : Buffer.from(b).toString('base64'));

/** The client's answer to a challenge; after a failure the server may send error data (RFC 7628 3.2.3: answer empty). */
function answerTo(client: ReturnType<typeof createSaslClient>, challenge: Uint8Array): Uint8Array {
  try {
    return client.respond(challenge);
  } catch {
    return new Uint8Array(0);
  }
}

async function imapAuth(mechanism: string, password: string, useIr: boolean): Promise<{ status: string; code?: string }> {
  const c = await RawImap.open(session.demo.imapPort);
  const client = createSaslClient(mechanism, creds(password));
  // Without SASL-IR, a client-first mechanism sends its first message after an empty "+".
  let initial = client.initialResponse();
  c.write(`a AUTHENTICATE ${mechanism}${useIr && initial ? ` ${b64(initial)}` : ''}\r\n`);
  if (useIr) initial = undefined;
  for (;;) {
    const r = await c.until((x) => x.response.kind === 'continuation' || (x.response.kind === 'status' && x.response.tag === 'a'));
    const last = r.at(-1)!.response;
    if (last.kind === 'status') {
      c.close();
      return { status: last.status, code: last.code?.name };
    }
    const challenge = Buffer.from(last.kind === 'continuation' ? last.text : '', 'base64');
    let answer: Uint8Array;
    if (initial && challenge.length === 0) {
      answer = initial;
      initial = undefined;
    } else {
      answer = answerTo(client, challenge);
    }
    c.write(`${Buffer.from(answer).toString('base64')}\r\n`);
  }
}

describe('SASL over IMAP AUTHENTICATE', () => {
  it.each(SASL_MECHANISMS_OFFERED)('%s with SASL-IR logs in', async (mechanism) => {
    expect(await imapAuth(mechanism, PASSWORD, true)).toMatchObject({ status: 'OK' });
  });
  it.each(SASL_MECHANISMS_OFFERED)('%s without SASL-IR logs in', async (mechanism) => {
    expect(await imapAuth(mechanism, PASSWORD, false)).toMatchObject({ status: 'OK' });
  });
  it.each(SASL_MECHANISMS_OFFERED.filter((m) => !/OAUTH/.test(m)))('%s with a wrong password is NO [AUTHENTICATIONFAILED]', async (mechanism) => {
    expect(await imapAuth(mechanism, 'wrong', true)).toEqual({ status: 'NO', code: 'AUTHENTICATIONFAILED' });
  });
});

describe('SASL over POP3 AUTH', () => {
  it('lists the mechanisms; PLAIN and CRAM-MD5 log in', async () => {
    const { client } = await RawPop3.open(session.demo.pop3Port);
    expect((await client.command('AUTH', true)).body).toEqual(SASL_MECHANISMS_OFFERED);
    const cram = createSaslClient('CRAM-MD5', creds(PASSWORD));
    const first = await client.command('AUTH CRAM-MD5');
    expect(first.status.startsWith('+ ')).toBe(true);
    const answer = cram.respond(Buffer.from(first.status.slice(2), 'base64'));
    expect((await client.command(Buffer.from(answer).toString('base64'))).status).toBe('+OK logged in.');
    client.close();
  });
});
