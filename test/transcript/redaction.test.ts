import { describe, it, expect } from 'vitest';
import { TranscriptRecorder } from '../../src/transcript/recorder.js';
import { parseTranscript } from '../../src/transcript/format.js';

const SECRET = 'qwe123#$Secret';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function record(protocol: 'imap' | 'pop3', steps: Array<['C' | 'S', string]>, keepSecrets = false): string {
  let out = '';
  const rec = new TranscriptRecorder({ write: (s) => { out += s; } }, {}, { protocol, keepSecrets });
  for (const [side, data] of steps) {
    // Split every chunk in two, so redaction does not depend on whole-line chunks.
    const bytes = Buffer.from(data, 'utf8');
    const half = Math.floor(bytes.length / 2);
    for (const part of [bytes.subarray(0, half), bytes.subarray(half)]) (side === 'C' ? rec.client(part) : rec.server(part));
  }
  rec.close();
  return out;
}

/** The secret must not be in the file in any form we can think of. */
function expectNoSecret(text: string, extra: string[] = []): void {
  for (const needle of [SECRET, b64(SECRET), ...extra]) expect(text).not.toContain(needle);
  // base64 at every alignment: the secret's bytes inside a longer SASL message
  for (const prefix of ['', 'x', 'xx']) {
    const encoded = b64(prefix + SECRET).slice(4);
    expect(text).not.toContain(encoded.slice(0, 12));
  }
}

describe('redaction in recorded IMAP sessions', () => {
  const greeting: ['S', string] = ['S', '* OK ready\r\n'];

  it('masks a LOGIN password given as an atom, keeps the user name', () => {
    const text = record('imap', [greeting, ['C', `a1 LOGIN alice ${SECRET}\r\n`], ['S', 'a1 OK done\r\n']]);
    expectNoSecret(text);
    expect(text).toContain('= redacted LOGIN password\nC: a1 LOGIN alice ***redacted***\n');
    expect(text).toContain('# redacted: LOGIN password (line ');
  });

  it('masks a quoted LOGIN password with escapes and spaces', () => {
    const text = record('imap', [greeting, ['C', `a1 LOGIN "alice" "${SECRET} \\"x\\""\r\n`], ['S', 'a1 OK\r\n']]);
    expectNoSecret(text, ['\\"x\\"']);
    expect(text).toContain('C: a1 LOGIN "alice" ***redacted***\n');
  });

  it('masks a LOGIN password sent as a literal, body line included', () => {
    const text = record('imap', [
      greeting,
      ['C', `a1 LOGIN {5}\r\n`], ['S', '+ go on\r\n'],
      ['C', `alice {${SECRET.length}}\r\n`], ['S', '+ go on\r\n'],
      ['C', `${SECRET}\r\n`], ['S', 'a1 OK\r\n'],
      ['C', 'a2 NOOP\r\n'], ['S', 'a2 OK\r\n'],
    ]);
    expectNoSecret(text);
    expect(text).toContain('C: alice {14}\n');
    expect(text).toContain('= redacted LOGIN password (literal)\nC: ***redacted***\n');
    expect(text).toContain('C: a2 NOOP\n');
  });

  it('masks a multi-line literal password on every body line', () => {
    const secret = `${SECRET}\r\nmore${SECRET}`;
    const text = record('imap', [greeting, ['C', `a1 LOGIN alice {${Buffer.byteLength(secret)}}\r\n`], ['S', '+ ok\r\n'], ['C', `${secret}\r\n`], ['S', 'a1 OK\r\n']]);
    expectNoSecret(text, ['more']);
  });

  it('masks AUTHENTICATE PLAIN with an initial response, user readable after decoding', () => {
    const ir = b64(`\0alice\0${SECRET}`);
    const text = record('imap', [greeting, ['C', `a1 AUTHENTICATE PLAIN ${ir}\r\n`], ['S', 'a1 OK\r\n']]);
    expectNoSecret(text, [ir]);
    const line = parseTranscript(text).entries.find((e) => e.kind === 'client');
    const masked = Buffer.from(line!.kind === 'client' ? line!.bytes : []).toString().trim().split(' ')[3];
    expect(Buffer.from(masked, 'base64').toString()).toContain('alice');
  });

  it('masks AUTHENTICATE PLAIN answered after a + challenge', () => {
    const response = b64(`\0alice\0${SECRET}`);
    const text = record('imap', [greeting, ['C', 'a1 AUTHENTICATE PLAIN\r\n'], ['S', '+ \r\n'], ['C', `${response}\r\n`], ['S', 'a1 OK\r\n']]);
    expectNoSecret(text, [response]);
    expect(text).toContain('= redacted AUTHENTICATE PLAIN response');
  });

  it('masks AUTHENTICATE LOGIN password step but not the user step', () => {
    const text = record('imap', [
      greeting, ['C', 'a1 AUTHENTICATE LOGIN\r\n'],
      ['S', `+ ${b64('Username:')}\r\n`], ['C', `${b64('alice')}\r\n`],
      ['S', `+ ${b64('Password:')}\r\n`], ['C', `${b64(SECRET)}\r\n`],
      ['S', 'a1 OK\r\n'], ['C', 'a2 NOOP\r\n'], ['S', 'a2 OK\r\n'],
    ]);
    expectNoSecret(text);
    expect(text).toContain(`C: ${b64('alice')}\n`);
    expect(text).toContain('C: a2 NOOP\n');
  });

  it('masks AUTHENTICATE XOAUTH2 token', () => {
    const ir = b64(`user=alice\x01auth=Bearer ${SECRET}\x01\x01`);
    const text = record('imap', [greeting, ['C', `a1 AUTHENTICATE XOAUTH2 ${ir}\r\n`], ['S', 'a1 OK\r\n']]);
    expectNoSecret(text, [ir]);
  });

  it('keeps secrets with keepSecrets (--record-secrets) and says so in the header', () => {
    const text = record('imap', [greeting, ['C', `a1 LOGIN alice ${SECRET}\r\n`], ['S', 'a1 OK\r\n']], true);
    expect(text).toContain(SECRET);
    expect(text).toContain('# secrets: recorded (--record-secrets)');
  });

  it('does not mask a literal that is not a secret (APPEND)', () => {
    const text = record('imap', [greeting, ['C', 'a1 APPEND INBOX {5}\r\n'], ['S', '+ ok\r\n'], ['C', 'hello\r\n'], ['S', 'a1 OK\r\n']]);
    expect(text).toContain('C: hello\n');
    expect(text).not.toContain('redacted:');
  });
});

describe('redaction in recorded POP3 sessions', () => {
  const greeting: ['S', string] = ['S', '+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n'];

  it('masks PASS (spaces included) and keeps USER', () => {
    const text = record('pop3', [greeting, ['C', 'USER alice\r\n'], ['S', '+OK\r\n'], ['C', `PASS ${SECRET} two\r\n`], ['S', '+OK\r\n']]);
    expectNoSecret(text, [' two']);
    expect(text).toContain('C: USER alice\n');
    expect(text).toContain('= redacted PASS password\nC: PASS ***redacted***\n');
  });

  it('masks the APOP digest', () => {
    const digest = 'c4c9334bac560ecc979e58001b3e22fb';
    const text = record('pop3', [greeting, ['C', `APOP alice ${digest}\r\n`], ['S', '+OK\r\n']]);
    expect(text).not.toContain(digest);
    expect(text).toContain('C: APOP alice ***redacted***\n');
  });

  it('masks AUTH PLAIN with an initial response and after a + challenge', () => {
    const response = b64(`\0alice\0${SECRET}`);
    const text = record('pop3', [
      greeting, ['C', `AUTH PLAIN ${response}\r\n`], ['S', '-ERR no\r\n'],
      ['C', 'AUTH PLAIN\r\n'], ['S', '+ \r\n'], ['C', `${response}\r\n`], ['S', '+OK\r\n'],
      ['C', 'STAT\r\n'], ['S', '+OK 1 2\r\n'],
    ]);
    expectNoSecret(text, [response]);
    expect(text).toContain('C: STAT\n');
  });
});
