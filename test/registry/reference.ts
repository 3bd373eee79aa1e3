// Reads the reference checklists copied into test/fixtures/reference (from the project's
// shared reference folder, which tests must not read).
import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/reference/', import.meta.url);

/** Rows of a TSV checklist as objects keyed by the header line. */
export function readReference(file: string): Array<Record<string, string>> {
  const [header, ...rows] = readFileSync(new URL(file, DIR), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const names = header!.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((cell, i) => [names[i]!, cell.trim()])));
}

/** Rows not marked `vendor:` come from the IANA registries and RFCs. */
export function isVendorRow(row: Record<string, string>): boolean {
  return Object.values(row).some((cell) => cell.includes('vendor:'));
}
