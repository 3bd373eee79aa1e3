// `mailscope serve-demo`: prints where it listens and the logins, serves, and stops with 0
// when its signal aborts.

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runServeDemo } from '../../src/cli/serve-demo.js';

function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', (d) => {
      resolve(d.toString());
      s.destroy();
    });
    s.once('error', reject);
  });
}

describe('runServeDemo', () => {
  it('prints ports and logins, serves IMAP and POP3, stops on abort', async () => {
    let printed = '';
    const controller = new AbortController();
    const done = runServeDemo({ imapPort: 0, pop3Port: 0 }, { out: { write: (s) => (printed += s) }, signal: controller.signal });
    for (let i = 0; i < 50 && !printed; i++) await new Promise((r) => setTimeout(r, 20));
    const imapPort = Number(/IMAP {3}127\.0\.0\.1:(\d+)/.exec(printed)![1]);
    const pop3Port = Number(/POP3 {3}127\.0\.0\.1:(\d+)/.exec(printed)![1]);
    expect(printed).toContain('test77@example.com  qwe123#$');
    expect(printed).toContain('student@example.com  student');
    expect(await greeting(imapPort)).toMatch(/^\* OK \[CAPABILITY /);
    expect(await greeting(pop3Port)).toMatch(/^\+OK /);
    controller.abort();
    expect(await done).toBe(0);
    await expect(greeting(imapPort)).rejects.toThrow();
  });
});
