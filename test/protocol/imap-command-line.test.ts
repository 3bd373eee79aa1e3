import { describe, expect, it } from 'vitest';
import { checkBalance, splitCommandLine, trailingLiteral } from '../../src/protocol/imap/command-line.js';

const COMMANDS = new Set(['LOGIN', 'LIST', 'FETCH', 'SELECT', 'UID', 'NOOP', 'IDLE', 'DONE']);
const isCommand = (w: string) => COMMANDS.has(w.toUpperCase());

describe('splitCommandLine', () => {
  it.each([
    ['. login test77@example.com qwe123#$', { tag: '.', name: 'login', args: 'test77@example.com qwe123#$' }],
    ['a list "" "*"', { tag: 'a', name: 'list', args: '"" "*"' }],
    ['list "" "*"', { name: 'list', args: '"" "*"' }],
    ['  NOOP', { name: 'NOOP', args: '' }],
    ['a1 uid fetch 1:* (FLAGS)', { tag: 'a1', name: 'uid', args: 'fetch 1:* (FLAGS)' }],
    ['', { name: '', args: '' }],
    ['   ', { name: '', args: '' }],
    // A word alone is a command, known or not: as a tag it would get an untagged BAD and never complete.
    ['x', { name: 'x', args: '' }],
    ['help', { name: 'help', args: '' }],
  ])('%j', (line, expected) => expect(splitCommandLine(line, isCommand)).toEqual(expected));
});

describe('trailingLiteral', () => {
  it.each([
    ['a LOGIN {5}', { size: 5, nonSync: false, binary: false }],
    ['a APPEND INBOX {310+}', { size: 310, nonSync: true, binary: false }],
    ['a APPEND INBOX ~{12}', { size: 12, nonSync: false, binary: true }],
    ['a LOGIN "{5}"', undefined],
    ['a NOOP', undefined],
    ['a X {99999999999999999999}', undefined],
  ])('%j', (line, expected) => expect(trailingLiteral(line)).toEqual(expected));
});

describe('checkBalance', () => {
  it.each([
    ['a FETCH 1 (BODY[HEADER.FIELDS (FROM)])', { ok: true }],
    ['a LOGIN "a\\"b" c', { ok: true }],
    ['a LOGIN "fred', { ok: false, offset: 8, reason: 'quoted string is not closed' }],
    ['a FETCH 1 (FLAGS', { ok: false, offset: 10, reason: '"(" is not closed' }],
    ['a FETCH 1 FLAGS)', { ok: false, offset: 15, reason: '")" has no matching "("' }],
    ['a FETCH 1 (BODY[)]', { ok: false, offset: 16, reason: '")" closes "[" opened at 15' }],
    ['a SELECT "(x"', { ok: true }],
  ])('%j', (line, expected) => expect(checkBalance(line)).toEqual(expected));
});
