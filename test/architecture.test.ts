// ARCHITECTURE.md's layers, checked: every relative import in src/ goes to a layer the table
// lets it import, and the pure layers use no Node module but node:crypto (SASL's hashes). A
// change that makes the terminal import the CLI, or the reader touch a socket, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Each layer (a folder or file under src/, longest prefix wins) and what it may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'protocol/': ['protocol/', 'errors.ts'],
  'mime/': ['protocol/', 'errors.ts'],
  // The registry knows the response model and quote balance, nothing of the wire code.
  'registry/': ['protocol/imap/types.ts', 'protocol/imap/command-line.ts', 'protocol/name.ts', 'errors.ts'],
  'session/': ['protocol/', 'registry/', 'mime/', 'errors.ts'],
  'net/': ['protocol/name.ts', 'errors.ts'],
  'client/': ['protocol/', 'session/', 'net/', 'registry/', 'errors.ts'],
  'terminal/': ['protocol/', 'mime/', 'registry/', 'session/', 'net/', 'client/', 'errors.ts', 'version.ts'],
  'transcript/': ['protocol/', 'mime/', 'registry/', 'session/', 'net/', 'client/', 'terminal/', 'errors.ts', 'version.ts'],
  'demo/': ['protocol/', 'mime/', 'registry/', 'net/listen.ts', 'net/compress.ts', 'errors.ts'],
  'cli/': [''],
  'errors.ts': [],
  'version.ts': [],
};

/** Layers that stay pure: bytes in, values out; no sockets, files, terminal or clock modules. */
const PURE = ['protocol/', 'mime/', 'registry/', 'session/'];
const PURE_NODE_MODULES = ['node:crypto'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function layerOf(path: string): string {
  const layer = Object.keys(MAY_IMPORT).filter((l) => path.startsWith(l)).sort((a, b) => b.length - a.length)[0];
  if (layer === undefined) throw new Error(`${path} is in no layer of ARCHITECTURE.md`);
  return layer;
}

const IMPORT = /(?:from|import\()\s*'([^']+)'/g;

const files = sourceFiles(SRC).map((full) => ({ path: relative(SRC, full), text: readFileSync(full, 'utf8') }));

describe('the layers of ARCHITECTURE.md', () => {
  it('every relative import goes to a layer its own may import', () => {
    expect(files.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const { path, text } of files) {
      const layer = layerOf(path);
      for (const [, spec] of text.matchAll(IMPORT)) {
        if (!spec.startsWith('.')) continue;
        const target = normalize(join(dirname(path), spec)).replace(/\.js$/, '.ts');
        const allowed = target.startsWith(layer) || MAY_IMPORT[layer].some((prefix) => target.startsWith(prefix));
        if (!allowed) wrong.push(`${path} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the pure layers use no Node module but node:crypto', () => {
    const wrong: string[] = [];
    for (const { path, text } of files) {
      if (!PURE.some((layer) => path.startsWith(layer))) continue;
      for (const [, spec] of text.matchAll(IMPORT)) {
        if (spec.startsWith('node:') && !PURE_NODE_MODULES.includes(spec)) wrong.push(`${path} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('would see a wrong import (the check itself)', () => {
    const layer = layerOf('terminal/features/transport.ts');
    expect(MAY_IMPORT[layer].some((prefix) => 'cli/record.ts'.startsWith(prefix))).toBe(false);
    expect(layerOf('protocol/imap/tokenizer.ts')).toBe('protocol/');
  });
});
