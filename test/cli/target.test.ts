import { describe, expect, it } from 'vitest';
import { parseTarget, isLoopback } from '../../src/net/target.js';
import { resolveEndpoint } from '../../src/client/open.js';
import { settingsFrom } from '../../src/cli/connect.js';
import { runCli } from '../support/cli-harness.js';

const base = { timeout: '15', tagPrefix: 'a' };

describe('parseTarget', () => {
  it.each([
    ['imap.example.com', { host: 'imap.example.com', port: undefined }],
    ['mail.example.com:995', { host: 'mail.example.com', port: 995 }],
    ['[::1]:143', { host: '::1', port: 143 }],
    ['[::1]', { host: '::1', port: undefined }],
    ['::1', { host: '::1' }],
    ['2001:db8::25', { host: '2001:db8::25' }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each(['host:0', 'host:70000', 'host:abc', ':143'])('rejects %s with a one-line reason', (text) => {
    expect(() => parseTarget(text)).toThrow(/bad (port|target)/);
  });

  it.each(['::1:47006', '127.0.0.1:143:1', 'host::143'])('%s: two colons that make no IPv6 address: the bracket hint, not "host name not found"', (text) => {
    expect(() => parseTarget(text)).toThrow(/bad target .*IPv6 address with a port goes in brackets, \[::1\]:143/);
  });

  it.each(['[::1', '::1]:143', '[::1]143'])('%s: says IPv6 goes in brackets (not "host name not found")', (text) => {
    expect(() => parseTarget(text)).toThrow(/bad target .*IPv6 address goes in brackets/);
  });
});

describe('protocol and TLS from the port', () => {
  it.each([
    ['h', {}, 'imap', 143, false],
    ['h:993', {}, 'imap', 993, true],
    ['h:995', {}, 'pop3', 995, true],
    ['h:110', {}, 'pop3', 110, false],
    ['h', { pop3: true }, 'pop3', 110, false],
    ['h', { pop3: true, tls: true }, 'pop3', 995, true],
    ['h:993', { plain: true }, 'imap', 993, false],
    ['h:2143', {}, undefined, 2143, false],
  ] as const)('%s %j', (target, flags, protocol, port, implicitTls) => {
    const r = resolveEndpoint(settingsFrom(target, { ...base, ...flags }));
    expect(r.protocol).toBe(protocol);
    expect(r.endpoint.port).toBe(port);
    expect(r.implicitTls).toBe(implicitTls);
  });

  it('refuses contradictory flags', () => {
    expect(() => settingsFrom('h', { ...base, tls: true, starttls: true })).toThrow(/exclude each other/);
    expect(() => settingsFrom('h', { ...base, imap: true, pop3: true })).toThrow(/exclude each other/);
    expect(() => settingsFrom('h', { ...base, timeout: 'soon' })).toThrow(/--timeout/);
    expect(() => settingsFrom('h', { ...base, tlsMin: '1.1' })).toThrow(/--tls-min/);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '::1', 'localhost', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(isLoopback('mail.example.com')).toBe(false);
  });
});

describe('bad command lines', () => {
  it.each([
    [['127.0.0.1:1', '--bogus'], "mailscope: unknown option '--bogus' (--help lists the options)\n"],
    [['replay', '--bogus'], "mailscope: unknown option '--bogus' (--help lists the options)\n"],
    [['serve'], "mailscope: missing required argument 'file' (--help lists the options)\n"],
    [['127.0.0.1:1', '--timeout', 'abc'], 'mailscope: --timeout takes seconds > 0, not "abc"\n'],
  ])('%j: one line on stderr that names what and why, exit 2', async (args, line) => {
    const run = runCli(args);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toBe(line);
    expect(run.stdout()).toBe('');
  });
});

describe('no server given', () => {
  it('options without a server: one line naming what is missing, exit 2, no help page', async () => {
    const run = runCli(['-c', 'capability']);
    expect(await run.code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^mailscope: no server given: mailscope \[options\] HOST\[:PORT\]/)]);
  });

  it('a bare `mailscope` shows the help and where a demo server is, exit 2', async () => {
    const run = runCli([]);
    expect(await run.code).toBe(2);
    expect(run.stdout()).toMatch(/^Usage: mailscope/);
    expect(run.stdout()).toContain('`mailscope demo` starts one inside the process');
  });
});
