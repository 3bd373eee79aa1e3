// Capabilities come from the registry; LOGIN and AUTHENTICATE (SASL-IR, challenges, cancel,
// failure codes); LOGINDISABLED until STARTTLS; implicit TLS; no command injection across
// STARTTLS (RFC 3501 6.2.1).

import { readFileSync } from 'node:fs';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { capability, imapCommand } from '../../src/registry/index.js';
import { HANDLERS } from '../../src/demo/imap/commands/index.js';
import { IMPLEMENTED_CAPABILITIES } from '../../src/demo/imap/capabilities.js';
import { RawImap, startCheckedDemo, tagged, texts, type CheckedDemo } from './helpers.js';

const CA = readFileSync(new URL('../../src/demo/certs/demo-cert.pem', import.meta.url));
const b64 = (s: string) => Buffer.from(s).toString('base64');

let demo: CheckedDemo | undefined;
afterEach(async () => {
  demo?.expectWellFormed();
  await demo?.close();
  demo = undefined;
});

function capsOf(text: string): string[] {
  return /\[CAPABILITY ([^\]]+)\]/.exec(text)![1].split(' ');
}

describe('capabilities', () => {
  it('every command the server implements is in the registry', () => {
    for (const name of Object.keys(HANDLERS)) expect({ name, known: imapCommand(name) !== undefined }).toEqual({ name, known: true });
  });

  it('announces exactly what it implements, each name known to the registry', async () => {
    demo = await startCheckedDemo();
    const c = await RawImap.open(demo.imapPort);
    const before = texts(await c.command('c CAPABILITY'))[0].split(' ').slice(2);
    for (const name of before) expect({ name, known: capability(name) !== undefined }).toEqual({ name, known: true });
    expect(before).toEqual(expect.arrayContaining([...IMPLEMENTED_CAPABILITIES, 'STARTTLS', 'AUTH=PLAIN']));
    const login = await c.command('l LOGIN test77@example.com qwe123#$');
    const after = capsOf(login.at(-1)!.text);
    // RFC 4978: COMPRESS only once authenticated.
    expect(after).toEqual([...IMPLEMENTED_CAPABILITIES, 'COMPRESS=DEFLATE']);
    c.close();
  });
});

describe('LOGIN and AUTHENTICATE', () => {
  it('refuses a wrong password with [AUTHENTICATIONFAILED] and lets the client retry', async () => {
    demo = await startCheckedDemo();
    const c = await RawImap.open(demo.imapPort);
    expect(texts(await c.command('a LOGIN test77@example.com wrong'))).toEqual(['a NO [AUTHENTICATIONFAILED] Authentication failed']);
    expect(texts(await c.command('b LOGIN nobody@example.com x'))).toEqual(['b NO [AUTHENTICATIONFAILED] Authentication failed']);
    expect(tagged(await c.command('c LOGIN "test77@example.com" "qwe123#$"')).status).toBe('OK');
    expect(tagged(await c.command('d LOGIN test77@example.com qwe123#$')).status).toBe('NO');
    c.close();
  });

  it('AUTHENTICATE PLAIN with an initial response (SASL-IR)', async () => {
    demo = await startCheckedDemo();
    const c = await RawImap.open(demo.imapPort);
    const r = await c.command(`a AUTHENTICATE PLAIN ${b64('\0test77@example.com\0qwe123#$')}`);
    expect(tagged(r)).toMatchObject({ status: 'OK', code: 'CAPABILITY' });
    expect(tagged(await c.command('s SELECT INBOX')).status).toBe('OK');
    c.close();
  });

  it('AUTHENTICATE PLAIN after an empty challenge; cancel with *; failure', async () => {
    demo = await startCheckedDemo();
    const c = await RawImap.open(demo.imapPort);
    c.write('a AUTHENTICATE PLAIN\r\n');
    expect((await c.until((r) => r.response.kind === 'continuation'))[0].text).toBe('+ ');
    c.write('*\r\n');
    expect(tagged(await c.untilTagged('a')).status).toBe('BAD');
    c.write('b AUTHENTICATE PLAIN\r\n');
    await c.until((r) => r.response.kind === 'continuation');
    c.write(`${b64('\0test77@example.com\0nope')}\r\n`);
    expect(tagged(await c.untilTagged('b'))).toMatchObject({ status: 'NO', code: 'AUTHENTICATIONFAILED' });
    c.write('c AUTHENTICATE PLAIN\r\n');
    await c.until((r) => r.response.kind === 'continuation');
    c.write(`${b64('\0student@example.com\0student')}\r\n`);
    expect(tagged(await c.untilTagged('c')).status).toBe('OK');
    c.close();
  });

  it('AUTHENTICATE with an unknown mechanism is NO', async () => {
    demo = await startCheckedDemo();
    const c = await RawImap.open(demo.imapPort);
    expect(tagged(await c.command('a AUTHENTICATE X-NOPE'))).toMatchObject({ status: 'NO', code: 'CANNOT' });
    c.close();
  });
});

/** Reads lines from a socket until one starts with `prefix`. */
function readUntil(socket: Socket | TLSSocket, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const line = buf.split('\r\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        socket.off('data', onData);
        resolve(buf);
      }
    };
    socket.on('data', onData);
    setTimeout(() => reject(new Error(`timeout waiting for ${prefix}; got ${buf}`)), 5000);
  });
}

describe('TLS', () => {
  it('LOGINDISABLED until STARTTLS; then LOGIN works; plaintext sent after STARTTLS is dropped', async () => {
    demo = await startCheckedDemo({ loginDisabledBeforeTls: true });
    // Through the checking proxy: what the server says before the handshake is checked too.
    const plain = connect(demo.imapPort, '127.0.0.1');
    const greeting = await readUntil(plain, '* OK');
    expect(greeting).toContain('LOGINDISABLED');
    expect(greeting).not.toContain('AUTH=');
    plain.write('a LOGIN test77@example.com qwe123#$\r\n');
    expect(await readUntil(plain, 'a ')).toContain('a NO [PRIVACYREQUIRED]');
    // The injected NOOP rides in the same packet as STARTTLS and must not be answered.
    plain.write('b STARTTLS\r\nx NOOP\r\n');
    expect(await readUntil(plain, 'b ')).toContain('b OK');
    const secure = tlsConnect({ socket: plain, ca: CA, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    secure.write('c CAPABILITY\r\n');
    const caps = await readUntil(secure, 'c ');
    expect(caps).not.toContain('x OK');
    expect(caps).not.toContain('LOGINDISABLED');
    expect(caps).not.toContain('STARTTLS');
    expect(caps).toContain('AUTH=PLAIN');
    secure.write('d LOGIN test77@example.com qwe123#$\r\n');
    expect(await readUntil(secure, 'd ')).toContain('d OK');
    secure.destroy();
  });

  it('implicit TLS on the imaps port', async () => {
    demo = await startCheckedDemo({ imapsPort: 0 });
    const s = tlsConnect({ port: demo.server.imapsPort!, host: '127.0.0.1', ca: CA, servername: 'localhost' });
    const greeting = await readUntil(s, '* OK');
    expect(greeting).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 [^\]]*\] mailscope demo server ready\r\n/);
    expect(greeting).not.toContain('STARTTLS');
    s.write('a LOGIN test77@example.com qwe123#$\r\n');
    expect(await readUntil(s, 'a ')).toContain('a OK');
    s.destroy();
  });
});
