// The registry against the reference checklists: every IANA/RFC row must be known (100%),
// vendor rows are reported. Coverage per list is printed for the report.
import { describe, expect, it } from 'vitest';
import {
  ACL_RIGHTS, CAPABILITIES, IMAP_COMMANDS, POP3_CAPABILITIES, POP3_COMMANDS, POP3_RESPONSE_CODES,
  RESPONSE_CODES, flagsAndAttributes,
} from '../../src/registry/index.js';
import type { FlagKind } from '../../src/registry/types.js';
import { isVendorRow, readReference } from './reference.js';

function names(entries: readonly { name: string }[]): Set<string> {
  return new Set(entries.map((e) => e.name.toUpperCase()));
}

/** Checks every row, prints coverage, returns the missing IANA/RFC rows. */
function cover(list: string, rows: Array<Record<string, string>>, known: (row: Record<string, string>) => boolean): string[] {
  const iana = rows.filter((r) => !isVendorRow(r));
  const vendor = rows.filter(isVendorRow);
  const missing = iana.filter((r) => !known(r)).map((r) => Object.values(r).join(' '));
  const vendorKnown = vendor.filter(known).length;
  console.log(
    `coverage ${list}: IANA/RFC ${iana.length - missing.length}/${iana.length}` +
      (vendor.length ? `, vendor ${vendorKnown}/${vendor.length}` : ''),
  );
  return missing;
}

/** The reference's states column in the registry's vocabulary. */
function expectedStates(column: string): string[] | 'any' | 'idle' {
  if (column.startsWith('any')) return 'any';
  if (column === 'during IDLE') return 'idle';
  return column.replace(/\(.*\)/, '').split(',').map((s) => s.trim());
}

describe('reference coverage', () => {
  it('knows every IMAP command, in the states the reference gives', () => {
    const rows = readReference('imap-commands.tsv');
    const table = new Map(IMAP_COMMANDS.map((c) => [c.name, c]));
    expect(cover('imap-commands.tsv', rows, (r) => table.has(r.name!))).toEqual([]);
    for (const row of rows) {
      const entry = table.get(row.name!)!;
      const states = expectedStates(row.states!);
      if (states === 'idle') expect(entry.duringIdle, row.name).toBe(true);
      else expect(entry.states, row.name).toEqual(states);
    }
  });

  it('knows every IMAP capability', () => {
    const known = names(CAPABILITIES);
    expect(cover('imap-capabilities.tsv', readReference('imap-capabilities.tsv'), (r) => known.has(r.name!.toUpperCase()))).toEqual([]);
  });

  it('knows every IMAP response code', () => {
    const known = names(RESPONSE_CODES);
    expect(cover('imap-response-codes.tsv', readReference('imap-response-codes.tsv'), (r) => known.has(r.name!))).toEqual([]);
  });

  it('knows every flag, keyword and mailbox attribute, with the right kind', () => {
    const kinds = (source: string): FlagKind[] => {
      if (source.startsWith('system flag')) return ['system-flag'];
      if (source.startsWith('PERMANENTFLAGS')) return ['permanentflags-marker'];
      if (source.startsWith('mailbox attribute')) return ['mailbox-attribute', 'special-use'];
      return ['keyword'];
    };
    const rows = readReference('imap-flags-keywords-attributes.tsv');
    const known = (r: Record<string, string>) =>
      flagsAndAttributes(r.name!).some((f) => f.name === r.name && kinds(r.source!).includes(f.kind));
    expect(cover('imap-flags-keywords-attributes.tsv', rows, known)).toEqual([]);
  });

  it('knows every POP3 command, CAPA tag and response code', () => {
    const tables: Record<string, Set<string>> = {
      command: names(POP3_COMMANDS),
      capa: names(POP3_CAPABILITIES),
      'response-code': names(POP3_RESPONSE_CODES),
    };
    const known = (r: Record<string, string>) => tables[r.kind!]!.has(r.name!.replace(/^\[|\]$/g, ''));
    expect(cover('pop3.tsv', readReference('pop3.tsv'), known)).toEqual([]);
  });

  it('knows every ACL right letter', () => {
    const letters = new Set(ACL_RIGHTS.map((r) => r.letter));
    expect(cover('acl-rights.tsv', readReference('acl-rights.tsv'), (r) => letters.has(r.letter!))).toEqual([]);
  });
});
