// The POP3 side (RFC 1939, RFC 2449, RFC 5034): logins, the maildrop lock, deletion only in
// the UPDATE state, dot-stuffing, CAPA, STLS, and -ERR for bad input without ending the session.

import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawImap, RawPop3, startCheckedDemo, USER, PASSWORD, type CheckedDemo } from './helpers.js';

let demo: CheckedDemo;
beforeEach(async () => {
  demo = await startCheckedDemo();
});
afterEach(async () => {
  await demo.close();
});

async function login(): Promise<RawPop3> {
  const { client } = await RawPop3.open(demo.pop3Port);
  await client.command(`USER ${USER}`);
  expect((await client.command(`PASS ${PASSWORD}`)).status).toBe('+OK logged in.');
  return client;
}

const inbox = () => demo.server.store.account(USER)!.find('INBOX')!;

describe('POP3', () => {
  it('APOP with the greeting timestamp (RFC 1939 7)', async () => {
    const { client, greeting } = await RawPop3.open(demo.pop3Port);
    const stamp = /<[^>]+>/.exec(greeting)![0];
    const digest = createHash('md5').update(stamp + PASSWORD).digest('hex');
    expect((await client.command(`APOP ${USER} ${'0'.repeat(32)}`)).status).toBe('-ERR [AUTH] authentication failed');
    expect((await client.command(`APOP ${USER} ${digest}`)).status).toBe('+OK logged in.');
    client.close();
  });

  it('the greeting timestamp comes from the injected clock', async () => {
    const { client, greeting } = await RawPop3.open(demo.pop3Port);
    expect(greeting).toMatch(/<\d+\.1795687200@mailscope\.demo>$/);
    client.close();
  });

  it('locks the maildrop: a second session gets [IN-USE] until the first ends', async () => {
    const first = await login();
    const { client: second } = await RawPop3.open(demo.pop3Port);
    await second.command(`USER ${USER}`);
    expect((await second.command(`PASS ${PASSWORD}`)).status).toMatch(/^-ERR \[IN-USE\]/);
    first.close();
    await new Promise((r) => setTimeout(r, 100));
    await second.command(`USER ${USER}`);
    expect((await second.command(`PASS ${PASSWORD}`)).status).toBe('+OK logged in.');
    second.close();
  });

  it('deletes only at QUIT; RSET undoes; a dropped session deletes nothing', async () => {
    let c = await login();
    expect((await c.command('DELE 1')).status).toBe('+OK message 1 deleted');
    expect((await c.command('RETR 1')).status).toBe('-ERR message 1 already deleted');
    expect((await c.command('STAT')).status).toBe('+OK 2 2664');
    expect((await c.command('RSET')).status).toMatch(/^\+OK/);
    expect((await c.command('STAT')).status).toBe('+OK 3 4791');
    await c.command('DELE 2');
    c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(inbox().messages.length).toBe(3);
    c = await login();
    await c.command('DELE 2');
    expect((await c.command('QUIT')).status).toMatch(/^\+OK Bye-bye/);
    await new Promise((r) => setTimeout(r, 50));
    expect(inbox().messages.map((m) => m.uid)).toEqual([1, 3]);
  });

  it('dot-stuffs lines that start with "." (RFC 1939 3)', async () => {
    const imap = await RawImap.open(demo.imapPort);
    await imap.command('l LOGIN test77@example.com qwe123#$');
    const msg = 'Subject: dots\r\n\r\n.hidden\r\n..two\r\nend\r\n';
    await imap.command(`a APPEND INBOX {${msg.length}+}\r\n${msg}`);
    imap.close();
    const c = await login();
    c.socket.write('RETR 4\r\n');
    const lines: string[] = [];
    for (let l = await c.line(); l !== '.'; l = await c.line()) lines.push(l);
    expect(lines.slice(-3)).toEqual(['..hidden', '...two', 'end']);
    c.close();
  });

  it('UIDL, LIST n, TOP, CAPA', async () => {
    const c = await login();
    const uidl = await c.command('UIDL', true);
    expect(uidl.body).toHaveLength(3);
    expect(uidl.body[0]).toMatch(/^1 \d+\.1$/);
    expect((await c.command('LIST 2')).status).toBe('+OK 2 2095');
    const top = await c.command('TOP 2 1', true);
    const blank = top.body.indexOf('');
    expect(top.body.length).toBe(blank + 2);
    const capa = await c.command('CAPA', true);
    expect(capa.body).toEqual(expect.arrayContaining(['TOP', 'USER', 'UIDL', 'RESP-CODES', 'PIPELINING', 'IMPLEMENTATION mailscope-demo']));
    expect(capa.body.some((l) => /^SASL .*PLAIN/.test(l))).toBe(true);
    expect(capa.body).not.toContain('STLS'); // only before login
    c.close();
  });

  it('AUTH PLAIN with an initial response, and after a challenge (RFC 5034)', async () => {
    const creds = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
    let { client } = await RawPop3.open(demo.pop3Port);
    expect((await client.command(`AUTH PLAIN ${creds}`)).status).toBe('+OK logged in.');
    client.close();
    await new Promise((r) => setTimeout(r, 50));
    ({ client } = await RawPop3.open(demo.pop3Port));
    expect((await client.command('AUTH PLAIN')).status).toBe('+ ');
    expect((await client.command(creds)).status).toBe('+OK logged in.');
    client.close();
  });

  it('answers -ERR to bad input and goes on', async () => {
    const { client } = await RawPop3.open(demo.pop3Port);
    const bad = ['STAT', 'PASS x', 'BOGUS', 'USER', 'APOP x', '\u0000\u00ff', 'X'.repeat(20_000)];
    for (const line of bad) expect((await client.command(line)).status).toMatch(/^-ERR/);
    await client.command(`USER ${USER}`);
    await client.command(`PASS ${PASSWORD}`);
    for (const line of ['RETR', 'RETR 0', 'RETR 99', 'TOP 1', 'DELE x', 'LIST -1', 'USER x']) {
      expect({ line, status: (await client.command(line)).status.slice(0, 4) }).toEqual({ line, status: '-ERR' });
    }
    expect((await client.command('NOOP')).status).toBe('+OK');
    // Each -ERR says what is wrong: a missing number, or one that names no message (numbered from 1).
    expect((await client.command('RETR')).status).toBe('-ERR a message number is required');
    expect((await client.command('RETR 0')).status).toBe('-ERR no such message 0 (messages are numbered from 1)');
    expect((await client.command('RETR 99')).status).toBe('-ERR no such message 99');
    client.close();
  });

  it('STLS upgrades with the demo certificate', async () => {
    const { client } = await RawPop3.open(demo.pop3Port);
    expect((await client.command('CAPA', true)).body).toContain('STLS');
    expect((await client.command('STLS')).status).toMatch(/^\+OK/);
    client.socket.removeAllListeners('data');
    const ca = readFileSync(new URL('../../src/demo/certs/demo-cert.pem', import.meta.url));
    const secure = tlsConnect({ socket: client.socket, ca, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    secure.write(`USER ${USER}\r\n`);
    const answer = await new Promise<string>((resolve) => secure.once('data', (d) => resolve(d.toString())));
    expect(answer).toBe('+OK Password required.\r\n');
    secure.destroy();
  });

  it('implicit TLS on the pop3s port; autologout after the idle timeout', async () => {
    await demo.close();
    demo = await startCheckedDemo({ pop3sPort: 0, idleTimeoutMs: 300 });
    const ca = readFileSync(new URL('../../src/demo/certs/demo-cert.pem', import.meta.url));
    const secure = tlsConnect({ port: demo.server.pop3sPort!, host: '127.0.0.1', ca, servername: 'localhost' });
    const greeting = await new Promise<string>((resolve) => secure.once('data', (d) => resolve(d.toString())));
    expect(greeting).toMatch(/^\+OK mailscope demo POP3 server ready <.+>\r\n$/);
    const bye = await new Promise<string>((resolve) => secure.once('data', (d) => resolve(d.toString())));
    expect(bye).toBe('-ERR autologout; idle for too long\r\n');
    secure.destroy();
  });
});
