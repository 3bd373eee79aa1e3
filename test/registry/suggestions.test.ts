// "did you mean": a suggestion only when it is plausibly what was meant (distance.ts): never
// for a one-letter word, which any one-letter or two-letter name is a single edit from.
import { describe, expect, it } from 'vitest';
import { maxSuggestionDistance, nearestNames } from '../../src/registry/distance.js';
import { explainTerm } from '../../src/registry/explain.js';
import { unknownCommandText } from '../../src/registry/unknown-command.js';

describe('explainTerm suggestions', () => {
  it.each(['k', 'x', 'K', '7'])('suggests nothing for the one-letter word %s', (word) => {
    expect(explainTerm(word).suggestions).toEqual([]);
  });

  it.each([
    ['fetc', 'FETCH'],
    ['CAPABILTY', 'CAPABILITY'],
    ['selct', 'SELECT'],
    ['BY', 'BYE'],
  ])('suggests a near miss: %s -> %s', (word, meant) => {
    expect(explainTerm(word).suggestions[0]).toBe(meant);
  });

  it('knows +OK, so suggests nothing for it', () => {
    const result = explainTerm('+OK');
    expect(result.known).toBe(true);
    expect(result.lines[0]!.kind).toBe('pop3-status');
    expect(result.suggestions).toEqual([]);
  });
});

describe('nearestNames and maxSuggestionDistance', () => {
  it('allows no edit for one letter, one up to four letters, two from five', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => maxSuggestionDistance('a'.repeat(n)))).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('finds no name for a one-letter word, even a one-letter or two-letter name', () => {
    expect(nearestNames('k', ['+', 'OK', 'NO', 'K2'])).toEqual([]);
  });

  it('says no "did you mean" for an unknown one-letter command', () => {
    expect(unknownCommandText('i', 'imap')).toBe('I is not an IMAP command.');
    expect(unknownCommandText('fetc', 'imap')).toBe('FETC is not an IMAP command; did you mean FETCH?');
  });
});
