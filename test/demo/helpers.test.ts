// The checking proxy's own checks must be able to fail; the per-test sessions' extras work.

import { describe, expect, it } from 'vitest';
import { RawImap, checkedDemo, rawSession, tagged, unknownNames } from './helpers.js';

describe('test harness', () => {
  it('flags response codes and untagged names the registry does not know', () => {
    expect(unknownNames({ kind: 'status', tag: 'a', status: 'NO', code: { name: 'NOSUCHCODE', args: [], argText: '' }, text: 'x' })).toHaveLength(1);
    expect(unknownNames({ kind: 'data', name: 'NOSUCHDATA', values: [] })).toHaveLength(1);
    expect(unknownNames({ kind: 'status', tag: 'a', status: 'NO', code: { name: 'SERVERBUG', args: [], argText: '' }, text: 'x' })).toEqual([]);
    expect(unknownNames({ kind: 'data', name: 'FETCH', number: 1, values: [] })).toEqual([]);
  });
});

describe('rawSession\'s extra clients', () => {
  const session = rawSession();

  it('other() is logged in like the session\'s client; greeted() is not', async () => {
    const other = await session.other();
    const greeted = await session.greeted();
    expect(tagged(await other.command('n NAMESPACE')).status).toBe('OK');
    expect(tagged(await greeted.command('n NAMESPACE')).status).not.toBe('OK');
  });
});

describe('checkedDemo', () => {
  const harness = checkedDemo();

  it('restart() puts a server with the new options in place of the current one', async () => {
    const first = harness.demo;
    const second = await harness.restart({ idleTimeoutMs: 200 });
    expect(harness.demo).toBe(second);
    expect(second).not.toBe(first);
    const c = await RawImap.open(second.imapPort);
    expect((await c.until((r) => r.response.kind === 'status' && r.response.status === 'BYE', 3000)).at(-1)!.text).toMatch(/^\* BYE /);
  });
});
