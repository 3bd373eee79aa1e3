import { describe, expect, it } from 'vitest';
import { Pop3ResponseReader } from '../../src/protocol/pop3/response-reader.js';
import type { Pop3Event } from '../../src/protocol/pop3/types.js';
import { TUTORIAL_POP3 } from '../fixtures/protocol/tutorial.js';
import { crlf, feedings, normalize, run, runUntil } from './feed.js';

type Opts = ConstructorParameters<typeof Pop3ResponseReader>[0];

/** Feeds `wire` every way after announcing `expectations`; all feedings must agree. */
function read(wire: Buffer, expectations: (boolean | 'greeting')[], opts?: Opts, everyOffset = true): Pop3Event[] {
  const make = () => {
    const r = new Pop3ResponseReader(opts);
    for (const e of expectations) (e === 'greeting' ? r.expectGreeting() : r.expect(e));
    return r;
  };
  const whole = run(make(), [wire]);
  const expected = normalize(whole, 'body-chunk');
  for (const f of feedings(wire, { everyOffset })) {
    expect(normalize(run(make(), f.chunks), 'body-chunk'), f.name).toEqual(expected);
  }
  return whole;
}

const text = (lines: Uint8Array[] | undefined) => lines?.map((l) => Buffer.from(l).toString('latin1'));

describe('Pop3ResponseReader: the tutorial session', () => {
  it('greeting, USER, PASS, STAT, LIST, QUIT', () => {
    const t = TUTORIAL_POP3;
    const wire = crlf([t.greeting, t.user, t.pass, t.stat, ...t.list, t.quit]);
    const events = read(wire, ['greeting', false, false, false, true, false]);
    expect(events.map((e) => (e.kind === 'response' ? [e.ok, e.text, text(e.lines)] : e.kind))).toEqual([
      [true, 'Hello there.', undefined],
      [true, 'Password required.', undefined],
      [true, 'logged in.', undefined],
      [true, '2 4994', undefined],
      [true, 'POP3 clients that break here, they violate STD53.', ['1 2103', '2 2891']],
      [true, 'Bye-bye.', undefined],
    ]);
    const list = events[4] as { raw: Uint8Array };
    expect(Buffer.from(list.raw).toString()).toBe(crlf(t.list).toString());
  });
});

describe('Pop3ResponseReader: multi-line bodies', () => {
  it('removes dot-stuffing and keeps the exact raw bytes', () => {
    const wire = crlf(['+OK 3 lines', '..hidden', '...', 'plain', '', '.']);
    const [e] = read(wire, [true]);
    expect(e).toMatchObject({ kind: 'response', ok: true, text: '3 lines' });
    expect(text((e as { lines: Uint8Array[] }).lines)).toEqual(['.hidden', '..', 'plain', '']);
    expect(Buffer.from((e as { raw: Uint8Array }).raw).equals(wire)).toBe(true);
  });
  it('an empty body', () => {
    const [e] = read(crlf(['+OK', '.']), [true]);
    expect(e).toMatchObject({ kind: 'response', ok: true, text: '', lines: [] });
  });
  it('-ERR to RETR has no body: the next line is the next response', () => {
    const events = read(crlf(['-ERR [SYS/TEMP] no such message', '+OK 1 2']), [true, false]);
    expect(events).toMatchObject([
      { kind: 'response', ok: false, code: 'SYS/TEMP', text: 'no such message' },
      { kind: 'response', ok: true, text: '1 2' },
    ]);
    expect((events[0] as { lines?: unknown }).lines).toBeUndefined();
  });
  it('RFC 2449 codes: [IN-USE], [AUTH]', () => {
    const events = read(crlf(['-ERR [IN-USE] Do you have another POP session running?', '-ERR [AUTH] bad password']), [false, false]);
    expect(events.map((e) => (e as { code?: string }).code)).toEqual(['IN-USE', 'AUTH']);
  });
  it('streams a body past maxBufferedBody as unstuffed chunks, then the response', () => {
    const body = ['first', '..second', 'third line', '.fourth'.replace('.', '..'), 'end'];
    const wire = crlf(['+OK', ...body, '.', '+OK next']);
    const events = read(wire, [true, false], { maxBufferedBody: 8 });
    const merged = normalize(events, 'body-chunk') as { kind: string; data?: string; lines?: string[]; truncated?: boolean }[];
    expect(merged.map((e) => e.kind)).toEqual(['body-chunk', 'response', 'response']);
    expect(merged[0].data).toBe('bytes:.second\r\nthird line\r\n.fourth\r\nend\r\n');
    expect(merged[1]).toMatchObject({ truncated: true, lines: ['bytes:first'] });
  });
  it('a bare LF body (lenient)', () => {
    const [e] = read(Buffer.from('+OK\nabc\n..d\n.\n'), [true]);
    expect(text((e as { lines: Uint8Array[] }).lines)).toEqual(['abc', '.d']);
  });
});

describe('Pop3ResponseReader: SASL and errors', () => {
  it('AUTH continuations do not consume the expectation', () => {
    const events = read(crlf(['+ ', '+ dGVzdA==', '+OK authenticated']), [false]);
    expect(events).toMatchObject([
      { kind: 'continuation', text: '' },
      { kind: 'continuation', text: 'dGVzdA==' },
      { kind: 'response', ok: true, text: 'authenticated' },
    ]);
  });
  it('a line that is not a response is malformed; the next one parses', () => {
    const events = read(crlf(['hello?', '+OK fine']), [false]);
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'response']);
  });
  it('"+ERR" is malformed', () => {
    expect(read(crlf(['+ERR no']), [false])[0].kind).toBe('malformed');
  });
});

describe('Pop3ResponseReader: large RETR in bounded memory', () => {
  it('20 MB dot-stuffed body arrives exactly, unstuffed', () => {
    const r = new Pop3ResponseReader();
    r.expect(true);
    const lineA = Buffer.from('..a stuffed line\r\n');
    const lineB = Buffer.from('plain text line here\r\n');
    const period = Buffer.concat(Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? lineA : lineB)));
    const expected = Buffer.concat(Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? lineA.subarray(1) : lineB)));
    let got = 0;
    let mismatch = false;
    let cursor = 0;
    const check = (evs: ReturnType<Pop3ResponseReader['push']>) => {
      for (const e of evs) {
        if (e.kind !== 'body-chunk' && e.kind !== 'response') throw new Error(e.kind);
        if (e.kind === 'response') {
          for (const l of e.lines ?? []) {
            const want = expected.subarray(cursor % expected.length, (cursor % expected.length) + l.length);
            if (!want.equals(Buffer.from(l))) mismatch = true;
            cursor += l.length + 2;
          }
          continue;
        }
        got += e.data.length;
      }
    };
    check(r.push(Buffer.from('+OK\r\n')));
    const repeats = Math.ceil(20e6 / period.length);
    // cut at an odd size so "\r\n." falls across chunk edges
    const stream = Buffer.concat([period, period, period]);
    for (let i = 0; i < repeats; i += 3) {
      for (let p = 0; p < stream.length; p += 9973) check(r.push(Buffer.from(stream.subarray(p, p + 9973))));
    }
    const evs = r.push(Buffer.from('.\r\n'));
    const resp = evs.find((e) => e.kind === 'response');
    check(evs.filter((e) => e.kind === 'body-chunk'));
    expect(resp).toMatchObject({ kind: 'response', ok: true, truncated: true });
    const buffered = (resp as { lines: Uint8Array[] }).lines.reduce((n, l) => n + l.length + 2, 0);
    const total = Math.ceil(repeats / 3) * 3 * expected.length;
    expect(got + buffered).toBe(total);
    expect(mismatch).toBe(false);
  });
});

describe('Pop3ResponseReader: budget edge', () => {
  it('a body that fits exactly is not truncated by its terminator', () => {
    const [e] = read(crlf(['+OK', 'abcd', '.']), [true], { maxBufferedBody: 6 });
    expect(e).toMatchObject({ kind: 'response', ok: true });
    expect((e as { truncated?: boolean }).truncated).toBeUndefined();
  });
});

describe('Pop3ResponseReader: stopping where TLS starts', () => {
  // CAPA (multi-line) then STLS pipelined: the STLS +OK is the second answer; TLS follows it.
  const before = crlf(['+OK ready', '+OK capabilities', 'STLS', '.']);
  const ok = crlf(['+OK Begin TLS']);
  const after = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00]);
  const wire = Buffer.concat([before, ok, after]);
  const make = () => {
    const r = new Pop3ResponseReader();
    r.expectGreeting();
    r.expect(true);
    r.expect(false);
    return r;
  };

  it.each(feedings(wire).map((f) => [f.name, f.chunks] as const))('%s: three answers, then the TLS bytes unread', (_name, chunks) => {
    const { events, unread } = runUntil(make(), chunks, (r) => r.text === 'Begin TLS');
    expect(events.filter((e) => e.kind === 'response').map((e) => (e as { text: string }).text)).toEqual(['ready', 'capabilities', 'Begin TLS']);
    expect(unread.equals(after)).toBe(true);
  });

  it('a multi-line answer is offered to the stop as a whole', () => {
    const seen: string[] = [];
    make().push(wire, (r) => (seen.push(`${r.text}:${r.lines?.length ?? '-'}`), false));
    expect(seen).toEqual(['ready:-', 'capabilities:1', 'Begin TLS:-']);
  });
});
