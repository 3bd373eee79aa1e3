// Invariants of the registry tables: unique names, an explanation and a reference for every
// entry, `requires` naming known capabilities, secrets only where the redaction tests expect.
import { describe, expect, it } from 'vitest';
import {
  ACL_RIGHTS, CAPABILITIES, COMMAND_MODIFIERS, FETCH_ITEMS, SORT_CRITERIA, FLAGS_AND_ATTRIBUTES, IMAP4REV2_INCLUDES, IMAP_COMMANDS,
  POP3_CAPABILITIES, POP3_COMMANDS, POP3_RESPONSE_CODES, POP3_STATUS_INDICATORS, RESPONSE_CODES,
  SASL_MECHANISMS, SEARCH_KEYS, SEARCH_RETURN, STATUS_ITEMS, STORE_ACTIONS, UNTAGGED_RESPONSES, capability,
  fetchItem, pop3Capability, secretArgIndexes,
} from '../../src/registry/index.js';

interface Described { explanation: string; rfc: string }

const TABLES: Record<string, ReadonlyArray<Described & { name?: string; letter?: string; kind?: string }>> = {
  IMAP_COMMANDS, CAPABILITIES, RESPONSE_CODES, UNTAGGED_RESPONSES, FETCH_ITEMS, SEARCH_KEYS,
  STATUS_ITEMS, STORE_ACTIONS, FLAGS_AND_ATTRIBUTES, ACL_RIGHTS, POP3_COMMANDS, POP3_CAPABILITIES,
  POP3_RESPONSE_CODES, POP3_STATUS_INDICATORS, SASL_MECHANISMS, COMMAND_MODIFIERS, SEARCH_RETURN,
  SORT_CRITERIA,
};

const key = (e: { name?: string; letter?: string; kind?: string }) =>
  // \Flagged is both a system flag and a special-use attribute: unique per (name, kind).
  `${e.name ?? e.letter}${e.kind ? `/${e.kind}` : ''}`;

describe('registry invariants', () => {
  it('response codes: RFC 9051 lists them all in section 7.1 (7.1.1 to 7.1.5 are the OK, NO, BAD, PREAUTH and BYE responses)', () => {
    const cited = [...RESPONSE_CODES, ...FLAGS_AND_ATTRIBUTES.filter((f) => f.kind === 'permanentflags-marker')]
      .map((e) => [e.name, /RFC 9051 ([\d.]+)/.exec(e.rfc)?.[1]] as const)
      .filter(([, section]) => section !== undefined);
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter(([, section]) => section !== '7.1')).toEqual([]);
  });

  for (const [table, entries] of Object.entries(TABLES)) {
    it(`${table}: names are unique`, () => {
      const seen = entries.map(key);
      expect(seen.filter((n, i) => seen.indexOf(n) !== i)).toEqual([]);
    });

    it(`${table}: every entry has a short explanation and a reference`, () => {
      for (const e of entries) {
        expect(e.explanation.trim().length, key(e)).toBeGreaterThan(10);
        // 1-3 sentences for a learner (a sentence ends in ". " or at the end).
        expect(e.explanation.split(/[.!?]\s+(?=[A-Z`\\$])/).length, key(e)).toBeLessThanOrEqual(3);
        expect(e.rfc, key(e)).toMatch(/^(RFC \d+|draft-|vendor: |IANA keyword|unregistered)/);
      }
    });
  }

  it('every `requires` names a known capability (exact entry or family)', () => {
    const requiring = [...IMAP_COMMANDS, ...FETCH_ITEMS, ...SEARCH_KEYS, ...STATUS_ITEMS, ...COMMAND_MODIFIERS, ...SEARCH_RETURN, ...SORT_CRITERIA];
    for (const e of requiring) {
      for (const name of e.requires ?? []) {
        const found = capability(name);
        expect(found?.familyOnly === false ? found.entry.name.toUpperCase() : undefined, `${e.name} requires ${name}`).toBe(name.toUpperCase());
      }
    }
  });

  it('every POP3 `requires` names a known CAPA tag', () => {
    for (const c of POP3_COMMANDS) {
      for (const tag of c.requires ?? []) expect(pop3Capability(tag), `${c.name} requires ${tag}`).toBeDefined();
    }
  });

  it('what IMAP4rev2 includes are known capabilities', () => {
    for (const name of IMAP4REV2_INCLUDES) expect(capability(name)?.familyOnly, name).toBe(false);
  });

  it('fetch macros expand to known, non-macro items', () => {
    for (const macro of FETCH_ITEMS.filter((f) => f.expands)) {
      for (const item of macro.expands!) expect(fetchItem(item)?.expands, `${macro.name} -> ${item}`).toBeUndefined();
      for (const item of macro.expands!) expect(fetchItem(item), item).toBeDefined();
    }
  });

  it('obsolete ACL letters say what replaced them', () => {
    for (const letter of ['c', 'd']) {
      expect(ACL_RIGHTS.find((r) => r.letter === letter)?.obsolete).toMatch(/replaced by/);
    }
  });

  // Every command with a secret argument, and the index the redaction code must hide. A new
  // secret in the tables without a line here fails the next test.
  const SECRETS: Array<[protocol: 'imap' | 'pop3', name: string, indexes: number[]]> = [
    ['imap', 'LOGIN', [1]],
    ['imap', 'AUTHENTICATE', [1]],
    ['pop3', 'PASS', [0]],
    ['pop3', 'APOP', [1]],
    ['pop3', 'AUTH', [1]],
  ];

  it.each(SECRETS)('%s %s hides argument indexes %j', (protocol, name, indexes) => {
    expect(secretArgIndexes(protocol, name)).toEqual(indexes);
    expect(secretArgIndexes(protocol, name.toLowerCase())).toEqual(indexes);
  });

  it('no other command has a secret argument', () => {
    const withSecrets = [
      ...IMAP_COMMANDS.filter((c) => c.args.some((a) => a.secret)).map((c) => `imap ${c.name}`),
      ...POP3_COMMANDS.filter((c) => c.args.some((a) => a.secret)).map((c) => `pop3 ${c.name}`),
    ];
    expect(withSecrets.sort()).toEqual(SECRETS.map(([p, n]) => `${p} ${n}`).sort());
  });

  it('commands without secrets report no indexes', () => {
    expect(secretArgIndexes('imap', 'SELECT')).toEqual([]);
    expect(secretArgIndexes('pop3', 'USER')).toEqual([]);
    expect(secretArgIndexes('imap', 'NOSUCH')).toEqual([]);
  });
});
