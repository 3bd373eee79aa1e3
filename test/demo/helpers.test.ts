// The checking proxy's own checks must be able to fail.

import { describe, expect, it } from 'vitest';
import { unknownNames } from './helpers.js';

describe('test harness', () => {
  it('flags response codes and untagged names the registry does not know', () => {
    expect(unknownNames({ kind: 'status', tag: 'a', status: 'NO', code: { name: 'NOSUCHCODE', args: [], argText: '' }, text: 'x' })).toHaveLength(1);
    expect(unknownNames({ kind: 'data', name: 'NOSUCHDATA', values: [] })).toHaveLength(1);
    expect(unknownNames({ kind: 'status', tag: 'a', status: 'NO', code: { name: 'SERVERBUG', args: [], argText: '' }, text: 'x' })).toEqual([]);
    expect(unknownNames({ kind: 'data', name: 'FETCH', number: 1, values: [] })).toEqual([]);
  });
});
