import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TranscriptRecorder, openFileSink } from '../../src/transcript/recorder.js';
import { parseTranscript, sideBytes } from '../../src/transcript/format.js';
import { tempDirs } from '../support/temp.js';
import { runCli } from '../support/cli-harness.js';

const tempDir = tempDirs();
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

function memorySink(): { write(s: string): void; text: () => string } {
  let out = '';
  return { write: (s) => { out += s; }, text: () => out };
}

type Step = ['C' | 'S', string];

function record(protocol: 'imap' | 'pop3', steps: Step[], keepSecrets = false): string {
  const sink = memorySink();
  const rec = new TranscriptRecorder(sink, { server: '127.0.0.1:1143' }, { protocol, keepSecrets });
  for (const [side, data] of steps) (side === 'C' ? rec.client(b(data)) : rec.server(b(data)));
  rec.close();
  return sink.text();
}

const IMAP_SESSION: Step[] = [
  ['S', '* OK [CAPABILITY IMAP4rev1] ready\r\n'],
  ['C', 'a1 SELECT INBOX\r\n'],
  ['S', '* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\na1 OK [READ-WRITE] done\r\n'],
  ['C', 'a2 FETCH 1 BODY[]\r\n'],
  ['S', '* 1 FETCH (BODY[] {12}\r\nline\r\na1 OK\r\n)\r\na2 OK done\r\n'],
  ['C', 'a3 LOGOUT\r\n'],
  ['S', '* BYE bye\r\na3 OK bye\r\nstray tail'],
];

describe('TranscriptRecorder', () => {
  it('writes the header, then one line per wire line, rebuilding the bytes exactly', () => {
    const text = record('imap', IMAP_SESSION);
    expect(text.startsWith('# protocol: imap\n# server: 127.0.0.1:1143\n# secrets: redacted\n\n')).toBe(true);
    const t = parseTranscript(text);
    expect(Buffer.from(sideBytes(t, 'server')).toString()).toBe(IMAP_SESSION.filter((s) => s[0] === 'S').map((s) => s[1]).join(''));
    expect(Buffer.from(sideBytes(t, 'client')).toString()).toBe(IMAP_SESSION.filter((s) => s[0] === 'C').map((s) => s[1]).join(''));
    expect(text).toContain('S: stray tail\\\n');
  });

  it('gives the same file however the chunks are split (every offset of every chunk)', () => {
    const whole = record('imap', IMAP_SESSION);
    for (let i = 0; i < IMAP_SESSION.length; i++) {
      const [side, data] = IMAP_SESSION[i];
      for (let k = 1; k < data.length; k++) {
        const steps: Step[] = [...IMAP_SESSION.slice(0, i), [side, data.slice(0, k)], [side, data.slice(k)], ...IMAP_SESSION.slice(i + 1)];
        expect(record('imap', steps), `step ${i} split at ${k}`).toBe(whole);
      }
    }
  });

  it('gives the same file when fed one byte at a time', () => {
    const bytewise: Step[] = IMAP_SESSION.flatMap(([side, data]) => [...data].map((ch) => [side, ch] as Step));
    expect(record('imap', bytewise)).toBe(record('imap', IMAP_SESSION));
  });

  it('writes each line as soon as its LF arrives', () => {
    const sink = memorySink();
    const rec = new TranscriptRecorder(sink, {}, { protocol: 'imap', keepSecrets: false });
    rec.server(b('* OK hel'));
    expect(sink.text()).not.toContain('S:');
    rec.server(b('lo\r\n* partial'));
    expect(sink.text()).toContain('S: * OK hello\n');
    expect(sink.text()).not.toContain('partial');
  });

  it('writes the lines a chunk completes in one write (a 200 MB literal is millions of lines)', () => {
    const writes: string[] = [];
    const rec = new TranscriptRecorder({ write: (s) => writes.push(s) }, {}, { protocol: 'imap', keepSecrets: false });
    writes.length = 0; // the header
    rec.server(b('* 1 FETCH (BODY[] {12}\r\nline\r\nline\r\n)\r\na1 OK'));
    expect(writes).toEqual(['S: * 1 FETCH (BODY[] {12}\nS: line\nS: line\nS: )\n']);
    rec.server(b(' done\r\n'));
    expect(writes[1]).toBe('S: a1 OK done\n');
    rec.server(b('* partial'));
    expect(writes).toHaveLength(2);
  });

  it('numbers a redacted line right when it shares its write with others', () => {
    const sink = memorySink();
    const rec = new TranscriptRecorder(sink, {}, { protocol: 'imap', keepSecrets: false });
    rec.server(b('* OK hi\r\n'));
    rec.client(b('a1 NOOP\r\na2 LOGIN alice s3cret\r\na3 NOOP\r\n'));
    rec.close();
    const lines = sink.text().split('\n');
    const n = Number(/LOGIN password \(line (\d+)\)/.exec(sink.text())![1]);
    expect(lines[n - 1]).toBe('C: a2 LOGIN alice ***redacted***');
  });

  it('records narration and events in place', () => {
    const sink = memorySink();
    const rec = new TranscriptRecorder(sink, {}, { protocol: 'imap', keepSecrets: false });
    rec.server(b('* OK hi\r\n'));
    rec.narration('Now we upgrade.');
    rec.event('starttls');
    rec.event('close', 'client');
    rec.close();
    expect(sink.text()).toContain('S: * OK hi\n\n# Now we upgrade.\n= starttls\n= close client\n');
  });
});

describe('openFileSink', () => {
  it('writes synchronously: the file has the line before close', () => {
    const path = join(tempDir('mailscope-rec-'), 't.txt');
    const sink = openFileSink(path);
    const rec = new TranscriptRecorder(sink, {}, { protocol: 'pop3', keepSecrets: false });
    rec.server(b('+OK ready\r\n'));
    expect(readFileSync(path, 'utf8')).toContain('S: +OK ready\n');
    rec.close();
    sink.close();
  });
});

describe('TranscriptRecorder timing', () => {
  it('writes = +Nms before a line that came after a pause, from the injected clock', () => {
    let now = 1000;
    let out = '';
    const rec = new TranscriptRecorder({ write: (s) => { out += s; } }, {}, { protocol: 'imap', keepSecrets: false, timing: { now: () => now, minMs: 50 } });
    rec.server(b('* OK hi\r\n'));
    now += 20;
    rec.client(b('a1 NOOP\r\n'));
    now += 120;
    rec.server(b('a1 OK\r\n'));
    rec.close();
    expect(out).toContain('S: * OK hi\n\nC: a1 NOOP\n= +120ms\nS: a1 OK\n');
    const t = parseTranscript(out);
    expect(t.entries).toContainEqual({ kind: 'event', name: 'time', value: '+120ms' });
  });
});


describe('a recording whose file cannot be written any more', () => {
  it('openFileSink reports the first failed write once, in words, and drops the rest', () => {
    const reported: string[] = [];
    const sink = openFileSink('/dev/full', (m) => reported.push(m));
    sink.write('S: * OK hi\n');
    sink.write('S: * OK again\n');
    sink.close();
    expect(reported).toEqual(['cannot write transcript /dev/full: no space left on the device; recording stopped, the session goes on']);
  });

  it('--record: one line says so, the session goes on, and the script ends with 2', async () => {
    const run = runCli(['demo', '--record', '/dev/full', '-c', 'noop', '-c', 'capability']);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('✗ cannot write transcript /dev/full: no space left on the device; recording stopped, the session goes on');
    expect(run.stdout()).toMatch(/a001 OK NOOP[^]*a002 OK CAPABILITY/);
    expect(run.stderr()).not.toMatch(/ENOSPC|at .*\.js/);
  });

  it(':record: the error is printed, the REPL has no recording left, the session goes on', async () => {
    const run = runCli(['demo', '-c', ':record /dev/full', '-c', 'noop', '-c', ':record stop']);
    expect(await run.code).toBe(0);
    expect(run.stderr()).toContain('cannot write transcript /dev/full: no space left on the device; recording stopped, the session goes on');
    expect(run.stdout()).toMatch(/a001 OK NOOP/);
    expect(run.stdout()).toContain('not recording');
  });
});
