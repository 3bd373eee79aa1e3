// POP3 display: status words and codes coloured, scan listings and CAPA lines by shape,
// multi-line bodies whole and ended by the terminating dot. Lines from the tutorial.
import { describe, expect, it } from 'vitest';
import type { Pop3Event } from '../../src/protocol/pop3/types.js';
import { renderPop3Event } from '../../src/terminal/render-pop3.js';
import { createTheme, plainTheme } from '../../src/terminal/theme.js';

const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const response = (ok: boolean, text: string, lines?: string[], extra: Partial<Pop3Event> = {}): Pop3Event =>
  ({ kind: 'response', ok, text, lines: lines?.map(b), raw: b(''), ...extra }) as Pop3Event;
const colour = createTheme({ color: true, level: 1 });

describe('renderPop3Event', () => {
  it('shows the tutorial greeting and QUIT', () => {
    expect(renderPop3Event(response(true, 'Hello there.'), plainTheme)).toBe('+OK Hello there.');
    expect(renderPop3Event(response(true, 'Bye-bye.'), colour)).toBe(`${colour.pop3Ok('+OK')} Bye-bye.`);
  });

  it('colours the numbers of a STAT answer', () => {
    expect(renderPop3Event(response(true, '2 4994'), colour, { command: 'STAT' })).toBe(
      `${colour.pop3Ok('+OK')} ${colour.number('2')} ${colour.number('4994')}`,
    );
  });

  it('shows a multi-line LIST whole, numbers coloured, ended by the dot', () => {
    const ev = response(true, 'POP3 clients that break here, they violate STD53.', ['1 2103', '2 2891']);
    expect(renderPop3Event(ev, plainTheme, { command: 'LIST' })).toBe(
      '+OK POP3 clients that break here, they violate STD53.\n1 2103\n2 2891\n.',
    );
    const shown = renderPop3Event(ev, colour, { command: 'list' }).split('\n');
    expect(shown[0]).toBe(`${colour.pop3Ok('+OK')} POP3 clients that break here, they violate STD53.`);
    expect(shown[1]).toBe(`${colour.number('1')} ${colour.number('2103')}`);
  });

  it('colours a single-line LIST n answer as a scan listing', () => {
    expect(renderPop3Event(response(true, '1 2103'), colour, { command: 'LIST 1' })).toBe(
      `${colour.pop3Ok('+OK')} ${colour.number('1')} ${colour.number('2103')}`,
    );
  });

  it('colours CAPA lines by capability name', () => {
    const ev = response(true, 'Capability list follows', ['USER', 'SASL PLAIN LOGIN', 'UIDL']);
    const shown = renderPop3Event(ev, colour, { command: 'CAPA' }).split('\n');
    expect(shown[1]).toBe(colour.capability('USER'));
    expect(shown[2]).toBe(`${colour.capability('SASL')} PLAIN LOGIN`);
  });

  it('shows a RETR body whole, as the reader dot-unstuffed it', () => {
    const body = ['Subject: Linux Terminal', '', ...Array.from({ length: 30 }, (_, i) => `line ${i}`), '.hidden dot'];
    const shown = renderPop3Event(response(true, '2103 octets', body), plainTheme, { command: 'RETR' });
    expect(shown).toBe(['+OK 2103 octets', ...body, '.'].join('\n'));
  });

  it('says when the body went on past the buffer', () => {
    const shown = renderPop3Event(response(true, '', ['a'], { truncated: true }), plainTheme, { command: 'RETR' });
    expect(shown).toBe('+OK\na\n… the rest of the body was streamed past the buffer and is not shown');
  });

  it('colours -ERR and the RFC 2449 response code', () => {
    const ev = response(false, 'mailbox locked', undefined, { code: 'IN-USE' });
    expect(renderPop3Event(ev, plainTheme)).toBe('-ERR [IN-USE] mailbox locked');
    expect(renderPop3Event(ev, colour)).toBe(`${colour.pop3Err('-ERR')} ${colour.code('[IN-USE]')} mailbox locked`);
  });

  it('shows continuations, and nothing for streamed body chunks', () => {
    expect(renderPop3Event({ kind: 'continuation', text: '', raw: b('+ \r\n') }, plainTheme)).toBe('+');
    expect(renderPop3Event({ kind: 'body-chunk', data: b('x') }, plainTheme)).toBe('');
  });

  it('shows a malformed line with its reason', () => {
    const ev: Pop3Event = { kind: 'malformed', raw: b('OK\x01\r\n'), reason: 'status must be +OK or -ERR' };
    expect(renderPop3Event(ev, plainTheme)).toBe('OK\\x01\n^ malformed: status must be +OK or -ERR');
  });
});
