// The tutorial's server responses, read by the real IMAP reader and rendered with the plain
// theme, against reviewed golden files (test/fixtures/render/*.golden).
import { describe, expect, it } from 'vitest';
import { renderImapEvent } from '../../src/terminal/render-imap.js';
import { plainTheme } from '../../src/terminal/theme.js';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { fixture, readImap, wire } from './support.js';

const CASES = [
  ['greeting', 'greeting with CAPABILITY code, wrapped at width 100'],
  ['list', 'LIST lines and tagged OK'],
  ['select', 'SELECT block: FLAGS, PERMANENTFLAGS, EXISTS, RECENT, UIDVALIDITY, MYRIGHTS'],
  ['fetch-all', 'FETCH ALL with ENVELOPE, one item and one field per line'],
  ['body', 'BODY[] literal: first 20 lines, then the "more lines" note'],
  ['header-fields', 'BODY[HEADER.FIELDS ...] literal shown whole'],
  ['copyuid-no', 'COPYUID code, NO, continuation, BYE'],
  ['mutf7', 'modified UTF-7 mailbox names with the decoded name beside'],
  ['encoded-words', 'ENVELOPE subject and display names with RFC 2047 decoding beside'],
  ['bodystructure', 'BODYSTRUCTURE filled and wrapped'],
] as const;

describe('golden renderings of the tutorial responses', () => {
  for (const [name, what] of CASES) {
    it(`${name}: ${what}`, () => {
      const events = readImap(fixture(`${name}.imap`));
      expect(events.every((ev) => ev.kind === 'response')).toBe(true);
      const shown = events.map((ev) => renderImapEvent(ev, plainTheme, {})).join('\n') + '\n';
      expect(shown).toBe(fixture(`${name}.golden`));
    });
  }

  it('renders the same when the reader got the bytes one at a time', () => {
    for (const [name] of CASES) {
      const reader = new ImapResponseReader();
      const bytes = wire(fixture(`${name}.imap`));
      const events = [...bytes].flatMap((byte) => reader.push(Uint8Array.of(byte)));
      const shown = events.map((ev) => renderImapEvent(ev, plainTheme, {})).join('\n') + '\n';
      expect(shown).toBe(fixture(`${name}.golden`));
    }
  });

  it('keeps every line of the short goldens within the width', () => {
    for (const name of ['greeting', 'fetch-all', 'bodystructure']) {
      for (const line of fixture(`${name}.golden`).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});
